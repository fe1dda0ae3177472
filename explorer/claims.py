"""News is claims, not facts: which reports across documents are of one event, and where documents disagree.

A derived read over the GraphStore API (so it works on every backend and follows re-ingest and curation):
reports of the same kind of event, by overlapping participants, at no two different named places, are one
`SharedEvent` with each report a source. A `Disagreement` is where reports of one event give dates that
cannot both hold ("January 2020" contains "3 January 2020" and agrees with it), where they give different
figures for the same count, or where two documents state opposite relations between the same pair.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from explorer.model import Document, Entity, Event, Record, Relation, timeline_order
from explorer.store.base import GraphStore

DISAGREEMENT_KINDS = ("date", "figure", "relation")
Lookup = Callable[[Iterable[str]], dict[str, Entity]]
# Relation types that take sides: a "for" and an "against" between one pair from two documents disagree.
STANCE_FOR = ("ALLIED_WITH", "SUPPORTS")
STANCE_AGAINST = ("ATTACKED", "OPPOSES")
_SYMMETRIC = ("ALLIED_WITH",)
# Two reports share at least this many participants (all of them when one report has fewer).
MIN_SHARED_PARTICIPANTS = 2
_PLACE_TYPES = ("GPE", "LOC", "FAC")


@dataclass
class Claim(Record):
    """One side of a disagreement: what one document says, where, and in whose voice."""

    value: str
    doc: str
    sentence: int
    evidence: str
    speaker: str = ""
    title: str = ""
    source: str = ""
    published: str | None = None


@dataclass
class Disagreement(Record):
    """Documents that say different things about one subject (entity ids): `about` names the event, the
    count or the pair; `claims` has each side, document by document."""

    kind: str
    subject: list[str]
    about: str
    claims: list[Claim] = field(default_factory=list)


@dataclass
class SharedEvent(Record):
    """One event as several documents report it (each report an Event of its own document)."""

    reports: list[Event]

    @property
    def first(self) -> Event:
        return self.reports[0]

    @property
    def docs(self) -> list[str]:
        return list(dict.fromkeys(r.doc for r in self.reports))

    @property
    def participants(self) -> list[str]:
        return list(dict.fromkeys(p.entity for r in self.reports for p in r.participants))


def dates_agree(a: str | None, b: str | None) -> bool:
    """Whether two normalised dates can both be true: an unknown date agrees with anything; a coarser date
    agrees with the finer ones it contains ("2020-01" and "2020-01-03"); a day without a year ("--01-03")
    agrees with that day in any year."""
    if not a or not b:
        return True
    if a.startswith("--") or b.startswith("--"):
        day_month_a = a[1:] if a.startswith("--") else a[4:]
        day_month_b = b[1:] if b.startswith("--") else b[4:]
        return day_month_a.startswith(day_month_b) or day_month_b.startswith(day_month_a)
    return a.startswith(b) or b.startswith(a)


_AT_LEAST = re.compile(r"\b(at least|more than|over|above|upwards of|no fewer than)\b", re.I)
_AT_MOST = re.compile(r"\b(at most|up to|fewer than|less than|under|nearly|almost|no more than)\b", re.I)
_ABOUT = re.compile(r"\b(about|around|some|approximately|roughly|an estimated|estimated)\b", re.I)
ABOUT_MARGIN = 0.1  # "about 100" stands for 90 to 110


def figures_agree(a: tuple[float, str], b: tuple[float, str]) -> bool:
    """Whether two stated figures (value, text as written) can both be true: "at least 12" agrees with 15,
    "nearly 20" with 18, "about 100" with 95; 12 and 19 do not."""
    low_a, high_a = _figure_range(*a)
    low_b, high_b = _figure_range(*b)
    return low_a <= high_b and low_b <= high_a


def _figure_range(value: float, text: str) -> tuple[float, float]:
    if _AT_LEAST.search(text):
        return value, math.inf
    if _AT_MOST.search(text):
        return -math.inf, value
    if _ABOUT.search(text):
        return value * (1 - ABOUT_MARGIN), value * (1 + ABOUT_MARGIN)
    return value, value


def kinds_agree(a: Event, b: Event) -> bool:
    """Whether two reports are of one kind of act: the same relation type of their act ("held talks" and
    "embarked on discussions") with no two different ordinals ("first round", "second round"), or, for acts
    outside the vocabulary, the same verb and object ("open investigation")."""
    if not a.kind or not b.kind:  # a bare verb outside the vocabulary ("say") names no one act
        return not a.kind and not b.kind and " " in a.label and a.label.lower() == b.label.lower()
    (type_a, _, ordinal_a), (type_b, _, ordinal_b) = a.kind.partition(" "), b.kind.partition(" ")
    return type_a == type_b and (ordinal_a == ordinal_b or not ordinal_a or not ordinal_b)


def group_reports(events: Iterable[Event], entities: dict[str, Entity]) -> list[SharedEvent]:
    """Reports of one event across documents as one SharedEvent each, in timeline order. A report joins
    an event of its kind when they share participants and name no two different places; of several such
    events it joins one whose dates agree with its own first, and never one its document already reports
    at another date (two dates in one document are two events)."""
    shared: list[SharedEvent] = []
    by_entity: dict[str, list[SharedEvent]] = {}  # only events with a participant in common are compared
    # Finest dates first, so a coarse report ("October 2022") finds the events its document's neighbours
    # dated to the day before it is placed.
    for event in sorted(events, key=lambda e: (-len(e.date or ""), timeline_order(e))):
        near = {id(s): s for p in event.participants for s in by_entity.get(p.entity, [])}
        candidates = [s for s in near.values() if _same_event(s, event, entities)]
        candidates.sort(key=lambda s: not all(dates_agree(r.date, event.date) for r in s.reports))
        if candidates:
            joined = candidates[0]
            joined.reports.append(event)
        else:
            joined = SharedEvent([event])
            shared.append(joined)
        for participant in event.participants:
            if joined not in by_entity.setdefault(participant.entity, []):
                by_entity[participant.entity].append(joined)
    for event in shared:
        event.reports.sort(key=timeline_order)
    return sorted(shared, key=lambda s: timeline_order(s.first))


def _same_event(shared: SharedEvent, event: Event, entities: dict[str, Entity]) -> bool:
    if not all(kinds_agree(r, event) for r in shared.reports):
        return False
    if any(r.doc == event.doc and not dates_agree(r.date, event.date) for r in shared.reports):
        return False
    ours = {p.entity for p in event.participants}
    theirs = set(shared.participants)
    needed = min(MIN_SHARED_PARTICIPANTS, len(ours), len(theirs))
    if needed == 0 or len(ours & theirs) < needed:
        return False
    places = [_places(ours, entities), _places(theirs, entities)]
    return not (places[0] and places[1] and not places[0] & places[1])


def _places(ids: set[str], entities: dict[str, Entity]) -> set[str]:
    """The named places among participants (countries act as parties, so they are not places here)."""
    return {
        i for i in ids
        if i in entities and entities[i].type in _PLACE_TYPES and not entities[i].key.startswith("GPE:country:")
    }


def event_disagreements(shared: list[SharedEvent], documents: dict[str, Document]) -> list[Disagreement]:
    """Dates and figures that reports of one event from different documents give differently."""
    found: list[Disagreement] = []
    for event in shared:
        if len(event.docs) < 2:
            continue
        subject = sorted(set.intersection(*({p.entity for p in r.participants} for r in event.reports)))
        dated = [r for r in event.reports if r.date]
        if any(not dates_agree(a.date, b.date) for a in dated for b in dated if a.doc != b.doc):
            claims = [_claim(r.date or "", r, documents) for r in dated]
            found.append(Disagreement("date", subject, event.first.label, claims))
        counts: dict[str, list[tuple[float, str, Event]]] = {}
        for report in event.reports:
            for figure in report.figures:
                counts.setdefault(figure.quantity, []).append((figure.value, figure.text, report))
        for quantity, stated in sorted(counts.items()):
            if any(not figures_agree(a[:2], b[:2]) and a[2].doc != b[2].doc for a in stated for b in stated):
                claims = [_claim(text, report, documents) for _, text, report in stated]
                about = event.first.label if quantity == event.first.label else f"{event.first.label}: {quantity}"
                found.append(Disagreement("figure", subject, about, claims))
    return found


def relation_disagreements(relations: Iterable[Relation], documents: dict[str, Document]) -> list[Disagreement]:
    """Pairs of entities that one document says are on the same side and another on opposite sides."""
    by_pair: dict[tuple[str, str], list[Relation]] = {}
    for relation in relations:
        if relation.type in (*STANCE_FOR, *STANCE_AGAINST):
            pair = (min(relation.source, relation.target), max(relation.source, relation.target))
            by_pair.setdefault(pair, []).append(relation)
    found: list[Disagreement] = []
    for pair, stated in sorted(by_pair.items()):
        sides = [r for r in stated if any(_opposite(r, o) and o.doc != r.doc for o in stated)]
        if sides:
            claims = [_claim(r.type, r, documents) for r in sides]
            found.append(Disagreement("relation", list(pair), " / ".join(sorted({r.type for r in sides})), claims))
    return found


def _opposite(a: Relation, b: Relation) -> bool:
    """A "for" and an "against" relation between the same two entities: a symmetric one either way round,
    else in the same direction ("X supports Y" against "X opposes Y", not "Y opposes X")."""
    if (a.type in STANCE_FOR) == (b.type in STANCE_FOR):
        return False
    if a.type in _SYMMETRIC or b.type in _SYMMETRIC:
        return True
    return (a.source, a.target) == (b.source, b.target)


def _claim(value: str, record: Event | Relation, documents: dict[str, Document]) -> Claim:
    document = documents.get(record.doc)
    return Claim(
        value=value, doc=record.doc, sentence=record.sentence, evidence=record.evidence, speaker=record.speaker,
        title=document.title if document else "", source=document.source if document else "",
        published=document.published if document else None,
    )


def shared_events(store: GraphStore, entity_id: str | None = None, lookup: Lookup | None = None) -> list[SharedEvent]:
    """The timeline with each event once, its reports as sources; only events the entity takes part in
    when given (with every report of them, also those that do not name it). `lookup` reads entities by id
    (a page passes its cache, so no entity is read twice)."""
    events = store.timeline()
    ids = list(dict.fromkeys(p.entity for e in events for p in e.participants))
    known = lookup(ids) if lookup is not None else {e.id: e for e in store.entities(ids)}
    grouped = group_reports(events, known)
    if entity_id is None:
        return grouped
    return [s for s in grouped if entity_id in s.participants]


def disagreements(store: GraphStore, entity_id: str | None = None, lookup: Lookup | None = None) -> list[Disagreement]:
    """Every disagreement in the store (only those about the entity when given): dates, figures, relations."""
    documents = {d.id: d for d in store.documents()}
    found = event_disagreements(shared_events(store, lookup=lookup), documents)
    found += relation_disagreements(store.relations_by_type((*STANCE_FOR, *STANCE_AGAINST)), documents)
    if entity_id is not None:
        found = [d for d in found if entity_id in d.subject]
    return found
