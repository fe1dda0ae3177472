"""The public corpora readers: offsets point at the right text, counts match the corpora's own figures."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from explorer.learn import corpora
from explorer.learn.corpora import GoldEntity, GoldRelation

REPO = Path(__file__).resolve().parents[2]
# The counts bench/data/README.md and the corpora's publications give.
RE3D_RELATIONS = {"CoLocated": 181, "FightingAgainst": 84, "CommWith": 71, "BelongsTo": 56, "Likes": 35,
                  "InChargeOf": 29, "Dislikes": 24, "HasAttrOf": 25, "AlliesOf": 19, "Apart": 11}
RE3D_DOCUMENTS = {"UK Government": 25, "US State Department": 21, "Wikipedia": 13,
                  "Australian Department of Foreign Affairs": 4, "Delegation of the European Union to Syria": 2}


def test_the_corpora_are_read_from_the_repository():
    assert corpora.DATA == REPO / "bench" / "data"


@pytest.mark.parametrize(("split", "sentences", "relations"), [("dev", 231, 343), ("train", 922, 1283)])
def test_conll04_counts(split, sentences, relations):
    documents = corpora.conll04(split)
    assert len(documents) == sentences
    assert sum(len(d.relations) for d in documents) == relations
    assert len({d.id for d in documents}) == sentences


def test_conll04_entities_are_the_tagged_tokens():
    raw = json.loads((corpora.DATA / "conll04" / "conll04_dev.json").read_text(encoding="utf-8"))
    for item, document in zip(raw, corpora.conll04("dev"), strict=True):
        tagged = [" ".join(item["tokens"][run.start : run.stop]) for run in _runs(item["tags"])]
        assert [document.text[e.start : e.end] for e in document.entities] == tagged
        assert [e.text for e in document.entities] == tagged


def _runs(tags: list[str]) -> list[range]:
    """Token ranges of the entities, read from the tags independently of the reader: a run opens at B or U."""
    starts = [i for i, tag in enumerate(tags) if tag[0] in "BU"]
    ends = [i + 1 for i, tag in enumerate(tags) if tag[0] in "LU"]
    return [range(a, b) for a, b in zip(starts, ends, strict=True)]


def test_conll04_sentence_as_text_spans_and_relations():
    booth = next(d for d in corpora.conll04("dev") if d.id == "conll04-5178")
    assert booth.text == "John Wilkes Booth , who assassinated President Lincoln , was an actor ."
    assert booth.entities == [GoldEntity(0, 17, "Peop", "John Wilkes Booth"),
                              GoldEntity(37, 54, "Peop", "President Lincoln")]
    assert booth.relations == [GoldRelation(0, 1, "Kill")]
    assert booth.synonyms == []


def test_bilou_tags_become_token_spans():
    tags = ["U-Loc", "O", "B-Peop", "I-Peop", "L-Peop", "B-Org", "L-Org"]
    assert list(corpora.bilou_spans(tags)) == [(0, 0, "Loc"), (2, 4, "Peop"), (5, 6, "Org")]
    with pytest.raises(ValueError):
        list(corpora.bilou_spans(["O", "L-Org"]))
    with pytest.raises(ValueError):
        list(corpora.bilou_spans(["X-Org"]))
    with pytest.raises(ValueError):
        corpora.conll04("validation")


def test_re3d_counts_match_the_benchmark_readme():
    documents = corpora.re3d("all", min_confidence=0)
    assert Counter(d.source for d in documents) == RE3D_DOCUMENTS
    assert Counter(r.type for d in documents for r in d.relations) == RE3D_RELATIONS
    assert sum(len(d.synonyms) for d in documents) == 63


def test_re3d_offsets_point_at_each_annotations_value():
    by_span = {}
    for folder in (corpora.DATA / "re3d-dev").iterdir():
        for line in (folder / "entities.json").read_text(encoding="utf-8").splitlines():
            if line.strip():
                raw = json.loads(line)
                by_span[(raw["documentId"], raw["begin"], raw["end"])] = raw["value"]
    documents = corpora.re3d("all", min_confidence=0)
    for document in documents:
        for entity in document.entities:
            assert document.text[entity.start : entity.end] == entity.text
            # The file's value folds line breaks into blanks ("Boris Johnson A Foreign Office spokesman").
            assert " ".join(entity.text.split()) == " ".join(by_span[(document.id, entity.start, entity.end)].split())
    assert sum(len(d.entities) for d in documents) == len(by_span)


def test_re3d_relations_and_synonyms_join_the_annotated_spans():
    ellwood = next(d for d in corpora.re3d() if d.id == "09FF200CBB76594D688F8EB565717543")
    pairs = {(a.text, b.text) for a, b in ellwood.synonyms}
    assert ("Minister for the Middle East", "Tobias Ellwood") in pairs
    assert all(r.type != corpora.SYNONYM for r in ellwood.relations)
    for relation in ellwood.relations:
        assert 0 <= relation.head < len(ellwood.entities) and 0 <= relation.tail < len(ellwood.entities)


def _write_re3d(root: Path, entities: list[dict], relations: list[dict]) -> Path:
    folder = root / "Some Source"
    folder.mkdir(parents=True)
    text = "Anna Berg met Carl Holm in Oslo."
    document = {"_id": "D1", "sourceName": "Some Source", "title": "t", "text": text}
    (folder / "documents.json").write_text(json.dumps(document) + "\n", encoding="utf-8")
    (folder / "entities.json").write_text("\n".join(json.dumps({"documentId": "D1", **e}) for e in entities))
    (folder / "relations.json").write_text("\n".join(json.dumps({"documentId": "D1", **r}) for r in relations))
    return root


def _entity(begin: int, end: int, type_: str, confidence: float) -> dict:
    return {"begin": begin, "end": end, "type": type_, "confidence": confidence}


def _relation(source: tuple[int, int], target: tuple[int, int], type_: str, confidence: float) -> dict:
    return {"sourceBegin": source[0], "sourceEnd": source[1], "targetBegin": target[0], "targetEnd": target[1],
            "type": type_, "confidence": confidence}


def test_re3d_keeps_confident_annotations_and_the_ends_of_kept_relations(tmp_path):
    root = _write_re3d(
        tmp_path,
        entities=[
            _entity(0, 9, "Person", 1.0),
            _entity(14, 23, "Person", 0.2),  # rejected as an entity, but a kept relation points at it
            _entity(27, 31, "Person", 0.0),  # a rejected cue ...
            _entity(27, 31, "Location", 0.9),  # ... beside the confident annotation of the same span
            _entity(5, 9, "Organisation", 0.1),  # rejected, and no relation needs it
        ],
        relations=[
            _relation((0, 9), (14, 23), "CommWith", 0.8),
            _relation((14, 23), (27, 31), "CoLocated", 0.3),  # below the threshold
            _relation((0, 9), (14, 23), "IsSynonymOf", 0.6),
        ],
    )
    [document] = corpora.read_re3d(root)
    assert document.entities == [
        GoldEntity(0, 9, "Person", "Anna Berg"),
        GoldEntity(14, 23, "Person", "Carl Holm"),
        GoldEntity(27, 31, "Location", "Oslo"),
    ]
    assert document.relations == [GoldRelation(0, 1, "CommWith")]
    assert document.synonyms == [(document.entities[0], document.entities[1])]
    [everything] = corpora.read_re3d(root, min_confidence=0)
    assert [r.type for r in everything.relations] == ["CommWith", "CoLocated"]
    assert len(everything.entities) == 4


def test_re3d_split_is_stratified_by_source_and_disjoint():
    documents = corpora.re3d("all")
    parts = corpora.re3d_split(documents)
    train, evaluation = corpora.re3d("train"), corpora.re3d("eval")
    assert {d.id for d in train} | {d.id for d in evaluation} == {d.id for d in documents}
    assert not {d.id for d in train} & {d.id for d in evaluation}
    by_source = Counter((d.source, parts[d.id]) for d in documents)
    for source, count in RE3D_DOCUMENTS.items():
        assert by_source[(source, "train")] == round(count * 2 / 3)
        assert by_source[(source, "eval")] == count - round(count * 2 / 3)
    assert len(evaluation) == 21


def test_re3d_split_of_a_document_depends_only_on_its_source():
    documents = corpora.re3d("all")
    parts = corpora.re3d_split(documents)
    one_source = [d for d in documents if d.source == "Wikipedia"]
    assert corpora.re3d_split(one_source) == {d.id: parts[d.id] for d in one_source}
    assert corpora.re3d_split(list(reversed(documents))) == parts
