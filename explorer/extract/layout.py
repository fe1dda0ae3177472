"""The layout of news text: a line break ends a sentence, a short line without final punctuation is a
headline or heading, a line is a paragraph. The `explorer_line_breaks` component sets sentence starts
before the parser runs; the functions read the layout off a parsed Doc."""

from __future__ import annotations

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from explorer.extract.attributes import text_of
from explorer.extract.columns import columns_of

FINAL_PUNCT = (".", "!", "?", ":", ";", '"', "”", "'", "’", ")")
HEADING_MAX_WORDS = 25


@Language.component("explorer_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence, and a short line without final punctuation (a headline or a
    section heading) is one sentence, however the parser would have cut it."""
    line_start = 0
    for token in doc:
        last = token.i + 1 == len(doc)
        if "\n" in token.text_with_ws or last:
            _mark_line(doc, line_start, token.i + 1)
            if not last:
                doc[token.i + 1].is_sent_start = True
            line_start = token.i + 1
    return doc


def _mark_line(doc: Doc, start: int, end: int) -> None:
    words = [t for t in doc[start:end] if not t.is_space]
    if not words or words[-1].text.endswith(FINAL_PUNCT) or len(words) > HEADING_MAX_WORDS:
        return
    for token in doc[start + 1 : end]:
        token.is_sent_start = False


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
    tokens = columns_of(doc)
    found = set()
    for n, (start, end) in enumerate(sentence_bounds(doc)):
        words = [i for i in range(start, end) if not tokens.is_space[i]]
        if not words or tokens.text[words[-1]].endswith(FINAL_PUNCT) or len(words) > HEADING_MAX_WORDS:
            continue
        ends_line = end >= len(doc) or "\n" in tokens.text_with_ws[end - 1] or tokens.is_space[end - 1]
        starts_line = start == 0 or "\n" in tokens.text_with_ws[start - 1]
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

    def evidence(self, n: int) -> str:
        """Sentence `n`'s text without surrounding space, as `list(doc.sents)[n].text.strip()`."""
        if n not in self._evidence:
            start, end = self.bounds[n]
            tokens = columns_of(self.doc)
            end_char = tokens.idx[end - 1] + len(tokens.text[end - 1])
            self._evidence[n] = text_of(self.doc)[tokens.idx[start] : end_char].strip()
        return self._evidence[n]


def paragraph_index(doc: Doc) -> list[int]:
    """For every token, the index of its paragraph (a paragraph is a line)."""
    index, current = [0] * len(doc), 0
    for i, text in enumerate(t.text_with_ws for t in doc):
        index[i] = current
        if "\n" in text:
            current += 1
    return index
