"""What every page shares: page chrome, the store, the empty-store welcome, and errors as banners."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

import streamlit as st

from explorer.store.base import GraphStore, StoreError
from explorer.ui.connection import current_store, show_store_error, store_url
from explorer.ui.markup import esc
from explorer.ui.onboarding import welcome
from explorer.ui.theme import CSS
from explorer.ui.views import PageSpec

log = logging.getLogger(__name__)


def chrome() -> None:
    st.markdown(CSS, unsafe_allow_html=True)


def page_renderer(spec: PageSpec) -> Callable[[GraphStore], None]:
    module = importlib.import_module(spec.module)
    return module.render


def run_page(spec: PageSpec) -> None:
    """Open the store and render one page; a store problem becomes a banner, never a traceback."""
    chrome()
    store = current_store()
    if store is None:
        return
    try:
        if spec.needs_documents and is_empty(store):
            welcome()
            return
        page_renderer(spec)(store)
    except StoreError as error:
        show_store_error(error, store_url())
    except Exception as error:
        if _is_streamlit_control(error):
            raise
        log.exception("page %s failed", spec.name)
        st.error(f"**This page failed:** {esc(type(error).__name__)}: {esc(error)}", icon="⚠️")


def is_empty(store: GraphStore) -> bool:
    # Asked on every rerun: an index look-up, not a count over a million relations.
    return not store.top_entities(1) and not store.documents()


def _is_streamlit_control(error: Exception) -> bool:
    # st.rerun, st.stop and st.switch_page work by raising; they must reach Streamlit.
    from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

    return isinstance(error, ScriptControlException)
