"""The token table (explorer/extract/token_table.py) agrees with spaCy's Token and Span API on every token of
parsed Docs: a short text made to hold hard cases, and real articles."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from spacy.attrs import DEP, LOWER, ORTH, POS, TAG

from explorer.extract.layout import paragraph_index
from explorer.extract.token_table import TokenTable, token_table, word_ids

_TEXT = (
    "Rebels took the town\n\nThe U.S.-led coalition  said on Monday it had retaken it. "
    '"Talks resumed," Mr. Odegaard’s aide told NATO in Geneva (Switzerland).\n'
    "The U.S.-led coalition (USLC) said 12 people, or more, were hurt.\n"
)
ARTICLES = sorted((Path(__file__).resolve().parents[1] / "data" / "articles").glob("*.txt"))


@pytest.fixture(scope="module")
def docs(nlp):
    return [nlp(_TEXT), *(nlp(path.read_text(encoding="utf-8")) for path in ARTICLES)]


def test_columns_are_the_token_attributes(docs):
    for doc in docs:
        table = TokenTable(doc)
        assert table.length == len(doc)
        assert table.orth_id == [t.orth for t in doc]
        assert table.lower_id == [t.lower for t in doc]
        assert table.lemma_id == [t.lemma for t in doc]
        assert table.tag_id == [t.tag for t in doc]
        assert table.pos_id == [t.pos for t in doc]
        assert table.dep_id == [t.dep for t in doc]
        assert table.text == [t.text for t in doc]
        assert table.lower == [t.lower_ for t in doc]
        assert table.lemma == [t.lemma_ for t in doc]
        assert table.lemma_lower == [t.lemma_.lower() for t in doc]
        assert table.tag == [t.tag_ for t in doc]
        assert table.pos == [t.pos_ for t in doc]
        assert table.dep == [t.dep_ for t in doc]
        assert table.text_with_ws == [t.text_with_ws for t in doc]
        assert table.idx == [t.idx for t in doc]
        assert table.is_sent_start == [bool(t.is_sent_start) for t in doc]
        assert table.whitespace == [bool(t.whitespace_) for t in doc]
        for flag in ("is_title", "is_punct", "is_stop", "is_lower", "is_quote", "is_space", "like_num"):
            assert getattr(table, flag) == [getattr(t, flag) for t in doc], flag


def test_the_tree_is_the_tokens_tree(docs):
    for doc in docs:
        table = TokenTable(doc)
        assert table.head == [t.head.i for t in doc]
        assert table.children == [[c.i for c in t.children] for t in doc]
        assert [table.subtree(t.i) for t in doc] == [[d.i for d in t.subtree] for t in doc]
        assert [table.conjuncts(t.i) for t in doc] == [[c.i for c in t.conjuncts] for t in doc]


def test_roots_are_the_span_roots(nlp, docs):
    doc = nlp(_TEXT + "Syria’s Kurdish-led Syrian Democratic Forces ( SDF ) , backed by Washington ,, fought on.")
    table = token_table(doc)
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 8) + 1):
            assert table.root(start, end) == doc[start:end].root.i, (start, end)
    for doc in docs:
        table = TokenTable(doc)
        spans = [*doc.ents, *doc.noun_chunks, *doc.sents]
        spans += [doc[i : i + n] for n in (2, 3, 5) for i in range(0, len(doc) - n, 3)]
        for span in spans:
            assert table.root(span.start, span.end) == span.root.i


def test_entity_starts_are_the_entities_now(nlp, docs):
    for doc in docs:
        assert token_table(doc).entity_starts() == {ent.start: ent.label_ for ent in doc.ents}
    doc = nlp("Acme hired Jane Doe in Paris.")
    table = token_table(doc)
    assert table.entity_starts() == {ent.start: ent.label_ for ent in doc.ents}
    doc.ents = []
    assert table.entity_starts() == {}
    assert token_table(nlp("")).entity_starts() == {}


def test_span_texts_are_the_span_attribute(nlp, docs):
    doc = nlp(_TEXT)
    table = token_table(doc)
    assert table.doc_text == doc.text
    for start in range(len(doc)):
        for end in range(start, min(len(doc), start + 6) + 1):
            assert table.span_text(start, end) == doc[start:end].text
    for doc in docs:
        table = TokenTable(doc)
        assert table.doc_text == doc.text
        for sent in doc.sents:
            assert table.span_text(sent.start, sent.end) == sent.text


def test_where_finds_the_positions_holding_a_word(docs):
    for doc in docs:
        table = token_table(doc)
        assert table.where(LOWER, frozenset({"it", "the"})) == [t.i for t in doc if t.lower_ in ("it", "the")]
        assert table.where(ORTH, frozenset({",", "or"})) == [t.i for t in doc if t.text in (",", "or")]
        assert table.where(TAG, frozenset({"NNP"})) == [t.i for t in doc if t.tag_ == "NNP"]
        assert table.where(POS, frozenset({"NOUN"})) == [t.i for t in doc if t.pos_ == "NOUN"]
        assert table.where(DEP, frozenset({"acl"})) == [t.i for t in doc if t.dep_ == "acl"]
        assert table.where(ORTH, frozenset()) == []


def test_word_ids_are_the_token_ids(docs):
    doc = docs[0]
    assert {t.lower for t in doc if t.lower_ in ("the", "it")} <= word_ids(["the", "it", "unseen"])


def test_paragraphs_are_the_layout_paragraphs(nlp):
    doc = nlp(_TEXT + "Another line.\n\n\nAnd one more")
    assert token_table(doc).paragraph == paragraph_index(doc)
    assert token_table(nlp("")).paragraph == []


def test_an_empty_document_has_an_empty_table(nlp):
    doc = nlp("")
    table = token_table(doc)
    assert (table.length, table.text, table.head, table.children, table.doc_text) == (0, [], [], [], "")


def test_one_table_per_doc(nlp, docs):
    doc = nlp("Talks resumed in Geneva.")
    assert token_table(doc) is token_table(doc)
    assert token_table(doc).doc is doc
    assert token_table(nlp("Talks resumed in Geneva.")) is not token_table(doc)
    assert token_table(docs[0]) is not token_table(docs[1])


def test_a_table_is_made_anew_when_the_tokens_change(nlp):
    doc = nlp("Talks resumed in New York.")
    before = token_table(doc)
    assert before.text[3] == "New"
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[3:5])
    assert token_table(doc) is not before
    assert token_table(doc).text == [t.text for t in doc]


def test_a_document_s_table_goes_with_it(nlp):
    doc = nlp("Acme hired Jane Doe.")
    assert token_table(doc).head
    alive = weakref.ref(doc)
    del doc
    gc.collect()
    assert alive() is None
