"""The layout of news text: a line break ends a sentence, a short line without final punctuation is a
headline or heading, a line is a paragraph. The `explorer_line_breaks` component sets sentence starts
before the parser runs; the functions read the layout off a parsed Doc."""

from __future__ import annotations

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from explorer.extract.token_table import token_table

FINAL_PUNCT = (".", "!", "?", ":", ";", '"', "”", "'", "’", ")")
HEADING_MAX_WORDS = 25
_START, _NOT_START = 1, -1  # `SENT_START` values of `token.is_sent_start = True` and `= False`


@Language.component("explorer_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence, and a short line without final punctuation (a headline or a
    section heading) is one sentence, however the parser would have cut it."""
    if not len(doc):
        return doc
    texts, is_space = _texts_and_spaces(doc)
    # Written as an array: each `token.is_sent_start = …` scans the whole document for a parse.
    starts = doc.to_array(SENT_START).astype(np.int64)
    line_start = 0
    for i, text in enumerate(texts):
        last = i + 1 == len(doc)
        if "\n" in text or last:
            if _heading_line(texts, is_space, line_start, i + 1):
                starts[line_start + 1 : i + 1] = _NOT_START
            if not last:
                starts[i + 1] = _START
            line_start = i + 1
    doc.from_array([SENT_START], starts.astype(np.uint64))
    return doc


def _texts_and_spaces(doc: Doc) -> tuple[list[str], list[bool]]:
    """Each token's text (the only place a line break can be: whitespace after a token is one space) and
    whether it is a space, off the document's token table (the component runs before the parser, on every
    document: the table reads only these columns then, the parse later)."""
    table = token_table(doc)
    return table.text, table.is_space


def _heading_line(texts: list[str], is_space: list[bool], start: int, end: int) -> bool:
    """Whether the line of tokens `start`…`end` is a headline or heading: few words, no final punctuation."""
    words = [i for i in range(start, end) if not is_space[i]]
    return bool(words) and not texts[words[-1]].endswith(FINAL_PUNCT) and len(words) <= HEADING_MAX_WORDS


def sentence_index(doc: Doc) -> list[int]:
    """For every token, the index of its sentence: how many sentences start after the first, up to it (read
    off the sentence-start array, as `doc.sents` is, without making a Token per word)."""
    if not len(doc):
        return []
    starts = doc.to_array(SENT_START) == 1
    starts[0] = False
    return np.cumsum(starts).tolist()


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(first token, end) of each sentence, as `doc.sents` gives them, without making a Span per sentence."""
    if not len(doc):
        return []
    starts = doc.to_array(SENT_START) == 1
    starts[0] = True
    firsts = np.flatnonzero(starts).tolist()
    return list(zip(firsts, [*firsts[1:], len(doc)], strict=True))


def heading_sentences(doc: Doc) -> set[int]:
    """Sentences that are headlines or headings: a short line of its own with no final punctuation."""
    texts, is_space = _texts_and_spaces(doc)
    found = set()
    for n, (start, end) in enumerate(sentence_bounds(doc)):
        if not _heading_line(texts, is_space, start, end):
            continue
        ends_line = end >= len(doc) or "\n" in texts[end - 1] or is_space[end - 1]
        starts_line = start == 0 or "\n" in texts[start - 1]
        if ends_line and starts_line:
            found.add(n)
    return found


class Sentences:
    """A parsed document's sentences by number: their Spans and evidence texts, each made once and only
    when asked for (a Span makes its text anew at each asking)."""

    def __init__(self, doc: Doc) -> None:
        self.doc, self.bounds = doc, sentence_bounds(doc)
        self._spans: dict[int, Span] = {}
        self._evidence: dict[int, str] = {}

    def span(self, n: int) -> Span:
        """Sentence `n`, as `list(doc.sents)[n]`."""
        if n not in self._spans:
            self._spans[n] = self.doc[self.bounds[n][0] : self.bounds[n][1]]
        return self._spans[n]

    def text(self, n: int) -> str:
        """Sentence `n`'s text, as `list(doc.sents)[n].text`."""
        return token_table(self.doc).span_text(*self.bounds[n])

    def evidence(self, n: int) -> str:
        """Sentence `n`'s text without surrounding space, as `list(doc.sents)[n].text.strip()`."""
        if n not in self._evidence:
            self._evidence[n] = self.text(n).strip()
        return self._evidence[n]


def paragraph_index(doc: Doc) -> list[int]:
    """For every token, the index of its paragraph (a paragraph is a line)."""
    index, current = [0] * len(doc), 0
    for i, text in enumerate(_texts_and_spaces(doc)[0]):
        index[i] = current
        if "\n" in text:
            current += 1
    return index
