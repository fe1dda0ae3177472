"""`text_of`: a Doc's text from its record when the record holds the text the Doc was made from."""

import spacy

from explorer.extract.attributes import text_of
from explorer.model import Document


def test_text_comes_from_the_record_the_doc_was_made_from():
    text = "Ms Lane met the board in Oslo.\n\nShe left.  "
    doc = spacy.blank("en").make_doc(text)
    doc._.document = Document(id="d1", title="", text=text)
    assert text_of(doc) is doc._.document.text
    assert text_of(doc) == doc.text


def test_a_record_of_another_text_is_not_used():
    doc = spacy.blank("en").make_doc("Ms Lane met the board.")
    doc._.document = Document(id="d1", title="", text="Another text altogether.")
    assert text_of(doc) == "Ms Lane met the board."


def test_a_doc_without_record_gives_its_own_text():
    doc = spacy.blank("en").make_doc("Ms Lane met the board.")
    assert text_of(doc) == doc.text
    assert text_of(spacy.blank("en").make_doc("")) == ""
