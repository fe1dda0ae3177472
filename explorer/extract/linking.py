"""Within one document: which mentions are the same thing. Produces local entities ("L0", "L1", …).

Each mention gets a key; mentions with one key are one entity. Keys come from world knowledge (a
country under any of its names or demonyms, a capital acting for its government), then from the
rules in `aliases` (abbreviations, short names, nominal anaphora), else from the normalised name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span

from explorer import knowledge
from explorer.extract import attributes  # noqa: F401 - declares doc._.mentions, doc._.entities
from explorer.extract.capitals import acts, is_dateline
from explorer.extract.roles import add_roles
from explorer.extract.token_table import span_text, token_table
from explorer.extract.vocabulary import NAMING_VERBS
from explorer.model import MergeNote
from explorer.names import (
    ORG_KINDS,
    country_key,
    display_name,
    is_acronym_of,
    is_country_key,
    looks_like_acronym,
    name_key,
    normalise_name,
    person_words,
    type_family,
)


@dataclass
class LocalMention:
    span: Span
    label: str
    sentence: int
    key: str = ""
    rule: str = ""
    score: float = 1.0
    anaphor: bool = False  # "the group": points to an entity but is not one of its names
    name: str = ""  # the name the mention gives when its text is a description ("U.S.-led coalition")

    @property
    def text(self) -> str:
        """The span's text (read once per span: `Span.text` makes a Token per word at each asking)."""
        if self.__dict__.get("_text_of") is not self.span:
            self._read_text()
        return self._text

    @property
    def written_name(self) -> str:
        """The name the mention gives: its description's name, else its text without invisible marks
        ("Mosul\u200e" is "Mosul")."""
        if self.name:
            return self.name
        if self.__dict__.get("_text_of") is not self.span:
            self._read_text()
        return self._displayed

    def _read_text(self) -> None:
        """Keep the span's text and its displayed form until the span is replaced."""
        self._text = span_text(self.span)
        self._displayed = display_name(self._text)
        self._text_of = self.span


@dataclass
class LocalEntity:
    id: str
    key: str
    name: str
    type: str
    mentions: list[LocalMention] = field(default_factory=list)
    merges: list[MergeNote] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    @property
    def aliases(self) -> list[str]:
        seen: list[str] = []
        for m in self.mentions:
            if not m.anaphor and m.written_name != self.name and m.written_name not in seen:
                seen.append(m.written_name)
        return seen


def world_key(mention: LocalMention, may_act: bool = True) -> tuple[str, str] | None:
    """(key, rule) when world knowledge names what `mention` refers to: a country, its people, its capital
    acting for its government (unless not `may_act`: a dateline's place is where the story was filed)."""
    known = _country_named(mention.text, mention.label)
    if known is None and may_act and mention.label == "GPE":
        code = knowledge.capital_country(mention.text)
        if code and acts(mention.span):
            return country_key(code), "capital-as-actor"
    return known


@lru_cache(maxsize=1 << 14)
def _country_named(text: str, label: str) -> tuple[str, str] | None:
    """(key, rule) of the country a name of type `label` names, or whose people it names (a few hundred
    names recur in every document: cached)."""
    if label in ("GPE", "LOC", "ORG", "NORP"):
        code = knowledge.country_code(text)
        if code:
            return country_key(code), "country-name"
    if label in ("NORP", "GPE", "ORG"):
        code = knowledge.demonym_country(text)
        if code:
            return country_key(code), "demonym"
    return None


@Language.component(
    "explorer_keys",
    requires=["doc._.mentions", "doc._.definitions", "doc._.dateline", "doc._.stated_names"],
    assigns=["doc._.mentions"],
)
def keys(doc: Doc) -> Doc:
    place = doc._.dateline.place_start if doc._.dateline is not None else None
    assign_keys(doc._.mentions, doc._.definitions, doc._.stated_names or (), place)
    return doc


@Language.component("explorer_entities", requires=["doc._.mentions", "doc._.dateline"], assigns=["doc._.entities"])
def entities(doc: Doc) -> Doc:
    """Mentions grouped by key into local entities, named, typed, with the roles written before them."""
    doc._.entities = group(doc._.mentions)
    if doc._.dateline is not None:
        name_dateline_place(doc._.entities, doc._.dateline.place_start, doc._.dateline.place)
    add_roles(doc, doc._.entities)
    return doc


def name_dateline_place(entities: list[LocalEntity], start: int, place: str) -> None:
    """The entity a dateline's place ("BAGHDAD") belongs to takes the place's usual name ("Baghdad") unless
    a fuller one names it; the capitals become an alias."""
    for entity in entities:
        mention = next((m for m in entity.mentions if m.span.start_char == start), None)
        if mention is None or is_country_key(entity.key) or entity.name != mention.text:
            continue
        entity.name = place
        entity.merges = [n for n in entity.merges if n.alias != place]
        if mention.text != place and all(n.alias != mention.text for n in entity.merges):
            entity.merges.insert(0, MergeNote(alias=mention.text, rule="dateline"))


