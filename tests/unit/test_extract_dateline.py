"""Datelines: the place is the city under its usual name, the date the document's, the credit its outlet; none
of it an entity of its own or an event."""

from __future__ import annotations

import pytest

from explorer import knowledge
from explorer.extract import extract
from explorer.extract.dateline import find_dateline
from explorer.ingest import ingest_documents
from explorer.learn.written import ENTITIES_FILE, read_written
from explorer.model import Document
from explorer.store.sqlite import SQLiteStore


@pytest.mark.parametrize(
    ("text", "place", "date", "outlet"),
    [
        ("Headline\nBAGHDAD, Jan. 27, 2024 — Iraqi forces said.", "Baghdad", "2024-01-27", ""),
        ("AMMAN, Jordan (AP) — The king spoke.", "Amman", None, "Associated Press"),
        ("REDMOND, Wash. — The company said.", "Redmond", None, ""),
        ("BAGHDAD (Reuters) - Officials said.", "Baghdad", None, "Reuters"),
        ("NEW YORK, Oct. 13 (Reuters) - Shares fell.", "New York", None, "Reuters"),  # no year: not a date
        ("İZMİR, Turkey — Rescuers said.", "İzmir", None, ""),
        ("Title\nBy Jane Roe\nKYIV, 3 October 2023 — Officials said.", "Kyiv", "2023-10-03", ""),
        ("Baghdad, Jan 27, 2024 (AFP) - Officials said.", "Baghdad", "2024-01-27", "Agence France-Presse"),
    ],
)
def test_a_dateline_gives_its_place_date_and_credit(text, place, date, outlet):
    found = find_dateline(text)
    assert found is not None
    assert (found.place, found.date, found.outlet) == (place, date, outlet)
    assert knowledge.normalise_name(text[found.place_start : found.place_end]) == knowledge.normalise_name(place)


@pytest.mark.parametrize(
    "text",
    [
        "BREAKING — Markets fell.",  # capitals, but no known city and nothing else of a dateline
        "NATO said — on Monday — that it would act.",
        "Baghdad, Jan. 27, 2024 — written as a sentence, not a dateline.",
        "ACME, Quietly — a company, not a place.",
        "Kessler Systems (Reuters) — a credit after a name that is no city.",
    ],
)
def test_other_openings_are_not_datelines(text):
    assert find_dateline(text) is None


def test_a_dateline_with_a_day_no_month_has_is_not_a_date():
    found = find_dateline("BAGHDAD, Feb. 30, 2024 — Officials said.")
    assert found is not None and (found.place, found.date) == ("Baghdad", None)


def test_a_dateline_is_the_city_and_the_documents_date(nlp):
    document = Document.from_text(
        "Rockets hit airport\nBAGHDAD, Jan. 27, 2024 — Iraqi forces arrested eight men in Baghdad, the Interior "
        "Ministry said.\nThe men were held in Basra."
    )
    extraction = extract(document, nlp)
    names = {e.name for e in extraction.entities}
    assert "BAGHDAD" not in names and "Baghdad" in names
    baghdad = next(e for e in extraction.entities if e.name == "Baghdad")
    assert baghdad.type == "GPE" and baghdad.aliases == ["BAGHDAD"] and baghdad.mention_count == 2
    assert extraction.document.published == "2024-01-27"
    assert all("2024" not in e.date_text and "27" not in e.date_text for e in extraction.events)


def test_a_state_after_the_city_is_not_an_entity_and_the_credit_is_the_outlet(nlp):
    document = Document.from_text("REDMOND, Wash. (AP) — Kessler Systems won a contract from the Pentagon on Tuesday.")
    extraction = extract(document, nlp)
    names = {e.name for e in extraction.entities}
    assert "Redmond" in names and not names & {"REDMOND", "Wash.", "Wash"}
    assert (extraction.document.outlet, extraction.document.published) == ("Associated Press", None)


def test_given_dates_and_outlets_win_over_the_dateline(nlp):
    document = Document.from_text(
        "BAGHDAD, Jan. 27, 2024 (Reuters) — Iraqi forces arrested eight men.", published="2024-01-28",
        outlet="The Tigris Post",
    )
    extraction = extract(document, nlp)
    assert (extraction.document.published, extraction.document.outlet) == ("2024-01-28", "The Tigris Post")


def _dateline_articles():
    found = []
    for article in read_written(ENTITIES_FILE):
        dateline = find_dateline(article.document.text)
        if dateline is not None:
            found.append((article, article.document.text[dateline.start : dateline.end], dateline))
    return found


def test_the_entity_checks_datelines_become_their_cities(tmp_path):
    """The entity-check corpus (bench/data/written/entities.txt) ingested: no `not:` string written in a
    dateline ("BAGHDAD", "Wash.", "Jan. 27") names an entity, and each dateline city is the entity its
    `expect:` line names, with the capitals among its aliases."""
    articles = _dateline_articles()
    assert len(articles) >= 8
    store = SQLiteStore.open(f"sqlite:///{tmp_path / 'graph.db'}")
    documents = [Document.from_text(a.document.text, source=a.id) for a, _, _ in articles]
    ingest_documents(documents, store, workers=1)
    entities = list(store.iter_entities())
    names = {e.name for e in entities}
    checked = 0
    for article, written, dateline in articles:
        capitals = written[: dateline.place_end - dateline.start]
        for string in article.check.not_entities:
            if string in written:
                checked += 1
                assert string not in names, (article.id, string)
        expected = next(x for x in article.check.expect if capitals in x.aliases)
        city = [e for e in entities if e.name == expected.name and capitals in e.aliases]
        assert city and city[0].type == expected.type, (article.id, expected.name)
    assert checked >= 3  # BAGHDAD, Jan. 27, REDMOND, Wash. …
    store.close()


def test_a_long_document_takes_its_datelines_date_and_credit_too(nlp):
    from explorer.extract.chunks import extract_long

    paragraph = "Iraqi forces arrested eight men in Basra on Saturday, the Interior Ministry said.\n"
    document = Document.from_text("Arrests\nBAGHDAD, Jan. 29, 2024 (Reuters) — " + paragraph * 40)
    extraction = extract_long(document, nlp, limit=800)
    assert (extraction.document.published, extraction.document.outlet) == ("2024-01-29", "Reuters")
    assert {e.date for e in extraction.events} == {"2024-01-27"}  # every chunk reckons Saturday from it
    assert "Baghdad" in {e.name for e in extraction.entities}
