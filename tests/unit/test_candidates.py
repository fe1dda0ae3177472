"""Duplicate candidates: word-aware name scores, type compatibility, judgements respected."""

from __future__ import annotations

import pytest

from explorer import curate
from explorer.candidates import find_candidates, name_similarity
from explorer.model import Document, Entity, Extraction, Mention, MergeNote
from explorer.store.sqlite import SQLiteStore


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("Abu Mahdi al-Muhandis", "Adel Abdul Mahdi", 0.0, 0.3),  # one shared word is not enough
        ("Khamenei", "Khomeini", 0.0, 0.5),
        ("United States", "United Kingdom", 0.0, 0.5),
        ("Ministry of Defence", "Ministry of Interior", 0.0, 0.5),
        ("Sudani", "Mohammed Shia al-Sudani", 0.7, 0.8),
        ("PMF", "Popular Mobilization Forces", 0.9, 0.9),
        ("Abu Mahdi al-Muhandis", "Abu Mahdi al-Muhandes", 0.85, 0.95),
        ("Kataib Hezbollah", "Kata'ib Hizballah", 0.7, 0.8),
        ("Kharkiv", "Kharkov", 0.6, 0.7),  # transliterations resolution leaves apart, proposed
        ("Sergei Lavrentiev", "Sergey Lavrentyev", 1.0, 1.0),
        ("Da’esh", "Daesh", 1.0, 1.0),
        ("Globex", "Globex Inc", 1.0, 1.0),
    ],
)
def test_name_scores_are_word_aware(a, b, low, high):
    score, reason = name_similarity(a, b)
    assert low <= round(score, 2) <= high, (score, reason)
    assert name_similarity(b, a)[0] == pytest.approx(score)


def _store(tmp_path, names: list[tuple[str, str, str]]) -> SQLiteStore:
    store = SQLiteStore.open(f"sqlite:///{tmp_path / 'graph.db'}")
    text = ". ".join(name for _, name, _ in names) + "."
    doc = Document.from_text(text)
    entities = [Entity(i, name, kind, [], 1, 1) for i, name, kind in names]
    mentions = []
    for i, name, _ in names:
        start = text.index(name)
        mentions.append(Mention(i, doc.id, 0, start, start + len(name), name))
    store.upsert_extraction(Extraction(doc, entities, mentions))
    return store


def test_candidates_rank_pairs_of_compatible_types(tmp_path):
    store = _store(
        tmp_path,
        [
            ("muhandis", "Abu Mahdi al-Muhandis", "PERSON"),
            ("mahdi", "Adel Abdul Mahdi", "PERSON"),
            ("muhandes", "Abu Mahdi al-Muhandes", "PERSON"),
            ("pmf", "PMF", "ORG"),
            ("forces", "Popular Mobilization Forces", "ORG"),
            ("pmf-person", "Popular Mobilization Forces", "PERSON"),
        ],
    )
    found = find_candidates(store)
    pairs = [{c.a.id, c.b.id} for c in found]
    assert {"muhandis", "muhandes"} in pairs[:2]
    assert {"pmf", "forces"} in pairs
    assert {"muhandis", "mahdi"} not in pairs and {"muhandes", "mahdi"} not in pairs
    assert {"forces", "pmf-person"} not in pairs  # an organisation is not a person
    assert all(0 < c.score <= 1 and c.reason for c in found)

    curate.mark_distinct(store, "muhandis", "muhandes", reason="two people")
    assert {"muhandis", "muhandes"} not in [{c.a.id, c.b.id} for c in find_candidates(store)]
    store.close()


def test_a_capital_that_stood_for_its_country_does_not_pair_the_country_with_the_city(tmp_path):
    store = SQLiteStore.open(f"sqlite:///{tmp_path / 'graph.db'}")
    text = "Baghdad said talks with Iraq's neighbours would start in Baghdad."
    doc = Document.from_text(text)
    iraq = Entity("iraq", "Iraq", "GPE", ["Baghdad"], 2, 1, merges=[MergeNote("Baghdad", "capital-as-actor", 1.0)])
    city = Entity("baghdad", "Baghdad", "GPE", [], 1, 1)
    mentions = [
        Mention("iraq", doc.id, 0, 0, 7, "Baghdad"),
        Mention("iraq", doc.id, 0, text.index("Iraq"), text.index("Iraq") + 4, "Iraq"),
        Mention("baghdad", doc.id, 0, text.rindex("Baghdad"), text.rindex("Baghdad") + 7, "Baghdad"),
    ]
    store.upsert_extraction(Extraction(doc, [iraq, city], mentions))
    pairs = {frozenset((c.a.id, c.b.id)) for c in find_candidates(store)}
    assert frozenset(("iraq", "baghdad")) not in pairs
