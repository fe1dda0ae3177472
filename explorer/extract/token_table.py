"""One Doc's token attributes as plain lists, read once per Doc.

spaCy makes a new Python object at every `doc[i]`, `token.head`, `span.root` or `span.text`, and looks each
string up anew at every `.dep_` or `.lemma_`; explorer's rules look at most tokens several times. A
`TokenTable` reads each column the first time a rule asks for it, in one `to_array` call, and gives it by
token position; `token_table(doc)` builds the table once per Doc, for every component after it. It holds
only what is fixed once the model has run (words, tags, the tree, sentence starts), never the entities,
which explorer's first components rewrite.

Names follow spaCy's, per position: `lower[i]` is `doc[i].lower_`, `lower_id[i]` is `doc[i].lower`,
`head[i]` is `doc[i].head.i`, `is_punct[i]` is `doc[i].is_punct`.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from functools import cached_property, lru_cache
from itertools import accumulate

import numpy as np
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_LOWER,
    IS_PUNCT,
    IS_QUOTE,
    IS_SPACE,
    IS_STOP,
    IS_TITLE,
    LEMMA,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.strings import StringStore, get_string_id
from spacy.symbols import conj
from spacy.tokens import Doc, Span

from explorer.extract.attributes import text_of


class TokenTable:
    """The tokens of one Doc by position: ids, strings, flags and the tree as lists, each read at the first
    asking; `array` gives a column as numpy ids, for finding where a rule can start (`where`)."""

    def __init__(self, doc: Doc) -> None:
        self._doc = weakref.ref(doc)  # the table lives beside its Doc, never keeps it alive
        self.strings = doc.vocab.strings
        self.length = len(doc)
        self._arrays: dict[int, np.ndarray] = {}

    @property
    def doc(self) -> Doc:
        doc = self._doc()
        if doc is None:
            raise ReferenceError("the Doc of this token table is gone")
        return doc

    def array(self, attr: int) -> np.ndarray:
        """The column of `attr` as `doc.to_array(attr)` gives it (unsigned), read once."""
        if attr not in self._arrays:
            self._arrays[attr] = self.doc.to_array(attr).reshape(self.length)
        return self._arrays[attr]

    # --- ids: `token.orth`, `.lower`, `.lemma`, `.tag`, `.pos`, `.dep` ---
    @cached_property
    def orth_id(self) -> list[int]:
        return self.array(ORTH).tolist()

    @cached_property
    def lower_id(self) -> list[int]:
        return self.array(LOWER).tolist()

    @cached_property
    def lemma_id(self) -> list[int]:
        return self.array(LEMMA).tolist()

    @cached_property
    def tag_id(self) -> list[int]:
        return self.array(TAG).tolist()

    @cached_property
    def pos_id(self) -> list[int]:
        return self.array(POS).tolist()

    @cached_property
    def dep_id(self) -> list[int]:
        return self.array(DEP).tolist()

    # --- strings: `token.text`, `.lower_`, `.lemma_`, `.tag_`, `.pos_`, `.dep_` ---
    @cached_property
    def text(self) -> list[str]:
        return _strings_of(self.orth_id, self.strings)

    @cached_property
    def lower(self) -> list[str]:
        return _strings_of(self.lower_id, self.strings)

    @cached_property
    def lemma(self) -> list[str]:
        return _strings_of(self.lemma_id, self.strings)

    @cached_property
    def lemma_lower(self) -> list[str]:
        """`token.lemma_.lower()`."""
        return _strings_of(self.lemma_id, self.strings, _LOWERED)

    @cached_property
    def tag(self) -> list[str]:
        return _strings_of(self.tag_id, self.strings)

    @cached_property
    def pos(self) -> list[str]:
        return _strings_of(self.pos_id, self.strings)

    @cached_property
    def dep(self) -> list[str]:
        return _strings_of(self.dep_id, self.strings)

    @cached_property
    def text_with_ws(self) -> list[str]:
        return [t + " " if ws else t for t, ws in zip(self.text, self.whitespace, strict=True)]

    # --- flags: `token.is_title`, … ---
    @cached_property
    def is_title(self) -> list[bool]:
        return self._flags(IS_TITLE)

    @cached_property
    def is_punct(self) -> list[bool]:
        return self._flags(IS_PUNCT)

    @cached_property
    def is_stop(self) -> list[bool]:
        return self._flags(IS_STOP)

    @cached_property
    def is_lower(self) -> list[bool]:
        return self._flags(IS_LOWER)

    @cached_property
    def is_quote(self) -> list[bool]:
        return self._flags(IS_QUOTE)

    @cached_property
    def is_space(self) -> list[bool]:
        return self._flags(IS_SPACE)

    @cached_property
    def like_num(self) -> list[bool]:
        return self._flags(LIKE_NUM)

    @cached_property
    def whitespace(self) -> list[bool]:
        """Whether a space follows each token (`token.whitespace_`)."""
        return self._flags(SPACY)

    @cached_property
    def is_sent_start(self) -> list[bool]:
        return (self.array(SENT_START).view(np.int64) == 1).tolist()

    @cached_property
    def idx(self) -> list[int]:
        """Each token's first character in the Doc's text (`token.idx`)."""
        return self.array(IDX).tolist()

    # --- the tree ---
    @cached_property
    def head(self) -> list[int]:
        """Each token's head (`token.head.i`; a root is its own head)."""
        return (np.arange(self.length) + self.array(HEAD).view(np.int64)).tolist()

    @cached_property
    def children(self) -> list[list[int]]:
        """Each token's children in text order (`token.children`)."""
        found: list[list[int]] = [[] for _ in range(self.length)]
        for i, head in enumerate(self.head):
            if head != i:
                found[head].append(i)
        return found

    def subtree(self, i: int) -> list[int]:
        """Token `i` and all its descendants, in `token.subtree`'s order."""
        found: list[int] = []
        self._walk(i, found)
        return found

    def _walk(self, i: int, found: list[int]) -> None:
        for child in self.children[i]:
            if child < i:
                self._walk(child, found)
        found.append(i)
        for child in self.children[i]:
            if child > i:
                self._walk(child, found)

    def conjuncts(self, i: int) -> list[int]:
        """`token.conjuncts`, as positions in the same order."""
        if i not in self._coordinated:
            return []
        start = i
        while self.head[start] != start and self.dep[start] == "conj":
            start = self.head[start]
        queue = [start]
        for word in queue:
            queue.extend(c for c in self.children[word] if c > word and self.dep[c] == "conj")
        return [w for w in queue if w != i]

    @cached_property
    def _coordinated(self) -> set[int]:
        """The tokens in a coordination: the others have no conjuncts."""
        conjoined = np.flatnonzero(self.array(DEP) == conj).tolist()
        return {*conjoined, *(self.head[i] for i in conjoined)}

    def root(self, start: int, end: int) -> int:
        """The position of `doc[start:end].root`: a sentence root inside the span, else the first of the
        tokens nearest to the sentence root (a childless space or punctuation mark counting as far)."""
        if end - start == 1:
            return start
        head = self.head
        for i in range(start, end):
            if head[i] == i:
                return i
        best, found = self.length, -1
        for i in range(start, end):
            if start <= head[i] < end:
                continue
            steps = self._steps_to_root(i)
            if steps < best:
                best, found = steps, i
        return start if found == -1 else found

    def _steps_to_root(self, i: int) -> int:
        if (self.is_space[i] or self.is_punct[i]) and not self.children[i]:
            return self.length - 1
        steps = 0
        while self.head[i] != i:
            i = self.head[i]
            steps += 1
            if steps >= self.length:
                raise RuntimeError(f"token {i} is in a cycle of heads")
        return steps

    # --- entities: read anew at each asking, since explorer's first components rewrite them ---
    def entity_starts(self) -> dict[int, str]:
        """Each entity's label by its first token (`{ent.start: ent.label_ for ent in doc.ents}`)."""
        if not self.length:
            return {}
        iobs, labels = self.doc.to_array([ENT_IOB, ENT_TYPE]).reshape(self.length, 2).T.tolist()
        strings = self.strings
        return {i: strings[label] for i, (iob, label) in enumerate(zip(iobs, labels, strict=True)) if iob == _B_IOB}

    # --- text and layout ---
    @cached_property
    def doc_text(self) -> str:
        """The Doc's text (`doc.text`): its record's when the record holds it, else joined once."""
        doc = self.doc
        if doc._.document is not None:
            return text_of(doc)
        return "".join(self.text_with_ws)

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens [start, end) (`doc[start:end].text`)."""
        if start >= end:
            return ""
        return self.doc_text[self.idx[start] : self.idx[end - 1] + len(self.text[end - 1])]

    @cached_property
    def paragraph(self) -> list[int]:
        """Each token's paragraph, a line (`layout.paragraph_index`)."""
        return [0, *accumulate("\n" in text for text in self.text[:-1])] if self.length else []

    def where(self, attr: int, words: frozenset[str]) -> list[int]:
        """Positions whose `attr` (ORTH, LOWER, TAG …) is one of `words`, in text order: where a rule can
        start."""
        return positions_of(self.array(attr), _sorted_ids(words))

    def _flags(self, attr: int) -> list[bool]:
        return (self.array(attr) != 0).tolist()


