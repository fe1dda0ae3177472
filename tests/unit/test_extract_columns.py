"""A document's columns read by position agree with spaCy's Token API on real articles."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from explorer.extract.columns import Columns, columns_of

ARTICLES = sorted((Path(__file__).resolve().parents[1] / "data" / "articles").glob("*.txt"))


@pytest.fixture(scope="module")
def docs(nlp):
    return [nlp(path.read_text(encoding="utf-8")) for path in ARTICLES]


def test_columns_give_what_each_token_says(docs):
    for doc in docs:
        tokens = Columns(doc)
        assert tokens.size == len(doc)
        for token in doc:
            i = token.i
            assert tokens.head[i] == token.head.i
            assert (tokens.dep[i], tokens.pos[i], tokens.tag[i]) == (token.dep_, token.pos_, token.tag_)
            texts = (tokens.text[i], tokens.lower[i], tokens.text_with_ws[i])
            assert texts == (token.text, token.lower_, token.text_with_ws)
            assert (tokens.lemma_raw[i], tokens.lemma[i]) == (token.lemma_, token.lemma_.lower())
            assert (tokens.idx[i], tokens.is_lower[i], tokens.is_title[i], tokens.is_space[i], tokens.is_punct[i]) == (
                token.idx, token.is_lower, token.is_title, token.is_space, token.is_punct)


def test_columns_walk_the_tree_as_tokens_do(docs):
    for doc in docs:
        tokens = Columns(doc)
        for token in doc:
            assert tokens.children[token.i] == [c.i for c in token.children]
            assert tokens.conjuncts(token.i) == [c.i for c in token.conjuncts]
            assert tokens.subtree(token.i) == [c.i for c in token.subtree]


def test_span_roots_are_those_spacy_finds(docs):
    for doc in docs:
        tokens = Columns(doc)
        spans = [*doc.ents, *doc.noun_chunks, *doc.sents]
        spans += [doc[i : i + n] for n in (2, 3, 5) for i in range(0, len(doc) - n, 3)]
        for span in spans:
            assert tokens.root(span.start, span.end) == span.root.i


def test_span_text_is_the_span_s_text(docs):
    doc = docs[0]
    tokens = Columns(doc)
    for sent in doc.sents:
        assert tokens.span_text(sent.start, sent.end) == sent.text
    assert tokens.span_text(3, 3) == ""


def test_columns_are_read_once_per_document(docs):
    assert columns_of(docs[0]) is columns_of(docs[0])
    assert columns_of(docs[0]) is not columns_of(docs[1])


def test_an_empty_document_has_empty_columns(nlp):
    assert Columns(nlp("")).size == 0


def test_a_document_s_columns_go_with_it(nlp):
    doc = nlp("Acme hired Jane Doe.")
    columns_of(doc)
    alive = weakref.ref(doc)
    del doc
    gc.collect()
    assert alive() is None
