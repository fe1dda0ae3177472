"""The upload: files handed, as bytes, to a job in a process of its own (never the app's server), which reads
and ingests them, finishes the batch and accounts for it even when nobody is watching any more."""

from __future__ import annotations

import io
import os
import time
from dataclasses import dataclass

from explorer.store import open_store
from explorer.ui import upload_job


@dataclass
class Upload:
    """What st.file_uploader hands over: a name (from the browser) and bytes."""

    name: str
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


def test_uploads_are_read_from_their_bytes_with_their_names_and_problems():
    files = [
        Upload("../../etc/note.txt", b"Iraq and Iran\nIraq met Iran in Baghdad."),
        Upload("feed.jsonl", b'{"title": "A", "text": "Sudani spoke."}\nnot json\n' + b"[" * 3000 + b"]" * 3000),
        Upload("empty.md", b""),
        Upload("note.txt", b"A second file of the same name.\n"),
    ]
    uploads, cut_off = upload_job.receive(io.BytesIO(b"".join(upload_job.encode(f.name, f.data) for f in files)))
    assert cut_off == [] and [name for name, _ in uploads] == ["note.txt", "feed.jsonl", "empty.md", "note.txt"]
    documents, problems = upload_job.read_uploads(uploads)
    assert [d.source for d in documents] == ["upload/note.txt", "upload/feed.jsonl:1", "upload/note.txt"]
    assert problems == [
        "feed.jsonl: malformed JSON (Expecting value)",
        "feed.jsonl: malformed JSON (nested too deeply)",
        "empty.md: empty: no text to read",
    ]


def test_an_upload_cut_off_half_way_is_named_and_the_whole_ones_kept():
    sent = upload_job.encode("a.txt", b"Acme Corp hired Jane Smith.") + upload_job.encode("b.txt", b"More text.")[:20]
    uploads, cut_off = upload_job.receive(io.BytesIO(sent))
    assert uploads == [("a.txt", b"Acme Corp hired Jane Smith.")]
    assert cut_off == ["upload 2 arrived incomplete: not read"]


def _wait(folder, process, timeout: float = 120) -> upload_job.JobState:
    deadline = time.monotonic() + timeout
    while not (job := upload_job.state(folder, process)).finished:
        assert time.monotonic() < deadline, "the upload job did not finish"
        time.sleep(0.2)
    return job


def test_the_job_ingests_in_its_own_process_and_reports(empty_url):
    files = [Upload("a.txt", b"Acme Corp hired Jane Smith in Boston.\n"), Upload("b.jsonl", b"[" * 3000 + b"\n")]
    folder, process = upload_job.start(files)
    assert process.pid != os.getpid()
    job = _wait(folder, process)
    assert (job.done, job.total) == (1, 1)
    report = job.report
    assert (report["new"], report["failed"]) == (1, 1) and report["summary"].startswith("1 new, 0 unchanged, 1 failed")
    assert report["problems"] == ["b.jsonl: malformed JSON (nested too deeply)"]
    assert {p.name for p in folder.iterdir()} == {upload_job.PROGRESS, upload_job.REPORT}  # no article on disk
    store = open_store(empty_url)
    assert [d.source for d in store.documents()] == ["upload/a.txt"]
    store.close()


WIRE = "Arrests\nBAGHDAD, Jan. 27, 2024 (Reuters) — Iraqi forces arrested eight men.\n".encode()


def test_the_date_and_outlet_given_with_an_upload_are_every_articles(empty_url):
    files = [
        Upload("wire.txt", WIRE),
        Upload("feed.jsonl", b'{"text": "Acme Corp hired Jane Smith.", "outlet": "Feed", "published": "2023-05-01"}\n'),
    ]
    folder, process = upload_job.start(files, "2024-02-01", "The Upload Post")
    assert _wait(folder, process).report["new"] == 2
    store = open_store(empty_url)
    assert {(d.published, d.outlet) for d in store.documents()} == {("2024-02-01", "The Upload Post")}
    store.close()


def test_an_upload_without_a_date_or_outlet_keeps_what_the_articles_say(empty_url):
    files = [Upload("wire.txt", WIRE)]
    folder, process = upload_job.start(files)
    assert _wait(folder, process).report["new"] == 1
    store = open_store(empty_url)
    assert [(d.published, d.outlet) for d in store.documents()] == [("2024-01-27", "Reuters")]
    store.close()


def test_a_job_nobody_watches_any_more_finishes_the_batch_and_logs_it(empty_url, tmp_path):
    files = [Upload(f"{n}.txt", f"Report {n}. Acme Corp hired Jane Smith on {n} May.".encode()) for n in range(5)]
    with open(tmp_path / "server.log", "w") as log:
        _, process = upload_job.start(files, log=log)  # the tab closes now: nobody polls the job
        process.wait(timeout=120)
    assert process.returncode == 0
    store = open_store(empty_url)
    assert store.stats()["documents"] == 5
    store.close()
    assert "explorer upload: 5 new, 0 unchanged, 0 failed documents" in (tmp_path / "server.log").read_text()
