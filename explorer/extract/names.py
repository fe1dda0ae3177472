"""Surface forms of names: cleaning spans and the normalised form used for keys and matching."""

from __future__ import annotations

from spacy.tokens import Span

from explorer.knowledge import normalise_name as normalise_name  # re-exported for the extract package

KEPT_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT")

_LEADING_DROP = {"the", "a", "an", "this", "that", "these", "those"}
_POSSESSIVE = {"'s", "’s", "'", "’"}


def clean_span(span: Span) -> Span | None:
    """`span` without a leading article, a trailing possessive or punctuation; None if nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in _LEADING_DROP or _is_edge_junk(doc[start].text)):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or _is_edge_junk(doc[end - 1].text)):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)


def _is_edge_junk(text: str) -> bool:
    return not any(ch.isalnum() for ch in text)


# Words of titles and offices written before a name ("Prime Minister …", "Judge …", "Gen. …").
_TITLES = """
    Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Prof Prof. Professor Sir Dame Lord Lady Rev Rev. Reverend
    President Vice Prime Minister Premier Chancellor Secretary Deputy Foreign Defense Defence Interior
    Finance Justice Chief Judge Magistrate Attorney General Gen Gen. Lt Lt. Lieutenant Col Col. Colonel
    Maj Maj. Major Capt Capt. Captain Sgt Sgt. Sergeant Admiral Adm Adm. Commander Marshal Brigadier
    Senator Sen Sen. Representative Rep Rep. Congressman Congresswoman Governor Gov Gov. Mayor
    Speaker Ambassador Envoy Commissioner Chairman Chairwoman Chair Director Executive CEO CFO Coach
    Manager King Queen Prince Princess Crown Emir Sheikh Sultan Pope Cardinal Bishop Archbishop
    Imam Rabbi Ayatollah Grand Supreme Leader Mullah Father Sister Brother President-elect Former
"""
TITLE_WORDS = {w.lower() for w in _TITLES.split()}


def strip_title(span: Span) -> tuple[Span, str]:
    """A PERSON span without its leading title words, and the title ("Judge Maria Lopez" → "Judge")."""
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in TITLE_WORDS:
        start += 1
    if start == span.start:
        return span, ""
    title = span.doc[span.start : start].text
    return Span(span.doc, start, span.end, label=span.label_), title


# Company forms that do not change which company is meant ("Acme Corp." is "Acme").
LEGAL_SUFFIXES = {
    "inc", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc", "ag", "sa", "gmbh",
    "nv", "bv", "lp", "llp", "holdings",
}


def org_core(normalised: str) -> str:
    """A normalised organisation name without its legal form ("acme corp" → "acme")."""
    words = normalised.split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)
