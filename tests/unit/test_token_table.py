"""A document's token table (explorer/extract/token_table.py) against spaCy's Token and Span API."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.attrs import LOWER

from explorer.extract.types_table import TokenTable, token_table, word_ids

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


@pytest.fixture(scope="module")
def doc(nlp):
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt")))
    return nlp(text + "\nThe U.S.-led coalition (USLC) said 12 people, or more, were hurt.")


def test_columns_are_the_token_attributes(doc):
    table = TokenTable(doc)
    for token in doc:
        i = token.i
        assert (table.orth(i), table.lower(i), table.lemma(i), table.dep(i)) == (
            token.text, token.lower_, token.lemma_, token.dep_
        )
        assert table.heads[i] == token.head.i
        assert table.sent_starts[i] == bool(token.is_sent_start)
        assert table.starts[i] == token.idx
        assert (table.punct[i], table.like_num[i]) == (token.is_punct, token.like_num)
        assert table.children.get(i, []) == [child.i for child in token.children]


def test_span_texts_are_the_spans(doc):
    table = TokenTable(doc)
    for start in range(0, len(doc), 7):
        for end in range(start + 1, min(len(doc), start + 6) + 1):
            assert table.span_text(start, end) == doc[start:end].text


def test_positions_of_words(doc):
    table = TokenTable(doc)
    assert table.positions(word_ids(["("])) == [t.i for t in doc if t.text == "("]
    assert table.positions(word_ids([",", "or"])) == [t.i for t in doc if t.text in (",", "or")]
    assert table.positions(word_ids(["the"]), column=LOWER) == [t.i for t in doc if t.lower_ == "the"]


def test_one_table_per_document(nlp, doc):
    assert token_table(doc) is token_table(doc)
    other = nlp("Another text.")
    assert token_table(other).doc is other
    assert token_table(doc).doc is doc
