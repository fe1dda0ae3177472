"""The learned relation model: the committed file is the one `make train` makes from today's data and code,
training is deterministic, a file made for other features is refused, and the component adds only what the
rules left untyped."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace

import numpy as np
import pytest

from explorer.extract import extract
from explorer.extract.document import parse
from explorer.extract.model_file import ModelMismatch
from explorer.extract.pairs import DocTokens, candidates, features
from explorer.extract.relation_model import MODEL_PATH, RelationModel, load_model
from explorer.learn import relations as training
from explorer.learn.corpora import conll04
from explorer.learn.written import written_documents
from explorer.model import CO_MENTIONED, Document


def test_the_committed_model_was_trained_on_todays_data_and_code():
    assert load_model().trained_on == training.training_digest(), "the model is stale: run `make train`"


def test_training_gives_the_same_file_twice(nlp, tmp_path):
    corpora = [
        training.Corpus("conll04", conll04("train")[:40], training.CONLL04_TYPES),
        training.Corpus("written", written_documents()[:3], training.WRITTEN_TYPES),
    ]
    rows = [row for corpus in corpora for row in training.examples(corpus, nlp)]
    first, second = tmp_path / "first.json.gz", tmp_path / "second.json.gz"
    training.fit(rows).save(first)
    training.fit(list(reversed(rows))).save(second)
    assert first.read_bytes() == second.read_bytes()
    model = RelationModel.load(first)
    assert set(model.types) <= set(training.WRITTEN_TYPES.values()) and "LOCATED_IN" in model.types
    assert all(0 < t < 1 for t in model.thresholds)


def test_a_model_made_for_other_feature_functions_is_refused(tmp_path):
    data = json.loads(gzip.decompress(MODEL_PATH.read_bytes()))
    data["features"] = [*data["features"], "a_feature_this_code_lacks"]
    path = tmp_path / "other.json.gz"
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    with pytest.raises(ModelMismatch, match="a_feature_this_code_lacks"):
        RelationModel.load(path)


def test_learned_relations_never_double_a_rule_and_carry_a_confidence(nlp):
    text = (
        "Acme Corp, a company based in Lyon, hired Jane Miller in March. Jane Miller works for Acme Corp in Lyon. "
        "Ahmed Karim, a spokesman for the Northern Front, met Boris Petrov in Cairo."
    )
    document = Document.from_text(text)
    with nlp.select_pipes(disable=["explorer_learned_relations"]):
        by_rules = _typed(extract(document, nlp).relations)
    everything = _typed(extract(document, nlp).relations)
    learned = [r for r in everything if r not in by_rules]
    assert learned, "the model finds something the rules do not"
    ruled_pairs = {(r.sentence, *sorted((r.source, r.target))) for r in by_rules}
    assert not any((r.sentence, *sorted((r.source, r.target))) in ruled_pairs for r in learned)
    assert all(0 < r.confidence <= 1 and r.evidence for r in learned)


def test_the_model_reads_the_features_training_sees(nlp):
    # The model looks its features up without joining the typed ones into strings, and scores a document's
    # candidates together: the same columns and probabilities as the strings `features` gives.
    model = load_model()
    documents = [Document.from_text(g.text) for g in conll04("dev")[:40]]
    found = [c for doc in parse(nlp, documents) for c in candidates(doc, doc._.entities)]
    assert len(found) > 100
    for candidate in found:
        alone = replace(candidate, tokens=DocTokens(candidate.sentence.doc))
        assert model.columns(candidate) == {model.vocabulary[f] for f in features(alone) if f in model.vocabulary}
    one_by_one = [model.weights[:, sorted(model.columns(c))].sum(axis=1) + model.bias for c in found]
    expected = 1.0 / (1.0 + np.exp(-np.array(one_by_one)))
    assert np.allclose(model.probabilities(found), expected, rtol=0, atol=1e-6)
    assert any(p is not None for p in model.predictions(found))


def _typed(relations):
    return [r for r in relations if r.type not in (CO_MENTIONED, "RELATED_TO")]
