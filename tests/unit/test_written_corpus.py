"""The project's own annotated corpus (bench/data/written/): it parses, its annotations keep the guidelines, and
the reader turns it into the gold shape. relations.txt and statements.txt are for training, entities.txt holds
entity checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer.learn.written import (
    ENTITIES_FILE,
    RELATION_TYPES,
    RELATIONS_FILE,
    STATEMENTS_FILE,
    SYMMETRIC,
    TRAINING_FILES,
    WrittenFormatError,
    problems,
    read_written,
    sentence_spans,
    unmark,
    written_documents,
)
from explorer.model import ENTITY_TYPES
from explorer.model import RELATION_TYPES as MODEL_RELATION_TYPES

ROOT = Path(__file__).resolve().parents[2]
FILES = [RELATIONS_FILE, STATEMENTS_FILE, ENTITIES_FILE]
# The relation types a classifier learns from this corpus need this many examples each; the rest must occur.
LEARNED = ("LOCATED_IN", "MEMBER_OF", "LEADS", "KILLED", "ATTACKED", "MET_WITH", "ALLIED_WITH", "SUPPORTS", "OPPOSES")
MINIMUM_LEARNED = 40
# statements.txt (statements, reference articles and wire stories about armed conflict) was written for these.
STATEMENTS_MINIMUM = {
    "PRESENT_IN": 60,
    "ATTACKED": 60,
    "MET_WITH": 60,
    **{kind: 30 for kind in ("LOCATED_IN", "MEMBER_OF", "LEADS", "ALLIED_WITH", "SUPPORTS", "OPPOSES", "KILLED")},
}
ACTORS = {"PERSON", "ORG", "GPE", "NORP"}
PLACES = {"GPE", "LOC", "FAC"}
# Names from the seed article and real armed groups that the corpus must never use.
BANNED = (
    "Popular Mobilization Forces",
    "PMF",
    "Hashd",
    "Islamic Resistance in Iraq",
    "Kataib Hezbollah",
    "Kata'ib Hizballah",
    "Hezbollah",
    "Sudani",
    "Soleimani",
    "Muhandis",
    "Asaib Ahl al-Haq",
    "ISIL",
    "ISIS",
    "Daesh",
    "Da'esh",
    "Islamic State",
    "al-Qaeda",
    "AQI",
    "Assad",
    "Nusra",
)
# Banned in statements.txt too (relations.txt names the real Ain al-Asad air base).
BANNED_IN_STATEMENTS = ("Asad",)


@pytest.fixture(scope="module")
def articles():
    return {path.name: read_written(path) for path in FILES}


def test_the_files_parse_into_gold_documents(articles):
    relations, statements = articles["relations.txt"], articles["statements.txt"]
    entities = articles["entities.txt"]
    assert len(relations) >= 40 and len(statements) >= 40 and len(entities) >= 10
    assert sum(len(sentence_spans(a.document.text)) for a in relations) >= 350
    assert sum(len(sentence_spans(a.document.text)) for a in statements) >= 380
    assert {a.document.source for a in relations} == {"written/relations"}
    assert {a.document.source for a in statements} == {"written/statements"}
    everything = relations + statements + entities
    assert len({a.id for a in everything}) == len(everything), "article ids are unique across the files"
    assert all(a.outlet and a.published.year >= 2020 for a in everything)


def test_training_reads_relations_then_statements(articles):
    assert TRAINING_FILES == (RELATIONS_FILE, STATEMENTS_FILE)
    expected = [a.id for a in articles["relations.txt"] + articles["statements.txt"]]
    assert [d.id for d in written_documents()] == expected


def test_an_article_id_in_two_training_files_is_an_error(tmp_path):
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("=== same | Wire | 2024-01-01\nText of [[Zenda|GPE|m1]].\n", encoding="utf-8")
    second.write_text("=== same | Wire | 2024-01-02\nMore of [[Zenda|GPE|m1]].\n", encoding="utf-8")
    assert [d.id for d in written_documents([first])] == ["same"]
    with pytest.raises(WrittenFormatError, match="same also used in first.txt"):
        written_documents([first, second])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_mentions_point_at_their_text(path):
    for article in read_written(path):
        text = article.document.text
        assert "[[" not in text and "]]" not in text and "|" not in text, article.id
        for entity in article.document.entities:
            assert text[entity.start:entity.end] == entity.text, (article.id, entity)
            assert entity.type in ENTITY_TYPES
            assert entity.text == entity.text.strip()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_relations_stay_in_one_sentence_and_are_given_once(path):
    found = [problem for article in read_written(path) for problem in problems(article)]
    assert found == []


def _type_counts(articles) -> dict[str, int]:
    counts: dict[str, int] = {}
    for article in articles:
        for relation in article.document.relations:
            assert relation.type in RELATION_TYPES, (article.id, relation)
            counts[relation.type] = counts.get(relation.type, 0) + 1
    return counts


def test_relation_types_are_the_vocabulary_and_each_is_common_enough(articles):
    """relations.txt annotates presence as LOCATED_IN; every other type is there, and all are explorer's."""
    assert set(RELATION_TYPES) <= set(MODEL_RELATION_TYPES)
    counts = _type_counts(articles["relations.txt"])
    assert sum(counts.values()) >= 600
    assert set(counts) == set(RELATION_TYPES) - {"PRESENT_IN"}, "every type but PRESENT_IN occurs"
    short = {kind: counts.get(kind, 0) for kind in LEARNED if counts.get(kind, 0) < MINIMUM_LEARNED}
    assert short == {}


