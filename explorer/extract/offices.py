"""Offices written beside a personal name, as another way the text refers to the person: "Minister for
the Middle East, Tobias Ellwood", "Gareth Bayley, the UK Special Representative for Syria,", "the Iraqi
Foreign Minister, Ibrahim al-Jaafari". The office becomes an anaphoric mention of the person (it points to
them but is not one of their names: another person may hold it tomorrow), so the mentions inside it
("Syria" in "Special Representative for Syria") give way to it.
"""

from __future__ import annotations

import itertools

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span, Token

from explorer.extract.layout import sentence_index
from explorer.extract.linking import LocalMention
from explorer.extract.token_table import token_table, word_ids
from explorer.names import NAME_PARTICLES, TITLE_WORDS, person_words

# Nouns of offices that `TITLE_WORDS` (titles written before a name) does not list.
OFFICE_NOUNS = {
    "representative", "advisor", "adviser", "envoy", "spokesman", "spokeswoman", "spokesperson", "head",
    "chargé", "charge", "director", "commander", "officer", "minister", "secretary", "president", "chief",
    "ambassador", "governor", "chairman", "chair", "leader", "deputy", "coordinator", "rapporteur",
    "d’affaires", "d'affaires",
}  # fmt: skip
_OFFICE_WORDS = OFFICE_NOUNS | {w.rstrip(".") for w in TITLE_WORDS}
_LINKS = {"of", "for", "to", "and", "the", "in", "on"}
_DETERMINERS = {"the", "his", "her", "its", "their"}
_MAX_TOKENS = 12
_TITLES = {w.rstrip(".") for w in TITLE_WORDS} | {"he", "hrh"}  # "HE" (His Excellency) before a name
_BETWEEN = {",", "is", "was"}
_OF = {"of", "for", "to", "in", "on"}
_OPENERS = {"ADP", "SCONJ", "ADV", "CCONJ"}
_THE = word_ids(["the"])
_NAME_REACH = 3  # words of a personal name the model may leave out beside it


def find_offices(doc: Doc, mentions: list[LocalMention]) -> list[tuple[LocalMention, LocalMention]]:
    """(person, office) pairs: an office phrase set off by a comma on either side of a personal name, or
    joined to it by "is"."""
    people = _people(mentions)
    persons_at = {t for m in people for t in range(m.span.start, m.span.end)}
    named = {t for m in mentions for t in range(m.span.start, m.span.end)}
    places = {t for m in mentions if m.label == "GPE" for t in range(m.span.start, m.span.end)}
    found: list[tuple[LocalMention, LocalMention]] = []
    claimed: set[int] = set()
    for person in people:
        before = _office_before(doc, person.span) or _office_before(doc, _whole_name(doc, person.span, named, -1), True)
        after = _office_after(doc, person.span) or _office_after(doc, _whole_name(doc, person.span, named, 1))
        for found_office in (before, after):
            office = found_office and _without_trailing_place(doc, found_office, places)
            if office is None or persons_at & set(range(office.start, office.end)) or claimed & set(
                range(office.start, office.end)
            ):
                continue
            claimed.update(range(office.start, office.end))
            mention = LocalMention(span=Span(doc, office.start, office.end, label="PERSON"), label="PERSON",
                                   sentence=person.sentence, rule="office", score=0.8, anaphor=True)
            found.append((person, mention))
    return found


def _people(mentions: list[LocalMention]) -> list[LocalMention]:
    """The personal names among `mentions`, and the surnames of people the document names in full that the
    model typed otherwise ("Jaafari" as a place, beside "Ibrahim al-Jaafari"): linking makes them persons."""
    named = [m for m in mentions if not m.anaphor]
    if not named:
        return []
    table = token_table(named[0].span.doc)
    words_of = [person_words(table.span_text(m.span.start, m.span.end)) for m in named]
    full = [words for m, words in zip(named, words_of, strict=True) if m.label == "PERSON"]
    # The last one or two words of each full name.
    tails = {tuple(words[-size:]) for words in full for size in (1, 2) if len(words) > size}
    people = []
    for mention, words in zip(named, words_of, strict=True):
        if mention.label == "PERSON" or (0 < len(words) <= 2 and tuple(words) in tails):
            people.append(mention)
    return people


