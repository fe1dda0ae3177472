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
from spacy.tokens import Span, Token

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


def _label(span: Span) -> Iterator[str]:
    yield f"label={span.label_}"


def _words(span: Span) -> Iterator[str]:
    """Each word of the name, its first and last (a kind of thing: "College", "Brigade"), their endings
    ("-stan", "-ists") and a title at its start ("Prince …")."""
    words = [t.lower_ for t in span if not t.is_punct]
    for word in words:
        yield f"word={word}"
    if words:
        yield f"first={words[0]}"
        yield f"last={words[-1]}"
        yield f"suffix={words[-1][-3:]}"
        if words[0].rstrip(".") in TITLE_WORDS and len(words) > 1:
            yield "title_inside"


def _shape(span: Span) -> Iterator[str]:
    """How the name is written: length, capitals, particles, a kind of organisation at its end."""
    tokens = [t for t in span if not t.is_punct]
    yield f"length={min(len(tokens), 4)}"
    if looks_like_acronym(span.text):
        yield "acronym"
    if span.text.isupper():
        yield "upper"
    if any(_particle(t) for t in tokens):
        yield "particle"
    for token in tokens:
        if token.lower_ in ORG_WORDS:
            yield "kind=org" if token is not tokens[-1] else "last_kind=org"
        if token.lower_ in PLACE_WORDS:
            yield "kind=place" if token is not tokens[-1] else "last_kind=place"
    if any(t.lower_ == "of" for t in span[1:-1]):
        yield "of_inside"
    if any(t.like_num for t in span):
        yield "digit"


def _before(span: Span) -> Iterator[str]:
    """The words before the name: "the militia", "the port city of", "Prince", "in"."""
    doc = span.doc
    previous = [doc[i] for i in range(max(0, span.start - 3), span.start)]
    if not previous:
        return
    last = previous[-1]
    yield f"prev={_word(last)}"
    if len(previous) >= 2:
        yield f"prev2={_word(previous[-2])} {_word(last)}"
    if last.lower_.rstrip(".") in TITLE_WORDS:
        yield "after_title"
    if last.is_sent_start:
        yield "prev_starts_sentence"
    nouns = [t for t in previous if t.pos_ == "NOUN"]
    if nouns:
        yield f"prev_noun={nouns[-1].lemma_.lower()}"
        yield from _kind_of(nouns[-1])
    if span[0].is_sent_start:
        yield "starts_sentence"


def _after(span: Span) -> Iterator[str]:
    """The words after the name: "X said", "X Inc", "X, an …"."""
    doc = span.doc
    following = [doc[i] for i in range(span.end, min(len(doc), span.end + 2))]
    if not following or following[0].i == span.root.head.i:  # the word it depends on: see `_syntax`
        return
    yield f"next={_word(following[0])}"
    if len(following) == 2:
        yield f"next2={_word(following[0])} {_word(following[1])}"


def _syntax(span: Span) -> Iterator[str]:
    """The name's place in the parse: its dependency and head ("pobj of leader", "nsubj of say", "compound
    of regime"), and the nouns set beside it ("X, an Iran-backed group")."""
    root = span.root
    head = root.head
    yield f"head={root.dep_}:{head.lemma_.lower()}"
    if root.dep_ == "pobj":
        yield f"prep_head={head.lower_}:{head.head.lemma_.lower()}"
    if root.dep_ == "appos":
        yield f"appos_of={head.lemma_.lower()}"
        yield from _kind_of(head)
    if root.dep_ in ("nsubj", "nsubjpass") and head.lemma_ == "be":
        for child in head.children:
            if child.dep_ == "attr":
                yield f"is_a={child.lemma_.lower()}"
                yield from _kind_of(child)
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            yield f"appos={child.lemma_.lower()}"
            yield from _kind_of(child)
        elif child.dep_ in ("compound", "amod") and child.i < span.start:
            yield f"modifier={child.lemma_.lower()}"