def test_statements_hold_enough_of_each_type_they_were_written_for(articles):
    counts = _type_counts(articles["statements.txt"])
    assert sum(counts.values()) >= 700
    short = {kind: counts.get(kind, 0) for kind, least in STATEMENTS_MINIMUM.items() if counts.get(kind, 0) < least}
    assert short == {}


def test_present_in_links_an_actor_to_a_place(articles):
    found = 0
    for article in articles["relations.txt"] + articles["statements.txt"]:
        entities = article.document.entities
        for relation in article.document.relations:
            if relation.type == "PRESENT_IN":
                head, tail = entities[relation.head], entities[relation.tail]
                assert head.type in ACTORS and tail.type in PLACES, (article.id, head, tail)
                found += 1
    assert found >= 60


@pytest.mark.parametrize("name", ["relations.txt", "statements.txt"])
def test_symmetric_relations_are_not_given_both_ways(articles, name):
    for article in articles[name]:
        pairs = {(r.head, r.tail, r.type) for r in article.document.relations if r.type in SYMMETRIC}
        assert not any((tail, head, kind) in pairs for head, tail, kind in pairs), article.id


@pytest.mark.parametrize("name", ["relations.txt", "statements.txt"])
def test_many_sentences_name_several_entities_without_a_relation(articles, name):
    """Near misses and plain co-mentions: the classifier must see pairs that are not related."""
    unrelated = 0
    for article in articles[name]:
        spans = sentence_spans(article.document.text)
        for start, end in spans:
            inside = [e for e in article.document.entities if start <= e.start and e.end <= end]
            related = [r for r in article.document.relations if start <= article.document.entities[r.head].start < end]
            unrelated += len(inside) >= 2 and not related
    assert unrelated >= 30


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_banned_name_appears(path):
    text = path.read_text(encoding="utf-8").replace("’", "'")
    for name in BANNED + (BANNED_IN_STATEMENTS if path == STATEMENTS_FILE else ()):
        assert not re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE), name


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_long_passage_is_shared_with_the_seed_article(path):
    def grams(text: str, n: int = 8) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}

    seed = set().union(*(grams(p.read_text(encoding="utf-8")) for p in (ROOT / "seeds").glob("*.txt")))
    ours = set().union(*(grams(a.document.text) for a in read_written(path)))
    assert ours & seed == set()


def test_entity_checks_cover_every_mention_and_name_only_what_is_written(articles):
    for article in articles["entities.txt"]:
        check = article.check
        assert check.expect and check.not_entities, article.id
        surfaces = {entity.text for entity in article.document.entities}
        names = {name for expectation in check.expect for name in expectation.names}
        assert surfaces <= names, (article.id, surfaces - names)
        for expectation in check.expect:
            assert expectation.type in ENTITY_TYPES
            assert set(expectation.aliases) <= surfaces, (article.id, expectation)
        canonical = {expectation.name for expectation in check.expect}
        for string in check.not_entities:
            assert string in article.document.text, (article.id, string)
            assert string not in canonical, (article.id, string)


