"""Overview: the corpus in figures, the most central entities (degree, PageRank) and their communities."""

from __future__ import annotations

import streamlit as st

from explorer.analysis import Ranking, rank
from explorer.model import Entity
from explorer.store.base import GraphStore
from explorer.ui.markup import badge, date_label, doc_link, entity_link, esc, href, link

ANALYSED = 400  # the most mentioned entities make the subgraph the measures are computed on


@st.cache_data(ttl=60, show_spinner="Measuring the graph …")
def ranking(url: str, stamp: tuple[int, ...], _store: GraphStore) -> tuple[Ranking, dict[str, Entity]]:
    """Cached per store and content (`stamp` changes when anything is ingested)."""
    ids = [e.id for e in _store.top_entities(ANALYSED)]
    graph = _store.subgraph(ids)
    return rank(graph), {e.id: e for e in graph.nodes}


def render(store: GraphStore) -> None:
    st.markdown("### :material/insights: Overview")
    stats = store.stats()
    figures = [
        ("Documents", "documents"),
        ("Entities", "entities"),
        ("Mentions", "mentions"),
        ("Typed relations", "typed_relations"),
        ("All relations", "relations"),
        ("Events", "events"),
    ]
    for column, (label, key) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, f"{stats.get(key, 0):,}")
    result, entities = ranking(store.url, tuple(sorted(stats.values())), store)
    st.caption(
        f"Measured on the {min(ANALYSED, stats.get('entities', 0))} most mentioned entities and the links "
        "among them; co-mentions count half."
    )
    left, middle, right = st.columns([3, 3, 4], gap="large")
    with left:
        st.markdown("#### Most connected")
        st.markdown(table(result.degree, entities, "{:d}"), unsafe_allow_html=True)
    with middle:
        st.markdown("#### Most central (PageRank)")
        st.markdown(table(result.pagerank, entities, "{:.3f}"), unsafe_allow_html=True)
    with right:
        st.markdown("#### Communities")
        communities(result, entities)
    documents(store)


def table(rows: list[tuple[str, float]], entities: dict[str, Entity], number: str) -> str:
    body = "".join(
        f"<tr><td>{entity_link(e.id, e.name, e.type)}</td><td>{badge(e.type)}</td>"
        f"<td class='xp-num'>{number.format(value)}</td></tr>"
        for entity_id, value in rows
        if (e := entities.get(entity_id))
    )
    return f"<table style='width:100%'>{body}</table>"


def communities(result: Ranking, entities: dict[str, Entity]) -> None:
    if not result.communities:
        st.caption("Too few links to find communities yet.")
        return
    for number, members in enumerate(result.communities[:8], start=1):
        names = [entity_link(e.id, e.name, e.type) for m in members[:10] if (e := entities.get(m))]
        more = f" <span class='xp-muted'>and {len(members) - 10} more</span>" if len(members) > 10 else ""
        st.markdown(
            f"<div class='xp-hop'><b>{number}</b> <span class='xp-muted'>({len(members)})</span> "
            f"{' · '.join(names)}{more}</div>",
            unsafe_allow_html=True,
        )


def documents(store: GraphStore) -> None:
    docs = store.documents()
    st.markdown(
        f"#### Documents <span class='xp-muted'>({len(docs)}; all of them in {link(href('document'), 'Documents')},"
        f" more in {link(href('add'), 'Add articles')})</span>",
        unsafe_allow_html=True,
    )
    rows = "".join(
        f"<tr><td>{doc_link(d.id, d.title)}</td><td class='xp-muted'>{esc(date_label(d.published))}</td>"
        f"<td class='xp-muted'>{esc(d.outlet)}</td><td class='xp-muted'>{esc(d.source)}</td></tr>"
        for d in docs[:100]
    )
    st.markdown(f"<table>{rows}</table>", unsafe_allow_html=True)
