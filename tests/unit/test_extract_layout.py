"""The layout read off a parsed Doc: line breaks end sentences, and every token knows its sentence."""

from __future__ import annotations

from explorer.extract.layout import heading_sentences, sentence_index


def test_every_token_knows_its_sentence_as_doc_sents_tells_it(nlp):
    doc = nlp("Rebels took the town\n\nThe army said on Monday it had retaken it. Talks resumed in Geneva.")
    expected = [i for i, sent in enumerate(doc.sents) for _ in sent]
    assert sentence_index(doc) == expected
    assert expected[-1] == 2 and heading_sentences(doc) == {0}


def test_an_empty_document_has_no_sentences(nlp):
    assert sentence_index(nlp("")) == []
