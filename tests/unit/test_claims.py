"""explorer.claims on records: which dates agree, which reports are one event, which relations take
opposite sides."""

from __future__ import annotations

import pytest

from explorer.claims import (
    dates_agree,
    event_disagreements,
    figures_agree,
    group_reports,
    kinds_agree,
    relation_disagreements,
)
from explorer.model import Document, Entity, Event, Figure, Participant, Relation


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("2020-01", "2020-01-03", True),  # a coarser date contains a finer one
        ("2020", "2020-01-03", True),
        ("2020-01-03", "2020-01-03", True),
        ("2021-05-30", "2024-01-27", False),
        ("2020-01", "2020-02-01", False),
        ("--01-03", "2020-01-03", True),  # a day without a year agrees with that day in any year
        ("--01-03", "2020-01-04", False),
        ("--01-03", "2020-01", True),
        (None, "2020-01-03", True),
    ],
)
def test_dates_agree(a, b, agree):
    assert dates_agree(a, b) is agree
    assert dates_agree(b, a) is agree


ENTITIES = {
    "us": Entity("us", "United States", "GPE", key="GPE:country:US"),
    "iq": Entity("iq", "Iraq", "GPE", key="GPE:country:IQ"),
    "bgd": Entity("bgd", "Baghdad", "GPE", key="PLACE:baghdad"),
    "erb": Entity("erb", "Erbil", "GPE", key="PLACE:erbil"),
}


def _event(key: str, doc: str, date: str, who: tuple[str, ...], kind: str = "NEGOTIATED_WITH", **more) -> Event:
    return Event(
        key, "hold talk", date, "day", doc, 0, f"{key} sentence", [Participant(w) for w in who], kind=kind, **more
    )


def test_reports_of_one_event_group_across_documents_whatever_their_dates():
    a = _event("a", "d1", "2021-05-30", ("us", "iq", "bgd"))
    b = _event("b", "d2", "2024-01-27", ("us", "iq"), kind="NEGOTIATED_WITH 1")
    (shared,) = group_reports([a, b], ENTITIES)
    assert [r.id for r in shared.reports] == ["a", "b"]


@pytest.mark.parametrize(
    "other",
    [
        _event("b", "d2", "2021-05-30", ("us", "iq", "erb")),  # another named place
        _event("b", "d2", "2021-05-30", ("us", "bgd"), kind="ATTACKED"),  # another kind of act
        _event("b", "d2", "2021-05-30", ("us", "erb")),  # one participant shared of two
        _event("b", "d1", "2021-06-30", ("us", "iq", "bgd")),  # the same document at another date
    ],
)
def test_reports_that_are_not_one_event_stay_apart(other):
    a = _event("a", "d1", "2021-05-30", ("us", "iq", "bgd"))
    assert len(group_reports([a, other], ENTITIES)) == 2


def test_ordinals_tell_rounds_apart():
    first = _event("a", "d1", "", (), kind="NEGOTIATED_WITH 1")
    second = _event("b", "d2", "", (), kind="NEGOTIATED_WITH 2")
    unnumbered = _event("c", "d3", "", (), kind="NEGOTIATED_WITH")
    assert not kinds_agree(first, second)
    assert kinds_agree(first, unnumbered) and kinds_agree(unnumbered, second)


def test_a_report_joins_the_event_whose_date_it_agrees_with():
    first = _event("a", "d1", "2022-06-04", ("us", "iq"))
    second = _event("b", "d1", "2022-10-20", ("us", "iq"))
    later = _event("c", "d2", "2022-10", ("us", "iq"))
    shared = group_reports([first, second, later], ENTITIES)
    assert sorted(sorted(r.id for r in s.reports) for s in shared) == [["a"], ["b", "c"]]


DOCS = {d: Document(d, f"Title {d}", "", source=f"Outlet {d}", published="2024-02-01") for d in ("d1", "d2")}


def test_dates_and_figures_that_differ_across_documents_disagree():
    a = _event("a", "d1", "2022-08-14", ("us", "iq"), figures=[Figure("kill people", 12, "12")])
    b = _event("b", "d2", "2022-08", ("us", "iq"), figures=[Figure("kill people", 19, "19")])
    c = _event("c", "d2", "2022-08", ("us", "iq"), figures=[Figure("wound people", 30, "30")])
    found = event_disagreements(group_reports([a, b, c], ENTITIES), DOCS)
    assert [(d.kind, sorted((c.value, c.doc) for c in d.claims)) for d in found] == [
        ("figure", [("12", "d1"), ("19", "d2")])
    ]
    first = next(c for c in found[0].claims if c.doc == "d1")
    assert (first.source, first.published, first.evidence) == ("Outlet d1", "2024-02-01", "a sentence")


def _relation(source: str, target: str, kind: str, doc: str) -> Relation:
    return Relation(source, target, kind, kind.lower(), doc, 0, f"{source} {kind} {target}")


@pytest.mark.parametrize(
    ("first", "second", "disagree"),
    [
        (("a", "b", "ALLIED_WITH"), ("b", "a", "ATTACKED"), True),  # allied reads both ways
        (("a", "b", "SUPPORTS"), ("a", "b", "OPPOSES"), True),
        (("a", "b", "SUPPORTS"), ("b", "a", "OPPOSES"), False),  # b may oppose a that supports it
        (("a", "b", "SUPPORTS"), ("a", "b", "SUPPORTS"), False),
        (("a", "b", "ATTACKED"), ("a", "b", "OPPOSES"), False),  # both against
    ],
)
def test_opposite_relations_disagree(first, second, disagree):
    found = relation_disagreements([_relation(*first, "d1"), _relation(*second, "d2")], DOCS)
    assert bool(found) is disagree


def test_opposite_relations_in_one_document_are_not_a_disagreement_between_sources():
    relations = [_relation("a", "b", "ALLIED_WITH", "d1"), _relation("a", "b", "ATTACKED", "d1")]
    assert relation_disagreements(relations, DOCS) == []


def test_a_bare_verb_outside_the_vocabulary_names_no_one_event():
    """Two statements ("Iraq said on Tuesday …", "Iraq said on Friday …") are not one event told twice."""
    a = Event("a", "say", "2024-01-02", "day", "d1", 0, "a", [Participant("us"), Participant("iq")])
    b = Event("b", "say", "2024-01-05", "day", "d2", 0, "b", [Participant("us"), Participant("iq")])
    assert len(group_reports([a, b], ENTITIES)) == 2
    c = Event("c", "open inquiry", "2024-01-02", "day", "d1", 0, "c", [Participant("us"), Participant("iq")])
    d = Event("d", "open inquiry", "2024-01", "month", "d2", 0, "d", [Participant("us"), Participant("iq")])
    assert len(group_reports([c, d], ENTITIES)) == 1


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ((12, "12"), (19, "19"), False),
        ((12, "at least 12"), (19, "19"), True),
        ((20, "nearly 20"), (18, "18"), True),
        ((20, "nearly 20"), (25, "25"), False),
        ((100, "about 100"), (95, "95"), True),
        ((100, "about 100"), (150, "150"), False),
        ((3000, "3,000"), (3000, "3000"), True),
    ],
)
def test_figures_agree(a, b, agree):
    assert figures_agree(a, b) is agree
    assert figures_agree(b, a) is agree
