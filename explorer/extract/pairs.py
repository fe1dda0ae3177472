"""Candidate relations and what a learned model sees of them.

A candidate is an ordered pair of mentions of two different entities in one sentence: (head, tail) asks
"does the sentence say head → tail?". Its features are strings produced by a named list of feature
functions (`FEATURES`), so a model records which functions it was trained with and refuses to run with
others. Each function reads only the parse: the words and dependency path between the two mentions, their
types, the words around them, and the trigger words our rules know.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import wraps

from spacy.tokens import Doc, Span, Token

from explorer.extract.linking import LocalEntity, LocalMention
from explorer.extract.vocabulary import (
    EVENT_NOUN_TYPES,
    HYPHEN_TYPES,
    PHRASAL_TYPES,
    REVERSED_VERB_TYPES,
    VERB_TYPES,
)

MAX_TOKENS_APART = 40  # farther apart, a sentence rarely relates two names
MAX_PATH = 6  # longer dependency paths are summarised by their length only


class TokenWords:
    """A document's tokens as features read them (their word, their trigger type), each worked out once:
    the many pairs of a sentence read the same tokens."""

    def __init__(self) -> None:
        self._words: dict[int, str] = {}
        self._triggers: dict[int, str | None] = {}

    def word(self, token: Token) -> str:
        """The token as a feature word (`_word`)."""
        if token.i not in self._words:
            self._words[token.i] = _word(token)
        return self._words[token.i]

    def trigger(self, token: Token) -> str | None:
        """The relation type our vocabulary gives the token (`trigger_type`)."""
        if token.i not in self._triggers:
            self._triggers[token.i] = trigger_type(token)
        return self._triggers[token.i]


@dataclass(frozen=True)
class Candidate:
    """Does `sentence` say that `head`'s entity relates to `tail`'s?"""

    head: LocalMention
    tail: LocalMention
    head_entity: str
    tail_entity: str
    sentence: Span
    head_type: str  # the entities' types, which may differ from the mentions' labels
    tail_type: str
    # What the feature functions worked out once for this pair (cues `typed` repeats, its dependency path).
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    # The document's token words, shared by its candidates.
    words: TokenWords = field(default_factory=TokenWords, compare=False, repr=False)


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
    words = TokenWords()
    for number in sorted(by_sentence):
        mentions = sorted(by_sentence[number], key=lambda item: item[0].span.start)
        for head, first in mentions:
            for tail, second in mentions:
                if first.id != second.id and abs(head.span.start - tail.span.start) <= MAX_TOKENS_APART:
                    yield Candidate(
                        head, tail, first.id, second.id, sentences[number], first.type, second.type, words=words
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
    left, right = sorted((c.head.span, c.tail.span), key=lambda s: s.start)
    words = [t for t in left.doc[left.end : right.start] if not t.is_space]
    word = c.words.word
    yield f"between_n={min(len(words), 10)}"
    for token in words[:12]:
        yield f"between={word(token)}"
    if len(words) <= 4:
        yield "between_all=" + " ".join(word(t) for t in words)
    order = "h" if left is c.head.span else "t"
    if len(words) <= 4:
        yield f"between_all_{order}=" + " ".join(word(t) for t in words)


@_remembered
def _around(c: Candidate) -> Iterator[str]:
    """The word before the first mention and after the second, and the words just inside each."""
    left, right = sorted((c.head.span, c.tail.span), key=lambda s: s.start)
    doc = left.doc
    before = doc[left.start - 1] if left.start > 0 else None
    after = doc[right.end] if right.end < len(doc) else None
    word = c.words.word
    yield f"before={word(before) if before is not None else '<s>'}"
    yield f"after={word(after) if after is not None else '</s>'}"
    if before is not None and before.i > 0:
        yield f"before2={word(doc[before.i - 1])} {word(before)}"


@_remembered
def _path(c: Candidate) -> Iterator[str]:
    """The dependency path from head to tail: its shape, its words and its length."""
    steps = dependency_path(*_roots(c), word=c.words.word)
    if steps is None:
        yield "path=none"
        return
    yield f"path_len={min(len(steps), MAX_PATH + 1)}"
    if len(steps) <= MAX_PATH:
        yield "path=" + " ".join(steps)
        yield "path_deps=" + " ".join(s for s in steps if not s.startswith("w:"))
    for step in steps:
        if step.startswith("w:"):
            yield f"path_word={step[2:]}"


def _triggers(c: Candidate) -> Iterator[str]:
    """The relation types our vocabulary gives the words on the path and between: a trigger word the
    training data never showed still counts through its type."""
    left, right = sorted((c.head.span, c.tail.span), key=lambda s: s.start)
    tokens = list(left.doc[left.end : right.start]) + _path_tokens(c)
    for token in tokens:
        type_ = c.words.trigger(token)
        if type_:
            yield f"trigger={type_}"


def _negation(c: Candidate) -> Iterator[str]:
    for token in _path_tokens(c):
        if any(child.dep_ == "neg" for child in token.children):
            yield "negated"
            return


@_remembered
def _roles(c: Candidate) -> Iterator[str]:
    """How each mention hangs in the sentence: its dependency label and the word it hangs on."""
    for side, root in zip(("head", "tail"), _roots(c), strict=True):
        yield f"{side}_dep={root.dep_}"
        yield f"{side}_on={root.dep_}:{c.words.word(root.head)}"


def _mention_words(c: Candidate) -> Iterator[str]:
    """Words inside the mentions that say what they are ("Court", "Ministry", "University")."""
    for side, span in (("head", c.head.span), ("tail", c.tail.span)):
        if len(span) > 1:
            yield f"{side}_last={span[-1].lower_}"
        if c.head.anaphor if side == "head" else c.tail.anaphor:
            yield f"{side}_anaphor"


def _typed(c: Candidate) -> Iterator[str]:
    """The cues again, joined with the two types: "in" between a person and a place says something else
    than between two places."""
    types = f"{c.head_type}>{c.tail_type}"
    order = "h" if c.head.span.start < c.tail.span.start else "t"
    for feature in (*_between(c), *_path(c), *_around(c), *_roles(c)):
        yield f"{types}:{order}:{feature}"


def _coordination(c: Candidate) -> Iterator[str]:
    """Two names in one list ("Egypt, Jordan and Lebanon"), or one list item and another name."""
    head, tail = _roots(c)
    if tail in head.conjuncts:
        yield "conjuncts"
    elif head.conjuncts or tail.conjuncts:
        yield "in_a_list"


def _others(c: Candidate) -> Iterator[str]:
    """Other names between the two: a nearer name of the same kind usually takes the relation."""
    left, right = sorted((c.head.span, c.tail.span), key=lambda s: s.start)
    doc = left.doc
    names = [t for t in doc[left.end : right.start] if t.ent_iob_ == "B"]
    yield f"names_between={min(len(names), 3)}"
    for token in names[:3]:
        yield f"name_between={token.ent_type_}"


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
def _roots(c: Candidate) -> tuple[Token, Token]:
    """The root tokens of the head and tail mentions (a span works its root out anew at each asking)."""
    if "roots" not in c.memo:
        c.memo["roots"] = (c.head.span.root, c.tail.span.root)
    return c.memo["roots"]


def _path_tokens(c: Candidate) -> list[Token]:
    """`path_tokens` between the candidate's roots, worked out once (`triggers` and `negation` read it)."""
    if "path_tokens" not in c.memo:
        c.memo["path_tokens"] = path_tokens(*_roots(c))
    return c.memo["path_tokens"]


