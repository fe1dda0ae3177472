"""A document's tokens as columns read once (`doc.to_array`), for the name components that look at many
tokens: spaCy makes a new Token object at every `doc[i]`, `span.root`, `token.head`, and each of its string
attributes is looked up anew. Columns are converted to Python lists on first use; strings are looked up only
at the positions asked for, and a rule scanning the whole document compares hashes (`word_ids`) instead."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from functools import cached_property

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, LEMMA, LIKE_NUM, LOWER, ORTH, POS, SENT_START
from spacy.strings import get_string_id
from spacy.tokens import Doc

from explorer.extract.attributes import text_of


def word_ids(words: Iterable[str]) -> frozenset[int]:
    """The hashes spaCy gives `words` (a token's `lower` is the hash of its lower-case text)."""
    return frozenset(get_string_id(word) for word in words)


class TokenTable:
    """The tokens of `doc` by position, each column read when first asked for. The parse and the words never
    change once the model has run, so one table serves every component (`token_table`); entity types do
    change, and are read from the Doc."""

    def __init__(self, doc: Doc) -> None:
        # Held weakly: the table, kept for the next component, must not keep a finished document alive.
        self._doc = weakref.ref(doc)
        self.length = len(doc)
        self.strings = doc.vocab.strings
        self._arrays: dict[int, np.ndarray] = {}

    @property
    def doc(self) -> Doc:
        doc = self._doc()
        assert doc is not None, "the table of a document no longer in use"
        return doc

    def _array(self, attr: int) -> np.ndarray:
        """The column of `attr` (`doc.to_array`): hashes and flags as unsigned, offsets wrapped around."""
        if attr not in self._arrays:
            self._arrays[attr] = self.doc.to_array(attr).reshape(self.length)
        return self._arrays[attr]

    @cached_property
    def text(self) -> str:
        return text_of(self.doc)

    @cached_property
    def orths(self) -> list[int]:
        return self._array(ORTH).tolist()

    @cached_property
    def lowers(self) -> list[int]:
        return self._array(LOWER).tolist()

    @cached_property
    def lemmas(self) -> list[int]:
        return self._array(LEMMA).tolist()

    @cached_property
    def pos(self) -> list[int]:
        return self._array(POS).tolist()

    @cached_property
    def deps(self) -> list[int]:
        return self._array(DEP).tolist()

    @cached_property
    def heads(self) -> list[int]:
        """Each token's head, by position (a sentence's root is its own head)."""
        return (self._array(HEAD).astype(np.int64) + np.arange(self.length)).tolist()

    @cached_property
    def sent_starts(self) -> list[bool]:
        """`Token.is_sent_start`, as a bool."""
        return (self._array(SENT_START).astype(np.int64) == 1).tolist()

    @cached_property
    def starts(self) -> list[int]:
        """Each token's first character in the text."""
        return self._array(IDX).tolist()

    @cached_property
    def punct(self) -> list[bool]:
        return self._array(IS_PUNCT).astype(bool).tolist()

    @cached_property
    def like_num(self) -> list[bool]:
        return self._array(LIKE_NUM).astype(bool).tolist()

    @cached_property
    def children(self) -> dict[int, list[int]]:
        """Each head's children in text order (`Token.children`)."""
        found: dict[int, list[int]] = {}
        for i, head in enumerate(self.heads):
            if head != i:
                found.setdefault(head, []).append(i)
        return found

    def lower(self, i: int) -> str:
        return self.strings[self.lowers[i]]

    def orth(self, i: int) -> str:
        return self.strings[self.orths[i]]

    def lemma(self, i: int) -> str:
        return self.strings[self.lemmas[i]]

    def dep(self, i: int) -> str:
        dep = self.deps[i]
        return self.strings[dep] if dep else ""

    def span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text`."""
        last = end - 1
        return self.text[self.starts[start] : self.starts[last] + len(self.orth(last))]

    def positions(self, ids: frozenset[int], column: int = ORTH) -> list[int]:
        """The positions whose `column` (ORTH, LOWER …) is one of `ids` (see `word_ids`), in text order."""
        values = self._array(column)
        found = np.zeros(self.length, dtype=bool)
        for value in ids:
            found |= values == value
        return np.flatnonzero(found).tolist()


_last: TokenTable | None = None


def token_table(doc: Doc) -> TokenTable:
    """The table of `doc`, made once for the components that run on it one after the other."""
    global _last
    if _last is None or _last._doc() is not doc or _last.length != len(doc):
        _last = TokenTable(doc)
    return _last
