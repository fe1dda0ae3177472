"""Find entity mentions in a parsed Doc: model NER, cleaned and repaired for news text.

Headlines and section headings are title-cased, where small models tag nearly any capitalised run as a
name; so their model entities are dropped and headings keep only names the body (or world knowledge)
vouches for. The same name list repairs body spans the model cut short or split ("the Northern Union in"
+ "Ruritania" → one span).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from explorer import knowledge
from explorer.extract import attributes  # noqa: F401 - declares doc._.mentions
from explorer.extract.layout import heading_sentences, sentence_index
from explorer.extract.linking import LocalMention
from explorer.extract.spans import after_title, clean_bounds
from explorer.extract.titles import english_words
from explorer.extract.token_table import TokenTable, positions_of, span_text, token_table
from explorer.extract.vocabulary import INSTITUTION_NOUNS, NAMING_VERBS
from explorer.model import ENTITY_TYPES
from explorer.names import ORG_KINDS, TITLE_WORDS


@Language.factory("explorer_mentions", requires=["doc.ents", "doc._.definitions"], assigns=["doc._.mentions"])
def make_mentions(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The names of a document as local mentions, each with its sentence (not keyed yet)."""
    words = english_words(nlp)
    _country_names(nlp.make_doc)  # built with the pipeline, so no document waits for it

    def mentions(doc: Doc) -> Doc:
        sent_of = sentence_index(doc)
        defined = {short: long.label_ for short, long in doc._.definitions.items()}
        defined.update({span_text(long): long.label_ for long in doc._.definitions.values()})
        spans = find_mentions(doc, nlp.make_doc, defined, words)
        doc._.mentions = [LocalMention(span=s, label=s.label_, sentence=sent_of[s.start]) for s in spans]
        return doc

    return mentions


class _Name(NamedTuple):
    """A name found so far: tokens [start, end) and its type. Only the names kept become Spans."""

    start: int
    end: int
    label: str


_ENTITY_TYPE_IDS = frozenset(get_string_id(label) for label in ENTITY_TYPES)


def find_mentions(
    doc: Doc,
    make_doc: Callable[[str], Doc],
    extra_names: dict[str, str] | None = None,
    words: frozenset[str] = frozenset(),
) -> list[Span]:
    """Entity spans of the kept types, cleaned, repaired, sorted by position, never overlapping.

    `make_doc` tokenises a name as the document was tokenised; `extra_names` maps surface forms known
    to be names in this document (abbreviations defined in it) to their type; `words` are English words,
    never a name the model missed.
    """
    table = token_table(doc)
    sent_of = sentence_index(doc)
    headings = heading_sentences(doc)
    ent_types = doc.to_array(ENT_TYPE).tolist()
    names: list[_Name] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in ENTITY_TYPES or sent_of[ent.start] in headings:
            continue
        for start, end in _cut_at_lowercase_hyphen(table, ent.start, ent.end):
            name = _cleaned(table, ent_types, start, end, label)
            if name is not None and _looks_like_name(table.span_text(name.start, name.end)):
                names.append(name)
    names = _join_adjacent_persons(table, names)
    names = _join_institution_of_place(table, names)
    names += _other_names(table, names)
    names += _missed_names(table, names, words, headings, sent_of, ent_types)
    known = {**_short_forms(table, names), **(extra_names or {})}
    names = _add_known_names(table, names, known, make_doc)
    return [Span(doc, start, end, label=label) for start, end, label in sorted(names, key=lambda n: n.start)]


def _cleaned(table: TokenTable, ent_types: list[int], start: int, end: int, label: str) -> _Name | None:
    """A model entity without its edges' junk (`clean_bounds`), retyped: a title before it makes a person,
    a kind of organisation ending it an organisation; a person loses the titles it starts with."""
    bounds = clean_bounds(table, start, end)
    if bounds is None:
        return None
    start, end = bounds
    if _titled(table, ent_types, start, end, label):
        label = "PERSON"
    if label == "PERSON" and table.lower[end - 1] in ORG_KINDS:
        label = "ORG"  # "… Liberation Front": a group
    if label == "PERSON":
        start = after_title(table, start, end)
    return _Name(start, end, label)


