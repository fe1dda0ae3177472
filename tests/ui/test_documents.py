"""The Documents page as a list (title, date, outlet, counts; sorted, filtered by entity and dates), the Add
articles page, and document dates and outlets on the Overview and on evidence lines."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from explorer.model import Document
from explorer.store import open_store
from explorer.ui.document_list import DocumentRow, filtered, ordered
from tests.factories import PARIS, first_extraction, second_extraction
from tests.ui.conftest import PMF, all_text, fill, news_extractions, open_page

ACME_TITLE, GLOBEX_TITLE = "Acme Corporation buys Globex", "Globex sues Hooli"
PMF_TITLE = "Iran-backed PMF strikes in Syria"


@pytest.fixture
def documents_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The sample and the news world, the Acme article from an outlet."""
    acme = first_extraction()
    acme.document.outlet = "Paris Ledger"
    url = fill(tmp_path / "graph.db", [acme, second_extraction(), *news_extractions()])
    monkeypatch.setenv("EXPLORER_STORE", url)
    return url


def listed(at: AppTest) -> list[tuple[str, ...]]:
    """The rows of the documents table: (title, date, outlet, entities, relations)."""
    table = next(str(m.value) for m in at.markdown if "xp-doc-list" in str(m.value))
    rows = re.findall(r"<tr class='xp-doc-row'>(.*?)</tr>", table)
    return [tuple(html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row))
            for row in rows]


def titles(at: AppTest) -> list[str]:
    return [row[0] for row in listed(at)]


def test_with_no_document_chosen_the_page_lists_them_all_with_dates_outlets_and_counts(documents_url):
    at = open_page("document")
    rows = {row[0]: row[1:] for row in listed(at)}
    assert len(rows) == 4 and not at.exception
    assert rows[ACME_TITLE] == ("4 Mar 2024", "Paris Ledger", "4", "2")
    assert rows[PMF_TITLE] == ("29 Jan 2024", "", "5", "2")
    assert rows[GLOBEX_TITLE][0] == ""  # undated
    table = next(str(m.value) for m in at.markdown if "xp-doc-list" in str(m.value))
    assert f'href="document?doc={first_extraction().document.id}"' in table  # a title opens the reader


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("newest", [ACME_TITLE, PMF_TITLE]),
        ("oldest", [PMF_TITLE, ACME_TITLE]),
        ("relations", None),
        ("title", None),
    ],
)
def test_the_list_sorts_as_asked(documents_url, order, expected):
    at = open_page("document")
    at.selectbox(key="doclist_order").set_value(order).run()
    shown = titles(at)
    if order == "title":
        assert shown == sorted(shown, key=str.casefold)
    elif order == "relations":
        counts = [int(row[4]) for row in listed(at)]
        assert counts == sorted(counts, reverse=True)
    else:
        assert shown[:2] == expected and len(shown) == 4  # undated ones last


def test_the_list_filters_by_an_entity_found_by_search(documents_url):
    at = open_page("document")
    at.text_input(key="doclist_entity_query").input("paris").run()
    next(b for b in at.button if b.label.startswith("Paris")).click().run()
    assert at.query_params["mentions"] == PARIS
    assert titles(at) == [ACME_TITLE]
    at.button(key="doclist_any_entity").click().run()
    assert len(titles(at)) == 4


def test_the_list_filters_by_entity_from_the_url_and_by_dates(documents_url):
    at = open_page("document", mentions=PMF)
    assert titles(at) == [PMF_TITLE]
    at = open_page("document")
    at.date_input(key="doclist_dates").set_value((dt.date(2024, 3, 1), dt.date(2024, 3, 4))).run()
    assert titles(at) == [ACME_TITLE]
    assert "1 of 4 documents" in all_text(at)


def test_an_open_document_says_its_date_and_outlet_and_links_back_to_the_list(documents_url):
    at = open_page("document", doc=first_extraction().document.id)
    text = all_text(at)
    assert "4 Mar 2024 · Paris Ledger · tests/acme.txt" in text
    assert "← All documents" in text and not any("xp-doc-list" in str(m.value) for m in at.markdown)


def test_evidence_lines_name_the_outlet_and_date(documents_url):
    at = open_page("entity", entity=first_extraction().entities[0].id)
    assert "— Paris Ledger, 4 Mar 2024" in all_text(at)


def test_the_overview_lists_documents_with_date_and_outlet(documents_url):
    at = open_page("overview")
    text = all_text(at)
    assert "4 Mar 2024</td><td class='xp-muted'>Paris Ledger</td>" in text
    assert 'href="add"' in text  # adding articles is a page of its own


def test_the_add_articles_page_has_date_and_outlet_fields_and_the_counts(documents_url):
    at = open_page("add")
    assert not at.exception
    assert at.text_input(key="add_upload_outlet").value == ""
    assert at.date_input(key="add_upload_published").value is None
    store = open_store(documents_url)
    stats = store.stats()
    store.close()
    assert [m.value for m in at.metric] == [f"{stats[k]:,}" for k in ("documents", "entities", "typed_relations")]


def test_an_empty_store_opens_add_articles_not_the_welcome(empty_url):
    at = open_page("add")
    assert "Add articles" in all_text(at) and "Nothing to explore yet" not in [t.value for t in at.title]


def _row(title: str, published: str | None, outlet: str = "", entities: int = 0, relations: int = 0) -> DocumentRow:
    return DocumentRow(Document(title.lower(), title, "", published=published, outlet=outlet), entities, relations)


def test_filtering_by_dates_leaves_undated_documents_out_and_keeps_the_bounds():
    rows = [_row("A", "2024-01-01"), _row("B", "2024-01-31"), _row("C", None), _row("D", "2024-02-01")]
    assert [r.document.title for r in filtered(rows, since=dt.date(2024, 1, 1), until=dt.date(2024, 1, 31))] == [
        "A", "B"
    ]
    assert [r.document.title for r in filtered(rows, mentioning={"c", "d"})] == ["C", "D"]
    assert filtered(rows) == rows


def test_sorting_by_outlet_puts_documents_without_one_last():
    rows = [_row("A", None, ""), _row("B", None, "zeta"), _row("C", None, "Alpha")]
    assert [r.document.title for r in ordered(rows, "outlet")] == ["C", "B", "A"]
