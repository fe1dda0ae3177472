"""Event dates: normalised, relative to the document's date; a day-month takes its year from the publication date."""

from __future__ import annotations

import pytest

from explorer.extract import extract, load_nlp
from explorer.extract.events import normalise_date
from explorer.model import Document


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("May 30, 2021", None, ("2021-05-30", "day")),
        ("30 May 2021", None, ("2021-05-30", "day")),
        ("October 7", "2024-05-14", ("2023-10-07", "day")),  # the last 7 October before publication
        ("May 14", "2024-05-14", ("2024-05-14", "day")),
        ("February 29", "2025-03-01", ("--02-29", "day-month")),  # no 29 February in 2025: left without a year
        ("October 7", None, ("--10-07", "day-month")),
        ("January 2020", None, ("2020-01", "month")),
        ("2003", None, ("2003", "year")),
        ("Tuesday", "2024-05-14", ("2024-05-14", "day")),  # published on a Tuesday: that day
        ("Monday", "2024-05-14", ("2024-05-13", "day")),
        ("Tuesday", None, (None, "unknown")),
        ("yesterday", "2024-05-14", ("2024-05-13", "day")),
        ("last year", "2024-05-14", ("2023", "year")),
    ],
)
def test_normalise_date(text, published, expected):
    assert normalise_date(text, published) == expected


def test_events_carry_participants_and_evidence():
    doc = Document.from_text(
        "Israel launched an offensive in Gaza on October 7. Talks resumed for months.", published="2023-10-20"
    )
    x = extract(doc, load_nlp())
    (event,) = x.events
    names = {e.id: e.name for e in x.entities}
    assert event.date == "2023-10-07" and event.precision == "day" and event.date_text == "October 7"
    assert {names[p.entity] for p in event.participants} == {"Israel", "Gaza"}
    assert any(p.role == "agent" and names[p.entity] == "Israel" for p in event.participants)
    assert event.evidence.startswith("Israel launched")
