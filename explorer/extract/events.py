"""Events: clauses that state when something happened, with a normalised date and who took part.

Dates are read relative to the document's own date when it has one ("on Tuesday" in an article of
Tuesday 14 May 2024 is that day; "October 7" the last 7 October up to it), and the event says what the
document's date gave (`Event.date_inferred`: the year, or the whole date). Without a document date, a day and
month keep that precision ("--10-07") and a relative date is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import dateparser
import numpy as np
from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from explorer.extract.attributes import document_of, text_of
from explorer.extract.layout import Sentences, heading_sentences, sentence_index
from explorer.extract.linking import LocalEntity
from explorer.extract.token_table import TokenTable, token_table
from explorer.extract.vocabulary import EVENT_NOUN_TYPES, PHRASAL_TYPES, VERB_TYPES
from explorer.model import Document, Event, Figure, Participant, stable_id

_MONTH = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?"
    r"|oct(ober)?|nov(ember)?|dec(ember)?)\.?"
)
_YEAR = re.compile(r"\b(1[6-9]|20)\d{2}\b")
_DAY_MONTH = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}(st|nd|rd|th)?\s+(of\s+)?{_MONTH}", re.I)
_MONTH_ONLY = re.compile(rf"\b{_MONTH}\b", re.I)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(r"\b(yesterday|today|ago|last|next|this)\b", re.I)
# Spans the model tags DATE that are lengths of time or vague ("more than a decade", "the first half").
_NOT_A_DATE = re.compile(r"\b(decade|decades|years|months|weeks|days|hours|minutes|half|season|century)\b", re.I)


# What of a date the publication date gave (Event.date_inferred).
AS_WRITTEN, YEAR_INFERRED, DATE_INFERRED = "", "year", "date"
_DIGIT = re.compile(r"\d")
_INSIDE, _BEGIN = 1, 3  # `ENT_IOB` values: inside an entity, its first token
_ISO = re.compile(r"^(?:on |in )?(\d{4})-(\d{2})-(\d{2})$")


def normalise_date(text: str, published: str | None) -> tuple[str | None, str]:
    """(date, precision) for a date expression: ("2021-05-30", "day"), ("--10-07", "day-month") …"""
    date, precision, _ = read_date(text, published)
    return date, precision


@lru_cache(maxsize=4096)
def read_date(text: str, published: str | None) -> tuple[str | None, str, str]:
    """(date, precision, what the publication date gave: AS_WRITTEN, YEAR_INFERRED or DATE_INFERRED)."""
    base = _parse_iso(published)
    lowered = text.lower()
    weekday = next((i for i, w in enumerate(_WEEKDAYS) if w in lowered), None)
    has_year = _YEAR.search(text)
    if weekday is not None and not has_year and not _DAY_MONTH.search(text):
        if base is None:
            return None, "unknown", AS_WRITTEN
        back = (base.weekday() - weekday) % 7  # news "on Tuesday": the last Tuesday up to the article's day
        return (base - dt.timedelta(days=back)).date().isoformat(), "day", DATE_INFERRED
    if not _RELATIVE.search(text):
        quick = _iso_date(text) or _explicit_date(text)
        if quick is not None:
            return _with_year(quick, base)
    parsed = dateparser.parse(
        text, languages=["en"],
        settings={"RELATIVE_BASE": base or dt.datetime(2000, 1, 1), "PREFER_DATES_FROM": "past"},
    )
    if parsed is None:
        return None, "unknown", AS_WRITTEN
    if _RELATIVE.search(text) and not has_year:
        if base is None:
            return None, "unknown", AS_WRITTEN
        if "year" in lowered:
            return f"{parsed.year:04d}", "year", DATE_INFERRED
        if "month" in lowered:
            return f"{parsed.year:04d}-{parsed.month:02d}", "month", DATE_INFERRED
        return parsed.date().isoformat(), "day", DATE_INFERRED
    if _DAY_MONTH.search(text):
        if has_year:
            return parsed.date().isoformat(), "day", AS_WRITTEN
        return _with_year((f"--{parsed.month:02d}-{parsed.day:02d}", "day-month"), base)
    if has_year and _MONTH_ONLY.search(text):
        return f"{parsed.year:04d}-{parsed.month:02d}", "month", AS_WRITTEN
    if has_year:
        return has_year.group(0), "year", AS_WRITTEN
    return None, "unknown", AS_WRITTEN


def _iso_date(text: str) -> tuple[str, str] | None:
    """"2024-01-27" as written."""
    match = _ISO.match(text.strip().lower())
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat(), "day"
    except ValueError:
        return None


_EXPLICIT = re.compile(
    r"^(?:on |in |by |since |until )?(?P<month>[a-z]+)\.?(?: (?P<day>\d{1,2})(?:st|nd|rd|th)?)?,? ?(?P<year>\d{4})?$"
)
# Day first, as British and much international news writes it: "12 March 2019", "on 3rd of May 2021".
_DAY_FIRST = re.compile(
    r"^(?:on |the )?(?P<day>\d{1,2})(?:st|nd|rd|th)?(?: of)? (?P<month>[a-z]+)\.?(?:,? (?P<year>\d{4}))?$"
)
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
# Full names and the abbreviations news uses ("Jan.", "Sept.").
_MONTH_NUMBERS = {
    **{m: i for i, m in enumerate(_MONTH_NAMES, start=1)},
    **{m[:3]: i for i, m in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}


def _explicit_date(text: str) -> tuple[str, str] | None:
    """"March 3, 2019", "3 March 2019", "June 12", "April 2018", "1998" without dateparser (much faster)."""
    lowered = text.strip().lower()
    year_only = re.fullmatch(r"(?:the year |in )?((1[6-9]|20)\d{2})", lowered)
    if year_only:
        return year_only.group(1), "year"
    match = _EXPLICIT.match(lowered) or _DAY_FIRST.match(lowered)
    if not match or match.group("month") not in _MONTH_NUMBERS:
        return None
    month, day, year = _MONTH_NUMBERS[match.group("month")], match.group("day"), match.group("year")
    try:
        if day and year:
            return dt.date(int(year), month, int(day)).isoformat(), "day"
        if day:
            dt.date(2000, month, int(day))  # validates the day (2000 is a leap year)
            return f"--{month:02d}-{int(day):02d}", "day-month"
    except ValueError:
        return None
    if year:
        return f"{int(year):04d}-{month:02d}", "month"
    return None


def _with_year(found: tuple[str, str], base: dt.datetime | None) -> tuple[str, str, str]:
    """A day and month without a year ("October 7") is the last such day up to the article's date, as a reader
    takes it; without a publication date it stays a day-month. The event's `date_text` keeps what was written."""
    date, precision = found
    if precision != "day-month" or base is None:
        return date, precision, AS_WRITTEN
    month, day = int(date[2:4]), int(date[5:7])
    year = base.year if (month, day) <= (base.month, base.day) else base.year - 1
    try:
        return dt.date(year, month, day).isoformat(), "day", YEAR_INFERRED
    except ValueError:  # 29 February in a year without it
        return date, precision, AS_WRITTEN


