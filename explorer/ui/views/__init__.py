"""One module per page, each with `render(store)`; `PAGES` is the one list navigation is built from.

To add a page: write `explorer/ui/views/<name>.py` with `render(store)` and add a `PageSpec` here.
(Not a folder named `pages` beside app.py: Streamlit would run its files as scripts of its own.)

A page lays out what it reads and holds no rule of its own:
- a new question to the graph is a store method (`explorer/store/base.py`'s protocol, a contract test);
- a change to the graph is a curation verb in `explorer/curate.py` (its action in `explorer/curation/`);
- a measure over a subgraph goes into `explorer/analysis.py`;
- an order or filter two readers share goes below the pages (`store/base.py`: `typed_first`;
  `store/neighbourhood.py`: `wanted_edges`), a word for a stored value into `explorer/model.py`;
- an extraction step is a component in `explorer/extract/` (see its package docstring).
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
        "explorer.ui.views.add", "Add articles", ":material/upload_file:", "add", needs_documents=False, writes=True
    ),
    PageSpec(
        "explorer.ui.views.query",
        "Query",
        ":material/terminal:",
        "query",
        needs_documents=False,
        schemes=NEO4J_SCHEMES,
    ),
]
