"""Entry point of the Streamlit app (`explorer ui` runs `streamlit run` on this file).

Navigation is built from `explorer.ui.pages.PAGES`; `?doc=<id>` on the root URL opens the reader,
`?entity=<id>` the graph.
"""

from __future__ import annotations

import importlib.util

import streamlit as st

from explorer.ui.connection import store_url
from explorer.ui.favicon import favicon
from explorer.ui.pages import PAGES, PageSpec
from explorer.ui.shell import run_page


def available(spec: PageSpec, url: str) -> bool:
    scheme = url.split(":", 1)[0].lower()
    if spec.schemes and scheme not in spec.schemes:
        return False
    return importlib.util.find_spec(f"explorer.ui.pages.{spec.module}") is not None


def default_module() -> str:
    """The page the root URL shows: the reader for a document link, else the graph."""
    params = st.query_params
    return "document" if "doc" in params and "entity" not in params else "explore"


def make_page(spec: PageSpec, default: bool) -> st.Page:
    def page() -> None:
        run_page(spec)

    page.__name__ = f"page_{spec.module}"
    return st.Page(page, title=spec.title, icon=spec.icon, url_path=spec.url_path, default=default)


def main() -> None:
    st.set_page_config(page_title="explorer", page_icon=favicon(), layout="wide")
    url = store_url()
    home = default_module()
    pages = [make_page(spec, spec.module == home) for spec in PAGES if available(spec, url)]
    st.navigation(pages, position="top").run()


main()