def _parse_iso(published: str | None) -> dt.datetime | None:
    if not published:
        return None
    try:
        return dt.datetime.fromisoformat(published[:10])
    except ValueError:
        return None


@Language.component("explorer_events", requires=["doc._.entities"], assigns=["doc._.events"])
def events(doc: Doc) -> Doc:
    doc._.events = find_events(doc, document_of(doc), doc._.entities)
    return doc


def find_events(doc: Doc, document: Document, entities: list[LocalEntity]) -> list[Event]:
    """One event per dated clause that involves at least one entity."""
    sentences = Sentences(doc)
    sent_of = sentence_index(doc)
    headings = heading_sentences(doc)
    tokens = token_table(doc)
    text = text_of(doc)
    entity_at = {t: e.id for e in entities for m in e.mentions for t in range(m.span.start, m.span.end)}
    named = entity_spans(doc)
    figure_ents: list[Span] | None = None
    events: list[Event] = []
    for start, end, label in named:
        start_char = tokens.idx[start]
        date_text = text[start_char : tokens.idx[end - 1] + len(tokens.text[end - 1])]
        if not _is_date(label, date_text):
            continue
        index = sent_of[start]
        if index in headings:
            continue
        date, precision, inferred = read_date(date_text, document.published)
        if date is None:
            continue
        verb = _governing_verb(tokens, Span(doc, start, end, label=label))
        scope = tokens.subtree(verb.i) if verb is not None else range(*sentences.bounds[index])
        participants = _participants(tokens, scope, verb, entity_at, skip=range(start, end))
        if not participants:
            continue
        sentence = sentences.span(index)
        if figure_ents is None:
            figure_ents = [Span(doc, s, e, label=lab) for s, e, lab in named if lab in _FIGURE_LABELS]
        events.append(
            Event(
                id=stable_id(document.id, str(index), date_text, str(start_char)),
                label=_label(verb) if verb is not None else sentence.root.lemma_,
                kind=event_kind(verb) if verb is not None else "",
                date=date, precision=precision, doc=document.id, sentence=index,
                evidence=sentences.evidence(index), participants=participants, date_text=date_text,
                date_inferred=inferred,
                figures=figures_in(sentence, figure_ents),
            )
        )
    return events


