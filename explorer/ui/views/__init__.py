"""One module per page, each with `render(store)`; `PAGES` is the one list navigation is built from.

To add a page: write `explorer/ui/views/<name>.py` with `render(store)` and add a `PageSpec` here.
(Not a folder named `pages` beside app.py: Streamlit would run its files as scripts of its own.)
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.store import NEO4J_SCHEMES


@dataclass(frozen=True)
class PageSpec:
    module: str  # dotted path of the module that has `render(store)`
    title: str
    icon: str
    url_path: str
    needs_documents: bool = True  # an empty store shows the welcome page instead
    schemes: tuple[str, ...] = ()  # only for stores with these URL schemes (empty: every store)
    writes: bool = False  # left out of a read-only app

    @property
    def name(self) -> str:
        return self.module.rsplit(".", 1)[-1]


PAGES: list[PageSpec] = [
    PageSpec("explorer.ui.views.explore", "Explore", ":material/hub:", "explore"),
    PageSpec("explorer.ui.views.entity", "Entity", ":material/person_search:", "entity"),
    PageSpec("explorer.ui.views.document", "Documents", ":material/article:", "document"),
    PageSpec("explorer.ui.views.paths", "Paths", ":material/route:", "paths"),
    PageSpec("explorer.ui.views.timeline", "Timeline", ":material/timeline:", "timeline"),
    PageSpec("explorer.ui.views.disagreements", "Disagreements", ":material/compare_arrows:", "disagreements"),
    PageSpec("explorer.ui.views.overview", "Overview", ":material/insights:", "overview"),
    PageSpec("explorer.ui.views.curate", "Curate", ":material/rule:", "curate", writes=True),
    PageSpec(
        "explorer.ui.views.query",
        "Query",
        ":material/terminal:",
        "query",
        needs_documents=False,
        schemes=NEO4J_SCHEMES,
    ),
]
