"""Settings from the environment and the command line: where the graph lives, which spaCy model to use."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

DEFAULT_STORE_PATH = Path("data") / "graph.db"


def default_store_url() -> str:
    """`EXPLORER_STORE`, else the git-ignored data/graph.db under the working directory."""
    return os.environ.get("EXPLORER_STORE") or f"sqlite:///{DEFAULT_STORE_PATH.resolve()}"


# "scheme:" and the "//" that may follow it: what comes before the credentials of a URL.
_URL_HEAD = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """(the URL without user:password@, the user, the password), by string rules that cannot fail.

    A URL parser would read a password holding "/", "?" or "#" as the start of a path, query or fragment
    (and fail on the port, quoting the password): here everything up to the last "@" is the credentials.
    SQLite URLs name a file, so an "@" in them is part of the path.
    """
    if "@" not in url or url.lower().startswith("sqlite:"):
        return url, None, None
    head = match.group(0) if (match := _URL_HEAD.match(url)) else ""
    credentials, _, address = url[len(head) :].rpartition("@")
    user, _, password = credentials.partition(":")
    return head + address, unquote(user) or None, unquote(password) or None


def without_password(url: str) -> str:
    """The URL as it may be shown or logged: the user name kept, the password never."""
    address, user, _ = split_credentials(url)
    if user is None:
        return address
    head = match.group(0) if (match := _URL_HEAD.match(address)) else ""
    return f"{head}{quote(user, safe='')}@{address[len(head) :]}"


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