def entity_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, label) of each of `doc.ents`, read off arrays (`doc.ents` makes a Span per entity and
    Tokens for each)."""
    if not len(doc):
        return []
    iobs, types = doc.to_array([ENT_IOB, ENT_TYPE]).T
    # Every token but one inside an entity ends the entity before it; those that begin one with a type start one.
    bounds = np.flatnonzero(iobs != _INSIDE)
    ends = np.append(bounds[1:], len(doc))
    starts = (iobs[bounds] == _BEGIN) & (types[bounds] != 0)
    strings = doc.vocab.strings
    return [
        (start, end, strings[label])
        for start, end, label in zip(
            bounds[starts].tolist(), ends[starts].tolist(), types[bounds][starts].tolist(), strict=True
        )
    ]


def _is_date(label: str, text: str) -> bool:
    """A date expression (`text` is the entity's, `label` its type): tagged DATE (and not a length of time),
    or a full date written out that the model took for something else ("on 9 September 2022" tagged EVENT)."""
    if label == "DATE":
        return not _NOT_A_DATE.search(text)
    if not _DIGIT.search(text):
        return False  # a full date has its day and year in digits
    found = _explicit_date(text)
    return found is not None and found[1] == "day"


def _governing_verb(t: TokenTable, ent: Span) -> Token | None:
    """The verb, or the noun naming an act ("the merger in April 2018"), that the date belongs to (eight
    steps up from the date's root at most)."""
    i = ent.root.i
    for _ in range(8):
        if t.pos[i] in ("VERB", "AUX") and t.dep[i] != "amod":
            return ent.doc[i]
        if not ent.start <= i < ent.end and t.lemma_lower[i] in EVENT_NOUN_TYPES:
            return ent.doc[i]
        i = t.head[i]
    return None


def _label(verb: Token) -> str:
    """The verb and its object's head: "open investigation", "sign agreement"; or the act's noun."""
    if verb.pos_ not in ("VERB", "AUX"):
        return verb.lemma_
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    return " ".join([verb.lemma_, *(o.lemma_ for o in objects[:1])])


_ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth".split())}
_ORDINAL_DIGITS = re.compile(r"^(\d+)(st|nd|rd|th)$")
# How far down objects and "of" phrases an act noun is looked for ("held the first round of talks").
_ACT_DEPTH = 3


def event_kind(verb: Token) -> str:
    """What kind of act a clause states, so reports of it in other words compare: the relation type of the
    act noun it names ("held talks", "embarked on a round of discussions": NEGOTIATED_WITH) or else of its
    verb ("killed": KILLED); with the ordinal that tells one occurrence from another ("second round": " 2")."""
    nouns = _act_nouns(verb, _ACT_DEPTH)
    kind = next((EVENT_NOUN_TYPES[w] for n in nouns for w in (n.lower_, n.lemma_.lower()) if w in EVENT_NOUN_TYPES), "")
    if not kind and verb.pos_ in ("VERB", "AUX"):
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
        kind = PHRASAL_TYPES.get(f"{verb.lemma_.lower()} {particle}", "") or VERB_TYPES.get(verb.lemma_.lower(), "")
    if not kind:
        return ""
    ordinal = next((n for noun in nouns for c in noun.children if (n := _ordinal(c))), 0)
    return f"{kind} {ordinal}" if ordinal else kind


def _act_nouns(token: Token, depth: int) -> list[Token]:
    """The act's own noun and the nouns of its objects and their "of" phrases, nearest first."""
    found = [token] if token.pos_ in ("NOUN", "PROPN") else []
    if depth == 0:
        return found
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "nsubjpass") or (child.dep_ == "prep" and token.pos_ in ("VERB", "NOUN")):
            found += _act_nouns(child, depth - 1) if child.dep_ != "prep" else [
                n for o in child.children if o.dep_ == "pobj" for n in _act_nouns(o, depth - 1)
            ]
    return found


def _ordinal(token: Token) -> int:
    """1 for "first" or "1st" modifying a noun, 0 for anything else."""
    if token.dep_ not in ("amod", "nummod"):
        return 0
    word = token.lower_
    digits = _ORDINAL_DIGITS.match(word)
    return int(digits.group(1)) if digits else _ORDINALS.get(word, 0)


def _participants(
    tokens: TokenTable, scope: Iterable[int], verb: Token | None, entity_at: dict[int, str], skip: range = range(0)
) -> list[Participant]:
    """Who takes part: the entities named in the clause (the positions `scope`; agents when in its
    subject), not the date itself (which the model sometimes names as an entity too)."""
    subjects = set()
    if verb is not None:
        for child in tokens.children[verb.i]:
            before = child < verb.i
            dep = tokens.dep[child]
            if dep in ("nsubj", "agent", "poss") or (before and dep in ("compound", "nmod", "amod")):
                subjects.update(tokens.subtree(child))
    found: dict[str, Participant] = {}
    for i in scope:
        entity = entity_at.get(i)
        if entity is None or i in skip:
            continue
        role = "agent" if i in subjects else "participant"
        if entity not in found or role == "agent":
            found[entity] = Participant(entity=entity, role=role)
    return list(found.values())


_NUMBER_WORDS = {w: i for i, w in enumerate(
    ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
     " seventeen eighteen nineteen twenty").split())}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_FIGURE_LABELS = ("CARDINAL", "MONEY", "QUANTITY")


