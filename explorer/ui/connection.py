"""The store the app reads: opened once per server process, with a banner instead of a traceback."""

from __future__ import annotations

import logging

import streamlit as st

from explorer import access
from explorer.config import default_store_url, without_password
from explorer.store import open_store
from explorer.store.base import GraphStore, StoreError
from explorer.store.readonly import ReadOnlyStore
from explorer.ui.markup import esc

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _open(url: str, read_only: bool) -> GraphStore:
    # One store object per URL for the whole server: SQLiteStore keeps one connection per thread itself.
    store = open_store(url, create=False)  # the app never makes a store: ingest does
    return ReadOnlyStore(store) if read_only else store  # type: ignore[return-value]


def store_url() -> str:
    return default_store_url()


def current_store() -> GraphStore | None:
    """The configured store, or None after showing why it cannot be opened."""
    url = store_url()
    try:
        return _open(url, access.read_only())
    except StoreError as error:
        show_store_error(error, url)
        return None


def show_store_error(error: Exception, url: str | None = None) -> None:
    """One clear banner; the details go to the server log, not to the page."""
    log.warning("store error: %s", error, exc_info=not isinstance(error, StoreError))
    where = f" (store: {esc(without_password(url))})" if url else ""
    st.error(
        f"**The graph store cannot be used.** {esc(error)}{where}\n\n"
        "Check `EXPLORER_STORE` (for example `sqlite:///data/graph.db`) or start the app with "
        "`explorer ui --store …`.",
        icon="⚠️",
    )
