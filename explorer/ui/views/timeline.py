"""Timeline: dated events, oldest first, filterable by entity, each with its evidence and date precision; an
event several documents report is shown once with each report as a source, saying where their dates or
figures disagree."""

from __future__ import annotations

import calendar
import re

import streamlit as st

from explorer.claims import dates_agree, shared_events
from explorer.model import Event
from explorer.store.base import GraphStore
from explorer.ui.evidence import EvidenceWriter, said
from explorer.ui.markup import badge, entity_link, esc
from explorer.ui.search import entity_from_url, entity_search

MAX_SHOWN = 300
_YEAR = re.compile(r"\b\d{4}\b")
SECTIONS = {"dated": "", "no-year": "Year not stated", "undated": "Undated"}


def render(store: GraphStore) -> None:
    st.markdown("### :material/timeline: Timeline")
    entity = entity_from_url(store)
    top = st.columns([3, 1])
    with top[0]:
        entity_search(store, param="entity", key="timeline_search", label="Events of")
    if entity is not None:
        top[1].button("All events", icon=":material/close:", on_click=_clear)
        st.markdown(
            f"Events involving {entity_link(entity.id, entity.name, entity.type)} {badge(entity.type)}",
            unsafe_allow_html=True,
        )
    writer = EvidenceWriter(store)
    shared = shared_events(store, entity.id if entity else None, lookup=writer.entities)
    events = [s.first for s in shared]
    if not events:
        st.info("No dated events" + (f" involving {esc(entity.name)}." if entity else " in this store yet."))
        return
    chart([r for reported in shared for r in reported.reports], writer)  # each report at the date it gives
    section = None
    for reported in shared[:MAX_SHOWN]:
        event = reported.first
        if SECTIONS[_section(event)] != section:
            section = SECTIONS[_section(event)]
            if section:
                st.markdown(f"#### {section}")
        render_event(writer, event, reported.reports[1:])
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


# What of an event's date the publication date gave (Event.date_inferred), as the timeline says it.
INFERRED = {"year": "year from publication date", "date": "date from publication date"}
_RECKONED = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|ago|last)\b", re.I)


def precision_label(event: Event) -> str:
    """The precision, saying what came from the publication date: the year ("October 7" in a 2024 article) or
    the whole date ("on Saturday"). Events stored before `date_inferred` existed are judged by their text."""
    inferred = event.date_inferred
    if not inferred and event.precision == "day" and event.date_text and not _YEAR.search(event.date_text):
        inferred = "date" if _RECKONED.search(event.date_text) else "year"
    return f"{event.precision}, {INFERRED[inferred]}" if inferred in INFERRED else event.precision


def chart(events: list[Event], writer: EvidenceWriter) -> None:
    """Events on a time axis: a point for a day, a bar across the month or year when that is all the text gave."""
    rows = [row for event in events if (row := _chart_row(event, writer))]
    if not rows:
        return
    spec = {
        "height": 60 + 28 * len({r["precision"] for r in rows}),
        "layer": [
            {
                "mark": {"type": "bar", "height": 10, "cornerRadius": 3, "opacity": 0.55},
                "transform": [{"filter": "datum.precision != 'day'"}],
                "encoding": {"x2": {"field": "end"}},
            },
            {
                "mark": {"type": "circle", "size": 90, "opacity": 0.85},
                "transform": [{"filter": "datum.precision == 'day'"}],
            },
        ],
        "encoding": {
            "x": {
                "field": "start",
                "type": "temporal",
                "title": None,
                "axis": {"labelOverlap": True},
                "scale": {"padding": 12},
            },
            "y": {"field": "precision", "type": "nominal", "title": None, "sort": ["day", "month", "year"]},
            "color": {
                "field": "precision",
                "type": "nominal",
                "legend": None,
                "scale": {"domain": ["day", "month", "year"], "range": ["#2563eb", "#0d9488", "#9333ea"]},
            },
            "tooltip": [
                {"field": "when", "title": "date"},
                {"field": "label", "title": "event"},
                {"field": "who", "title": "who"},
                {"field": "sentence", "title": "evidence"},
            ],
        },
    }
    st.vega_lite_chart(rows, spec, width="stretch")


def _chart_row(event: Event, writer: EvidenceWriter) -> dict[str, str] | None:
    span = _span(event)
    if span is None:
        return None
    names = writer.entities(p.entity for p in event.participants)
    who = ", ".join(names[p.entity].name for p in event.participants if p.entity in names)
    sentence = event.evidence if len(event.evidence) <= 160 else event.evidence[:157] + "…"
    return {
        "start": span[0],
        "end": span[1],
        "precision": event.precision,
        "when": date_label(event),
        "label": event.label,
        "who": who,
        "sentence": sentence,
    }


def _span(event: Event) -> tuple[str, str] | None:
    """First and last day the date can mean, for the precisions a time axis can place."""
    date = event.date or ""
    if event.precision == "day" and len(date) == 10:
        return date, date
    if event.precision == "month" and len(date) == 7:
        year, month = int(date[:4]), int(date[5:])
        return f"{date}-01", f"{date}-{calendar.monthrange(year, month)[1]:02d}"
    if event.precision == "year" and len(date) == 4:
        return f"{date}-01-01", f"{date}-12-31"
    return None


def _section(event: Event) -> str:
    if event.date is None:
        return "undated"
    return "no-year" if event.date.startswith("--") else "dated"


def render_event(writer: EvidenceWriter, event: Event, more: list[Event] | None = None) -> None:
    """One event: its date, label and participants, then its sentence and every other report of it (a
    source each); a note says when the reports give dates that cannot both hold."""
    more = more or []
    ids = [p.entity for p in event.participants]
    found = writer.entities(ids)
    who = " · ".join(
        f"{entity_link(e.id, e.name, e.type)} <span class='xp-muted'>{esc(p.role)}</span>"
        for p in event.participants
        if (e := found.get(p.entity))
    )
    reports = [event, *more]
    sources = f" <span class='xp-muted'>· {len({r.doc for r in reports})} sources</span>" if more else ""
    st.markdown(
        f"<div style='margin-top:.6em'><b>{esc(date_label(event))}</b> "
        f"<span class='xp-rel'>{esc(precision_label(event))}</span> {esc(event.label)}{sources}</div>"
        + disagreement_note(writer, reports)
        + "".join(
            writer.block(r.evidence, ids, r.doc, before=f"{who} · " if who and r is event else "", after=_after(r))
            for r in reports
        ),
        unsafe_allow_html=True,
    )


def _after(event: Event) -> str:
    """What follows a report's document link: its date as written and who it quotes."""
    quoted_date = f" · “{esc(event.date_text)}”" if event.date_text else ""
    return quoted_date + said(event.speaker)


def disagreement_note(writer: EvidenceWriter, reports: list[Event]) -> str:
    """A warning line when reports of one event from different documents give dates that cannot both hold."""
    dated = [r for r in reports if r.date]
    if not any(not dates_agree(a.date, b.date) for a in dated for b in dated if a.doc != b.doc):
        return ""
    sides = " · ".join(f"{esc(date_label(r))} ({esc(writer.title(r.doc))})" for r in dated)
    return f"<div class='xp-disagree'>⚠ The sources disagree on the date: {sides}</div>"
