"""The token table agrees with spaCy's Token API on every token of a parsed Doc."""

from __future__ import annotations

from explorer.extract.layout import paragraph_index
from explorer.extract.token_table import token_table

_TEXT = (
    "Rebels took the town\n\nThe U.S.-led coalition  said on Monday it had retaken it. "
    '"Talks resumed," Mr. Odegaard’s aide told NATO in Geneva (Switzerland).\n'
)


def test_columns_are_the_token_attributes(nlp):
    doc = nlp(_TEXT)
    table = token_table(doc)
    assert table.text == [t.text for t in doc]
    assert table.lower == [t.lower_ for t in doc]
    assert table.lemma == [t.lemma_ for t in doc]
    assert table.tag == [t.tag_ for t in doc]
    assert table.pos == [t.pos_ for t in doc]
    assert table.dep == [t.dep_ for t in doc]
    assert table.head == [t.head.i for t in doc]
    assert table.children == [[c.i for c in t.children] for t in doc]
    assert [table.subtree(t.i) for t in doc] == [sorted(d.i for d in t.subtree) for t in doc]
    assert table.is_sent_start == [bool(t.is_sent_start) for t in doc]
    assert table.whitespace == [bool(t.whitespace_) for t in doc]
    for flag in ("is_title", "is_punct", "is_stop", "is_lower", "is_quote", "is_space"):
        assert getattr(table, flag) == [getattr(t, flag) for t in doc], flag


def test_span_texts_are_the_span_attribute(nlp):
    doc = nlp(_TEXT)
    table = token_table(doc)
    assert table.doc_text == doc.text
    for start in range(len(doc)):
        for end in range(start, min(len(doc), start + 6) + 1):
            assert table.span_text(start, end) == doc[start:end].text


def test_roots_are_the_span_roots(nlp):
    doc = nlp(_TEXT + "Syria’s Kurdish-led Syrian Democratic Forces ( SDF ) , backed by Washington ,, fought on.")
    table = token_table(doc)
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 8) + 1):
            assert table.root(start, end) == doc[start:end].root.i, (start, end)


def test_where_finds_the_positions_holding_a_word(nlp):
    doc = nlp(_TEXT)
    table = token_table(doc)
    assert table.where(table.lower_id, frozenset({"it", "the"})) == [t.i for t in doc if t.lower_ in ("it", "the")]
    assert table.where(table.tag_id, frozenset({"NNP"})) == [t.i for t in doc if t.tag_ == "NNP"]
    assert table.where(table.pos_id, frozenset({"NOUN"})) == [t.i for t in doc if t.pos_ == "NOUN"]


def test_paragraphs_are_the_layout_paragraphs(nlp):
    doc = nlp(_TEXT + "Another line.\n\n\nAnd one more")
    assert token_table(doc).paragraph == paragraph_index(doc)
    assert token_table(nlp("")).paragraph == []


def test_one_table_per_doc(nlp):
    doc = nlp("Talks resumed in Geneva.")
    assert token_table(doc) is token_table(doc)
    assert token_table(nlp("Talks resumed in Geneva.")) is not token_table(doc)
