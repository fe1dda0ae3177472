"""The layout read off a parsed Doc: line breaks end sentences, and every token knows its sentence."""

from __future__ import annotations

from pathlib import Path

from explorer.extract.layout import (
    FINAL_PUNCT,
    HEADING_MAX_WORDS,
    Sentences,
    heading_sentences,
    line_breaks,
    paragraph_index,
    sentence_bounds,
    sentence_index,
)

ARTICLES = sorted((Path(__file__).resolve().parents[1] / "data" / "articles").glob("*.txt"))


def test_every_token_knows_its_sentence_as_doc_sents_tells_it(nlp):
    doc = nlp("Rebels took the town\n\nThe army said on Monday it had retaken it. Talks resumed in Geneva.")
    expected = [i for i, sent in enumerate(doc.sents) for _ in sent]
    assert sentence_index(doc) == expected
    assert expected[-1] == 2 and heading_sentences(doc) == {0}


def test_an_empty_document_has_no_sentences(nlp):
    assert sentence_index(nlp("")) == []


def test_sentences_are_those_of_doc_sents(nlp):
    doc = nlp("Rebels took the town\n\nThe army said on Monday it had retaken it.  Talks resumed in Geneva. ")
    sents = list(doc.sents)
    assert sentence_bounds(doc) == [(s.start, s.end) for s in sents]
    sentences = Sentences(doc)
    for n, sent in enumerate(sents):
        assert sentences.span(n) == sent
        assert sentences.evidence(n) == sent.text.strip()
    assert sentence_bounds(nlp("")) == []


def _line_breaks_by_tokens(doc):
    """The component as first written, token by token: the reference the array version must match."""
    line_start = 0
    for token in doc:
        last = token.i + 1 == len(doc)
        if "\n" in token.text_with_ws or last:
            words = [t for t in doc[line_start : token.i + 1] if not t.is_space]
            if words and not words[-1].text.endswith(FINAL_PUNCT) and len(words) <= HEADING_MAX_WORDS:
                for inner in doc[line_start + 1 : token.i + 1]:
                    inner.is_sent_start = False
            if not last:
                doc[token.i + 1].is_sent_start = True
            line_start = token.i + 1
    return doc


def test_line_breaks_set_the_sentence_starts_token_by_token_setting_would(nlp):
    texts = [path.read_text(encoding="utf-8") for path in ARTICLES] + [
        "", "Headline\n", "One line.\n\nA heading\nBody text here.\n \nLast line no stop",
    ]
    for text in texts:
        fast, slow = line_breaks(nlp.make_doc(text)), _line_breaks_by_tokens(nlp.make_doc(text))
        assert [t.is_sent_start for t in fast] == [t.is_sent_start for t in slow]
    doc = nlp.make_doc("a b\nc\n\nd")
    assert [t.text for t in doc] == ["a", "b", "\n", "c", "\n\n", "d"]
    assert paragraph_index(doc) == [0, 0, 0, 1, 1, 2]
