"""Candidate pairs and their features: a candidate works each cue out once, and the pairs of a document
share what its tokens say (by position), without changing a feature."""

from __future__ import annotations

from dataclasses import replace

from explorer.extract.document import parse
from explorer.extract.pairs import FEATURES, DocTokens, Pair, candidates, features
from explorer.model import Document


def _candidates(nlp, text):
    doc = next(parse(nlp, [Document.from_text(text)]))
    return list(candidates(doc, doc._.entities))


def test_features_asked_twice_are_the_same_and_typed_repeats_the_cues(nlp):
    found = _candidates(nlp, "Jane Miller, a spokesman for Acme Corp, met Boris Petrov in Cairo on Monday.")
    assert len(found) >= 6
    for candidate in found:
        first = features(candidate)
        fresh = replace(candidate, tokens=DocTokens(candidate.sentence.doc))  # tokens that remember nothing yet
        assert features(candidate) == first == features(fresh)
        count = next(f for f in first if f.startswith("between_n="))
        prefix = f"{candidate.head_type}>{candidate.tail_type}:"
        assert any(f.startswith(prefix) and f.endswith(f":{count}") for f in FEATURES["typed"](Pair(candidate)))


def test_the_pairs_of_a_document_share_its_tokens(nlp):
    found = _candidates(nlp, "Acme Corp hired Jane Miller in Lyon. Jane Miller works for Acme Corp in Lyon.")
    assert len({id(c.tokens) for c in found}) == 1
    alone = replace(found[0], tokens=DocTokens(found[0].sentence.doc))
    assert features(alone) == features(found[0])


def test_document_tokens_read_the_parse_as_spacy_does(nlp):
    doc = nlp("The minister did not meet Jane Miller, who never visited Lyon or Paris. Acme Corp fired him.")
    tokens = DocTokens(doc)
    assert all(tokens.ancestors(t.i) == [a.i for a in t.ancestors] for t in doc)
    assert tokens.negated == {t.i for t in doc if any(c.dep_ == "neg" for c in t.children)} != set()
    assert tokens.paths(0, len(doc) - 1) is None  # two sentences, two trees
