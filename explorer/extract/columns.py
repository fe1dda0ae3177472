"""A parsed document's tokens as plain lists by position, read once per document.

spaCy makes a new Token object at every `doc[i]`, `.head` or `.children`, and looks each string up anew at
every `.dep_` or `.lemma_`; rules that ask the same few tokens many questions read these lists instead.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, LEMMA, LOWER, ORTH, POS, SPACY, TAG
from spacy.strings import StringStore
from spacy.symbols import conj
from spacy.tokens import Doc

_ATTRS = [HEAD, DEP, LOWER, LEMMA, ORTH, POS, TAG, IDX, SPACY, IS_LOWER, IS_TITLE, IS_SPACE, IS_PUNCT]
_STRING_COLUMNS = 7  # HEAD, then DEP … TAG: string ids


class Columns:
    """`doc`'s tokens by position: `head[i]` is `doc[i].head.i`, `dep[i]` is `doc[i].dep_`, `lemma[i]` is
    `doc[i].lemma_.lower()` (`lemma_raw[i]` as written), `children[i]` the positions of `doc[i].children`."""

    def __init__(self, doc: Doc) -> None:
        self.size = n = len(doc)
        array = doc.to_array(_ATTRS).reshape(n, len(_ATTRS))
        rows = array.T.tolist() if n else [[] for _ in _ATTRS]
        string_ids = rows[1:_STRING_COLUMNS]
        names, lowered = _tables(doc.vocab.strings)
        deps, lowers, lemmas, texts, pos, tags = (list(map(names.__getitem__, column)) for column in string_ids)
        # Heads are stored as offsets, unsigned: read them signed and add each position.
        self.head = (array[:, 0].astype(np.int64) + np.arange(n)).tolist()
        self.dep, self.lower, self.lemma_raw, self.text, self.pos, self.tag = deps, lowers, lemmas, texts, pos, tags
        self.lemma = list(map(lowered.__getitem__, string_ids[2]))
        self.idx, spaces, self.is_lower, self.is_title, self.is_space, self.is_punct = rows[_STRING_COLUMNS:]
        self.text_with_ws = [t + " " if s else t for t, s in zip(texts, spaces, strict=True)]
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, head in enumerate(self.head):
            if head != i:
                self.children[head].append(i)
        # Tokens in a coordination: the others have no conjuncts.
        conjoined = np.flatnonzero(array[:, 1] == conj).tolist()
        self._coordinated = {*conjoined, *(self.head[i] for i in conjoined)}

    def conjuncts(self, i: int) -> list[int]:
        """`doc[i].conjuncts`, as positions in the same order."""
        if i not in self._coordinated:
            return []
        start = i
        while self.head[start] != start and self.dep[start] == "conj":
            start = self.head[start]
        queue = [start]
        for word in queue:
            queue.extend(c for c in self.children[word] if c > word and self.dep[c] == "conj")
        return [w for w in queue if w != i]

    def root(self, start: int, end: int) -> int:
        """`doc[start:end].root.i`: a sentence root in the span, else the token nearest one (a bare space or
        punctuation mark only when nothing else is), the first of equals."""
        for i in range(start, end):
            if self.head[i] == i:
                return i
        best, root = self.size, -1
        for i in range(start, end):
            if start <= self.head[i] < end:
                continue
            steps = self.size - 1 if (self.is_space[i] or self.is_punct[i]) and not self.children[i] else self._depth(i)
            if steps < best:
                best, root = steps, i
        return start if root == -1 else root

    def _depth(self, i: int) -> int:
        steps = 0
        while self.head[i] != i:
            i, steps = self.head[i], steps + 1
        return steps

    def subtree(self, i: int) -> list[int]:
        """`doc[i].subtree`, as positions in the same order."""
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

    def span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text`."""
        if start >= end:
            return ""
        return "".join(self.text_with_ws[start : end - 1]) + self.text[end - 1]


class _Strings(dict):
    """A vocabulary's strings by their hash, each looked up in it once."""

    def __init__(self, strings: StringStore, lower: bool = False) -> None:
        super().__init__()
        self.strings, self.lower = strings, lower

    def __missing__(self, key: int) -> str:
        value = self[key] = self.strings[key].lower() if self.lower else self.strings[key]
        return value


# By the id of their StringStore, which each table keeps alive (so the id is never another's).
_TABLES: dict[int, tuple[_Strings, _Strings]] = {}


def _tables(strings: StringStore) -> tuple[_Strings, _Strings]:
    """The strings of a vocabulary by hash: as written, and lower-cased."""
    if id(strings) not in _TABLES:
        _TABLES[id(strings)] = (_Strings(strings), _Strings(strings, lower=True))
    return _TABLES[id(strings)]


def strings_of(doc: Doc, hashes: list[int]) -> list[str]:
    """The strings `hashes` (read off `doc.to_array`) stand for, each looked up in the vocabulary once."""
    return list(map(_tables(doc.vocab.strings)[0].__getitem__, hashes))


_CACHE: WeakKeyDictionary[Doc, Columns] = WeakKeyDictionary()


def cached_columns(doc: Doc) -> Columns | None:
    """`doc`'s columns if some component has read them already, else None."""
    found = _CACHE.get(doc)
    return found if found is not None and found.size == len(doc) else None


def columns_of(doc: Doc) -> Columns:
    """`doc`'s columns, read once per parsed document (components after the parser share them)."""
    found = cached_columns(doc)
    if found is None:
        found = _CACHE[doc] = Columns(doc)
    return found