def _whole_name(doc: Doc, person: Span, named: set[int], side: int) -> Span:
    """The personal name with the words the model left out before it (`side` -1) or after it (1) that no
    other mention took: "Ibrahim al- Jaafari" for "Jaafari", "Ahmed Kamil Murad" for "Ahmed Kamil"."""
    start, end = person.start, person.end
    while side < 0 and start > 0 and person.start - start < _NAME_REACH and _name_part(doc[start - 1], named):
        start -= 1
    while side > 0 and end < len(doc) and end - person.end < _NAME_REACH and _name_part(doc[end], named):
        end += 1
    return Span(doc, start, end)


def _name_part(token: Token, named: set[int]) -> bool:
    """A word of a personal name or a rank before it ("Staff Colonel"), not of an office."""
    if token.i in named or token.is_punct or token.is_sent_start:
        return False
    if token.lower_.rstrip("-") in NAME_PARTICLES or token.lower_.rstrip(".") in _TITLES:
        return True
    return token.text[:1].isupper() and token.pos_ == "PROPN" and token.lower_ not in _OFFICE_WORDS


def _office_before(doc: Doc, person: Span, separated_only: bool = False) -> Span | None:
    """"Foreign Secretary, Boris Johnson", "Minister for Central Asia, Mr Ellwood", "His Chief of Staff is
    Major General Hassan": set off by a comma or joined by "is"; or an office with its portfolio written
    right before the name ("Minister for the Middle East Tobias Ellwood")."""
    end = person.start
    while end > 0 and doc[end - 1].lower_.rstrip(".") in _TITLES:
        end -= 1
    end = _before_interim(doc, end)
    if end == 0:
        return None
    separated = doc[end - 1].lower_ in _BETWEEN
    if separated_only and not separated:
        return None
    if separated:
        end -= 1
    start = end
    while start > 0 and end - start < _MAX_TOKENS and _office_token(doc[start - 1]):
        start -= 1
    span = _trimmed(doc, start, end)
    if span is None or not _is_office(span) or not _starts_clause(doc, span):
        return None
    return span if separated or _has_portfolio(span) else None


def _before_interim(doc: Doc, end: int) -> int:
    """Where the office ends when "a.i." (ad interim) follows it: "Chargé d’Affaires, a.i., Jane Roe"."""
    start = end - 1 if end > 0 and doc[end - 1].text == "," else end
    while start > 0 and doc[start - 1].text == ".":
        start -= 1
    if start > 0 and doc[start - 1].lower_.rstrip(".") == "a.i":
        return start - 1
    return end


def _has_portfolio(span: Span) -> bool:
    """"Minister for the Middle East", "Secretary of State": the office says what it is for."""
    return any(t.lower_ in _OF for t in span[1:-1])


def _office_after(doc: Doc, person: Span) -> Span | None:
    if person.end >= len(doc) or doc[person.end].text != ",":
        return None
    start = person.end + 1
    if start < len(doc) and doc[start].lower_ in _LINKS - {"the"}:
        return None  # "Hassan, and his Chief of Plans …": another person's office follows
    end = start
    while end < len(doc) and end - start < _MAX_TOKENS and _office_token(doc[end]):
        end += 1
    span = _trimmed(doc, start, end)
    return span if span is not None and _is_office(span) else None


def _office_token(token: Token) -> bool:
    text = token.text
    elided = text[:1] in "dl" and text[1:2] in "’'" and text[2:3].isupper()  # "Chargé d’Affaires"
    if token.is_sent_start and token.pos_ in _OPENERS:
        return False  # "As Deputy Secretary of State …": capitalised only as the sentence's first word
    return (text[:1].isupper() and not token.is_punct) or elided or token.lower_ in _LINKS | _DETERMINERS


def _trimmed(doc: Doc, start: int, end: int) -> Span | None:
    """The phrase without link words at its ends, keeping one leading determiner."""
    while end > start and doc[end - 1].lower_ in _LINKS | _DETERMINERS:
        end -= 1
    first = start
    while first < end and doc[first].lower_ in _LINKS | _DETERMINERS:
        first += 1
    if first > start and doc[first - 1].lower_ in _DETERMINERS:
        first -= 1
    return Span(doc, first, end) if first < end else None


