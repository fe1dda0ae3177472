"""The learned type model (explorer/extract/type_model.py) and its training (explorer/learn/entity_types.py)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pytest

from explorer.extract import extract, type_model
from explorer.extract.document import build_extraction, parse
from explorer.extract.model_file import ModelMismatch
from explorer.extract.type_features import CLASSES
from explorer.extract.type_model import MODEL_PATH, TypeModel, load_model, sums_in_order
from explorer.learn import entity_types as training
from explorer.learn.corpora import conll04
from explorer.learn.written import ENTITIES_FILE, read_written, written_documents
from explorer.model import Document
from explorer.names import normalise_name, type_class
from explorer.resolve import Resolver

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_the_committed_model_was_trained_on_todays_data_and_code():
    assert load_model().trained_on == training.training_digest(), "the model is stale: run `make train`"


def test_training_gives_the_same_file_twice(nlp, tmp_path):
    corpora = [
        training.Corpus("conll04", conll04("train")[:60], training.CONLL04_CLASSES),
        training.Corpus("written", written_documents()[:3], training.WRITTEN_CLASSES),
    ]
    rows = [row for corpus in corpora for row in training.examples(corpus, nlp)]
    first, second = tmp_path / "first.json.gz", tmp_path / "second.json.gz"
    training.fit(rows).save(first)
    training.fit(list(reversed(rows))).save(second)
    assert first.read_bytes() == second.read_bytes()
    assert set(TypeModel.load(first).classes) <= set(CLASSES)


def test_a_model_made_for_other_feature_functions_is_refused(tmp_path):
    data = json.loads(gzip.decompress(MODEL_PATH.read_bytes()))
    data["features"] = [*data["features"], "a_feature_this_code_lacks"]
    path = tmp_path / "other.json.gz"
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    with pytest.raises(ModelMismatch, match="a_feature_this_code_lacks"):
        TypeModel.load(path)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("The militia Harakat al-Badr, an Iran-backed group, claimed the attack on Tuesday.", "Harakat al-Badr", "ORG"),
        ("Ships docked in the port city of Zarqa Bahri on Friday.", "Zarqa Bahri", "GPE"),
        ("Students at Brenton College marched on Monday. Brenton College said the protest was peaceful.",
         "Brenton College", "ORG"),
        ("Volkswagen said on Wednesday it would recall cars in Germany.", "Volkswagen", "ORG"),
    ],
)
def test_the_evidence_around_a_name_gives_its_type(nlp, text, name, expected):
    types = {e.name: e.type for e in extract(Document.from_text(text), nlp).entities}
    assert types[name] == expected


def test_every_name_of_the_entity_checks_and_the_seed_is_of_one_type(nlp):
    """Resolved together, no name of the written entity checks or of the seed is found in entities of two
    kinds (a person here, a place there)."""
    records = [Document(id=a.document.id, title="", text=a.document.text) for a in read_written(ENTITIES_FILE)]
    records += [Document.from_text(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    resolver = Resolver()
    entities_of: dict[str, set[str]] = defaultdict(set)
    for record, doc in zip(records, parse(nlp, records), strict=True):
        for mention in resolver.resolve(build_extraction(record, doc)).mentions:
            entities_of[normalise_name(mention.text)].add(mention.entity)
    types = {e.id: type_class(e.type) for e in resolver.entities()}
    mixed = {name: {types[i] for i in ids} for name, ids in entities_of.items() if len({types[i] for i in ids}) > 1}
    assert mixed == {}


def test_sums_in_order_are_those_of_python_sum_to_the_last_bit():
    rng = np.random.default_rng(7)
    lengths = [1, 3, 9, 2, 17, 1, 40]
    values = rng.normal(size=(sum(lengths), 4)).astype(np.float32) * 10
    starts = np.cumsum([0, *lengths[:-1]])
    expected = np.array([sum(values[s : s + n]) for s, n in zip(starts, lengths, strict=True)])
    assert np.array_equal(sums_in_order(values, lengths), expected)


def test_scores_do_not_hang_on_string_hashing():
    # Python hashes strings with a new seed in every process: were the weights summed in the order of a set
    # of feature strings, their last bits (and a near tie between two classes) would change between runs.
    script = (
        "from explorer.extract import load_nlp\n"
        "from explorer.extract.type_model import load_model\n"
        "doc = load_nlp()('Today at the Iraqi Museum in Baghdad, the U.S. Embassy Charge met Dr. Ahmed Murad.')\n"
        "print(load_model().document_log_probabilities(list(doc.ents)).tobytes().hex())\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "3")
    }
    assert len(runs) == 1 and runs != {""}


def test_most_common_is_counters_first_of_the_tied():
    for values in (["ORG"], ["ORG", "PERSON", "PERSON"], ["PLACE", "ORG", "ORG", "PLACE"], ["NORP", "ORG"]):
        assert type_model._most_common(values) == Counter(values).most_common(1)[0][0]