_ACL = frozenset({"acl"})


def _other_names(table: TokenTable, names: list[_Name]) -> list[_Name]:
    """"Meta Platforms, formerly known as Facebook": the model may miss the second name; the phrase
    says it is one, of the same kind."""
    if not any(table.lemma[i] in NAMING_VERBS for i in table.where(DEP, _ACL)):
        return []
    taken = {t for n in names for t in range(n.start, n.end)}
    dep, lemma, lower, pos, children = table.dep, table.lemma, table.lower, table.pos, table.children
    found = []
    for name in names:
        root = table.root(name.start, name.end)
        for verb in (c for c in children[root] if dep[c] == "acl" and lemma[c] in NAMING_VERBS):
            for prep in (c for c in children[verb] if dep[c] == "prep" and lower[c] == "as"):
                for obj in (c for c in children[prep] if dep[c] == "pobj" and pos[c] == "PROPN"):
                    start = min(t for t in table.subtree(obj) if pos[t] == "PROPN" or t == obj)
                    bounds = clean_bounds(table, start, obj + 1)
                    if bounds is not None and not taken & set(range(*bounds)):
                        found.append(_Name(*bounds, name.label))
    return found


def _missed_names(
    table: TokenTable,
    names: list[_Name],
    words: frozenset[str],
    headings: set[int],
    sent_of: list[int],
    ent_types: list[int],
) -> list[_Name]:
    """Capitalised words the model left untagged that can only be names: written with a capital inside a
    sentence at least twice, never in lower case, standing alone (not in a run of capitalised words) and
    no English word. Taken for organisations; the type model may say otherwise."""
    if not words:
        return []
    taken = {t for n in names for t in range(n.start, n.end)}
    text, lower, lemma, tag, is_quote = table.text, table.lower, table.lemma, table.tag, table.is_quote
    lower_words = {word for word, flag in zip(lower, table.is_lower, strict=True) if flag}
    found: dict[str, list[_Name]] = {}
    for i, word in enumerate(text):
        if not word[:1].isupper() or i in taken or table.is_sent_start[i] or sent_of[i] in headings:
            continue
        if not _unknown_word(word, lower[i], lemma[i], words):
            continue
        if lower[i] in lower_words or ent_types[i] or tag[i] not in ("NN", "NNS", "NNP", "NNPS"):
            continue
        before = i - 1  # the first token's is the last token, as `doc[-1]` is
        if is_quote[before] or text[before] == ":" or (text[before][:1].isupper() and lower[before] != "the"):
            continue
        if i + 1 < table.length and text[i + 1][:1].isupper():
            continue
        found.setdefault(word, []).append(_Name(i, i + 1, "ORG"))
    return [name for names_of in found.values() if len(names_of) >= 2 for name in names_of]


def _unknown_word(text: str, lower: str, lemma: str, words: frozenset[str]) -> bool:
    """A capitalised word (not in capitals) that is no English word, singular or plural."""
    if not text[:1].isupper() or text.isupper() or len(text) < 3 or lower in TITLE_WORDS:
        return False
    return not ({lower, lemma.lower(), lower[:-1] if lower.endswith("s") else lower} & words)


def _titled(table: TokenTable, ent_types: list[int], start: int, end: int, label: str) -> bool:
    """"Chancellor Olaf Scholz" tagged ORG: a capitalised title right before a short name marks a person."""
    if label == "PERSON" or start == 0 or end - start > 3:
        return False
    before = start - 1
    return table.is_title[before] and table.lower[before] in TITLE_WORDS and ent_types[before] not in _ENTITY_TYPE_IDS


