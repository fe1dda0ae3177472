"""Add articles: upload files with the date and outlet to give them; the store's counts, fresh after each."""

from __future__ import annotations

import streamlit as st

from explorer.store.base import GraphStore
from explorer.ui.onboarding import upload


def render(store: GraphStore) -> None:
    st.markdown("### :material/upload_file: Add articles")
    st.caption(
        "Text, Markdown, HTML or JSON lines. Each article's date and outlet come from its metadata or dateline "
        "unless given here; an article already in the store is left as it is."
    )
    figures = st.empty()  # drawn after the upload, so the counts include it
    upload(key="add_upload")
    stats = store.stats()
    with figures.container():
        for column, (label, key) in zip(
            st.columns(3), [("Documents", "documents"), ("Entities", "entities"), ("Relations", "typed_relations")],
            strict=True,
        ):
            column.metric(label, f"{stats.get(key, 0):,}")