def figures_in(sentence: Span, doc_ents: Sequence[Span] | None = None) -> list[Figure]:
    """The numbers a sentence states about what happened, each named by what it counts: "killed people"
    ("killed 12 people", "12 people were killed"), "troops" ("2,500 troops"), "money" ("$5 million").
    `doc_ents`: the document's `doc.ents`, when the caller has them (spaCy makes them anew at each asking)."""
    found: list[Figure] = []
    for ent in sentence.ents if doc_ents is None else _within(doc_ents, sentence):
        if ent.label_ not in _FIGURE_LABELS:
            continue
        value = number_value(ent)
        quantity = "money" if ent.label_ == "MONEY" else _counted(ent)
        if value is not None and quantity:
            found.append(Figure(quantity=quantity, value=value, text=ent.text))
    return found


def _within(doc_ents: Sequence[Span], sentence: Span) -> list[Span]:
    """`sentence.ents`, from the document's."""
    found = []
    for ent in doc_ents:
        if ent.start >= sentence.start:
            if ent.end > sentence.end:
                break
            found.append(ent)
    return found


def number_value(ent: Span) -> float | None:
    """The number a figure states: "2,500", "at least 12", "five", "$1.5 million" (None when not one)."""
    value: float | None = None
    for token in ent:
        word = token.lower_.replace(",", "")
        if word in _SCALES and value is not None:
            value *= _SCALES[word]
        elif word in _NUMBER_WORDS:
            value = float(_NUMBER_WORDS[word])
        else:
            try:
                value = float(word)
            except ValueError:
                continue
    return value


def _counted(ent: Span) -> str:
    """What a number counts and the act that did it: the verb and the noun the number qualifies ("kill
    people" from "killed 12 people" and "12 people were killed", "deploy troop"), or the verb alone for a bare
    number ("killed 12"); empty when no act governs it ("the two governments")."""
    number = ent.root
    noun = number.head if number.dep_ in ("nummod", "quantmod") and number.head.pos_ in ("NOUN", "PROPN") else None
    anchor = noun or number
    if anchor.head.pos_ != "VERB" or anchor.dep_ not in ("dobj", "nsubjpass"):
        return ""
    return " ".join([anchor.head.lemma_, *([noun.lemma_.lower()] if noun is not None else [])])