def assign_keys(
    mentions: list[LocalMention],
    definitions: dict[str, Span],
    stated: Sequence[tuple[LocalMention, LocalMention]] = (),
    dateline_place: int | None = None,
) -> None:
    """Key every mention: world knowledge, then defined abbreviations, then its own name; then join the
    names the text states for one thing, and link undefined acronyms and short personal names to a
    unique fuller name in the document. The mention starting at character `dateline_place` is a dateline's
    place, never a capital acting for its country."""
    for mention in mentions:
        known = world_key(mention, may_act=mention.span.start_char != dateline_place)
        if known:
            mention.key, mention.rule = known
        elif mention.text in definitions:
            long = definitions[mention.text]
            mention.key, mention.rule = _name_key(span_text(long), long.label_), "abbreviation"
            mention.label = long.label_
        else:
            mention.key = _name_key(mention.text, mention.label)
    _link_stated(stated)
    _link_known_as(mentions)
    _link_acronyms(mentions)
    _link_short_names(mentions)
    _link_short_org_names(mentions)
    _link_leading_words(mentions)
    _follow_linked_names(mentions)
    for named, office in stated:  # "Foreign Secretary, Boris Johnson": the office points to the person
        if office.anaphor:
            office.key = named.key


def _link_stated(stated: Iterable[tuple[LocalMention, LocalMention]]) -> None:
    """"Daesh (also known as ISIL)": the stated name takes the key of the name it follows (in text order,
    so "X, also called Y and known as Z" puts all three under X's key). A country keeps its own key."""
    for named, other in stated:
        if other.anaphor:  # an office beside the name: keyed once the name's key is final
            continue
        if is_country_key(other.key) or is_country_key(named.key) or other.key == named.key:
            continue
        other.key, other.rule, other.score = named.key, "stated-name", 0.9


def _follow_linked_names(mentions: list[LocalMention]) -> None:
    """Once "Facebook" is linked to "Meta Platforms" ("formerly known as"), every "Facebook" is."""
    moved: dict[str, set[str]] = {}
    for m in mentions:
        if m.rule in ("known-as", "short-name", "acronym", "stated-name"):
            moved.setdefault(_name_key(m.text, m.label), set()).add(m.key)
    for mention in mentions:
        targets = moved.get(mention.key, set())
        if not mention.rule and len(targets) == 1:
            mention.key, mention.rule, mention.score = next(iter(targets)), "same-name", 0.9


_AS = frozenset({"as"})


def _link_known_as(mentions: list[LocalMention]) -> None:
    """"Meta Platforms, formerly known as Facebook" / "X, also called Y": two names of one thing."""
    if not mentions:
        return
    table = token_table(mentions[0].span.doc)
    head, lemma = table.head, table.lemma
    if not any(lemma[head[i]] in NAMING_VERBS for i in table.where(LOWER, _AS)):
        return  # no "known as": nothing to look for
    dep, lower = table.dep, table.lower
    by_token = {t: m for m in mentions for t in range(m.span.start, m.span.end)}
    for mention in mentions:
        root = table.root(mention.span.start, mention.span.end)
        prep = head[root]
        if dep[root] != "pobj" or lower[prep] != "as" or lemma[head[prep]] not in NAMING_VERBS:
            continue
        named = by_token.get(head[head[prep]])
        if named is not None and named is not mention and type_family(named.label) == type_family(mention.label):
            mention.key, mention.rule, mention.score = named.key, "known-as", 0.9


def _link_acronyms(mentions: list[LocalMention]) -> None:
    """"WHO" used without a definition in a document that names the "World Health Organization"."""
    long_names = {m.key: m.text for m in mentions if m.label == "ORG" and not m.rule and len(m.span) > 1}
    for mention in mentions:
        if mention.rule or not _looks_like_acronym(mention.text):
            continue
        fits = {key for key, name in long_names.items() if _is_acronym_of(mention.text, name)}
        if len(fits) == 1:
            mention.key, mention.rule, mention.score = fits.pop(), "acronym", 0.9
            mention.label = "ORG"


def _link_short_names(mentions: list[LocalMention]) -> None:
    """A surname or shorter form ("Merkel", "al-Assad") joins the one fuller personal name it ends."""
    people: dict[str, tuple[str, ...]] = {}
    for m in mentions:
        if m.label == "PERSON" and not m.rule:
            people.setdefault(m.key, _person_words(m.text))
    for mention in mentions:
        if mention.rule or mention.label not in ("PERSON", "ORG", "NORP", "GPE"):
            continue
        words = _person_words(mention.text)
        if not words or len(words) > 2:
            continue
        fits = {
            key for key, full in people.items()
            if len(full) > len(words) and full[-len(words):] == words and key != mention.key
        }
        if len(fits) == 1:
            mention.key, mention.rule, mention.score = fits.pop(), "short-name", 0.9
            mention.label = "PERSON"


