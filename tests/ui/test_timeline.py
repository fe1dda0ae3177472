"""Timeline: events placed on a time axis by precision, years not stated after dated ones, undated last."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from explorer.model import Document, Entity, Event, Extraction, Participant
from tests.ui.conftest import all_text, fill, open_page

SENTENCE = "Acme opened a plant in 2019, sold it in March 2021, on 4 May 2022 and on 7 October, then sometime."


def _event(key: str, date: str | None, precision: str, date_text: str, doc: str, inferred: str = "") -> Event:
    return Event(
        f"ev-{key}", f"event {key}", date, precision, doc, 0, SENTENCE, [Participant("acme", "agent")], date_text,
        inferred,
    )


@pytest.fixture
def timeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    doc = Document.from_text(
        f"Acme news\n{SENTENCE}", source="tests/acme.txt", published="2024-01-29", outlet="Acme Wire"
    )
    events = [
        _event("undated", None, "unknown", "sometime", doc.id),
        _event("no-year", "--10-07", "day-month", "7 October", doc.id),
        _event("inferred", "2023-10-07", "day", "October 7", doc.id),
        _event("weekday", "2024-01-27", "day", "on Saturday", doc.id, "date"),
        _event("day", "2022-05-04", "day", "4 May 2022", doc.id),
        _event("month", "2021-03", "month", "March 2021", doc.id),
        _event("year", "2019", "year", "2019", doc.id),
    ]
    acme = Entity("acme", "Acme", "ORG", [], 1, 1)
    monkeypatch.setenv("EXPLORER_STORE", fill(tmp_path / "graph.db", [Extraction(doc, [acme], [], [], events)]))
    return open_page("timeline")


def headings(at: AppTest) -> list[str]:
    """Section headings and event dates, in page order."""
    found = []
    for markdown in at.markdown:
        value = str(markdown.value)
        if value.startswith("#### "):
            found.append(value[5:])
        elif match := re.match(r"<div style='margin-top:.6em'><b>(.*?)</b>", value):
            found.append(match.group(1))
    return found


def test_events_are_listed_oldest_first_with_sections_for_unknown_years(timeline):
    assert headings(timeline) == [
        "2019",
        "March 2021",
        "4 May 2022",
        "7 October 2023",
        "27 January 2024",
        "Year not stated",
        "7 October",
        "Undated",
        "sometime",
    ]


def test_a_year_taken_from_the_publication_date_is_marked(timeline):
    assert "day, year from publication date" in all_text(timeline)


def test_a_weekday_reckoned_from_the_publication_date_is_marked(timeline):
    text = all_text(timeline)
    assert "day, date from publication date</span> event weekday" in text
    assert "year from publication date</span> event weekday" not in text


def test_each_events_evidence_names_its_outlet_and_date(timeline):
    assert all_text(timeline).count("— Acme Wire, 29 Jan 2024") == 7  # every event listed


def test_the_chart_places_only_events_with_a_year_on_the_axis(timeline):
    (chart,) = timeline.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["encoding"]["x"]["type"] == "temporal"
    rows = chart.proto.data.data  # Arrow IPC bytes of the plotted rows
    assert rows
    table = pa.ipc.open_stream(rows).read_all().to_pydict()
    assert sorted(zip(table["start"], table["end"], table["precision"], strict=True)) == [
        ("2019-01-01", "2019-12-31", "year"),
        ("2021-03-01", "2021-03-31", "month"),
        ("2022-05-04", "2022-05-04", "day"),
        ("2023-10-07", "2023-10-07", "day"),
        ("2024-01-27", "2024-01-27", "day"),
    ]
