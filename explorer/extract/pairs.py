"""Candidate relations and what a learned model sees of them.

A candidate is an ordered pair of mentions of two different entities in one sentence: (head, tail) asks
"does the sentence say head → tail?". Its features are strings produced by a named list of feature
functions (`FEATURES`), so a model records which functions it was trained with and refuses to run with
others. Each function reads only the parse: the words and dependency path between the two mentions, their
types, the words around them, and the trigger words our rules know.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

from spacy.tokens import Doc, Span

from explorer.extract.linking import LocalEntity, LocalMention
from explorer.extract.token_table import token_table
from explorer.extract.vocabulary import (
    EVENT_NOUN_TYPES,
    HYPHEN_TYPES,
    PHRASAL_TYPES,
    REVERSED_VERB_TYPES,
    VERB_TYPES,
)

MAX_TOKENS_APART = 20  # farther apart, a sentence rarely relates two names (on dev data, 20 is as good as 40)
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
        self.name_starts = list(self.name_types)  # in order: the table reads the tokens in order
        # Tokens with a "neg" child ("not", "never"): a path through one is negated.
        self.negated = {head for i, head in enumerate(self.heads) if head != i and self.deps[i] == "neg"}
        self._conjuncts: dict[int, frozenset[int]] = {}
        self._ancestors: dict[int, list[int]] = {}
        self._roots: dict[tuple[int, int], int] = {}
        self._paths: dict[tuple[int, int], tuple[list[int], list[int]] | None] = {}
        self._word_features: dict[str, list[str]] = {}
        # Features that depend only on positions, shared by the pairs that have them (both orders of a pair).
        self.memo: dict[tuple, tuple] = {}

    def remembered(
        self, name: str, start: int, end: int, make: Callable[[DocTokens, int, int], Iterable[str]]
    ) -> tuple[str, ...]:
        """The features `make` gives for the tokens from `start` to `end`, worked out once per document (both
        orders of a pair, and every pair around the same tokens, share them)."""
        key = (name, start, end)
        if key not in self.memo:
            self.memo[key] = tuple(make(self, start, end))
        return self.memo[key]

    def root(self, span: Span) -> int:
        """The position of `span`'s root token."""
        key = (span.start, span.end)
        if key not in self._roots:
            self._roots[key] = self.table.root(span.start, span.end)
        return self._roots[key]

    @cached_property
    def words(self) -> list[str]:
        """Each token as a feature: its lemma, or its shape class for numbers and punctuation."""
        table = self.table
        return [
            "<num>" if like_num else text if punct else lemma
            for like_num, punct, text, lemma in zip(
                table.like_num, table.is_punct, table.text, table.lemma_lower, strict=True
            )
        ]

    @cached_property
    def trigger_features(self) -> list[str | None]:
        """Each token's "trigger=TYPE" feature, TYPE being the relation type our vocabulary gives its word;
        None for a word it gives none."""
        table = self.table
        return [
            f"trigger={type_}" if (type_ := _trigger(pos, lemma, lower)) else None
            for pos, lemma, lower in zip(table.pos, table.lemma_lower, table.lower, strict=True)
        ]

    def word_features(self, name: str) -> list[str]:
        """Each token's word as the feature `name` ("path_word=kill"), made once per document: the many pairs
        of a sentence read the same words."""
        if name not in self._word_features:
            self._word_features[name] = [f"{name}={word}" for word in self.words]
        return self._word_features[name]

    @cached_property
    def trigger_positions(self) -> list[int]:
        """The positions of the tokens that have a trigger feature, in order."""
        return [i for i, feature in enumerate(self.trigger_features) if feature]

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
        they are in different trees. Worked out once per pair of positions, in either order."""
        key = (source, target)
        if key not in self._paths:
            reverse = self._paths.get((target, source), False)
            if reverse is False:
                self._paths[key] = self._find_paths(source, target)
            else:
                self._paths[key] = None if reverse is None else (reverse[1], reverse[0])
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
class Pair:
    """A candidate as its feature functions read it, worked out once per asking of `features`: which mention
    comes first, the two roots, the dependency path between them, and the cues that `typed` repeats (the
    words between, the path, the words around, the roles)."""

    __slots__ = ("c", "tokens", "left", "right", "head_root", "tail_root", "paths", "path_tokens", "cues")

    def __init__(self, c: Candidate) -> None:
        self.c = c
        self.tokens = tokens = c.tokens
        head, tail = c.head.span, c.tail.span
        # The head first when both start together.
        self.left, self.right = (tail, head) if tail.start < head.start else (head, tail)
        self.head_root, self.tail_root = tokens.root(head), tokens.root(tail)
        self.paths = tokens.paths(self.head_root, self.tail_root)
        self.path_tokens = _path_tokens(self.paths)
        self.cues = {name: cue(self) for name, cue in CUES.items()}


def _types(p: Pair) -> tuple[str, ...]:
    return _type_features(p.c.head.label, p.c.tail.label)


@cache
def _type_features(head: str, tail: str) -> tuple[str, ...]:
    return (f"types={head}>{tail}", f"head_type={head}", f"tail_type={tail}")


def _order(p: Pair) -> tuple[str, ...]:
    return ("head_first",) if p.c.head.span.start < p.c.tail.span.start else ("tail_first",)


def _between(p: Pair) -> tuple[str, ...]:
    """The words between the two mentions: each lemma, how many, and the whole when it is short."""
    features, whole = _between_either_way(p.tokens, p.left.end, p.right.start)
    if whole is None:
        return features
    order = "h" if p.left is p.c.head.span else "t"
    return (*features, f"between_all_{order}={whole}")


def _between_either_way(tokens: DocTokens, start: int, end: int) -> tuple[tuple[str, ...], str | None]:
    """`between`'s features of the words from `start` to `end` but the one saying which mention comes first,
    and the words joined when they are few (else None); once per document."""
    key = ("between", start, end)
    if key not in tokens.memo:
        every, spaces = tokens.words, tokens.spaces
        kept = [i for i in range(start, end) if not spaces[i]]
        whole = " ".join(every[i] for i in kept) if len(kept) <= 4 else None
        between = tokens.word_features("between")
        features = [f"between_n={min(len(kept), 10)}", *(between[i] for i in kept[:12])]
        if whole is not None:
            features.append(f"between_all={whole}")
        tokens.memo[key] = tuple(features), whole
    return tokens.memo[key]


def _around(p: Pair) -> tuple[str, ...]:
    """The word before the first mention and after the second, and the words just inside each."""
    return p.tokens.remembered("around", p.left.start, p.right.end, _around_positions)


def _around_positions(tokens: DocTokens, start: int, end: int) -> Iterator[str]:
    word = tokens.words
    before = start - 1 if start > 0 else None
    after = end if end < len(tokens.heads) else None
    yield f"before={word[before] if before is not None else '<s>'}"
    yield f"after={word[after] if after is not None else '</s>'}"
    if before is not None and before > 0:
        yield f"before2={word[before - 1]} {word[before]}"


def _path(p: Pair) -> list[str]:
    """The dependency path from head to tail: its shape, its words and its length."""
    if p.paths is None:
        return ["path=none"]
    up, down = p.paths
    tokens = p.tokens
    # Going up, each edge is a label and the word it reaches; going down, a label and the word it passes,
    # but for the last edge, which reaches the tail.
    length = 2 * (len(up) - 1) + 2 * (len(down) - 1) - (len(down) > 1)
    features = [f"path_len={min(length, MAX_PATH + 1)}"]
    if length <= MAX_PATH:
        steps, labels = dependency_path(tokens, p.paths, p.tail_root)
        features += ("path=" + " ".join(steps), "path_deps=" + " ".join(labels))
    path_word = tokens.word_features("path_word")
    features += [path_word[i] for i in up[1:]]
    features += [path_word[i] for i in reversed(down[1:-1])]
    return features


def _triggers(p: Pair) -> list[str]:
    """The relation types our vocabulary gives the words on the path and between: a trigger word the
    training data never showed still counts through its type."""
    between = p.tokens.remembered("triggers", p.left.end, p.right.start, _triggers_between)
    return [*between, *_trigger_features(p.tokens, p.path_tokens)]


def _triggers_between(tokens: DocTokens, start: int, end: int) -> list[str]:
    return _trigger_features(tokens, within(tokens.trigger_positions, start, end))


def _trigger_features(tokens: DocTokens, positions: Iterable[int]) -> list[str]:
    found = tokens.trigger_features
    return [feature for i in positions if (feature := found[i])]


def _negation(p: Pair) -> tuple[str, ...]:
    return () if p.tokens.negated.isdisjoint(p.path_tokens) else ("negated",)


def _roles(p: Pair) -> tuple[str, ...]:
    """How each mention hangs in the sentence: its dependency label and the word it hangs on."""
    return _role(p.tokens, "head", p.head_root) + _role(p.tokens, "tail", p.tail_root)


def _role(tokens: DocTokens, side: str, root: int) -> tuple[str, ...]:
    """`roles`'s features of one side whose root is token `root`; once per document (a mention is in many
    pairs)."""
    key = ("role", side, root)
    if key not in tokens.memo:
        dep = tokens.deps[root]
        tokens.memo[key] = (f"{side}_dep={dep}", f"{side}_on={dep}:{tokens.words[tokens.heads[root]]}")
    return tokens.memo[key]


def _mention_words(p: Pair) -> list[str]:
    """Words inside the mentions that say what they are ("Court", "Ministry", "University")."""
    features = []
    for side, mention in (("head", p.c.head), ("tail", p.c.tail)):
        if len(mention.span) > 1:
            features.append(f"{side}_last={p.tokens.lower(mention.span.end - 1)}")
        if mention.anaphor:
            features.append(f"{side}_anaphor")
    return features


def _typed(p: Pair) -> list[str]:
    """The cues again, joined with the two types: "in" between a person and a place says something else
    than between two places."""
    prefix = typed_prefix(p)
    return [prefix + feature for feature in typed_cues(p)]


def typed_prefix(p: Pair) -> str:
    """What `typed` puts before each cue: the two types and which mention comes first."""
    return _typed_prefix(p.c.head_type, p.c.tail_type, "h" if p.c.head.span.start < p.c.tail.span.start else "t")


@cache
def _typed_prefix(head_type: str, tail_type: str, order: str) -> str:
    return f"{head_type}>{tail_type}:{order}:"


def typed_cues(p: Pair) -> tuple[str, ...]:
    """The cues `typed` repeats after its prefix."""
    cues = p.cues
    return (*cues["between"], *cues["path"], *cues["around"], *cues["roles"])


def _coordination(p: Pair) -> tuple[str, ...]:
    """Two names in one list ("Egypt, Jordan and Lebanon"), or one list item and another name."""
    conjuncts = p.tokens.conjuncts
    if p.tail_root in conjuncts(p.head_root):
        return ("conjuncts",)
    if conjuncts(p.head_root) or conjuncts(p.tail_root):
        return ("in_a_list",)
    return ()


def _others(p: Pair) -> tuple[str, ...]:
    """Other names between the two: a nearer name of the same kind usually takes the relation."""
    return p.tokens.remembered("others", p.left.end, p.right.start, _names_between)


def _names_between(tokens: DocTokens, start: int, end: int) -> Iterator[str]:
    names = within(tokens.name_starts, start, end)
    yield f"names_between={min(len(names), 3)}"
    for i in names[:3]:
        yield f"name_between={tokens.name_types[i]}"


def _cue(name: str) -> Callable[[Pair], Sequence[str]]:
    """The feature function giving the cue `name`, as its `Pair` worked it out."""

    def cue(p: Pair) -> Sequence[str]:
        return p.cues[name]

    cue.__name__ = f"_{name}_cue"
    return cue


# The cues, each worked out once per pair: the features of their own name, and again in `typed`.
CUES: dict[str, Callable[[Pair], Sequence[str]]] = {
    "between": _between,
    "path": _path,
    "around": _around,
    "roles": _roles,
}

FEATURES: dict[str, Callable[[Pair], Sequence[str]]] = {
    "types": _types,
    "order": _order,
    "between": _cue("between"),
    "around": _cue("around"),
    "path": _cue("path"),
    "triggers": _triggers,
    "negation": _negation,
    "roles": _cue("roles"),
    "mention_words": _mention_words,
    "typed": _typed,
    "others": _others,
    "coordination": _coordination,
}


def features(candidate: Candidate, names: tuple[str, ...] = tuple(FEATURES)) -> list[str]:
    """The features of `candidate` from the feature functions `names`."""
    pair = Pair(candidate)
    return [feature for name in names for feature in FEATURES[name](pair)]


# --- helpers -----------------------------------------------------------------------------------------------
def dependency_path(
    tokens: DocTokens, paths: tuple[list[int], list[int]], target: int
) -> tuple[list[str], list[str]]:
    """The dependency path of `paths` (`DocTokens.paths`, ending at token `target`) as its steps: the labels
    of its edges ("nsubj^" going up, "dobj_" going down) and, between them, the words of the tokens it
    passes ("w:kill", "w:of"); then the labels alone. Going up, every step names the word it reaches, the
    target's too."""
    up, down = paths
    deps, heads, word = tokens.deps, tokens.heads, tokens.words
    steps: list[str] = []
    labels: list[str] = []
    for i in up[:-1]:
        label = f"{deps[i]}^"
        steps += (label, f"w:{word[heads[i]]}")
        labels.append(label)
    for i in reversed(down[:-1]):
        label = f"{deps[i]}_"
        steps.append(label)
        labels.append(label)
        if i != target:
            steps.append(f"w:{word[i]}")
    return steps, labels


def within(positions: list[int], start: int, end: int) -> list[int]:
    """The ones of `positions` (in order) from `start` up to `end`."""
    return positions[bisect_left(positions, start) : bisect_left(positions, end)]


def _path_tokens(paths: tuple[list[int], list[int]] | None) -> list[int]:
    """The tokens between the two ends of `paths` (`DocTokens.paths`) on their dependency path: the common
    ancestor (the target itself when it is the source's ancestor) and the tokens below it on either side."""
    if paths is None:
        return []
    up, down = paths
    return up[1:] + down[1:-1]


def _trigger(pos: str, lemma: str, lower: str) -> str | None:
    """The relation type our vocabulary gives a word of part of speech `pos`, lower-cased `lemma` and text."""
    if pos in ("VERB", "AUX"):
        return VERB_TYPES.get(lemma) or REVERSED_VERB_TYPES.get(lemma) or PHRASAL_TYPES.get(lemma)
    if pos in ("NOUN", "PROPN"):
        return EVENT_NOUN_TYPES.get(lower) or EVENT_NOUN_TYPES.get(lemma)
    return HYPHEN_TYPES.get(lower, (None,))[0]