def test_entity_checks_hold_the_hard_cases(articles):
    entities = articles["entities.txt"]
    text = "\n".join(a.document.text for a in entities)
    assert text.count("\u200e") == 1, "one left-to-right mark glued to a place name"
    assert any("Wash." in a.check.not_entities for a in entities)
    assert any(string.isupper() for a in entities for string in a.check.not_entities), "capitals datelines"
    assert "’" in text and "Supreme Leader" in text


SAMPLE = "\n".join(
    [
        "# a comment before the first article",
        "=== sample-1 | Test Wire | 2024-01-02",
        "Headline about [[Ruritania|GPE|m1]]",
        "[[STRELSAU|GPE|m2]] — Gen. [[Rudolf Elphberg|PERSON|m3]], who commands the [[Red Guard|ORG|m4]] "
        "([[RG|ORG|m5]]), met U.S. envoy [[Ann Lee|PERSON|m6]] in [[Zenda|GPE|m7]]. "
        "[[Elphberg|PERSON|m8]] did not meet [[Rassendyll|PERSON|m9]].",
        "m3 LEADS m4",
        "m4 = m5",
        "m3 MET_WITH m6",
        "# a note",
        "m3 LOCATED_IN m7",
        "",
        "=== sample-2 | Test Wire | 2024-01-03",
        "Text of [[Zenda|GPE|m1]].",
        "expect: Zenda | GPE |",
        "not: Text",
        "",
    ]
)


def test_the_reader_on_a_small_sample(tmp_path):
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    first, second = read_written(path)
    document = first.document
    assert document.id == "sample-1" and document.source == "written/sample" and first.outlet == "Test Wire"
    assert str(first.published) == "2024-01-02"
    assert document.text.startswith("Headline about Ruritania\nSTRELSAU — Gen. Rudolf Elphberg, who commands")
    entities = document.entities
    assert [(entities[r.head].text, r.type, entities[r.tail].text) for r in document.relations] == [
        ("Rudolf Elphberg", "LEADS", "Red Guard"),
        ("Rudolf Elphberg", "MET_WITH", "Ann Lee"),
        ("Rudolf Elphberg", "LOCATED_IN", "Zenda"),
    ]
    assert [(a.text, b.text) for a, b in document.synonyms] == [("Red Guard", "RG")]
    assert problems(first) == []
    spans = sentence_spans(document.text)
    assert [document.text[s:e] for s, e in spans][-1] == "Elphberg did not meet Rassendyll."
    assert second.check.expect[0].name == "Zenda" and second.check.not_entities == ["Text"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Text [[A|GPE|m1]].\nm1 LEADS m2\n", "unknown mention m2"),
        ("Text [[A|PLACE|m1]].\n", "unknown entity type PLACE"),
        ("Text [[A|GPE|m1]] [[B|GPE|m1]].\n", "m1 used twice"),
        ("Text [[A|GPE m1]].\n", "broken mark"),
        ("Text [[A|GPE|m1]] [[B|GPE|m2]].\nm1 LIKES m2\n", "unknown relation type"),
    ],
)
def test_format_errors_name_the_article(tmp_path, body, message):
    path = tmp_path / "bad.txt"
    path.write_text(f"=== bad-1 | Wire | 2024-01-01\n{body}", encoding="utf-8")
    with pytest.raises(WrittenFormatError, match=message):
        read_written(path)


def test_a_relation_across_sentences_is_a_problem(tmp_path):
    path = tmp_path / "across.txt"
    path.write_text("=== x | W | 2024-01-01\n[[A|GPE|m1]] is here. [[B|GPE|m2]] is there.\nm1 LOCATED_IN m2\n")
    (article,) = read_written(path)
    assert problems(article) == ["x: m1 LOCATED_IN m2 (A / B) spans two sentences"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Brig. Gen. Reza Farahani met Lt. Col. Hervé Zongo in Jan. 2024. They spoke.", 2),
        ("The U.S. Treasury acted. Britain did not.", 2),
        ("“We will not stop,” he said. “Never.”", 2),
        ("REDMOND, Wash. — Kessler won. Shares rose 6 percent.", 2),
        ("Headline\nBody one. Body two.", 3),
    ],
)
def test_sentence_splitter(text, count):
    assert len(sentence_spans(text)) == count


def test_unmark_keeps_offsets_across_curly_quotes():
    text, mentions = unmark("[[Iraq|GPE|m1]]’s envoy met [[Oman|GPE|m2]]’s.")
    assert text == "Iraq’s envoy met Oman’s."
    assert text[mentions["m2"].start:mentions["m2"].end] == "Oman"
