"""Datelines: "BAGHDAD, Jan. 27, 2024 —", "AMMAN, Jordan (AP) —", "REDMOND, Wash. —".

A dateline opens a news story's first paragraph: the place it was filed from in capitals, perhaps its region,
perhaps the date and the agency's credit, then a dash. None of it is an entity or an event in its own right:
the place is the city under its usual spelling (one entity with the city's other mentions), the date is the
document's, the credit names its outlet. The `explorer_dateline` component rewrites the model's entities
over the dateline before mentions are built, and fills the document's date and outlet when not given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from explorer import knowledge
from explorer.extract import attributes  # noqa: F401 - declares doc._.dateline
from explorer.extract.attributes import document_of
from explorer.extract.token_table import token_table
from explorer.model import Document

# How far into the text a dateline may open (after a headline and a byline or two).
_FIRST_LINES = 6
_PLACE = r"(?P<place>[^\W\d_a-z][^\W\d_.’'\-]*(?:[ .’'\-]+[^\W\d_a-z][^\W\d_.’'\-]*)*\.?)"
_REGION = r"(?:,\s*(?P<region>(?:[A-Z][A-Za-z]*\.?\s?){1,3}?))"
_DATE = (
    r"(?:,?\s*(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?"
    r"|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{4})?))"
)
_CREDIT = r"(?:\s*\((?P<credit>[A-Z][\w&.’' -]{0,40})\))"
_DATELINE = re.compile(rf"^{_PLACE}{_REGION}??{_DATE}?{_CREDIT}?\s*(?:—|–|--?)\s*", re.M)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Wire services' credits and their usual names.
_AGENCIES = {"AP": "Associated Press", "AFP": "Agence France-Presse", "UPI": "United Press International"}


@dataclass(frozen=True)
class Dateline:
    """Where a dateline stands in the text (characters), the place under its usual name, its date (ISO, or
    None when it gives none or no year) and its credit ("" when none)."""

    start: int
    end: int
    place_start: int
    place_end: int
    place: str
    region_start: int | None
    region_end: int | None
    date: str | None
    outlet: str


def find_dateline(text: str) -> Dateline | None:
    """The dateline opening one of the text's first lines, or None."""
    offset = 0
    for line in text.split("\n", _FIRST_LINES)[:_FIRST_LINES]:
        found = _DATELINE.match(line)
        if found and _is_dateline(found):
            return _dateline(found, offset)
        offset += len(line) + 1
    return None


def _is_dateline(found: re.Match[str]) -> bool:
    """A place in capitals with a known city's name or more of a dateline than the dash ("BREAKING —" is
    not one); or a known city written as a name before an agency's credit ("Baghdad (AFP) —")."""
    place = found.group("place")
    if sum(c.isalpha() for c in place) < 2 or len(place.split()) > 4 or not _region_fits(found.group("region")):
        return False
    if place.isupper():
        return bool(knowledge.city_name(place) or found.group("region") or found.group("date") or found.group("credit"))
    return bool(found.group("credit") and knowledge.city_name(place))


def _region_fits(region: str | None) -> bool:
    """A region after the place is a country or a US state ("Jordan", "Wash."), not the start of a sentence."""
    if region is None:
        return True
    region = region.strip()
    return bool(knowledge.country_code(region) or knowledge.is_us_state(region))


def _dateline(found: re.Match[str], offset: int) -> Dateline:
    place = found.group("place").strip()
    credit = (found.group("credit") or "").strip()
    region = found.group("region")
    return Dateline(
        start=offset + found.start(),
        end=offset + found.end(),
        place_start=offset + found.start("place"),
        place_end=offset + found.start("place") + len(place),
        place=knowledge.city_name(place) or _title_case(place),
        region_start=offset + found.start("region") if region else None,
        region_end=offset + found.start("region") + len(region.strip()) if region else None,
        date=_full_date(found.group("date")),
        outlet=_AGENCIES.get(credit, credit),
    )


def _title_case(place: str) -> str:
    return re.sub(r"[^\W\d_]+", lambda word: word.group(0).capitalize(), place.lower())


def _full_date(text: str | None) -> str | None:
    """The ISO date a dateline gives with its year ("Jan. 27, 2024"), else None."""
    if not text:
        return None
    year = re.search(r"\d{4}", text)
    day = re.search(r"\b\d{1,2}\b", text)
    month = re.search(r"[A-Za-z]+", text)
    if not (year and day and month):
        return None
    try:
        return dt.date(int(year.group(0)), _MONTHS.index(month.group(0)[:3].lower()) + 1, int(day.group(0))).isoformat()
    except ValueError:  # "Feb. 30"
        return None


@Language.component("explorer_dateline", requires=["doc.ents"], assigns=["doc.ents", "doc._.dateline"])
def dateline(doc: Doc) -> Doc:
    """The dateline's place as one GPE, its region as a country when it is one, nothing else of it an entity;
    the document takes the dateline's date and credit where it has none."""
    found = find_dateline(token_table(doc).doc_text)
    doc._.dateline = found
    if found is None:
        return doc
    kept = [e for e in doc.ents if e.end_char <= found.start or e.start_char >= found.end]
    added = [_span(doc, found.place_start, found.place_end)]
    if found.region_start is not None and found.region_end is not None:
        region = _span(doc, found.region_start, found.region_end)
        if region is not None and knowledge.country_code(region.text):
            added.append(region)
    doc.ents = sorted(kept + [s for s in added if s is not None], key=lambda s: s.start)
    doc._.document = with_dateline(document_of(doc), found)
    return doc


def with_dateline(document: Document, found: Dateline | None = None) -> Document:
    """`document` with the date and outlet of its dateline (`found`, else looked for) where it has none."""
    found = found or find_dateline(document.text)
    if found is None or (document.published or not found.date) and (document.outlet or not found.outlet):
        return document
    return replace(document, published=document.published or found.date, outlet=document.outlet or found.outlet)


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, label="GPE", alignment_mode="contract")
