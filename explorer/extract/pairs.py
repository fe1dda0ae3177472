"""Candidate relations and what a learned model sees of them.

A candidate is an ordered pair of mentions of two different entities in one sentence: (head, tail) asks
"does the sentence say head → tail?". Its features are strings produced by a named list of feature
functions (`FEATURES`), so a model records which functions it was trained with and refuses to run with
others. Each function reads only the parse: the words and dependency path between the two mentions, their
types, the words around them, and the trigger words our rules know.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import wraps

from spacy.tokens import Doc, Span, Token

from explorer.extract.linking import LocalEntity, LocalMention
from explorer.extract.token_table import token_table
from explorer.extract.vocabulary import (
    EVENT_NOUN_TYPES,
    HYPHEN_TYPES,
    PHRASAL_TYPES,
    REVERSED_VERB_TYPES,
    VERB_TYPES,
)

MAX_TOKENS_APART = 40  # farther apart, a sentence rarely relates two names
MAX_PATH = 6  # longer dependency paths are summarised by their length only


class DocTokens:
    """A document's tokens as the features read them, by position, each worked out once: the many pairs of
    a sentence read the same tokens. Built on the document's `token_table`, which the other components
    share."""

    def __init__(self, doc: Doc) -> None:
        self.table = table = token_table(doc)
        self.heads = table.head
        self.deps = table.dep
        self.spaces = table.is_space
        self.name_types = table.entity_starts()
        # Tokens with a "neg" child ("not", "never"): a path through one is negated.
        self.negated = {head for i, head in enumerate(self.heads) if head != i and self.deps[i] == "neg"}
        self._words: dict[int, str] = {}
        self._triggers: dict[int, str | None] = {}
        self._conjuncts: dict[int, frozenset[int]] = {}
        self._ancestors: dict[int, list[int]] = {}
        self._roots: dict[tuple[int, int], int] = {}
        self._paths: dict[tuple[int, int], tuple[list[int], list[int]] | None] = {}
        # Features that depend only on positions, shared by the pairs that have them (both orders of a pair).
        self.memo: dict[tuple, tuple] = {}

    def root(self, span: Span) -> int:
        """The position of `span`'s root token."""
        key = (span.start, span.end)
        if key not in self._roots:
            self._roots[key] = self.table.root(span.start, span.end)
        return self._roots[key]

    def word(self, i: int) -> str:
        """Token `i` as a feature: its lemma, or its shape class for numbers and punctuation."""
        if i not in self._words:
            table = self.table
            if table.like_num[i]:
                self._words[i] = "<num>"
            else:
                self._words[i] = table.text[i] if table.is_punct[i] else table.lemma_lower[i]
        return self._words[i]

    def trigger(self, i: int) -> str | None:
        """The relation type our vocabulary gives token `i` (`trigger_type`)."""
        if i not in self._triggers:
            table = self.table
            self._triggers[i] = _trigger(table.pos[i], table.lemma_lower[i], table.lower[i])
        return self._triggers[i]

    def lower(self, i: int) -> str:
        """Token `i`'s lower-case text."""
        return self.table.lower[i]

    def conjuncts(self, i: int) -> frozenset[int]:
        """The positions of token `i`'s conjuncts (`Token.conjuncts`)."""
        if i not in self._conjuncts:
            self._conjuncts[i] = frozenset(self.table.conjuncts(i))
        return self._conjuncts[i]

    def ancestors(self, i: int) -> list[int]:
        """Token `i`'s heads up to its sentence's root, nearest first (`Token.ancestors`), worked out once."""
        if i not in self._ancestors:
            found: list[int] = []
            j = i
            while self.heads[j] != j and len(found) < len(self.heads):
                j = self.heads[j]
                found.append(j)
            self._ancestors[i] = found
        return self._ancestors[i]

    def paths(self, source: int, target: int) -> tuple[list[int], list[int]] | None:
        """From `source` and from `target` up to their lowest common ancestor, that ancestor last; None when
        they are in different trees. Worked out once per pair of positions."""
        key = (source, target)
        if key not in self._paths:
            self._paths[key] = self._find_paths(source, target)
        return self._paths[key]

    def _find_paths(self, source: int, target: int) -> tuple[list[int], list[int]] | None:
        up, down = [source, *self.ancestors(source)], [target, *self.ancestors(target)]
        reached = set(down)
        for length, i in enumerate(up, start=1):
            if i in reached:
                return up[:length], down[: down.index(i) + 1]
        return None


