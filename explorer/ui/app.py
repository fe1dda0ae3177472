"""Entry point of the Streamlit app (`explorer ui` runs `streamlit run` on this file).

Navigation is built from `explorer.ui.views.PAGES`; `?doc=<id>` on the root URL opens the reader,
`?entity=<id>` the graph.
"""

from __future__ import annotations

import importlib.util

import streamlit as st

from explorer.ui.connection import store_url
from explorer.ui.favicon import favicon
from explorer.ui.shell import run_page
from explorer.ui.views import PAGES, PageSpec


def available(spec: PageSpec, url: str) -> bool:
    scheme = url.split(":", 1)[0].lower()
    if spec.schemes and scheme not in spec.schemes:
        return False
    return _module_exists(spec.module)


def _module_exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False


def default_module() -> str:
    """The page the root URL shows: the reader for a document link, else the graph."""
    params = st.query_params
    return "document" if "doc" in params and "entity" not in params else "explore"


def make_page(spec: PageSpec, default: bool) -> st.Page:
    def page() -> None:
        run_page(spec)

    page.__name__ = f"page_{spec.name}"
    return st.Page(page, title=spec.title, icon=spec.icon, url_path=spec.url_path, default=default)


def main() -> None:
    st.set_page_config(page_title="explorer", page_icon=favicon(), layout="wide")
    url = store_url()
    home = default_module()
    pages = [make_page(spec, spec.name == home) for spec in PAGES if available(spec, url)]
    st.navigation(pages, position="top").run()


main()
