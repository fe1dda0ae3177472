"""What an empty store shows: how to ingest from the shell, and an upload that ingests in the browser."""

from __future__ import annotations

import shutil
import time
from typing import Any

import streamlit as st

from explorer.sources import SUPPORTED_SUFFIXES
from explorer.ui import signin, upload_job
from explorer.ui.markup import esc

UPLOAD_TYPES = sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES)
POLL_SECONDS = 0.3


def welcome() -> None:
    st.title("Nothing to explore yet")
    st.markdown(
        "explorer turns news articles into a graph of the people, organisations and places they name, "
        "every link backed by the sentence that states it.\n\n"
        "**From a shell**, ingest files or folders (txt, md, html, jsonl) into this store:\n\n"
        "```\nexplorer ingest path/to/articles/\n```\n"
        "then reload this page. **Or drop articles here:**"
    )
    upload()


def upload(key: str = "upload") -> dict[str, Any] | None:
    """The upload form: files, and the publication date and outlet to give them (over what they say); the
    job's report once an upload has been ingested, else None."""
    if signin.writer() is None:
        signin.sign_in_prompt("add articles", key=f"{key}_signin")
        return None
    files = st.file_uploader("Articles (txt, md, html, jsonl)", type=UPLOAD_TYPES, accept_multiple_files=True, key=key)
    left, right = st.columns(2)
    published = left.date_input(
        "Published on", value=None, key=f"{key}_published", help="Leave empty to take each article's own date."
    )
    outlet = right.text_input(
        "Outlet", key=f"{key}_outlet", placeholder="e.g. Reuters", help="Leave empty to take each article's own."
    )
    if files and st.button(f"Ingest {len(files)} file{'s' * (len(files) != 1)}", type="primary"):
        report = ingest_uploads(files, published.isoformat() if published else None, outlet.strip())
        if report is not None:
            st.button("Start exploring", type="primary")  # any click reruns, now with a filled store
        return report
    return None


def ingest_uploads(files: list[Any], published: str | None = None, outlet: str = "") -> dict[str, Any] | None:
    """Ingest the uploads in a job of their own (explorer/ui/upload_job.py), showing its progress, then
    what it stored; the job's report, or None when it failed. Closing the tab meanwhile stops only the
    watching: the job finishes the batch and logs what it stored."""
    folder, process = upload_job.start(files, published, outlet)
    bar = st.progress(0.0, text="Reading the articles …")
    while not (job := upload_job.state(folder, process)).finished:
        if job.total:
            bar.progress(job.done / job.total, text=f"Extracted {job.done} of {job.total} articles")
        time.sleep(POLL_SECONDS)
    shutil.rmtree(folder, ignore_errors=True)
    bar.empty()
    report = job.report
    if report is None:
        st.error("The upload stopped before it finished: see the server log. Articles stored until then stay.")
        return None
    for problem in report["problems"]:
        st.warning(esc(problem))
    if report.get("error"):
        st.error(esc(report["error"]))
        return None
    if not report["new"] and not report["unchanged"]:
        st.error("None of these files held text to ingest.")
        return None
    st.success(esc(report["summary"]))
    return report