@dataclass(slots=True)
class Candidate:
    """Does `sentence` say that `head`'s entity relates to `tail`'s? (Not frozen: a document makes thousands,
    and a frozen dataclass takes four times as long to make.)"""

    head: LocalMention
    tail: LocalMention
    head_entity: str
    tail_entity: str
    sentence: Span
    head_type: str  # the entities' types, which may differ from the mentions' labels
    tail_type: str
    tokens: DocTokens = field(compare=False, repr=False)  # the document's, shared by its candidates
    # What the feature functions worked out once for this pair (cues `typed` repeats, its dependency path).
    memo: dict = field(default_factory=dict, compare=False, repr=False)


def _remembered(function: Callable[[Candidate], Iterator[str]]) -> Callable[[Candidate], tuple[str, ...]]:
    """`function`'s features of a candidate, worked out once (`typed` asks for them again)."""
    name = function.__name__

    @wraps(function)
    def remembered(c: Candidate) -> tuple[str, ...]:
        if name not in c.memo:
            c.memo[name] = tuple(function(c))
        return c.memo[name]

    return remembered


def candidates(doc: Doc, entities: list[LocalEntity]) -> Iterator[Candidate]:
    """Every ordered pair of mentions of two entities in one sentence, near enough to be related."""
    by_sentence: dict[int, list[tuple[LocalMention, LocalEntity]]] = {}
    for entity in entities:
        for mention in entity.mentions:
            by_sentence.setdefault(mention.sentence, []).append((mention, entity))
    sentences = list(doc.sents)
    tokens = DocTokens(doc)
    for number in sorted(by_sentence):
        mentions = sorted(by_sentence[number], key=lambda item: item[0].span.start)
        for head, first in mentions:
            for tail, second in mentions:
                if first.id != second.id and abs(head.span.start - tail.span.start) <= MAX_TOKENS_APART:
                    yield Candidate(
                        head, tail, first.id, second.id, sentences[number], first.type, second.type, tokens
                    )


# --- features ----------------------------------------------------------------------------------------------
def _types(c: Candidate) -> Iterator[str]:
    yield f"types={c.head.label}>{c.tail.label}"
    yield f"head_type={c.head.label}"
    yield f"tail_type={c.tail.label}"


def _order(c: Candidate) -> Iterator[str]:
    yield "head_first" if c.head.span.start < c.tail.span.start else "tail_first"


@_remembered
def _between(c: Candidate) -> Iterator[str]:
    """The words between the two mentions: each lemma, how many, and the whole when it is short."""
    left, right = _sides(c)
    features, whole = _between_either_way(c.tokens, left.end, right.start)
    yield from features
    if whole is not None:
        order = "h" if left is c.head.span else "t"
        yield f"between_all_{order}={whole}"


def _between_either_way(tokens: DocTokens, start: int, end: int) -> tuple[tuple[str, ...], str | None]:
    """`between`'s features of the words from `start` to `end` but the one saying which mention comes first,
    and the words joined when they are few (else None); once per document."""
    key = ("between", start, end)
    if key not in tokens.memo:
        words = [tokens.word(i) for i in range(start, end) if not tokens.spaces[i]]
        whole = " ".join(words) if len(words) <= 4 else None
        features = [f"between_n={min(len(words), 10)}", *(f"between={word}" for word in words[:12])]
        if whole is not None:
            features.append(f"between_all={whole}")
        tokens.memo[key] = tuple(features), whole
    return tokens.memo[key]


@_remembered
def _around(c: Candidate) -> Iterator[str]:
    """The word before the first mention and after the second, and the words just inside each."""
    left, right = _sides(c)
    key = ("around", left.start, right.end)
    if key not in c.tokens.memo:
        c.tokens.memo[key] = tuple(_around_positions(c.tokens, left.start, right.end))
    return c.tokens.memo[key]


