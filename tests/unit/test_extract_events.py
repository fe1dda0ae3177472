"""Event dates: normalised, relative to the document's date; a day-month takes its year from the publication date."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.extract import extract, load_nlp
from explorer.extract.events import DATE_INFERRED, YEAR_INFERRED, entity_spans, normalise_date, read_date
from explorer.model import Document

ARTICLES = sorted((Path(__file__).resolve().parents[1] / "data" / "articles").glob("*.txt"))


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


@pytest.mark.parametrize(
    "text",
    ["Jan. 27, 2024", "27 January 2024", "January 27, 2024", "2024-01-27", "27 Jan. 2024", "Jan 27 2024",
     "Saturday, Jan. 27, 2024", "the 27th of January 2024"],
)
def test_a_full_date_in_any_news_form_is_one_day_as_written(text):
    assert read_date(text, "2024-06-01") == ("2024-01-27", "day", "")
    assert read_date(text, None) == ("2024-01-27", "day", "")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Oct. 13, 2023", "2024-06-01", ("2023-10-13", "day", "")),
        ("Sept. 3", "2024-06-01", ("2023-09-03", "day", YEAR_INFERRED)),
        ("January 27th", "2024-06-01", ("2024-01-27", "day", YEAR_INFERRED)),
        ("October 7", "2024-05-14", ("2023-10-07", "day", YEAR_INFERRED)),
        ("on Saturday", "2024-01-29", ("2024-01-27", "day", DATE_INFERRED)),  # the Saturday before a Monday
        ("Saturday", "2024-01-27", ("2024-01-27", "day", DATE_INFERRED)),  # published on a Saturday: that day
        ("yesterday", "2024-05-14", ("2024-05-13", "day", DATE_INFERRED)),
        ("January 27th", None, ("--01-27", "day-month", "")),  # no publication date: no year to give it
        ("on Saturday", None, (None, "unknown", "")),
    ],
)
def test_what_the_publication_date_gave_is_marked(text, published, expected):
    assert read_date(text, published) == expected


def test_a_weekday_event_is_marked_as_reckoned_from_the_publication_date():
    doc = Document.from_text("Acme Corporation bought Globex in Paris on Saturday.", published="2024-01-29")
    (event,) = extract(doc, load_nlp()).events
    assert (event.date, event.precision, event.date_inferred) == ("2024-01-27", "day", DATE_INFERRED)


def test_events_carry_participants_and_evidence():
    doc = Document.from_text(
        "Israel launched an offensive in Gaza on October 7. Talks resumed for months.", published="2023-10-20"
    )
    x = extract(doc, load_nlp())
    (event,) = x.events
    names = {e.id: e.name for e in x.entities}
    assert event.date == "2023-10-07" and event.precision == "day" and event.date_text == "October 7"
    assert event.date_inferred == YEAR_INFERRED
    assert {names[p.entity] for p in event.participants} == {"Israel", "Gaza"}
    assert any(p.role == "agent" and names[p.entity] == "Israel" for p in event.participants)
    assert event.evidence.startswith("Israel launched")


def test_entity_spans_are_doc_ents_read_off_arrays():
    nlp = load_nlp()
    texts = [path.read_text(encoding="utf-8") for path in ARTICLES] + ["", "Paris", "On 3 May 2021 Acme Corp met IBM."]
    for text in texts:
        doc = nlp(text)
        assert entity_spans(doc) == [(e.start, e.end, e.label_) for e in doc.ents]