_B_IOB = 3  # the `ENT_IOB` of an entity's first token


_TABLES: weakref.WeakKeyDictionary[Doc, TokenTable] = weakref.WeakKeyDictionary()


def token_table(doc: Doc) -> TokenTable:
    """The table of `doc`, built at the first asking and dropped with the Doc (built anew if the Doc's
    tokens were merged or split since)."""
    table = _TABLES.get(doc)
    if table is None or table.length != len(doc):
        table = _TABLES[doc] = TokenTable(doc)
    return table


def span_text(span: Span) -> str:
    """`span.text`, cut from the Doc's text."""
    return token_table(span.doc).span_text(span.start, span.end)


def word_ids(words: Iterable[str]) -> frozenset[int]:
    """The ids spaCy gives `words` (a token's `lower_id` is the id of its lower-case text)."""
    return frozenset(get_string_id(word) for word in words)


def positions_of(column: np.ndarray, ids: np.ndarray) -> list[int]:
    """Positions whose `column` holds one of the sorted `ids`."""
    if not len(ids):
        return []
    at = np.searchsorted(ids, column)
    at[at == len(ids)] = 0
    return np.flatnonzero(ids[at] == column).tolist()


@lru_cache(maxsize=256)
def _sorted_ids(words: frozenset[str]) -> np.ndarray:
    return np.sort(np.array([get_string_id(word) for word in words], dtype=np.uint64))


# Strings by id across Docs: a StringStore decodes a new str at each asking. An id is the string's hash,
# the same in every StringStore, so one cache serves them all.
_STRINGS: dict[int, str] = {}
_LOWERED: dict[int, str] = {}
_MAX_STRINGS = 1 << 20


def _strings_of(ids: list[int], store: StringStore, known: dict[int, str] = _STRINGS) -> list[str]:
    """The strings of `ids` (lower-cased when `known` is `_LOWERED`)."""
    try:
        return list(map(known.__getitem__, ids))
    except KeyError:
        if len(known) > _MAX_STRINGS:
            known.clear()
        lowered = known is _LOWERED
        for key in ids:
            if key not in known:
                known[key] = store[key].lower() if lowered else store[key]
        return list(map(known.__getitem__, ids))
