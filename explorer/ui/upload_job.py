"""An upload's ingest in a process of its own: the app's server never parses a page or runs spaCy itself,
and closing the tab half-way through cannot stop the batch half-way.

The app starts `python -m explorer.ui.upload_job FOLDER ORIGIN` (ORIGIN: the date and outlet given for the
files, as JSON) and hands it the uploaded files through its stdin (one JSON line per file: name and base64
content; nothing is written to disk). The job reads them as files
(`sources.read_content`, each named `upload/<file name>`, with the readers' size and time limits), ingests
them into EXPLORER_STORE, keeps `progress` and then `report.json` in the folder and writes the summary to its
stderr (the server's log, so an upload nobody waited for is still accounted for). The app polls the folder,
shows the progress and the report, then removes it.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from explorer.model import Document
from explorer.sources import SourceProblem, read_content, with_origin

PROGRESS, REPORT = "progress", "report.json"


@dataclass
class JobState:
    """What the app can show of a job: how far it got, and its report once it has finished."""

    done: int = 0
    total: int = 0
    finished: bool = False
    report: dict[str, Any] | None = None


def start(
    files: list[Any], published: str | None = None, outlet: str = "", log: IO[str] | None = None
) -> tuple[Path, subprocess.Popen[bytes]]:
    """Start the job and hand it the uploaded files, with the date and outlet given for all of them (None and
    "": what each file says); its summary goes to `log` (default: the server's stderr)."""
    folder = Path(tempfile.mkdtemp(prefix="explorer-upload-"))
    origin = json.dumps({"published": published, "outlet": outlet})
    process = subprocess.Popen(
        [sys.executable, "-m", "explorer.ui.upload_job", str(folder), origin],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,  # finishes even if the server is interrupted meanwhile
    )
    pipe = process.stdin
    assert pipe is not None  # stdin=PIPE
    try:
        with pipe:
            for file in files:
                pipe.write(encode(file.name, file.getvalue()))
    except BrokenPipeError:
        pass  # the job died: `state` finds no report and the app says so
    return folder, process


def encode(name: str, content: bytes) -> bytes:
    """One upload as the job receives it; the name is the file's own, never a path from the browser."""
    upload = {"name": Path(name).name or "upload.txt", "content": base64.b64encode(content).decode("ascii")}
    return json.dumps(upload).encode() + b"\n"


def receive(stream: IO[bytes]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The uploads (name, content) the app sent, and a problem if the stream was cut off half-way."""
    uploads: list[tuple[str, bytes]] = []
    problems: list[str] = []
    for line in stream:
        try:
            upload = json.loads(line)
            uploads.append((str(upload["name"]), base64.b64decode(upload["content"], validate=True)))
        except (ValueError, KeyError, TypeError):
            problems.append(f"upload {len(uploads) + 1} arrived incomplete: not read")
            break
    return uploads, problems


def state(folder: Path, process: subprocess.Popen[bytes]) -> JobState:
    finished = process.poll() is not None
    try:
        done, total = map(int, (folder / PROGRESS).read_text().split())
    except (OSError, ValueError):
        done = total = 0
    report = None
    if finished:
        try:
            report = json.loads((folder / REPORT).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            report = None  # the job died: the app says so
    return JobState(done, total, finished, report)


def read_uploads(
    uploads: list[tuple[str, bytes]], published: str | None = None, outlet: str = ""
) -> tuple[list[Document], list[str]]:
    """Documents from the uploads (named `upload/<file name>`, with the date and outlet given for them), and
    the problems met reading them."""
    documents: list[Document] = []
    problems: list[str] = []
    for name, content in uploads:
        for item in read_content(f"upload/{name}", content):
            if isinstance(item, SourceProblem):
                problems.append(f"{name}: {item.message}")
            else:
                documents.append(with_origin(item, published, outlet))
    return documents, problems


def run(
    folder: Path, uploads: list[tuple[str, bytes]], cut_off: Sequence[str] = (), origin: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The job itself: read, ingest with progress kept in the folder, report (with `cut_off`: what did
    not arrive whole; `origin`: the date and outlet given for the files)."""
    from explorer.config import default_store_url
    from explorer.ingest import IngestReport, ingest_documents
    from explorer.store import open_store
    from explorer.store.base import StoreError

    origin = origin or {}
    documents, unread = read_uploads(uploads, origin.get("published"), origin.get("outlet") or "")
    problems = [*cut_off, *unread]
    report = IngestReport(failed=len(problems), problems=problems)
    if documents:
        try:
            store = open_store(default_store_url())
        except StoreError as error:
            return {**asdict(report), "failed": report.failed + len(documents), "error": str(error)}
        try:
            # One extraction process: this job is already apart from the server.
            ingest_documents(documents, store, progress=lambda d, t: _progress(folder, d, t), workers=1, report=report)
        except StoreError as error:
            return {**asdict(report), "error": str(error)}
        finally:
            store.close()
    return {**asdict(report), "summary": report.summary()}


def _progress(folder: Path, done: int, total: int) -> None:
    partial = folder / f"{PROGRESS}.new"
    partial.write_text(f"{done} {total}")
    os.replace(partial, folder / PROGRESS)  # the app never reads half a line


def main(folder: Path, origin: dict[str, Any]) -> None:
    outcome = run(folder, *receive(sys.stdin.buffer), origin=origin)
    partial = folder / f"{REPORT}.new"
    partial.write_text(json.dumps(outcome), encoding="utf-8")
    os.replace(partial, folder / REPORT)
    print(f"explorer upload: {outcome.get('summary') or outcome.get('error')}", file=sys.stderr)
    for problem in outcome["problems"]:
        print(f"explorer upload: {problem}", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]), json.loads(sys.argv[2]) if len(sys.argv) > 2 else {})