def _short_forms(table: TokenTable, names: list[_Name]) -> dict[str, str]:
    """Shorter forms the model may miss on their own: a person's surname ("Odegaard" of "Martin
    Odegaard") and an organisation without its kind ("Meridian" of "Meridian Pharmaceuticals").
    A form two different names could give is left out."""
    found: dict[str, tuple[str, set[str]]] = {}
    for name in names:
        form = ""
        if name.label == "PERSON" and name.end - name.start >= 2:
            last = name.end - 1
            if table.is_title[last] and len(table.text[last]) > 2 and not table.is_stop[last]:
                form = table.text[last]
        elif name.label == "ORG" and name.end - name.start >= 2 and table.is_title[name.start]:
            words = table.lower[name.start : name.end]
            cut = len(words)
            while cut > 1 and words[cut - 1] in ORG_KINDS:
                cut -= 1
            form = table.span_text(name.start, name.start + cut) if cut < len(words) else ""
        if form:
            found.setdefault(form, (name.label, set()))[1].add(table.span_text(name.start, name.end))
    texts = {table.span_text(n.start, n.end) for n in names}
    return {form: label for form, (label, fulls) in found.items() if len(fulls) == 1 and form not in texts}


def _cut_at_lowercase_hyphen(table: TokenTable, start: int, end: int) -> list[tuple[int, int]]:
    """"NATO-led mission" style spans end at the hyphen: the lower-case tail is not part of the name."""
    for i in range(start + 1, end):
        if table.text[i] == "-" and i + 1 < table.length and table.is_lower[i + 1]:
            return [(start, i)]
    return [(start, end)]


def _looks_like_name(text: str) -> bool:
    """Obvious non-names: no capital letter at all, bare numbers, a single character."""
    if len(text) < 2 or not any(map(str.isupper, text)):
        return False
    return any(map(str.isalpha, text))


def _join_adjacent_persons(table: TokenTable, names: list[_Name]) -> list[_Name]:
    """Two PERSON names that touch ("Amy Berman" + "Jackson") are one name the model split."""
    joined: list[_Name] = []
    for name in sorted(names, key=lambda n: n.start):
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.label == name.label == "PERSON"
            and prev.end == name.start
            and not table.is_punct[prev.end - 1]
        ):
            joined[-1] = _Name(prev.start, name.end, "PERSON")
        else:
            joined.append(name)
    return joined


def _join_institution_of_place(table: TokenTable, names: list[_Name]) -> list[_Name]:
    """"U.S. District Court" + "for the" + "Southern District" + "of" + "Ohio" is one court."""
    joined: list[_Name] = []
    chaining = False
    for name in sorted(names, key=lambda n: n.start):
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and (chaining or table.lower[prev.end - 1] in INSTITUTION_NOUNS)
            and _linked_by_of(table, prev, name)
        ):
            joined[-1] = _Name(prev.start, name.end, prev.label)
            chaining = name.label != "GPE"
            continue
        joined.append(name)
        chaining = False
    return joined


def _linked_by_of(table: TokenTable, left: _Name, right: _Name) -> bool:
    gap = table.lower[left.end : right.start]
    return left.label == "ORG" and gap in (["for"], ["of"], ["for", "the"], ["of", "the"])


def _add_known_names(
    table: TokenTable, names: list[_Name], extra: dict[str, str], make_doc: Callable[[str], Doc]
) -> list[_Name]:
    """Find every occurrence of a known name (`extra`, the names found, a country's); a longer match
    replaces the shorter names inside it."""
    label_of = dict(extra)
    for name in names:
        label_of.setdefault(table.span_text(name.start, name.end), name.label)
    known, countries = _KnownNames(label_of, make_doc), _country_names(make_doc)
    found = known.matches(table) + countries.matches(table)
    taken = _Taken(names)
    for match_id, start, end in sorted(set(found), key=lambda m: (-(m[2] - m[1]), m[1])):
        if taken.holds(start, end):  # most matches: a name taken already
            continue
        numbers = taken.overlapping(start, end)
        if any(taken[n].start < start or taken[n].end > end for n in numbers):
            continue
        if not _is_word_boundary(table, start):
            continue
        taken.remove(numbers)
        name = known.name_of[match_id] if match_id in known.name_of else countries.name_of[match_id]
        taken.add(_Name(start, end, label_of.get(name, "GPE")))  # not in label_of: a country's name
    return taken.names()


