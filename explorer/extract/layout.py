"""The layout of news text: a line break ends a sentence, a short line without final punctuation is a
headline or heading, a line is a paragraph. The `explorer_line_breaks` component sets sentence starts
before the parser runs; the functions read the layout off a parsed Doc."""

from __future__ import annotations

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

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


def heading_sentences(doc: Doc) -> set[int]:
    """Sentences that are headlines or headings: a short line of its own with no final punctuation."""
    found = set()
    for i, sent in enumerate(doc.sents):
        words = [t for t in sent if not t.is_space]
        if not words or words[-1].text.endswith(FINAL_PUNCT) or len(words) > HEADING_MAX_WORDS:
            continue
        ends_line = sent.end >= len(doc) or "\n" in sent[-1].text_with_ws or doc[sent.end - 1].is_space
        starts_line = sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws
        if ends_line and starts_line:
            found.add(i)
    return found


def paragraph_index(doc: Doc) -> list[int]:
    """For every token, the index of its paragraph (a paragraph is a line)."""
    index, current = [0] * len(doc), 0
    for i, text in enumerate(t.text_with_ws for t in doc):
        index[i] = current
        if "\n" in text:
            current += 1
    return index
