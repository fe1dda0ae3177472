"""Typed relations from the parse, and co-mentions kept apart."""

from __future__ import annotations

from explorer.extract import extract
from explorer.model import CO_MENTIONED, RELATION_TYPES, Document


def _typed(text: str, nlp) -> set[tuple[str, str, str]]:
    x = extract(Document.from_text(text), nlp)
    name = {e.id: e.name for e in x.entities}
    return {(name[r.source], r.type, name[r.target]) for r in x.relations if r.type != CO_MENTIONED}


def test_active_and_passive_verbs(nlp):
    assert ("Microsoft", "ACQUIRED", "Activision Blizzard") in _typed(
        "Microsoft acquired Activision Blizzard in 2023.", nlp
    )
    assert ("Google", "ACQUIRED", "YouTube") in _typed("YouTube was bought by Google in 2006.", nlp)


def test_unmapped_verb_keeps_its_lemma_as_label(nlp):
    x = extract(Document.from_text("Germany congratulated France on Sunday."), nlp)
    (relation,) = [r for r in x.relations if r.type != CO_MENTIONED]
    assert relation.type == "RELATED_TO" and relation.label == "congratulate"
    assert all(r.type in RELATION_TYPES for r in x.relations)


def test_hyphenated_backing_and_agent_of_a_nominal_event(nlp):
    found = _typed(
        "A Russian airstrike killed Ahmad Karimi, the leader of a Syria-backed militia known as the Desert Brigade.",
        nlp,
    )
    assert ("Russia", "KILLED", "Ahmad Karimi") in found
    assert ("Desert Brigade", "BACKED_BY", "Syria") in found


def test_roles_written_before_and_after_a_name(nlp):
    found = _typed(
        "Microsoft chief executive Satya Nadella met Sundar Pichai, the chief executive of Google, in London.",
        nlp,
    )
    assert ("Satya Nadella", "HOLDS_ROLE", "Microsoft") in found
    assert ("Sundar Pichai", "HOLDS_ROLE", "Google") in found


def test_one_of_the_factions_is_part_of(nlp):
    found = _typed("The Red Brigade is one of the factions in the Southern Alliance.", nlp)
    assert ("Red Brigade", "PART_OF", "Southern Alliance") in found


def test_co_mentions_one_per_pair_per_sentence_ordered_by_id(nlp):
    x = extract(Document.from_text("France, Germany and Italy met. France and Italy agreed."), nlp)
    co = [r for r in x.relations if r.type == CO_MENTIONED]
    assert all(r.source < r.target for r in co)
    pairs = [(r.source, r.target, r.sentence) for r in co]
    assert len(pairs) == len(set(pairs)) == 4
    assert all(r.evidence and r.doc == x.document.id for r in co)
