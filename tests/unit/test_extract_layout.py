"""The layout read off a parsed Doc: line breaks end sentences, and every token knows its sentence."""

from __future__ import annotations

from explorer.extract.layout import Sentences, heading_sentences, sentence_bounds, sentence_index


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
