"""The list of documents (as ICIJ Datashare's document list): title, date, outlet, entity and relation counts,
sorted as asked and filtered by an entity they mention and by a date range; a title opens the reader."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from explorer.model import Document
from explorer.store.base import GraphStore
from explorer.ui.markup import date_label, doc_link, entity_link, esc, href, link
from explorer.ui.search import entity_from_url, entity_search

MAX_SHOWN = 500
ENTITY_PARAM = "mentions"


@dataclass(frozen=True)
class DocumentRow:
    document: Document
    entities: int
    relations: int


# Each order: its label, the row's sort key, and whether the largest comes first. Undated documents go last.
ORDERS = {
    "newest": ("Newest first", lambda r: (r.document.published is not None, r.document.published or ""), True),
    "oldest": ("Oldest first", lambda r: (r.document.published is None, r.document.published or ""), False),
    "title": ("Title", lambda r: r.document.title.casefold(), False),
    "outlet": ("Outlet", lambda r: (not r.document.outlet, r.document.outlet.casefold()), False),
    "entities": ("Most entities", lambda r: r.entities, True),
    "relations": ("Most relations", lambda r: r.relations, True),
}


def document_rows(documents: list[Document], counts: dict[str, tuple[int, int]]) -> list[DocumentRow]:
    return [DocumentRow(d, *counts.get(d.id, (0, 0))) for d in documents]


def filtered(
    rows: list[DocumentRow], mentioning: set[str] | None = None, since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[DocumentRow]:
    """The rows of documents among `mentioning` (when given) published between `since` and `until` (each
    bound optional; with either, undated documents are left out)."""
    kept = []
    for row in rows:
        if mentioning is not None and row.document.id not in mentioning:
            continue
        if since or until:
            published = _date(row.document.published)
            if published is None or (since and published < since) or (until and published > until):
                continue
        kept.append(row)
    return kept


def ordered(rows: list[DocumentRow], order: str) -> list[DocumentRow]:
    _, key, descending = ORDERS[order]
    return sorted(rows, key=key, reverse=descending)


def _date(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published) if published else None
    except ValueError:
        return None


def render_list(store: GraphStore) -> None:
    st.markdown("### :material/article: Documents")
    rows = document_rows(store.documents(), store.document_counts())
    entity = entity_from_url(store, ENTITY_PARAM, warn=True)
    left, middle, right = st.columns([4, 3, 2])
    with left:
        if entity is None:
            entity_search(store, param=ENTITY_PARAM, key="doclist_entity", label="Mentioning entity")
        else:
            st.markdown(f"Mentioning {entity_link(entity.id, entity.name, entity.type)}", unsafe_allow_html=True)
            st.button("Any entity", key="doclist_any_entity", icon=":material/close:", on_click=_clear_entity)
    dates = sorted(d for r in rows if (d := _date(r.document.published)))
    with middle:
        chosen = st.date_input(
            "Published between", value=(), min_value=dates[0] if dates else None,
            max_value=dates[-1] if dates else None, key="doclist_dates", format="YYYY-MM-DD",
        )
    with right:
        order = st.selectbox(
            "Sort by", list(ORDERS), format_func=lambda o: ORDERS[o][0], key="doclist_order"
        )
    since, until = _bounds(chosen)
    mentioning = {d.id for d in store.documents_for(entity.id)} if entity else None
    shown = ordered(filtered(rows, mentioning, since, until), order)
    more = f"; the first {MAX_SHOWN} shown" if len(shown) > MAX_SHOWN else ""
    st.caption(f"{len(shown)} of {len(rows)} documents{more}")
    st.markdown(table(shown[:MAX_SHOWN]), unsafe_allow_html=True)


def _bounds(chosen: object) -> tuple[dt.date | None, dt.date | None]:
    """(since, until) from a date range input: none, one date picked so far (from then on), or both."""
    picked = [d for d in chosen if isinstance(d, dt.date)] if isinstance(chosen, tuple | list) else []
    return (picked[0] if picked else None), (picked[1] if len(picked) > 1 else None)


def _clear_entity() -> None:
    del st.query_params[ENTITY_PARAM]


def table(rows: list[DocumentRow]) -> str:
    head = "<tr><th>Title</th><th>Date</th><th>Outlet</th><th>Entities</th><th>Relations</th></tr>"
    body = "".join(
        f"<tr class='xp-doc-row'><td>{doc_link(r.document.id, r.document.title)}</td>"
        f"<td class='xp-muted'>{esc(date_label(r.document.published))}</td>"
        f"<td class='xp-muted'>{esc(r.document.outlet)}</td>"
        f"<td class='xp-num'>{r.entities}</td><td class='xp-num'>{r.relations}</td></tr>"
        for r in rows
    )
    return f"<table class='xp-doc-list' style='width:100%'>{head}{body}</table>"


def back_link() -> str:
    """A link from the reader back to the list."""
    return link(href("document"), "← All documents")
