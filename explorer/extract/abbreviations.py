"""Abbreviations a document defines: "Long Name (LN)"."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from explorer.extract import attributes  # noqa: F401 - declares doc._.definitions
from explorer.extract.spans import clean_span
from explorer.extract.token_table import TokenTable, token_table, word_ids
from explorer.model import ENTITY_TYPES
from explorer.names import LINK_WORDS, NAME_PARTICLES, fits, looks_like_acronym


@Language.component("explorer_definitions", requires=["doc.ents"], assigns=["doc._.definitions", "doc.ents"])
def definitions(doc: Doc) -> Doc:
    ents = list(doc.ents)
    doc._.definitions = find_definitions(doc, ents)
    split = split_at_definitions(list(ents), doc._.definitions.values())
    if len(split) != len(ents):  # else the entities stay as they are (setting them anew costs)
        doc.ents = split
    return doc


def split_at_definitions(ents: list[Span], longs: Iterable[Span]) -> list[Span]:
    """The model's entities with those that run two names together cut at the comma before a defined long
    form: "Ministry of Culture, State Board of Antiquities and Heritage (SBAH)" is two organisations."""
    for long in longs:
        for number, ent in enumerate(ents):
            comma = long.start - 1
            if ent.start < comma and long.end <= ent.end and long.doc[comma].text == ",":
                ents[number : number + 1] = [
                    Span(long.doc, ent.start, comma, label=ent.label_),
                    Span(long.doc, long.start, long.end, label=ent.label_),
                ]
                break
    return ents


def find_definitions(doc: Doc, ents: list[Span] | None = None) -> dict[str, Span]:
    """Short form → long-form span, for every "Long Name (LN)" in `doc` whose letters fit: the long form
    is the model's entity before the bracket, or when the model cut it ("Islamic State of Iraq" +
    "Levant"), the shortest run of capitalised words and link words before the bracket that fits. `ents`:
    the document's entities, when the caller has them."""
    table = token_table(doc)
    found = _after_entities(table, doc.ents if ents is None else ents)
    for opening in table.where(ORTH, _OPENING_WORD):
        if opening + 2 >= table.length or table.orth_id[opening + 2] not in _CLOSING:
            continue
        short = table.text[opening + 1]
        if short not in found and looks_like_acronym(short) and (long := _run_before(doc, opening, short)):
            found[short] = long
    return found


_OPENING_WORD = frozenset(["("])
_OPENING, _CLOSING = word_ids(_OPENING_WORD), word_ids([")"])


def _run_before(doc: Doc, end: int, short: str) -> Span | None:
    """The shortest name-like run of tokens ending at `end` that `short` abbreviates ("al-Qaeda in Iraq")."""
    start = end
    while start > 0 and end - start < _LONGEST and _name_token(doc[start - 1]):
        start -= 1
        first = doc[start]
        if first.text[:1].isupper() and fits(short, doc[start:end].text) and len(doc[start:end]) > 1:
            if start > 0 and doc[start - 1].lower_ in NAME_PARTICLES and not doc[start - 1].whitespace_:
                continue  # "al" "-" "Qaeda": the particle belongs to the name
            return Span(doc, start, end, label="ORG")
        if first.lower_ in NAME_PARTICLES and fits(short, doc[start:end].text):
            return Span(doc, start, end, label="ORG")
    return None


_LONGEST = 10


def _name_token(token: Token) -> bool:
    return token.text[:1].isupper() or token.lower_ in LINK_WORDS | NAME_PARTICLES or token.text == "-"


def _after_entities(table: TokenTable, ents: Iterable[Span]) -> dict[str, Span]:
    found: dict[str, Span] = {}
    orths = table.orth_id
    for ent in ents:
        end = ent.end
        if end + 2 >= table.length or orths[end] not in _OPENING or orths[end + 2] not in _CLOSING:
            continue
        if ent.label_ not in ENTITY_TYPES or (long := clean_span(ent)) is None:
            continue
        short = table.text[end + 1]
        if looks_like_acronym(short) and _abbreviates(short, long):
            found.setdefault(short, _after_last_comma(short, long))
    return found


def _abbreviates(short: str, long: Span) -> bool:
    """`short` fits `long` or a tail of it starting with a capital: "FTC" for "U.S. Federal Trade
    Commission", whose country the acronym leaves out."""
    return any(fits(short, long[i:].text) for i in range(len(long)) if i == 0 or long[i].text[:1].isupper())


def _after_last_comma(short: str, long: Span) -> Span:
    """The part of `long` after its last comma when `short` abbreviates that part: "Ministry of Culture,
    State Board of Antiquities and Heritage" is two names, and "SBAH" the second."""
    commas = [t.i for t in long if t.text == ","]
    if commas and commas[-1] + 1 < long.end and fits(short, long.doc[commas[-1] + 1 : long.end].text):
        return Span(long.doc, commas[-1] + 1, long.end, label=long.label_)
    return long