def _link_short_org_names(mentions: list[LocalMention]) -> None:
    """"Meridian" for "Meridian Pharmaceuticals": the rest of the full name only says what kind of
    organisation it is. "Microsoft" stays apart from "Microsoft Gaming" (a part, not a kind)."""
    full: dict[str, tuple[str, ...]] = {}
    for m in mentions:
        if m.label == "ORG" and not m.rule:
            full.setdefault(m.key, _name_words(m.text))
    for mention in mentions:
        if mention.rule or mention.label not in ("ORG", "NORP", "PERSON", "GPE"):
            continue
        words = _name_words(mention.text)
        fits = {
            key for key, name in full.items()
            if len(name) > len(words) and name[: len(words)] == words and set(name[len(words):]) <= ORG_KINDS
        }
        if len(fits) == 1:
            mention.key, mention.rule, mention.score = fits.pop(), "short-name", 0.85
            mention.label = "ORG"


def _link_leading_words(mentions: list[LocalMention]) -> None:
    """"the Hashd" after "al-Hashd al-Shaabi": a name written with "the" whose words (particles aside)
    begin exactly one longer group name written before it. Without "the" a leading word is often a name
    of its own ("Microsoft" beside "Microsoft Gaming")."""
    groups: list[tuple[str, tuple[str, ...]]] = []  # (key, words) of each group name written so far
    for mention in mentions:
        words = _person_words(mention.text)
        if mention.key.split(":", 1)[0] in ("ORG", "NORP") and len(words) > 1:
            groups.append((mention.key, words))
        if mention.rule or mention.anaphor or not _after_the(mention.span) or not words:
            continue
        fits = {
            key for key, full in groups
            if len(full) > len(words) and full[: len(words)] == words and key != mention.key
        }
        if len(fits) == 1:
            mention.key, mention.rule, mention.score = fits.pop(), "short-name", 0.85
            mention.label = "ORG" if mention.label not in ("ORG", "NORP") else mention.label


# The same names are keyed and compared word by word across rules and documents: cached.
@lru_cache(maxsize=1 << 14)
def _name_key(text: str, label: str) -> str:
    return name_key(text, label)


_looks_like_acronym = lru_cache(maxsize=1 << 14)(looks_like_acronym)
_is_acronym_of = lru_cache(maxsize=1 << 14)(is_acronym_of)


@lru_cache(maxsize=1 << 14)
def _person_words(text: str) -> tuple[str, ...]:
    return tuple(person_words(text))


@lru_cache(maxsize=1 << 14)
def _name_words(text: str) -> tuple[str, ...]:
    return tuple(normalise_name(text).split())


def _after_the(span: Span) -> bool:
    return span.start > 0 and token_table(span.doc).lower[span.start - 1] == "the"


def group(mentions: list[LocalMention]) -> list[LocalEntity]:
    """Local entities from keyed mentions, in order of first mention."""
    by_key: dict[str, LocalEntity] = {}
    for mention in mentions:
        entity = by_key.get(mention.key)
        if entity is None:
            entity = LocalEntity(id=f"L{len(by_key)}", key=mention.key, name="", type="")
            by_key[mention.key] = entity
        entity.mentions.append(mention)
    # Anaphors whose antecedent lost its key to another rule point to nothing named: dropped.
    kept = [e for e in by_key.values() if any(not m.anaphor for m in e.mentions)]
    for number, entity in enumerate(kept):
        entity.id = f"L{number}"
        _name_and_type(entity)
    return kept


def _name_and_type(entity: LocalEntity) -> None:
    named = [m for m in entity.mentions if not m.anaphor]
    if is_country_key(entity.key):
        country = knowledge.country(entity.key.rsplit(":", 1)[1])
        entity.name = country.name if country else named[0].written_name
        entity.type = "GPE"
    else:
        # The fullest written form names the entity; ties go to one not in capitals ("Baghdad" over a
        # dateline's "BAGHDAD"), then to the first written.
        entity.name = max(named, key=lambda m: (len(m.span), not _shouted(m), -m.span.start)).written_name
        if all(_shouted(m) and is_dateline(m.span) for m in named):
            entity.name = entity.name.title()  # a dateline's "MOSCOW" is the city Moscow
        votes = Counter(m.label for m in named)
        entity.type = max(votes, key=lambda label: (votes[label], label == named[0].label))
    notes: dict[str, MergeNote] = {}
    for m in named:
        if m.written_name != entity.name and m.written_name not in notes:
            notes[m.written_name] = MergeNote(alias=m.written_name, rule=m.rule or "same-name", score=m.score)
    entity.merges = list(notes.values())


def _shouted(mention: LocalMention) -> bool:
    """A name written in capitals ("BAGHDAD" in a dateline): a name written otherwise is preferred."""
    return mention.text.isupper()
