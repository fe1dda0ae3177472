"""Documents: with none chosen, the list of them (explorer.ui.document_list); with one (`?doc=<id>`), the reader:
the article with its mentions highlighted by type and linked, and what was read from it."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from explorer.model import CO_MENTIONED, Document, Entity, Mention
from explorer.store.base import GraphStore
from explorer.ui.document_list import back_link, render_list
from explorer.ui.evidence import EvidenceWriter
from explorer.ui.markup import Mark, badge, date_label, entity_link, esc, highlight, href
from explorer.ui.theme import type_colour


def render(store: GraphStore) -> None:
    doc_id = st.query_params.get("doc")
    document = store.document(doc_id) if doc_id else None
    if document is None:
        if doc_id:
            st.warning(f"No document with id “{esc(doc_id)}” in this store.")
        render_list(store)
        return
    st.markdown(back_link(), unsafe_allow_html=True)
    mentions = store.mentions_in(document.id)
    entities = {e.id: e for e in store.entities(m.entity for m in mentions)}
    left, right = st.columns([3, 2], gap="large")
    with left:
        reader(document, mentions, entities)
    with right:
        mentioned(mentions, entities)
        relations(store, document)


def reader(document: Document, mentions: list[Mention], entities: dict[str, Entity]) -> None:
    st.markdown(f"## {esc(document.title)}", unsafe_allow_html=True)
    meta = [esc(x) for x in (date_label(document.published), document.outlet, document.source) if x]
    st.markdown(f"<div class='xp-muted'>{' · '.join(meta)}</div>", unsafe_allow_html=True)
    types = sorted({entities[m.entity].type for m in mentions if m.entity in entities})
    st.markdown(
        "<div class='xp-legend'>"
        + "".join(f"<span><span class='dot' style='background:{type_colour(t)}'></span>{esc(t)}</span>" for t in types)
        + "</div>",
        unsafe_allow_html=True,
    )
    st.markdown(f"<div class='xp-reader'>{paragraphs(document.text, mentions, entities)}</div>", unsafe_allow_html=True)


def paragraphs(text: str, mentions: list[Mention], entities: dict[str, Entity]) -> str:
    """The text as escaped paragraphs, each mention a coloured link to its entity."""
    marks = [
        Mark(m.start, m.end, entities[m.entity].type, href("entity", entity=m.entity), entities[m.entity].name)
        for m in mentions
        if m.entity in entities
    ]
    out, offset = [], 0
    for line in text.split("\n"):
        end = offset + len(line)
        local = [
            Mark(k.start - offset, k.end - offset, k.entity_type, k.url, k.title)
            for k in marks
            if offset <= k.start and k.end <= end
        ]
        if line.strip():
            out.append(f"<p>{highlight(line, local)}</p>")
        offset = end + 1
    return "".join(out)


def mentioned(mentions: list[Mention], entities: dict[str, Entity]) -> None:
    counts = Counter(m.entity for m in mentions)
    st.markdown(f"#### Entities <span class='xp-muted'>({len(counts)})</span>", unsafe_allow_html=True)
    rows = [
        f"<tr><td>{entity_link(e.id, e.name, e.type)}</td><td>{badge(e.type)}</td><td class='xp-num'>{n}</td></tr>"
        for entity_id, n in counts.most_common()
        if (e := entities.get(entity_id))
    ]
    st.markdown(f"<table>{''.join(rows)}</table>", unsafe_allow_html=True)


def relations(store: GraphStore, document: Document) -> None:
    found = store.relations_in(document.id)
    typed = [r for r in found if r.type != CO_MENTIONED]
    st.markdown(
        f"#### Relations <span class='xp-muted'>({len(typed)} typed, {len(found) - len(typed)} co-mentions)</span>",
        unsafe_allow_html=True,
    )
    writer = EvidenceWriter(store)
    writer.entities(i for r in typed for i in (r.source, r.target))  # one query for every statement below
    if typed:
        items = "".join(
            f"<li class='xp-hop'>{writer.statement(r)} <span class='xp-muted'>· sentence {r.sentence + 1}</span></li>"
            for r in typed
        )
        st.markdown(f"<ul>{items}</ul>", unsafe_allow_html=True)
    else:
        st.caption("No typed relation was read from this article.")
