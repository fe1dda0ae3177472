"""Explore: search an entity, browse its neighbourhood, click for evidence, expand and prune."""

from __future__ import annotations

import hashlib
from datetime import date

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from explorer.model import CO_MENTIONED, ENTITY_TYPES, RELATION_TYPES, Entity, Relation
from explorer.store.base import EvidenceFilter, GraphStore, typed_first
from explorer.ui import graph as graph_ui
from explorer.ui import permalink
from explorer.ui.download import download_view
from explorer.ui.evidence import EvidenceWriter, sentence_count
from explorer.ui.markup import badge, entity_link, esc, href, link
from explorer.ui.search import box_key, entity_from_url, entity_search, icon, pick
from explorer.ui.view import (
    OWN_VOICE,
    READABLE_AT_DEPTH_TWO,
    Filters,
    GraphView,
    apply_event,
    expand,
    hand_made,
    in_voice,
    open_view,
    remove,
    view_subgraph,
)
from explorer.ui.wording import phrase

SEARCH_KEY = "explore_search"
SEARCH_BOX = box_key(SEARCH_KEY)  # cleared when an entity is picked outside the search results
GRAPH_KEY = "explore_graph"
SEEN_KEY = "explore_graph_seen"
VIEW_KEY = "explore_view"
EVIDENCE_SHOWN = 6
EVIDENCE_LIMIT = 200  # the strongest statements read for the side panel (a hub can have 100,000)
FILTER_KEYS = (
    "f_entity_types",
    "f_relation_types",
    "f_co_mentions",
    "f_min_weight",
    "f_depth",
    "f_max_nodes",
    "f_min_confidence",
    "f_dates",
    "f_voice",
)


def render(store: GraphStore) -> None:
    st.markdown("### :material/hub: Explore")
    entity_search(store, param="entity", key=SEARCH_KEY)
    entity = entity_from_url(store, warn=True)
    if entity is None:
        suggestions(store)
        return
    left, right = st.columns([7, 3], gap="medium")
    with left:
        tools = st.container(horizontal=True, vertical_alignment="center")
        filters = filter_menu(tools, store, speakers(store, entity.id))
        export = tools.popover("Export", icon=":material/download:", help="Download the graph on screen.")
        tools.button(
            "Reset view",
            key="explore_reset",
            icon=":material/restart_alt:",
            help="Forget expansions and removals.",
            on_click=_reset_view,
        )
        view = current_view(entity.id)
        follow_in_url(view, filters)
        graph = view_subgraph(store, view, filters)
        st.markdown(graph_ui.legend(graph), unsafe_allow_html=True)
        graph_ui.draw(
            graph,
            key=GRAPH_KEY,
            version=layout_version(view, filters),
            focus=[view.focus],
            selected=view.selected,
            hand=hand_made(store),
        )
        nodes, links = len(graph.nodes), len(graph.edges)
        shown = f"{nodes} entit{'y' if nodes == 1 else 'ies'}, {links} link{'s' * (links != 1)}"
        if changed := filters.changes():
            shown += f" ({esc(', '.join(changed))})"
        st.caption(
            f"{shown} · click a node for its evidence, double-click to expand · line width = number of statements"
        )
        with export:
            download_view(graph, store, key="explore_export", name=f"explorer-{entity.id}")
    with right:
        profile(store, view, graph.nodes, filters.evidence)


def current_view(focus: str) -> GraphView:
    """The session's view for this focus, with the graph component's newest event applied.

    A new session starts from the view the URL describes; a new focus within a session starts afresh.
    """
    view: GraphView | None = st.session_state.get(VIEW_KEY)
    if view is None:
        view = permalink.view_from_params(focus, st.query_params)
    elif view.focus != focus:
        view = open_view(focus)
    event = graph_ui.fresh_event(st.session_state.get(GRAPH_KEY), SEEN_KEY)
    if event:
        view = apply_event(view, event)
    st.session_state[VIEW_KEY] = view
    return view


def layout_version(view: GraphView, filters: Filters) -> str:
    """Changes when the nodes on screen change for a reason other than a removal (which keeps positions)."""
    raw = f"{view.focus}|{view.version}|{filters}"
    return hashlib.sha1(raw.encode()).hexdigest()[:12]


