"""Entity: who or what it is, the names it goes by and why, its relations with evidence, its documents."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath
from urllib.parse import urlparse

import streamlit as st

from explorer import claims
from explorer.model import CO_MENTIONED, Document, Entity, Relation
from explorer.store.base import GraphStore, typed_first
from explorer.ui import wording
from explorer.ui.evidence import EvidenceWriter
from explorer.ui.markup import badge, doc_link, entity_link, esc, href, link
from explorer.ui.search import entity_from_url, entity_search
from explorer.ui.views.disagreements import render_disagreement

PER_TYPE = 25  # evidence blocks per relation type before "more"

RELATIONS_SHOWN = 2000  # a hub entity can have a hundred thousand statements; the page shows the strongest


def render(store: GraphStore) -> None:
    entity_search(store, param="entity", key="entity_search")
    entity = entity_from_url(store, warn=True)
    if entity is None:
        directory(store)
        return
    header(store, entity)
    relations = store.relations_of(entity.id, limit=RELATIONS_SHOWN)
    if len(relations) == RELATIONS_SHOWN:
        st.caption(f"Showing the {RELATIONS_SHOWN:,} strongest statements: typed first, most confident first.")
    writer = EvidenceWriter(store)  # one cache of names and titles for the whole page
    left, right = st.columns([3, 2], gap="large")
    with left:
        disagreements(writer, entity)
        relation_sections(writer, entity, relations)
    with right:
        names(entity)
        co_mentioned(writer, entity, relations)
        documents(store, entity)


def directory(store: GraphStore) -> None:
    st.markdown("### :material/person_search: Entities")
    st.caption("Search above, or open one of the most mentioned:")
    rows = [
        f"<tr><td>{entity_link(e.id, e.name, e.type)}</td><td>{badge(e.type)}</td>"
        f"<td class='xp-num'>{e.mention_count}</td><td class='xp-num'>{e.doc_count}</td></tr>"
        for e in store.top_entities(40)
    ]
    st.markdown(
        "<table><tr><th>Name</th><th>Type</th><th>Mentions</th><th>Documents</th></tr>" + "".join(rows) + "</table>",
        unsafe_allow_html=True,
    )


def header(store: GraphStore, entity: Entity) -> None:
    st.markdown(f"## {esc(entity.name)} {badge(entity.type)}", unsafe_allow_html=True)
    links = [
        link(href("explore", entity=entity.id), "Show in the graph"),
        link(href("timeline", entity=entity.id), "Timeline"),
        link(href("paths", **{"from": entity.id}), "Find paths from here"),
        link(href("curate", entity=entity.id, edit="merge"), "Merge into…"),
        link(href("curate", entity=entity.id, edit="entity"), "Split, rename, retype, delete"),
    ]
    st.markdown(" · ".join(links), unsafe_allow_html=True)
    cols = st.columns(4)
    cols[0].metric("Mentions", entity.mention_count)
    cols[1].metric("Documents", entity.doc_count)
    cols[2].metric("Names", 1 + len(entity.aliases))
    cols[3].metric("Roles", len(entity.roles))


def names(entity: Entity) -> None:
    st.markdown("#### Names")
    reasons = {note.alias: note for note in entity.merges}
    rows = [f"<tr><td><b>{esc(entity.name)}</b></td><td class='xp-muted'>canonical name</td></tr>"]
    for alias in entity.aliases:
        note = reasons.get(alias)
        why = esc(note.reason) if note else "same name"
        score = f" ({note.score:.2f})" if note and note.score < 1 else ""
        rows.append(f"<tr><td>{esc(alias)}</td><td class='xp-muted'>{why}{score}</td></tr>")
    st.markdown(f"<table>{''.join(rows)}</table>", unsafe_allow_html=True)
    if entity.roles:
        st.markdown("**Roles:** " + esc(", ".join(entity.roles)), unsafe_allow_html=True)


def disagreements(writer: EvidenceWriter, entity: Entity) -> None:
    """Where documents disagree about this entity (dates, figures, opposite relations), each side shown."""
    found = claims.disagreements(writer.store, entity.id, lookup=writer.entities)
    if not found:
        return
    st.markdown(
        f"#### Disagreements <span class='xp-muted'>({len(found)})</span> · "
        + link(href("disagreements"), "all disagreements"),
        unsafe_allow_html=True,
    )
    for disagreement in found:
        render_disagreement(writer, disagreement)


def relation_sections(writer: EvidenceWriter, entity: Entity, relations: list[Relation]) -> None:
    typed = [r for r in relations if r.type != CO_MENTIONED]
    count = f"{len(typed)} statement{'s' * (len(typed) != 1)}"
    st.markdown(f"#### Relations <span class='xp-muted'>({count})</span>", unsafe_allow_html=True)
    if not typed:
        st.caption("No typed relation was read for this entity; see who it is mentioned with.")
        return
    groups: dict[tuple[str, bool], list[Relation]] = {}
    for relation in typed_first(typed):
        groups.setdefault((relation.type, relation.source == entity.id), []).append(relation)
    others = writer.entities({r.source if r.target == entity.id else r.target for r in typed})
    for index, ((relation_type, outward), found) in enumerate(sorted(groups.items(), key=lambda kv: -len(kv[1]))):
        with st.expander(group_header(entity.id, relation_type, outward, found, others), expanded=index < 3):
            st.markdown(writer.relations(found[:PER_TYPE]), unsafe_allow_html=True)
            if len(found) > PER_TYPE:
                st.caption(f"and {len(found) - PER_TYPE} more statements")


def group_header(
    entity_id: str, relation_type: str, outward: bool, found: list[Relation], entities: dict[str, Entity]
) -> str:
    """The header of a group: "attacked → Syria, Iraq · 3" for what the entity did, "← backed by Iran · 1" for
    what was done to it."""
    counts = Counter(r.target if outward else r.source for r in found)
    names = [entities[i].name if i in entities else i for i, _ in counts.most_common(3)]
    more = f" and {len(counts) - 3} more" if len(counts) > 3 else ""
    words = wording.outgoing(relation_type) if outward else wording.incoming(relation_type)
    return f"{words} {esc(', '.join(names))}{more} · {len(found)}"


def co_mentioned(writer: EvidenceWriter, entity: Entity, relations: list[Relation]) -> None:
    counts = Counter(r.target if r.source == entity.id else r.source for r in relations if r.type == CO_MENTIONED)
    if not counts:
        return
    st.markdown("#### Mentioned with")
    others = writer.entities(counts)
    chips = [
        f"{entity_link(o.id, o.name, o.type)} <span class='xp-muted'>{n}</span>"
        for other_id, n in counts.most_common(30)
        if (o := others.get(other_id))
    ]
    st.markdown(" · ".join(chips), unsafe_allow_html=True)
    with st.expander("Sentences"):
        found = [r for r in relations if r.type == CO_MENTIONED]
        st.markdown(writer.relations(found[:40], show_type=False), unsafe_allow_html=True)


def documents(store: GraphStore, entity: Entity) -> None:
    docs = store.documents_for(entity.id)
    st.markdown(f"#### Documents <span class='xp-muted'>({len(docs)})</span>", unsafe_allow_html=True)
    items = [
        f"<li>{doc_link(d.id, d.title)} <span class='xp-muted'>{esc(' · '.join(document_facts(d)))}</span></li>"
        for d in docs[:50]
    ]
    st.markdown(f"<ul>{''.join(items)}</ul>", unsafe_allow_html=True)


def document_facts(document: Document) -> list[str]:
    """Where and when a document was published: its outlet (the file or address it came from until
    documents carry one) and its date."""
    outlet = getattr(document, "outlet", "") or outlet_of(document.source)
    return [fact for fact in (outlet, document.published or "undated") if fact]


def outlet_of(source: str) -> str:
    """A readable outlet from a document's source: the host of an address, else the file's name."""
    if "://" in source:
        return urlparse(source).hostname or source
    return PurePath(source).name if source else ""
