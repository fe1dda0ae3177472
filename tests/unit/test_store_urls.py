"""Store URLs: sqlite:/// then the path, relative or absolute, one clear error when no file is named, and
never a password in a message, however malformed the URL."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from explorer.cli import app
from explorer.config import split_credentials, without_password
from explorer.store import open_store
from explorer.store.base import StoreError


def test_sqlite_urls_take_the_path_after_three_slashes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    relative = open_store("sqlite:///data/graph.db")
    absolute = open_store(f"sqlite:///{tmp_path}/abs.db")
    assert relative.path.resolve() == tmp_path / "data" / "graph.db"
    assert absolute.path == tmp_path / "abs.db"
    relative.close()
    absolute.close()


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite://data/graph.db", "sqlite:///data/"])
def test_a_sqlite_url_without_a_file_is_refused(url):
    with pytest.raises(StoreError, match="names no file"):
        open_store(url)


# Malformed URLs with a password in them: a mistyped scheme, and passwords a URL parser reads as the start
# of a query ("?"), a path ("/") or a fragment ("#").
SECRET_URLS = [
    "noe4j://neo4j:S3CRETpw@127.0.0.1:7687",
    "bolt://neo4j:S3CRET?pw@127.0.0.1:7687",
    "bolt://neo4j:S3CRET/pw@127.0.0.1:7687",
    "bolt://neo4j:S3CRET#pw@127.0.0.1:7687",
    "neo4j://neo4j:S3/CRET#pw@[::1:7687",
    "neo4j:S3CRET@127.0.0.1:7687",
]


@pytest.mark.parametrize("url", SECRET_URLS)
def test_without_password_keeps_the_user_and_drops_the_password(url):
    shown = without_password(url)
    assert "S3" not in shown and "CRET" not in shown and "pw" not in shown
    assert "neo4j@" in shown


@pytest.mark.parametrize("url", SECRET_URLS)
def test_a_malformed_url_is_one_line_without_its_password(url):
    with pytest.raises(StoreError) as raised:
        open_store(url)
    message = str(raised.value)
    assert "\n" not in message and "S3" not in message and "CRET" not in message


@pytest.mark.parametrize("url", SECRET_URLS)
def test_the_cli_never_prints_the_password(url):
    result = CliRunner().invoke(app, ["stats", "--store", url])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "S3" not in result.output and "CRET" not in result.output
    assert result.output.startswith("error: ") and result.output.count("\n") == 1


def test_a_password_with_reserved_characters_is_read_whole():
    assert split_credentials("bolt://neo4j:a/b?c#d@e@db.example.org:7687") == (
        "bolt://db.example.org:7687",
        "neo4j",
        "a/b?c#d@e",
    )
    assert split_credentials("sqlite:////srv/me@work/graph.db") == ("sqlite:////srv/me@work/graph.db", None, None)
