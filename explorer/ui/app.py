"""Entry point of the Streamlit app (`explorer ui` runs `streamlit run` on this file).

Navigation is built from `explorer.ui.views.PAGES`; `?doc=<id>` on the root URL opens the reader,
`?entity=<id>` the graph.
"""

from __future__ import annotations

import importlib.util

import streamlit as st

from explorer.access import read_only
from explorer.ui.connection import store_url
from explorer.ui.favicon import favicon
from explorer.ui.shell import run_page
from explorer.ui.views import PAGES, PageSpec


def available(spec: PageSpec, url: str) -> bool:
    scheme = url.split(":", 1)[0].lower()
    if spec.schemes and scheme not in spec.schemes:
        return False
    if spec.writes and read_only():
        return False
    return _module_exists(spec.module)


def _module_exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False


def wants_document() -> bool:
    """A `?doc=<id>` link on the root URL: open the reader (the root itself always serves Explore, so that
    every page keeps its own URL and a deep link never lands on "page not found")."""
    params = st.query_params
    return "doc" in params and "entity" not in params


def make_page(spec: PageSpec, default: bool) -> st.Page:
    def page() -> None:
        run_page(spec)

    page.__name__ = f"page_{spec.name}"
    return st.Page(page, title=spec.title, icon=spec.icon, url_path=spec.url_path, default=default)


def main() -> None:
    st.set_page_config(page_title="explorer", page_icon=favicon(), layout="wide")
    url = store_url()
    pages = {spec.name: make_page(spec, spec.name == "explore") for spec in PAGES if available(spec, url)}
    current = st.navigation(list(pages.values()), position="top")
    if current is pages["explore"] and wants_document():
        st.switch_page(pages["document"], query_params=st.query_params.to_dict())
    current.run()


main()