def _word(token: Token) -> str:
    """A token as a feature: its lemma, or its shape class for numbers and punctuation."""
    if token.like_num:
        return "<num>"
    if token.is_punct:
        return token.text
    return token.lemma_.lower()


def dependency_path(source: Token, target: Token, word: Callable[[Token], str] = _word) -> list[str] | None:
    """The dependency path from `source` up to the lowest common ancestor and down to `target`: the
    labels of its edges ("nsubj^" going up, "dobj_" going down) and, between them, the words of the tokens
    it passes ("w:kill", "w:of"); None when the two are in different trees."""
    up = [source, *source.ancestors]
    down = [target, *target.ancestors]
    common = next((token for token in up if token in down), None)
    if common is None:
        return None
    steps: list[str] = []
    for token in up[: up.index(common)]:
        steps.append(f"{token.dep_}^")
        if token.head is not target:
            steps.append(f"w:{word(token.head)}")
    for token in reversed(down[: down.index(common)]):
        steps.append(f"{token.dep_}_")
        if token is not target:
            steps.append(f"w:{word(token)}")
    return steps


def path_tokens(source: Token, target: Token) -> list[Token]:
    """The tokens strictly between `source` and `target` on their dependency path."""
    up = [source, *source.ancestors]
    down = [target, *target.ancestors]
    common = next((token for token in up if token in down), None)
    if common is None:
        return []
    inner = up[1 : up.index(common) + 1] + down[1 : down.index(common)]
    return [t for t in inner if t is not source and t is not target]


def trigger_type(token: Token) -> str | None:
    """The relation type our vocabulary gives `token`'s word, if any."""
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX"):
        return VERB_TYPES.get(lemma) or REVERSED_VERB_TYPES.get(lemma) or PHRASAL_TYPES.get(lemma)
    if token.pos_ in ("NOUN", "PROPN"):
        return EVENT_NOUN_TYPES.get(token.lower_) or EVENT_NOUN_TYPES.get(lemma)
    return HYPHEN_TYPES.get(token.lower_, (None,))[0]