def _is_office(span: Span) -> bool:
    """Capitalised words whose head names an office ("Foreign Secretary", "Special Representative for
    Syria"; not "the Foreign Ministry"): the last word before any "of", "for" … is an office word."""
    words = [t for t in span if t.lower_ not in _DETERMINERS]
    head = list(itertools.takewhile(lambda t: t.lower_ not in _LINKS, words))
    return bool(head) and head[0].text[:1].isupper() and head[-1].lower_.rstrip(".") in _OFFICE_WORDS


def _without_trailing_place(doc: Doc, office: Span, places: set[int]) -> Span | None:
    """"President of the United States": the country keeps its mention, the office ends before it."""
    for i in range(office.start + 1, office.end):
        link = i - 2 if doc[i - 1].lower_ == "the" else i - 1
        if i in places and i - 1 not in places and link > office.start and doc[link].lower_ in _OF:
            return _trimmed(doc, office.start, link)
    return office


def _starts_clause(doc: Doc, span: Span) -> bool:
    """The office is not the tail of a longer capitalised run or a list ("..., Secretary Jones, Minister X")."""
    before = doc[span.start - 1] if span.start > 0 else None
    return before is None or before.is_punct or not before.text[:1].isupper()


def find_office_repeats(
    doc: Doc, mentions: list[LocalMention], offices: list[tuple[LocalMention, LocalMention]]
) -> list[tuple[LocalMention, LocalMention]]:
    """(person, office) pairs for the office written again on its own once the text has said who holds
    it: "Foreign Secretary Boris Johnson … The Foreign Secretary said". An office two people hold in the
    document points to neither."""
    holders: dict[tuple[str, ...], set[int]] = {}
    person_of: dict[int, LocalMention] = {}
    for person, office in offices + _titles_before_names(doc, mentions):
        words = _office_words(office.span)
        if words:
            holders.setdefault(words, set()).add(id(person))
            person_of[id(person)] = person
    sent_of = sentence_index(doc)
    taken = {t for m in mentions for t in range(m.span.start, m.span.end)}
    taken |= {t for _, office in offices for t in range(office.span.start, office.span.end)}
    found: list[tuple[LocalMention, LocalMention]] = []
    table = token_table(doc)
    for words, people in holders.items():
        if len(people) != 1:
            continue
        person = person_of[next(iter(people))]
        for start in table.where(ORTH, frozenset(words[:1])):  # where the office's first word is written
            end = start + len(words)
            if start < 1 or end > len(doc) or table.lower_id[start - 1] not in _THE:
                continue
            if tuple(table.text[i] for i in range(start, end)) != words:
                continue
            if taken & set(range(start - 1, end)) or (end < len(doc) and doc[end].text[:1].isupper()):
                continue  # a name follows: the title is written before it, not used in its place
            taken.update(range(start - 1, end))
            span = Span(doc, start - 1, end, label="PERSON")
            mention = LocalMention(span=span, label="PERSON", sentence=sent_of[start], rule="office",
                                   score=0.7, anaphor=True)
            found.append((person, mention))
    return found


def _titles_before_names(doc: Doc, mentions: list[LocalMention]) -> list[tuple[LocalMention, LocalMention]]:
    """(person, title) pairs for a capitalised office written right before a personal name: "Foreign
    Secretary Boris Johnson"."""
    pairs = []
    for person in (m for m in mentions if m.label == "PERSON" and not m.anaphor):
        start = person.span.start
        while start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].lower_.rstrip(".") in _OFFICE_WORDS:
            start -= 1
        before = doc[start - 1] if start > 0 else None
        if start < person.span.start and (before is None or before.lower_ == "the" or not before.text[:1].isupper()):
            span = Span(doc, start, person.span.start, label="PERSON")
            pairs.append((person, LocalMention(span=span, label="PERSON", sentence=person.sentence)))
    return pairs


def _office_words(span: Span) -> tuple[str, ...]:
    """The words of an office as written, without determiners: only an office of two or more words, or
    one capitalised office noun of its own ("Minister"), is looked for again."""
    words = tuple(t.text for t in span if t.lower_ not in _DETERMINERS)
    if not words or not words[0][:1].isupper() or not _is_office(span):
        return ()
    return words
