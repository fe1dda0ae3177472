"""Timeline: dated events, oldest first, filterable by entity, each with its evidence and date precision."""

from __future__ import annotations

import calendar
from collections import Counter

import streamlit as st

from explorer.model import Event
from explorer.store.base import GraphStore
from explorer.ui.evidence import EvidenceWriter
from explorer.ui.markup import badge, doc_link, entity_link, esc
from explorer.ui.search import entity_search

MAX_SHOWN = 300


def render(store: GraphStore) -> None:
    st.markdown("### :material/timeline: Timeline")
    entity_id = st.query_params.get("entity")
    entity = store.entity(entity_id) if entity_id else None
    top = st.columns([3, 1])
    with top[0]:
        entity_search(store, param="entity", key="timeline_search", label="Events of")
    if entity is not None:
        top[1].button("All events", icon=":material/close:", on_click=_clear)
        st.markdown(
            f"Events involving {entity_link(entity.id, entity.name, entity.type)} {badge(entity.type)}",
            unsafe_allow_html=True,
        )
    events = store.timeline(entity.id if entity else None)
    if not events:
        st.info("No dated events" + (f" involving {esc(entity.name)}." if entity else " in this store yet."))
        return
    chart(events)
    writer = EvidenceWriter(store)
    for event in events[:MAX_SHOWN]:
        render_event(writer, event)
    if len(events) > MAX_SHOWN:
        st.caption(f"and {len(events) - MAX_SHOWN} later events")


def _clear() -> None:
    st.query_params.pop("entity", None)


def date_label(event: Event) -> str:
    """The date as precisely as the text gave it: "30 May 2021", "May 2021", "2021", "7 October"."""
    date = event.date or ""
    parts = date.lstrip("-").split("-")
    try:
        if event.precision == "day" and len(parts) == 3:
            return f"{int(parts[2])} {calendar.month_name[int(parts[1])]} {parts[0]}"
        if event.precision == "month" and len(parts) >= 2:
            return f"{calendar.month_name[int(parts[1])]} {parts[0]}"
        if event.precision == "year":
            return parts[0]
        if event.precision == "day-month" and len(parts) == 2:
            return f"{int(parts[1])} {calendar.month_name[int(parts[0])]}"
    except (ValueError, IndexError):
        pass
    return event.date_text or date or "undated"


def chart(events: list[Event]) -> None:
    """Events per year-month, for those dated at least to the month."""
    per_month = Counter(e.date[:7] for e in events if e.date and e.precision in ("day", "month"))
    if len(per_month) > 1:
        st.bar_chart({"events": dict(sorted(per_month.items()))}, height=160, color="#4C8EDA")


def render_event(writer: EvidenceWriter, event: Event) -> None:
    ids = [p.entity for p in event.participants]
    found = writer.entities(ids)
    who = " · ".join(
        f"{entity_link(e.id, e.name, e.type)} <span class='xp-muted'>{esc(p.role)}</span>"
        for p in event.participants
        if (e := found.get(p.entity))
    )
    st.markdown(
        f"<div style='margin-top:.6em'><b>{esc(date_label(event))}</b> "
        f"<span class='xp-rel'>{esc(event.precision)}</span> {esc(event.label)}</div>"
        f"<div class='xp-evidence'>{writer.sentence(event.evidence, ids)}"
        f"<span class='xp-src'>{who + ' · ' if who else ''}{doc_link(event.doc, writer.title(event.doc))}"
        f"{' · “' + esc(event.date_text) + '”' if event.date_text else ''}</span></div>",
        unsafe_allow_html=True,
    )
