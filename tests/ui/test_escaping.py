"""Names written in Streamlit's markdown (icons, colours, LaTeX, emphasis, images, links, emoji shortcodes)
reach every text that reads markdown only through `markup.esc`, on every page: no raw name is sent to a
markdown body, caption, alert, button, expander, tab, radio option or toast. (What the browser then shows
is checked in tests/e2e/test_hostile_names.py.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from google.protobuf.json_format import MessageToDict

from explorer.ui.markup import esc
from tests.factories import MARKDOWN_NAMES, MARKDOWN_TITLE, markdown_names_extraction
from tests.ui.conftest import fill, open_page

# Elements that show text as it is (no markdown): the raw name is right there.
PLAIN = {"selectbox", "multiselect", "text_input", "text_area", "component_instance", "arrow_data_frame"}
RAW = [*MARKDOWN_NAMES.values(), MARKDOWN_TITLE]
DOC = markdown_names_extraction().document.id


@pytest.fixture
def markdown_store(tmp_path, monkeypatch) -> str:
    url = fill(tmp_path / "graph.db", [markdown_names_extraction()])
    monkeypatch.setenv("EXPLORER_STORE", url)
    return url


def markdown_texts(at) -> Iterator[tuple[str, str]]:
    """(element type, text) for every string an element that reads markdown was sent."""

    def walk(node):
        yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    for node in walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or getattr(node, "type", None) in PLAIN:
            continue
        yield from ((node.type, text) for text in _strings(MessageToDict(proto)))


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


PAGES = [
    ("explore", {"entity": "m-icon"}),
    ("explore", {"entity": "m-red", "selected": "m-image"}),
    ("entity", {"entity": "m-red"}),
    ("entity", {"entity": "m-image"}),
    ("document", {"doc": DOC}),
    ("paths", {"from": "m-image", "to": "m-bold"}),
    ("paths", {"from": "m-link", "to": "m-latex"}),
    ("timeline", {}),
    ("timeline", {"entity": "m-image"}),
    ("overview", {}),
    ("curate", {}),
    ("curate", {"entity": "m-red"}),
]


@pytest.mark.parametrize(("name", "params"), PAGES)
def test_no_page_sends_a_raw_name_to_markdown(markdown_store, name, params):
    at = open_page(name, **params)
    assert not at.exception
    texts = list(markdown_texts(at))
    raw = [(kind, text) for kind, text in texts for name in RAW if name in text]
    assert raw == []
    shown = "\n".join(text for _, text in texts)
    assert any(esc(name) in shown for name in RAW), "the page shows no hostile name at all"


def test_paths_name_every_entity_in_their_expander_labels_escaped(markdown_store):
    at = open_page("paths", **{"from": "m-image", "to": "m-bold"})
    (label, *_) = [e.label for e in at.expander]
    assert label == "Path 1 · 3 hops: " + " → ".join(
        esc(MARKDOWN_NAMES[i]) for i in ("m-image", "m-icon", "m-red", "m-bold")
    )


def test_curate_buttons_carry_the_names_escaped(markdown_store):
    at = open_page("curate")
    labels = [b.label for b in at.button]
    assert f"Merge, keep “{esc(MARKDOWN_NAMES['m-red'])}”" in labels or (
        f"Merge, keep “{esc(MARKDOWN_NAMES['m-red2'])}”" in labels
    )
