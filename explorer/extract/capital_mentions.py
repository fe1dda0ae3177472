"""Capital cities the model missed or mistyped, found before keys are given: a dateline city written in
capitals ("TEHRAN, Iran —") becomes a mention, and a capital tagged an organisation, or a person beside its
country's name ("Niamey blamed France" in an article on Niger), is a place. Whether each one then stands for
its country is `capitals.acts`' call."""

from __future__ import annotations

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span

from explorer import knowledge
from explorer.extract import attributes  # noqa: F401 - declares doc._.mentions
from explorer.extract.capitals import is_dateline
from explorer.extract.layout import sentence_index
from explorer.extract.linking import LocalMention
from explorer.extract.token_table import TokenTable, token_table, word_ids

_COMMA = word_ids([","])


@Language.component("explorer_capitals", requires=["doc._.mentions"], assigns=["doc._.mentions"])
def capitals(doc: Doc) -> Doc:
    """Capitals the model missed or mistyped: a dateline city in capitals becomes a mention, a mistyped
    capital a place."""
    table = token_table(doc)
    mentions = [_as_place(m, table) for m in doc._.mentions if not _is_postal_abbreviation(m.span, table)]
    taken = {t for m in mentions for t in range(m.span.start, m.span.end)}
    sent_of = sentence_index(doc)
    for span in _missed_datelines(doc, table, taken):
        mentions.append(LocalMention(span=span, label="GPE", sentence=sent_of[span.start]))
    doc._.mentions = sorted(mentions, key=lambda m: m.span.start)
    return doc


def _as_place(mention: LocalMention, table: TokenTable) -> LocalMention:
    """A capital tagged an organisation is the city (or its government); one tagged a person ("Victoria",
    "Washington" may be people) only in a dateline or beside its country's name."""
    if mention.label in ("GPE", "LOC", "FAC"):
        return mention
    code = knowledge.capital_country(table.span_text(mention.span.start, mention.span.end))
    if code is None:
        return mention
    doc = table.doc
    if mention.label == "PERSON" and not (is_dateline(mention.span) or _names_country(doc, code)):
        return mention
    mention.label = "GPE"
    mention.span = Span(doc, mention.span.start, mention.span.end, label="GPE")
    return mention


def _is_postal_abbreviation(span: Span, table: TokenTable) -> bool:
    """"REDMOND, Wash. —": the abbreviated state after a dateline's city is postal furniture, not a name."""
    doc = span.doc
    if not table.text[span.end - 1].endswith(".") or span.start < 2 or table.orth_id[span.start - 1] not in _COMMA:
        return False
    city = doc[span.start - 2]
    return city.is_upper and is_dateline(Span(doc, city.i, city.i + 1))


def _names_country(doc: Doc, code: str) -> bool:
    """Whether `doc` names the country with ISO code `code`, or its people."""
    return any(knowledge.country_code(e.text) == code or knowledge.demonym_country(e.text) == code for e in doc.ents)


def _missed_datelines(doc: Doc, table: TokenTable, taken: set[int]) -> list[Span]:
    """Capitals opening a line as a dateline that no mention covers ("TEHRAN, Iran —")."""
    found = []
    for start in [0] + [i + 1 for i in _line_breaks(table) if i + 1 < len(doc)]:
        while start < len(doc) and doc[start].is_space:
            start += 1
        end = start
        while end < len(doc) and doc[end].is_upper and doc[end].is_alpha:
            end += 1
        if end == start or any(i in taken for i in range(start, end)):
            continue
        span = Span(doc, start, end, label="GPE")
        if knowledge.capital_country(span.text) and is_dateline(span):
            found.append(span)
    return found


def _line_breaks(table: TokenTable) -> list[int]:
    """The positions of the tokens holding a line break, in text order (a token's own whitespace is at most
    one space, so a break in the text is inside the token that starts before it)."""
    text, starts = table.doc_text, table.idx
    found: list[int] = []
    at = text.find("\n")
    while at != -1:
        token = bisect_right(starts, at) - 1
        if token >= 0 and (not found or found[-1] != token):
            found.append(token)
        at = text.find("\n", at + 1)
    return found
