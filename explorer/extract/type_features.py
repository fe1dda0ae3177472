"""What the learned type model sees of a name mention.

A mention's features are strings produced by a named list of feature functions (`FEATURES`), so a model
records which functions it was trained with and refuses to run with others. Each reads only the parse and
generic world knowledge: the type spaCy gave, the words of the name and their shape ("College", "Inc.",
"al-" particles), the words around it ("the militia X", "the port city of X", "in X"), its place in the
dependency tree ("leader of X", "X, an Iran-backed group", "X is a group"), the types of the names
coordinated with it, and whether the name is a known country, people
or place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

from spacy.parts_of_speech import NOUN
from spacy.tokens import Span

from explorer import knowledge
from explorer.extract.token_table import TokenTable, token_table, word_ids
from explorer.extract.vocabulary import COLLECTIVE_NOUNS, INSTITUTION_NOUNS
from explorer.names import NAME_PARTICLES, ORG_KINDS, TITLE_WORDS, looks_like_acronym

# The classes the model chooses between; every place type (GPE, LOC, FAC) is one class.
CLASSES = ("PERSON", "ORG", "PLACE", "NORP")

# Words that say what kind of thing a name names, wherever they stand in it ("Oberlin College", "the Marine
# Corps", "Cameron Parish", "Nelson Street"): a feature of their own, so each such word teaches about all.
ORG_WORDS = ORG_KINDS | INSTITUTION_NOUNS | COLLECTIVE_NOUNS | {
    "college", "school", "academy", "hospital", "clinic", "corps", "army", "navy", "brigade", "brigades",
    "battalion", "regiment", "division", "forces", "guard", "guards", "church", "foundation", "society",
    "association", "league", "service", "services", "press", "times", "post", "news", "tribune", "journal",
    "herald", "radio", "television", "tv", "organization", "organisation", "union", "fund", "trust",
    "brotherhood", "militia", "militias", "rebels", "insurgents", "ministry", "council",
}  # fmt: skip
PRONOUNS = {"he": "he", "him": "he", "his": "he", "she": "he", "her": "he", "it": "it", "its": "it",
            "they": "they", "them": "they", "their": "they"}
PRONOUN_WINDOW = 12  # tokens after the name in which its pronoun is looked for
PLACE_WORDS = {
    "county", "counties", "parish", "province", "provinces", "state", "river", "street", "avenue", "road",
    "city", "district", "region", "valley", "mountain", "mountains", "mount", "lake", "island", "islands",
    "sea", "ocean", "bay", "gulf", "desert", "village", "town", "square", "bridge", "park", "canal", "channel",
    "airport", "range", "coast", "peninsula", "strait", "hills", "heights", "plain", "governorate", "port",
    "harbor", "harbour", "beach", "forest", "falls", "creek", "boulevard", "highway", "camp", "base",
}  # fmt: skip


def _world_knowledge(text: str) -> Iterator[str]:
    if knowledge.country_code(text):
        yield "country"
    if knowledge.demonym_country(text):
        yield "demonym"
    if knowledge.capital_country(text):
        yield "capital"
    if knowledge.is_place_name(text):
        yield "place"


def class_of(label: str) -> str:
    """The class of an entity type: a place type is PLACE, the others their own ("EVENT" has none: "")."""
    if label in ("GPE", "LOC", "FAC"):
        return "PLACE"
    return label if label in CLASSES else ""


# The feature functions read the document's `TokenTable`: each appends its features of one name to `out`.

_PRONOUN_IDS = {next(iter(word_ids([word]))): kind for word, kind in PRONOUNS.items()}
_APPOS, _CONJ, _OF = (next(iter(word_ids([word]))) for word in ("appos", "conj", "of"))


class _Name:
    """A mention as the table-reading feature functions see it: its positions, root and text."""

    __slots__ = ("table", "span", "start", "end", "root", "text", "words")

    def __init__(self, table: TokenTable, span: Span) -> None:
        self.table = table
        self.span = span
        self.start, self.end = span.start, span.end
        self.root = span.root.i
        self.text = table.span_text(self.start, self.end)
        punct, lowers, strings = table.is_punct, table.lower_id, table.strings
        # The lower-case words, without punctuation.
        self.words = [strings[lowers[i]] for i in range(self.start, self.end) if not punct[i]]


def _label_of(name: _Name, out: list[str]) -> None:
    out.append(f"label={name.span.label_}")


def _words_of(name: _Name, out: list[str]) -> None:
    words = name.words
    for word in words:
        out.append(f"word={word}")
    if words:
        out.append(f"first={words[0]}")
        out.append(f"last={words[-1]}")
        out.append(f"suffix={words[-1][-3:]}")
        if words[0].rstrip(".") in TITLE_WORDS and len(words) > 1:
            out.append("title_inside")


def _shape_of(name: _Name, out: list[str]) -> None:
    table, text, words = name.table, name.text, name.words
    out.append(f"length={min(len(words), 4)}")
    if looks_like_acronym(text):
        out.append("acronym")
    if text.isupper():
        out.append("upper")
    if any(_particle_word(word) for word in words):
        out.append("particle")
    last = len(words) - 1
    for number, word in enumerate(words):
        if word in ORG_WORDS:
            out.append("kind=org" if number != last else "last_kind=org")
        if word in PLACE_WORDS:
            out.append("kind=place" if number != last else "last_kind=place")
    if any(table.lower_id[i] == _OF for i in range(name.start + 1, name.end - 1)):
        out.append("of_inside")
    if any(table.like_num[i] for i in range(name.start, name.end)):
        out.append("digit")


def _before_of(name: _Name, out: list[str]) -> None:
    table, start = name.table, name.start
    previous = range(max(0, start - 3), start)
    if not previous:
        return
    last = start - 1
    out.append(f"prev={_word_at(table, last)}")
    if len(previous) >= 2:
        out.append(f"prev2={_word_at(table, last - 1)} {_word_at(table, last)}")
    if table.lower[last].rstrip(".") in TITLE_WORDS:
        out.append("after_title")
    if table.is_sent_start[last]:
        out.append("prev_starts_sentence")
    nouns = [i for i in previous if table.pos_id[i] == NOUN]
    if nouns:
        lemma = table.lemma_lower[nouns[-1]]
        out.append(f"prev_noun={lemma}")
        _kind_of_lemma(lemma, out)
    if table.is_sent_start[start]:
        out.append("starts_sentence")


def _after_of(name: _Name, out: list[str]) -> None:
    table, end = name.table, name.end
    if end >= table.length or end == table.head[name.root]:
        return
    out.append(f"next={_word_at(table, end)}")
    if end + 1 < table.length:
        out.append(f"next2={_word_at(table, end)} {_word_at(table, end + 1)}")


def _syntax_of(name: _Name, out: list[str]) -> None:
    table, root = name.table, name.root
    head = table.head[root]
    dep = table.dep[root]
    out.append(f"head={dep}:{table.lemma_lower[head]}")
    if dep == "pobj":
        out.append(f"prep_head={table.lower[head]}:{table.lemma_lower[table.head[head]]}")
    if dep == "appos":
        lemma = table.lemma_lower[head]
        out.append(f"appos_of={lemma}")
        _kind_of_lemma(lemma, out)
    if dep in ("nsubj", "nsubjpass") and table.lemma[head] == "be":
        for child in table.children[head]:
            if table.dep[child] == "attr":
                lemma = table.lemma_lower[child]
                out.append(f"is_a={lemma}")
                _kind_of_lemma(lemma, out)
    for child in table.children[root]:
        child_dep = table.dep_id[child]
        if child_dep == _APPOS and child >= name.end:
            lemma = table.lemma_lower[child]
            out.append(f"appos={lemma}")
            _kind_of_lemma(lemma, out)
        elif child < name.start and table.dep[child] in ("compound", "amod"):
            out.append(f"modifier={table.lemma_lower[child]}")


def _pronoun_of(name: _Name, out: list[str]) -> None:
    table = name.table
    lowers, sent_starts = table.lower_id, table.is_sent_start
    if any(sent_starts[i] for i in range(name.start + 1, name.end)):
        return  # the name runs into the next sentence (`Span.sent` ends where the one it starts in ends)
    for i in range(name.end, min(table.length, name.end + PRONOUN_WINDOW)):
        if sent_starts[i]:
            return
        kind = _PRONOUN_IDS.get(lowers[i])
        if kind is not None:
            out.append(f"pronoun={kind}")
            return


def _coordinated_of(name: _Name, out: list[str]) -> None:
    table, root = name.table, name.root
    others = [child for child in table.children[root] if table.dep_id[child] == _CONJ]
    if table.dep_id[root] == _CONJ:
        others.append(table.head[root])
    doc = table.doc
    for i in others:
        ent_type = doc[i].ent_type_  # entity types change as components run: read from the Doc
        if ent_type:
            out.append(f"conj={ent_type}")


def _world_of(name: _Name, out: list[str]) -> None:
    out.extend(_world_facts(name.text))


@lru_cache(maxsize=1 << 14)
def _world_facts(text: str) -> tuple[str, ...]:
    """`_world_knowledge` of `text`, looked up once per name."""
    return tuple(_world_knowledge(text))




def _kind_of_lemma(lemma: str, out: list[str]) -> None:
    if lemma in PLACE_WORDS:
        out.append("said_to_be=place")
    elif lemma in ORG_WORDS:
        out.append("said_to_be=org")


def _word_at(table: TokenTable, i: int) -> str:
    return "<num>" if table.like_num[i] else table.lower[i]


def _particle_word(lower: str) -> bool:
    return lower in NAME_PARTICLES or "-" in lower and lower.split("-", 1)[0] in NAME_PARTICLES


FEATURES: dict[str, Callable[[_Name, list[str]], None]] = {
    "label": _label_of,
    "words": _words_of,
    "shape": _shape_of,
    "before": _before_of,
    "after": _after_of,
    "syntax": _syntax_of,
    "pronoun": _pronoun_of,
    "coordinated": _coordinated_of,
    "world": _world_of,
}


def features(span: Span, names: tuple[str, ...] = tuple(FEATURES)) -> list[str]:
    """The features of the mention `span` from the feature functions `names`."""
    return document_features([span], names)[0]


def document_features(spans: list[Span], names: tuple[str, ...] = tuple(FEATURES)) -> list[list[str]]:
    """`features` of each of `spans` (mentions of one document), read off the document's token table."""
    if not spans:
        return []
    table = token_table(spans[0].doc)
    functions = [FEATURES[name] for name in names]
    result = []
    for span in spans:
        name, found = _Name(table, span), []
        for function in functions:
            function(name, found)
        result.append(found)
    return result
