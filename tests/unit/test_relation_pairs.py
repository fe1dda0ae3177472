"""Candidate pairs and their features: a candidate works each cue out once, and the pairs of a document
share their token words, without changing a feature."""

from __future__ import annotations

from dataclasses import replace

from explorer.extract.document import parse
from explorer.extract.pairs import FEATURES, candidates, features
from explorer.model import Document


def _candidates(nlp, text):
    doc = next(parse(nlp, [Document.from_text(text)]))
    return list(candidates(doc, doc._.entities))


def test_features_asked_twice_are_the_same_and_typed_repeats_the_cues(nlp):
    found = _candidates(nlp, "Jane Miller, a spokesman for Acme Corp, met Boris Petrov in Cairo on Monday.")
    assert len(found) >= 6
    for candidate in found:
        first = features(candidate)
        fresh = replace(candidate, memo={})  # a copy that remembers nothing yet
        assert features(candidate) == first == features(fresh)
        count = next(f for f in first if f.startswith("between_n="))
        prefix = f"{candidate.head_type}>{candidate.tail_type}:"
        assert any(f.startswith(prefix) and f.endswith(f":{count}") for f in FEATURES["typed"](candidate))


def test_the_pairs_of_a_document_share_their_token_words(nlp):
    found = _candidates(nlp, "Acme Corp hired Jane Miller in Lyon. Jane Miller works for Acme Corp in Lyon.")
    assert len({id(c.words) for c in found}) == 1
    lone = replace(found[0], words=type(found[0].words)(), memo={})
    assert features(lone) == features(replace(found[0], memo={}))