def follow_in_url(view: GraphView, filters: Filters) -> None:
    """Write the view and filters into the URL (only what changed), so the address bar is a shareable link."""
    wanted = permalink.to_params(view, filters)
    for key in (*permalink.FILTER_PARAMS, *permalink.VIEW_PARAMS):
        if key in wanted and st.query_params.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and key in st.query_params:
            del st.query_params[key]


def _seed_from_url() -> None:
    """A new session takes its filters from the URL, so a shared link shows the same view."""
    if FILTER_KEYS[0] in st.session_state:
        return
    filters = permalink.filters_from_params(st.query_params)
    values = (
        list(filters.entity_types),
        list(filters.relation_types),
        filters.co_mentions,
        filters.min_weight,
        filters.depth,
        filters.max_nodes,
        filters.min_confidence,
        tuple(date.fromisoformat(d) for d in (filters.since, filters.until) if d) if filters.since else (),
        filters.voice,
    )
    for key, value in zip(FILTER_KEYS, values, strict=True):
        st.session_state.setdefault(key, value)


def _reset_view() -> None:
    st.session_state.pop(VIEW_KEY, None)
    for key in permalink.VIEW_PARAMS:
        st.query_params.pop(key, None)


def speakers(store: GraphStore, entity_id: str) -> list[str]:
    """Who the statements about the entity are reported from (the choices of the Voice filter)."""
    return sorted({r.speaker for r in store.relations_of(entity_id, limit=EVIDENCE_LIMIT) if r.speaker})


def _voice_label(voice: str) -> str:
    return {"": "everyone", OWN_VOICE: "the documents themselves"}.get(voice, voice)


def filter_menu(toolbar: DeltaGenerator, store: GraphStore, speakers: tuple[str, ...] | list[str] = ()) -> Filters:
    """The graph filters, in a menu whose label says how many are in effect (its widgets load when opened)."""
    _seed_from_url()
    filters = _filters_in_state()  # the widgets below show these same values
    active = filters.changes()
    label = f"Filters · {len(active)}" if active else "Filters"
    with toolbar.popover(label, icon=":material/filter_list:", help=", ".join(active) or "Nothing filtered."):
        st.multiselect("Entity types", ENTITY_TYPES, key="f_entity_types", placeholder="all")
        st.multiselect(
            "Relation types",
            [t for t in RELATION_TYPES if t != CO_MENTIONED],
            key="f_relation_types",
            placeholder="all",
            format_func=phrase,
        )
        st.toggle("Co-mentions", key="f_co_mentions", help="Entities named in the same sentence.")
        st.slider("Minimum weight", 1, 10, key="f_min_weight", help="Statements needed for a link to show.")
        st.radio("Depth", [1, 2], horizontal=True, key="f_depth", help="Hops from the entity in focus.")
        st.slider(
            "Maximum nodes",
            10,
            300,
            step=10,
            key="f_max_nodes",
            help=f"The strongest links are kept; at depth 2 at most {READABLE_AT_DEPTH_TWO}, so names stay readable.",
        )
        st.slider(
            "Minimum confidence",
            0.0,
            1.0,
            step=0.05,
            key="f_min_confidence",
            help="Only statements read with at least this confidence.",
        )
        published = published_range(store)
        if published:
            first, last = published  # a date from a shared link may lie outside this corpus's range
            st.session_state.f_dates = tuple(min(max(day, first), last) for day in st.session_state.f_dates or ())
            st.date_input(
                "Published between",
                min_value=published[0],
                max_value=published[1],
                key="f_dates",
                help="Only what documents published in this range say (undated documents are left out).",
            )
        chosen = st.session_state.get("f_voice", "")
        voices = list(dict.fromkeys(["", OWN_VOICE, *speakers, *([chosen] if chosen else [])]))
        st.selectbox(
            "Said by", voices, key="f_voice", format_func=_voice_label,
            help="Only what the documents state in their own voice, or what one speaker is reported saying.",
        )
    return filters


def published_range(store: GraphStore) -> tuple[date, date] | None:
    """The first and last publication dates of the documents, when any is dated."""
    days = sorted(d.published[:10] for d in store.documents() if d.published)
    try:
        return (date.fromisoformat(days[0]), date.fromisoformat(days[-1])) if days else None
    except ValueError:
        return None


