"""Talking to Neo4j: connect with credentials from the arguments, the environment or the URL; run reads
and write transactions; turn every driver error into a one-line StoreError that never shows a password."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from neo4j import Driver, GraphDatabase, ManagedTransaction, RoutingControl
from neo4j import exceptions as neo4j_errors

from explorer.config import neo4j_credentials, split_credentials, without_password
from explorer.store import NEO4J_SCHEMES
from explorer.store.base import StoreError

CONNECT_TIMEOUT = 5.0
RETRY_TIME = 15.0
BATCH = 1000  # rows (or ids) sent as one query parameter

# The driver logs connection failures as warnings; the StoreError it turns into says it once, on one line.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


class Connection:
    """A driver on one database, with the URL as shown to a user."""

    def __init__(self, driver: Driver, url: str, database: str | None) -> None:
        self.driver = driver
        self.url = url
        self.database = database

    @classmethod
    def open(cls, url: str, user: str | None, password: str | None, database: str | None) -> Connection:
        """Connect and check the database answers. Credentials: the arguments, else NEO4J_USER /
        NEO4J_PASSWORD / NEO4J_DATABASE, else user:password written in the URL."""
        # Credentials come off the URL before anything parses it, so no error can quote the password.
        address, url_user, url_password = split_credentials(url)
        credentials = neo4j_credentials(user, password, database)
        if url_user and not (user or password):
            credentials = neo4j_credentials(url_user, url_password or None, database)
        safe = without_password(url)
        if not _valid_address(address):
            raise StoreError(f"invalid Neo4j URL {safe}: use neo4j://host:7687, bolt://host:7687 or neo4j+s://…")
        try:
            driver = GraphDatabase.driver(
                address,
                auth=(credentials.user, credentials.password),
                connection_timeout=CONNECT_TIMEOUT,
                max_transaction_retry_time=RETRY_TIME,
            )
        except (ValueError, neo4j_errors.ConfigurationError) as error:
            raise StoreError(f"invalid Neo4j URL {safe}: {one_line(error)}") from None
        connection = cls(driver, safe, credentials.database)
        try:
            connection.check_reachable(credentials.user)
        except BaseException:
            driver.close()
            raise
        return connection

    def check_reachable(self, user: str) -> None:
        where = f"Neo4j at {self.url}" + (f" (database {self.database!r})" if self.database else "")
        try:
            # A plain session query: execute_query would retry an unreachable server for many seconds.
            with self.driver.session(database=self.database) as session:
                session.run("RETURN 1").consume()
        except neo4j_errors.AuthError:
            raise StoreError(f"{where} refused user {user!r}: wrong user name or password") from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as error:
            raise StoreError(f"cannot reach {where}: {one_line(error)}") from None
        except neo4j_errors.Neo4jError as error:
            if _missing_database(error):
                raise StoreError(f"{where}: no such database") from None
            raise StoreError(f"{where} failed: {one_line(error)}") from None
        except neo4j_errors.DriverError as error:
            raise StoreError(f"cannot use {where}: {one_line(error)}") from None

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        try:
            records, _, _ = self.driver.execute_query(
                query, params, database_=self.database, routing_=RoutingControl.READ
            )
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as error:
            raise StoreError(f"Neo4j at {self.url}: {one_line(error)}") from None
        return [record.data() for record in records]

    def write(self, work: Callable[[ManagedTransaction], Any]) -> Any:
        """Run `work` in one write transaction (the driver retries transient errors)."""
        for attempt in range(3):
            try:
                with self.driver.session(database=self.database) as session:
                    return session.execute_write(work)
            except neo4j_errors.ConstraintError as error:
                # Another writer created the same document or entity first (ArcadeDB raises this for
                # concurrent MERGE of one new key): the retry sees its work and merges into it.
                if attempt == 2:
                    raise StoreError(f"Neo4j at {self.url}: {one_line(error)}") from None
            except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as error:
                raise StoreError(f"Neo4j at {self.url}: {one_line(error)}") from None
        return None


def _valid_address(address: str) -> bool:
    """A Neo4j scheme and a host (a port, when given, a number)."""
    try:
        parts = urlsplit(address)
        return parts.scheme.lower() in NEO4J_SCHEMES and bool(parts.hostname) and (parts.port or 0) >= 0
    except ValueError:  # a bad port or IPv6 literal
        return False


def one_line(error: BaseException) -> str:
    """A driver error as one line of at most 300 characters."""
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return re.sub(r"\s+", " ", str(message)).strip()[:300]


def _missing_database(error: Exception) -> bool:
    code = getattr(error, "code", "") or ""
    message = str(getattr(error, "message", "") or error).lower()
    return "DatabaseNotFound" in code or ("database" in message and "not" in message and "exist" in message)
