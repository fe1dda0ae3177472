"""Settings from the environment and the command line: where the graph lives, which spaCy model to use."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_STORE_PATH = Path("data") / "graph.db"


def default_store_url() -> str:
    """`EXPLORER_STORE`, else the git-ignored data/graph.db under the working directory."""
    return os.environ.get("EXPLORER_STORE") or f"sqlite:///{DEFAULT_STORE_PATH.resolve()}"


def without_password(url: str) -> str:
    """The URL without any user:password part, fit to show or log."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rsplit('@', 1)[-1]}" if "@" in rest else url


@dataclass(frozen=True)
class Neo4jCredentials:
    user: str
    password: str
    database: str | None


def neo4j_credentials(
    user: str | None = None, password: str | None = None, database: str | None = None
) -> Neo4jCredentials:
    """CLI options win over NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE."""
    return Neo4jCredentials(
        user=user or os.environ.get("NEO4J_USER", "neo4j"),
        password=password or os.environ.get("NEO4J_PASSWORD", ""),
        database=database or os.environ.get("NEO4J_DATABASE") or None,
    )
