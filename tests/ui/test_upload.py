"""The upload on an empty store: files read safely, then ingested into the store with a progress bar."""

from __future__ import annotations

from dataclasses import dataclass

from explorer.store.sqlite import SQLiteStore
from explorer.ui import onboarding
from explorer.ui.onboarding import ingest_uploads, read_uploads


@dataclass
class Upload:
    """What st.file_uploader hands over: a name (from the browser) and bytes."""

    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


def test_read_uploads_names_sources_and_reports_problems():
    files = [
        Upload("../../etc/note.txt", b"Iraq and Iran\nIraq met Iran in Baghdad."),
        Upload("feed.jsonl", b'{"title": "A", "text": "Sudani spoke."}\nnot json\n'),
        Upload("empty.md", b""),
    ]
    documents, problems = read_uploads(files)
    assert [d.source for d in documents] == ["upload/note.txt", "upload/feed.jsonl:1"]
    assert any("feed.jsonl" in p and "malformed" in p for p in problems)
    assert any(p.startswith("empty.md") for p in problems)


def test_ingest_uploads_stores_the_articles_and_reports_progress(tmp_path, monkeypatch):
    steps = []
    monkeypatch.setattr(onboarding.st, "progress", lambda *a, **k: Bar(steps))
    store = SQLiteStore.open(f"sqlite:///{tmp_path / 'graph.db'}")
    files = [Upload("a.txt", b"Iraq and Iran\nIraq met Iran in Baghdad."), Upload("b.md", b"")]

    report = ingest_uploads(store, files)

    assert (report.new, report.unchanged, report.failed) == (1, 0, 0)
    (document,) = store.documents()
    assert (document.title, document.source) == ("Iraq and Iran", "upload/a.txt")
    assert {(e.name, e.type) for e in store.iter_entities()} == {("Iraq", "GPE"), ("Iran", "GPE"), ("Baghdad", "GPE")}
    assert steps == [0.0, 0.0, 1.0, 1.0]  # the bar starts empty, each article moves it, and it ends full
    assert ingest_uploads(store, files[:1]).unchanged == 1
    store.close()


class Bar:
    """What st.progress returns, recording how far it was moved."""

    def __init__(self, steps: list[float]) -> None:
        self.steps = steps
        steps.append(0.0)

    def progress(self, value: float, text: str = "") -> None:
        self.steps.append(value)