def _pronoun(span: Span) -> Iterator[str]:
    """The first third-person pronoun after the name in its sentence: "X said it would …" (a thing), "X
    said he would …" (a person), "X said they …" (a group)."""
    sentence_end = span.sent.end
    for token in span.doc[span.end : min(sentence_end, span.end + PRONOUN_WINDOW)]:
        if token.lower_ in PRONOUNS:
            yield f"pronoun={PRONOUNS[token.lower_]}"
            return


def _coordinated(span: Span) -> Iterator[str]:
    """The types spaCy gave the names coordinated with this one ("Mosul and X": X is likely a place too)."""
    root = span.root
    others = [c for c in root.children if c.dep_ == "conj"]
    if root.dep_ == "conj":
        others.append(root.head)
    for token in others:
        if token.ent_type_:
            yield f"conj={token.ent_type_}"


def _world(span: Span) -> Iterator[str]:
    """What generic world knowledge says the name is: a country, a people, a capital, a town or city."""
    return _world_knowledge(span.text)


def _world_knowledge(text: str) -> Iterator[str]:
    if knowledge.country_code(text):
        yield "country"
    if knowledge.demonym_country(text):
        yield "demonym"
    if knowledge.capital_country(text):
        yield "capital"
    if knowledge.is_place_name(text):
        yield "place"


FEATURES: dict[str, Callable[[Span], Iterator[str]]] = {
    "label": _label,
    "words": _words,
    "shape": _shape,
    "before": _before,
    "after": _after,
    "syntax": _syntax,
    "pronoun": _pronoun,
    "coordinated": _coordinated,
    "world": _world,
}


def features(span: Span, names: tuple[str, ...] = tuple(FEATURES)) -> list[str]:
    """The features of the mention `span` from the feature functions `names`."""
    return [feature for name in names for feature in FEATURES[name](span)]


def document_features(spans: list[Span], names: tuple[str, ...] = tuple(FEATURES)) -> list[list[str]]:
    """`features` of each of `spans` (mentions of one document), read off the document's token table: the
    same strings, made without a Token object per word (tests/unit/test_type_features.py holds them equal)."""
    if not spans:
        return []
    table = token_table(spans[0].doc)
    functions = [_FROM_TABLE[name] for name in names]
    result = []
    for span in spans:
        name, found = _Name(table, span), []
        for function in functions:
            function(name, found)
        result.append(found)
    return result


def class_of(label: str) -> str:
    """The class of an entity type: a place type is PLACE, the others their own ("EVENT" has none: "")."""
    if label in ("GPE", "LOC", "FAC"):
        return "PLACE"
    return label if label in CLASSES else ""


def _kind_of(noun: Token) -> Iterator[str]:
    """What a noun said of the name says it is: "the port city of X", "X, an armed group"."""
    lemma = noun.lemma_.lower()
    if lemma in PLACE_WORDS:
        yield "said_to_be=place"
    elif lemma in ORG_WORDS:
        yield "said_to_be=org"


def _word(token: Token) -> str:
    if token.like_num:
        return "<num>"
    return token.lower_


def _particle(token: Token) -> bool:
    lower = token.lower_
    return lower in NAME_PARTICLES or lower.split("-", 1)[0] in NAME_PARTICLES and "-" in lower


# The same features read off a `TokenTable`, for prediction (`document_features`): each function appends to `out`
# what its namesake in `FEATURES` yields, in the same order.

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


_FROM_TABLE: dict[str, Callable[[_Name, list[str]], None]] = {
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


def _kind_of_lemma(lemma: str, out: list[str]) -> None:
    if lemma in PLACE_WORDS:
        out.append("said_to_be=place")
    elif lemma in ORG_WORDS:
        out.append("said_to_be=org")


def _word_at(table: TokenTable, i: int) -> str:
    return "<num>" if table.like_num[i] else table.lower[i]


def _particle_word(lower: str) -> bool:
    return lower in NAME_PARTICLES or "-" in lower and lower.split("-", 1)[0] in NAME_PARTICLES
