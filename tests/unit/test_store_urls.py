"""Store URLs: sqlite:/// then the path, relative or absolute, and one clear error when no file is named."""

from __future__ import annotations

import pytest

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