def _around_positions(tokens: DocTokens, start: int, end: int) -> Iterator[str]:
    word = tokens.word
    before = start - 1 if start > 0 else None
    after = end if end < len(tokens.heads) else None
    yield f"before={word(before) if before is not None else '<s>'}"
    yield f"after={word(after) if after is not None else '</s>'}"
    if before is not None and before > 0:
        yield f"before2={word(before - 1)} {word(before)}"


@_remembered
def _path(c: Candidate) -> Iterator[str]:
    """The dependency path from head to tail: its shape, its words and its length."""
    path = dependency_path(c.tokens, *_roots(c))
    if path is None:
        yield "path=none"
        return
    steps, labels, words = path
    yield f"path_len={min(len(steps), MAX_PATH + 1)}"
    if len(steps) <= MAX_PATH:
        yield "path=" + " ".join(steps)
        yield "path_deps=" + " ".join(labels)
    for word in words:
        yield f"path_word={word}"


def _triggers(c: Candidate) -> Iterator[str]:
    """The relation types our vocabulary gives the words on the path and between: a trigger word the
    training data never showed still counts through its type."""
    left, right = _sides(c)
    key = ("triggers", left.end, right.start)
    if key not in c.tokens.memo:
        c.tokens.memo[key] = tuple(_trigger_features(c.tokens, range(left.end, right.start)))
    yield from c.tokens.memo[key]
    yield from _trigger_features(c.tokens, _path_tokens(c))


def _trigger_features(tokens: DocTokens, positions: Iterable[int]) -> Iterator[str]:
    for i in positions:
        type_ = tokens.trigger(i)
        if type_:
            yield f"trigger={type_}"


def _negation(c: Candidate) -> Iterator[str]:
    if any(i in c.tokens.negated for i in _path_tokens(c)):
        yield "negated"


@_remembered
def _roles(c: Candidate) -> Iterator[str]:
    """How each mention hangs in the sentence: its dependency label and the word it hangs on."""
    head, tail = _roots(c)
    yield from _role(c.tokens, "head", head)
    yield from _role(c.tokens, "tail", tail)


def _role(tokens: DocTokens, side: str, root: int) -> tuple[str, ...]:
    """`roles`'s features of one side whose root is token `root`; once per document (a mention is in many
    pairs)."""
    key = ("role", side, root)
    if key not in tokens.memo:
        dep = tokens.deps[root]
        tokens.memo[key] = (f"{side}_dep={dep}", f"{side}_on={dep}:{tokens.word(tokens.heads[root])}")
    return tokens.memo[key]


def _mention_words(c: Candidate) -> Iterator[str]:
    """Words inside the mentions that say what they are ("Court", "Ministry", "University")."""
    for side, span in (("head", c.head.span), ("tail", c.tail.span)):
        if len(span) > 1:
            yield f"{side}_last={c.tokens.lower(span.end - 1)}"
        if c.head.anaphor if side == "head" else c.tail.anaphor:
            yield f"{side}_anaphor"


def _typed(c: Candidate) -> Iterator[str]:
    """The cues again, joined with the two types: "in" between a person and a place says something else
    than between two places."""
    prefix = typed_prefix(c)
    for feature in typed_cues(c):
        yield prefix + feature


def typed_prefix(c: Candidate) -> str:
    """What `typed` puts before each cue: the two types and which mention comes first."""
    order = "h" if c.head.span.start < c.tail.span.start else "t"
    return f"{c.head_type}>{c.tail_type}:{order}:"


def typed_cues(c: Candidate) -> tuple[str, ...]:
    """The cues `typed` repeats after its prefix."""
    return (*_between(c), *_path(c), *_around(c), *_roles(c))


def _coordination(c: Candidate) -> Iterator[str]:
    """Two names in one list ("Egypt, Jordan and Lebanon"), or one list item and another name."""
    head, tail = _roots(c)
    if tail in c.tokens.conjuncts(head):
        yield "conjuncts"
    elif c.tokens.conjuncts(head) or c.tokens.conjuncts(tail):
        yield "in_a_list"


def _others(c: Candidate) -> Iterator[str]:
    """Other names between the two: a nearer name of the same kind usually takes the relation."""
    left, right = _sides(c)
    key = ("others", left.end, right.start)
    if key not in c.tokens.memo:
        c.tokens.memo[key] = tuple(_names_between(c.tokens, left.end, right.start))
    return c.tokens.memo[key]