class _Taken:
    """Names in the order they were taken, found by token: a long text has thousands of names and of
    matches, and comparing every match with every name took seconds."""

    def __init__(self, names: list[_Name]) -> None:
        self._names: dict[int, _Name] = {}  # by order taken
        self._at: dict[int, set[int]] = {}  # token → order numbers of the names over it
        self._held: dict[tuple[int, int], int] = {}  # (start, end) → how many names have these bounds
        self._next = 0
        for name in names:
            self.add(name)

    def add(self, name: _Name) -> None:
        self._names[self._next] = name
        self._held[name.start, name.end] = self._held.get((name.start, name.end), 0) + 1
        for token in range(name.start, name.end):
            self._at.setdefault(token, set()).add(self._next)
        self._next += 1

    def __getitem__(self, number: int) -> _Name:
        return self._names[number]

    def holds(self, start: int, end: int) -> bool:
        """Whether a name of tokens [start, end) is taken."""
        return self._held.get((start, end), 0) > 0

    def overlapping(self, start: int, end: int) -> list[int]:
        """The order numbers of the names sharing a token with [start, end), in the order taken."""
        return sorted(set().union(*(self._at.get(token, ()) for token in range(start, end))))

    def remove(self, numbers: list[int]) -> None:
        for number in numbers:
            name = self._names.pop(number)
            self._held[name.start, name.end] -= 1
            for token in range(name.start, name.end):
                self._at[token].discard(number)

    def names(self) -> list[_Name]:
        return list(self._names.values())


class _KnownNames:
    """Names as token sequences (ORTH ids, as a PhraseMatcher on ORTH matches them), by their first token.
    A name's id is the hash of its string, as a PhraseMatcher's match id is."""

    def __init__(self, names: Iterable[str], make_doc: Callable[[str], Doc]) -> None:
        self.by_first: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        self.name_of: dict[int, str] = {}
        for name in names:
            tokens = _tokens_of(make_doc, name)
            if tokens:
                match_id = get_string_id(name)
                self.name_of[match_id] = name
                self.by_first.setdefault(tokens[0], []).append((tokens, match_id))
        self.first_ids = np.sort(np.array(list(self.by_first), dtype=np.uint64))

    def matches(self, table: TokenTable) -> list[tuple[int, int, int]]:
        """(name id, start, end) of every occurrence of a name in the document, overlapping or not."""
        orths = table.orth_id
        found = []
        for start in positions_of(table.array(ORTH), self.first_ids):
            for tokens, match_id in self.by_first[orths[start]]:
                end = start + len(tokens)
                if tuple(orths[start:end]) == tokens:
                    found.append((match_id, start, end))
        return found


@lru_cache(maxsize=4)
def _country_names(make_doc: Callable[[str], Doc]) -> _KnownNames:
    """Country names, built once per tokeniser (hundreds of names, every document)."""
    return _KnownNames(knowledge.country_surface_forms(), make_doc)


@lru_cache(maxsize=1 << 16)
def _tokens_of(make_doc: Callable[[str], Doc], name: str) -> tuple[int, ...]:
    """`name` tokenised as the document was, as ORTH ids (news repeats its names: cached)."""
    return tuple(make_doc(name).to_array(ORTH).tolist())


def _is_word_boundary(table: TokenTable, start: int) -> bool:
    """A match glued to a letter ("Oman" inside "Omanx") is not a mention."""
    before = start - 1
    return not (start > 0 and not table.whitespace[before] and table.text[before][-1:].isalpha())
