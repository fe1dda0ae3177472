"""What an empty store shows: how to ingest from the shell, and an upload that ingests in the browser."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import streamlit as st

from explorer.model import Document
from explorer.sources import SUPPORTED_SUFFIXES, SourceProblem, read_paths
from explorer.store.base import GraphStore
from explorer.ui import signin
from explorer.ui.markup import esc

UPLOAD_TYPES = sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES)


def welcome(store: GraphStore) -> None:
    st.title("Nothing to explore yet")
    st.markdown(
        "explorer turns news articles into a graph of the people, organisations and places they name, "
        "every link backed by the sentence that states it.\n\n"
        "**From a shell**, ingest files or folders (txt, md, html, jsonl) into this store:\n\n"
        "```\nexplorer ingest path/to/articles/\n```\n"
        "then reload this page. **Or drop articles here:**"
    )
    upload(store)


def upload(store: GraphStore, key: str = "upload") -> None:
    if signin.writer() is None:
        signin.sign_in_prompt("add articles", key=f"{key}_signin")
        return
    files = st.file_uploader("Articles (txt, md, html, jsonl)", type=UPLOAD_TYPES, accept_multiple_files=True, key=key)
    if files and st.button(f"Ingest {len(files)} file{'s' * (len(files) != 1)}", type="primary"):
        report = ingest_uploads(store, files)
        if report is not None:
            st.success(esc(report.summary()))
            for problem in report.problems:
                st.warning(esc(problem))
            st.button("Start exploring", type="primary")  # any click reruns, now with a filled store


def read_uploads(files: list[Any]) -> tuple[list[Document], list[str]]:
    """Documents from uploaded files (named `upload/<file name>`), and the problems met reading them."""
    documents: list[Document] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="explorer-upload-") as folder:
        for file in files:
            name = Path(file.name).name or "upload.txt"  # never trust a path from the browser
            path = Path(folder) / name
            path.write_bytes(file.getvalue())
            for item in read_paths([path]):
                if isinstance(item, SourceProblem):
                    problems.append(f"{name}: {item.message}")
                else:
                    source = item.source.replace(str(path), f"upload/{name}")
                    documents.append(replace(item, source=source))
    return documents, problems


def ingest_uploads(store: GraphStore, files: list[Any]) -> Any:
    """Read, extract, resolve and store the uploads with a progress bar; the ingest report, or None."""
    documents, problems = read_uploads(files)
    for problem in problems:
        st.warning(esc(problem))
    if not documents:
        st.error("None of these files held text to ingest.")
        return None
    from explorer.ingest import ingest_documents  # heavy (spaCy): imported only when needed

    bar = st.progress(0.0, text="Reading the articles …")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=f"Extracted {done} of {total} articles")

    # One worker: starting processes from a server thread is fragile, and uploads are small.
    report = ingest_documents(documents, store, progress=progress, workers=1)
    bar.progress(1.0, text="Done")
    return report