def _names_between(tokens: DocTokens, start: int, end: int) -> Iterator[str]:
    names = [i for i in range(start, end) if i in tokens.name_types]
    yield f"names_between={min(len(names), 3)}"
    for i in names[:3]:
        yield f"name_between={tokens.name_types[i]}"


FEATURES: dict[str, Callable[[Candidate], Iterator[str]]] = {
    "types": _types,
    "order": _order,
    "between": _between,
    "around": _around,
    "path": _path,
    "triggers": _triggers,
    "negation": _negation,
    "roles": _roles,
    "mention_words": _mention_words,
    "typed": _typed,
    "others": _others,
    "coordination": _coordination,
}


def features(candidate: Candidate, names: tuple[str, ...] = tuple(FEATURES)) -> list[str]:
    """The features of `candidate` from the feature functions `names`."""
    return [feature for name in names for feature in FEATURES[name](candidate)]


# --- helpers -----------------------------------------------------------------------------------------------
def _roots(c: Candidate) -> tuple[int, int]:
    """The positions of the head's and the tail's root tokens (a span works its root out at each asking)."""
    if "roots" not in c.memo:
        c.memo["roots"] = (c.tokens.root(c.head.span), c.tokens.root(c.tail.span))
    return c.memo["roots"]


def _sides(c: Candidate) -> tuple[Span, Span]:
    """The candidate's two mention spans, the first in the sentence first (the head when both start together)."""
    if "sides" not in c.memo:
        c.memo["sides"] = sorted((c.head.span, c.tail.span), key=lambda s: s.start)
    return c.memo["sides"]


def _path_tokens(c: Candidate) -> list[int]:
    """`path_tokens` between the candidate's roots, worked out once (`triggers` and `negation` read it)."""
    if "path_tokens" not in c.memo:
        c.memo["path_tokens"] = path_tokens(c.tokens, *_roots(c))
    return c.memo["path_tokens"]


def dependency_path(tokens: DocTokens, source: int, target: int) -> tuple[list[str], list[str], list[str]] | None:
    """The dependency path from token `source` up to the lowest common ancestor and down to `target`, as its
    steps: the labels of its edges ("nsubj^" going up, "dobj_" going down) and, between them, the words of
    the tokens it passes ("w:kill", "w:of"); then the labels alone and the words alone. None when the two are
    in different trees. Going up, every step names the word it reaches, the target's too."""
    paths = tokens.paths(source, target)
    if paths is None:
        return None
    up, down = paths
    deps, heads, word = tokens.deps, tokens.heads, tokens.word
    steps: list[str] = []
    labels: list[str] = []
    words: list[str] = []
    for i in up[:-1]:
        label, reached = f"{deps[i]}^", word(heads[i])
        steps += (label, f"w:{reached}")
        labels.append(label)
        words.append(reached)
    for i in reversed(down[:-1]):
        label = f"{deps[i]}_"
        steps.append(label)
        labels.append(label)
        if i != target:
            passed = word(i)
            steps.append(f"w:{passed}")
            words.append(passed)
    return steps, labels, words


def path_tokens(tokens: DocTokens, source: int, target: int) -> list[int]:
    """The tokens between `source` and `target` on their dependency path: the common ancestor (the target
    itself when it is the source's ancestor) and the tokens below it on either side."""
    paths = tokens.paths(source, target)
    if paths is None:
        return []
    up, down = paths
    return up[1:] + down[1:-1]


def trigger_type(token: Token) -> str | None:
    """The relation type our vocabulary gives `token`'s word, if any."""
    return _trigger(token.pos_, token.lemma_.lower(), token.lower_)


def _trigger(pos: str, lemma: str, lower: str) -> str | None:
    """The relation type our vocabulary gives a word of part of speech `pos`, lower-cased `lemma` and text."""
    if pos in ("VERB", "AUX"):
        return VERB_TYPES.get(lemma) or REVERSED_VERB_TYPES.get(lemma) or PHRASAL_TYPES.get(lemma)
    if pos in ("NOUN", "PROPN"):
        return EVENT_NOUN_TYPES.get(lower) or EVENT_NOUN_TYPES.get(lemma)
    return HYPHEN_TYPES.get(lower, (None,))[0]
