"""One module per page, each with `render(store)`; `PAGES` is the one list navigation is built from.

To add a page: write `explorer/ui/pages/<name>.py` with `render(store)` and add a `PageSpec` here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    module: str  # under explorer.ui.pages
    title: str
    icon: str
    url_path: str
    needs_documents: bool = True  # an empty store shows the welcome page instead
    schemes: tuple[str, ...] = ()  # only for stores with these URL schemes (empty: every store)


PAGES: list[PageSpec] = [
    PageSpec("explore", "Explore", ":material/hub:", "explore"),
    PageSpec("entity", "Entity", ":material/person_search:", "entity"),
    PageSpec("document", "Documents", ":material/article:", "document"),
    PageSpec("paths", "Paths", ":material/route:", "paths"),
    PageSpec("timeline", "Timeline", ":material/timeline:", "timeline"),
    PageSpec("overview", "Overview", ":material/insights:", "overview"),
    PageSpec(
        "query",
        "Query",
        ":material/terminal:",
        "query",
        needs_documents=False,
        schemes=("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"),
    ),
]