def _filters_in_state() -> Filters:
    state = st.session_state
    days = tuple(state.f_dates or ())  # a range being picked has its first day only
    return Filters(
        entity_types=tuple(state.f_entity_types),
        relation_types=tuple(state.f_relation_types),
        co_mentions=state.f_co_mentions,
        min_weight=state.f_min_weight,
        depth=state.f_depth,
        max_nodes=state.f_max_nodes,
        min_confidence=state.f_min_confidence,
        since=days[0].isoformat() if days else "",
        until=days[-1].isoformat() if len(days) > 1 else "",
        voice=state.get("f_voice", ""),
    )


def suggestions(store: GraphStore) -> None:
    st.caption("Or start from one of the most mentioned:")
    columns = st.columns(3)
    for index, entity in enumerate(store.top_entities(15)):
        with columns[index % 3]:
            st.button(
                esc(f"{entity.name} · {entity.mention_count}"),
                key=f"explore_top_{entity.id}",
                icon=icon(entity.type),
                type="tertiary",
                on_click=pick,
                args=("entity", entity.id, SEARCH_BOX),
            )


def admitted(store: GraphStore, relations: list[Relation], evidence: EvidenceFilter) -> list[Relation]:
    """The relations the filters admit: confident enough, stated in a document published in the range."""
    if not evidence.active:
        return relations
    published = {d.id: d.published for d in store.documents()} if evidence.dated else {}
    return [
        r
        for r in relations
        if r.confidence >= evidence.min_confidence and (not evidence.dated or evidence.admits(published.get(r.doc)))
    ]


def _set_view(view: GraphView) -> None:
    st.session_state[VIEW_KEY] = view


def profile(
    store: GraphStore, view: GraphView, on_screen: list[Entity], evidence: EvidenceFilter | None = None
) -> None:
    """The side panel: the selected entity, what can be done with it, and the evidence behind it (what the
    confidence and date filters admit)."""
    shown = {n.id: n for n in on_screen}  # full entity records: no need to read them again
    selected_id = view.selected if view.selected in shown else view.focus
    entity = shown.get(selected_id) or store.entity(selected_id)
    if entity is None:
        return
    st.markdown(f"#### {esc(entity.name)} {badge(entity.type)}", unsafe_allow_html=True)
    facts = f"{entity.mention_count} mentions in {entity.doc_count} document{'s' * (entity.doc_count != 1)}"
    if entity.aliases:
        facts += f" · also “{'”, “'.join(esc(a) for a in entity.aliases[:5])}”"
    if entity.roles:
        facts += f" · {esc(', '.join(entity.roles[:3]))}"
    st.markdown(f"<div class='xp-muted'>{facts}</div>", unsafe_allow_html=True)
    actions = st.container(horizontal=True)
    actions.button(
        "Expand",
        key="explore_expand",
        icon=":material/open_in_full:",
        on_click=_set_view,
        args=(expand(view, entity.id),),
        help="Add its neighbours to the graph.",
    )
    if entity.id != view.focus:
        actions.button(
            "Remove",
            key="explore_remove",
            icon=":material/visibility_off:",
            on_click=_set_view,
            args=(remove(view, [entity.id]),),
            help="Take it off the graph.",
        )
        actions.button(
            "Focus",
            key="explore_focus",
            icon=":material/center_focus_strong:",
            on_click=pick,
            args=("entity", entity.id, SEARCH_BOX),
            help="Centre the graph on it.",
        )
    st.markdown(link(href("entity", entity=entity.id), "Open the entity page →"), unsafe_allow_html=True)
    writer = EvidenceWriter(store)
    voice = st.session_state.get("f_voice", "")
    if entity.id == view.focus:
        relations = typed_first(store.relations_of(entity.id, limit=EVIDENCE_LIMIT))
        heading = "Strongest evidence"
    else:
        relations = typed_first(store.relations_between(view.focus, entity.id))
        focus = shown.get(view.focus) or store.entity(view.focus)
        heading = f"With {entity_link(focus.id, focus.name, focus.type)}" if focus else "Evidence"
    relations = [r for r in admitted(store, relations, evidence or EvidenceFilter()) if in_voice(r.speaker, voice)]
    sentences = sentence_count(relations)
    st.markdown(
        f"**{heading}** <span class='xp-muted'>({sentences} sentence{'s' * (sentences != 1)})</span>",
        unsafe_allow_html=True,
    )
    st.markdown(writer.relations(relations[:EVIDENCE_SHOWN]), unsafe_allow_html=True)
    if len(relations) > EVIDENCE_SHOWN:
        with st.expander("More evidence"):
            st.markdown(writer.relations(relations[EVIDENCE_SHOWN:80]), unsafe_allow_html=True)
