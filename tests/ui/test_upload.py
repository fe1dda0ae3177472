"""The upload on an empty store: files read safely, then handed to ingest with a progress callback."""

from __future__ import annotations

from dataclasses import dataclass

import explorer.ingest
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


def test_ingest_uploads_reports_progress(monkeypatch, tmp_path):
    calls = []

    def fake_ingest(documents, store, progress=None, workers=None, report=None):
        calls.append((len(documents), workers))
        progress(0, 1)
        progress(1, 1)
        return explorer.ingest.IngestReport(new=1)

    monkeypatch.setattr(explorer.ingest, "ingest_documents", fake_ingest)
    report = ingest_uploads(object(), [Upload("a.txt", b"Iraq met Iran.")])
    assert report.new == 1 and calls == [(1, 1)]
