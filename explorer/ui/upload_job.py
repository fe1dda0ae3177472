"""An upload's ingest in a process of its own: the app's server never parses a page or runs spaCy itself,
and closing the tab half-way through cannot stop the batch half-way.

The app saves the files (and the date and outlet given for them, in `origin.json`) in a fresh folder and
starts `python -m explorer.ui.upload_job FOLDER`. The job reads them (each named `upload/<file name>`, with
the readers' size and time limits), ingests them into EXPLORER_STORE, keeps `progress` and then
`report.json` in the folder, writes the summary to its stderr (the server's log, so an upload nobody waited
for is still accounted for) and removes the articles. The app polls the folder, shows the progress and the
report, then removes it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import IO, Any

from explorer.model import Document
from explorer.sources import SourceProblem, read_paths, with_origin

ARTICLES, PROGRESS, REPORT, ORIGIN = "articles", "progress", "report.json", "origin.json"


@dataclass
class JobState:
    """What the app can show of a job: how far it got, and its report once it has finished."""

    done: int = 0
    total: int = 0
    finished: bool = False
    report: dict[str, Any] | None = None


def start(files: list[Any], published: str | None = None, outlet: str = "") -> tuple[Path, subprocess.Popen[bytes]]:
    """Save the uploaded files and start the job on them."""
    folder = save(files, published, outlet)
    return folder, launch(folder)


def save(files: list[Any], published: str | None = None, outlet: str = "") -> Path:
    """A fresh folder holding the uploads, each under its own number (two files may share a name), and the
    publication date and outlet given for all of them (None and "": what each file says)."""
    folder = Path(tempfile.mkdtemp(prefix="explorer-upload-"))
    (folder / ORIGIN).write_text(json.dumps({"published": published, "outlet": outlet}), encoding="utf-8")
    for number, file in enumerate(files):
        name = Path(file.name).name or "upload.txt"  # never trust a path from the browser
        place = folder / ARTICLES / str(number)
        place.mkdir(parents=True)
        (place / name).write_bytes(file.getvalue())
    return folder


def launch(folder: Path, log: IO[str] | None = None) -> subprocess.Popen[bytes]:
    """The job on a saved folder; its summary goes to `log` (default: the server's stderr)."""
    return subprocess.Popen(
        [sys.executable, "-m", "explorer.ui.upload_job", str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,  # finishes even if the server is interrupted meanwhile
    )


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


def read_saved(folder: Path) -> tuple[list[Document], list[str]]:
    """Documents from the saved files (named `upload/<file name>`, with the date and outlet given for them),
    and the problems met reading them."""
    origin = json.loads((folder / ORIGIN).read_text(encoding="utf-8")) if (folder / ORIGIN).exists() else {}
    documents: list[Document] = []
    problems: list[str] = []
    for place in sorted((folder / ARTICLES).iterdir(), key=lambda p: int(p.name)):
        for path in place.iterdir():
            for item in read_paths([path]):
                if isinstance(item, SourceProblem):
                    problems.append(f"{path.name}: {item.message}")
                else:
                    item = replace(item, source=item.source.replace(str(path), f"upload/{path.name}"))
                    documents.append(with_origin(item, origin.get("published"), origin.get("outlet") or ""))
    return documents, problems


def run(folder: Path) -> dict[str, Any]:
    """The job itself: read, ingest with progress kept in the folder, report."""
    from explorer.config import default_store_url
    from explorer.ingest import IngestReport, ingest_documents
    from explorer.store import open_store
    from explorer.store.base import StoreError

    documents, problems = read_saved(folder)
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


def main(folder: Path) -> None:
    try:
        outcome = run(folder)
    finally:
        shutil.rmtree(folder / ARTICLES, ignore_errors=True)
    partial = folder / f"{REPORT}.new"
    partial.write_text(json.dumps(outcome), encoding="utf-8")
    os.replace(partial, folder / REPORT)
    print(f"explorer upload: {outcome.get('summary') or outcome.get('error')}", file=sys.stderr)
    for problem in outcome["problems"]:
        print(f"explorer upload: {problem}", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
