"""Extraction quality against the gold annotations in tests/data/: entities, merges, typed relations.

Per article (resolved on its own) and overall; then every article through one Resolver to check
cross-document merges. Last line: `entity_recall=… precision=… relation_recall=… splits=… bad_merges=…`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explorer.extract import extract, load_nlp  # noqa: E402
from explorer.extract.vocabulary import SYMMETRIC  # noqa: E402
from explorer.model import CO_MENTIONED, Document, Entity, Extraction  # noqa: E402
from explorer.names import normalise_name  # noqa: E402
from explorer.resolve import Resolver  # noqa: E402

DATA = ROOT / "tests" / "data"


@dataclass
class GoldEntity:
    name: str
    type: str
    forms: set[str]


@dataclass
class Gold:
    name: str
    article: Path
    published: str | None
    entities: list[GoldEntity]
    optional: set[str]
    relations: list[tuple[str, str, str]]
    must_not_merge: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Score:
    gold_entities: int = 0
    found_entities: int = 0
    predicted: int = 0
    correct_predicted: int = 0
    splits: list[str] = field(default_factory=list)
    bad_merges: list[str] = field(default_factory=list)
    gold_relations: int = 0
    found_relations: int = 0
    missed_entities: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)

    @property
    def recall(self) -> float:
        return self.found_entities / self.gold_entities if self.gold_entities else 1.0

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 1.0

    @property
    def relation_recall(self) -> float:
        return self.found_relations / self.gold_relations if self.gold_relations else 1.0

    def line(self) -> str:
        return (
            f"entity_recall={self.recall:.3f} precision={self.precision:.3f} "
            f"relation_recall={self.relation_recall:.3f} splits={len(self.splits)} "
            f"bad_merges={len(self.bad_merges)}"
        )


def load_gold(path: Path) -> Gold:
    data = json.loads(path.read_text())
    entities = [
        GoldEntity(e["name"], e["type"], {normalise_name(f) for f in [e["name"], *e.get("aliases", [])]})
        for e in data["entities"]
    ]
    return Gold(
        name=path.stem.removeprefix("gold_"),
        article=ROOT / data["article"],
        published=data.get("published"),
        entities=entities,
        optional={normalise_name(o) for o in data.get("optional", [])},
        relations=[tuple(r) for r in data.get("relations", [])],
        must_not_merge=[tuple(p) for p in data.get("must_not_merge", [])],
    )


def gold_files() -> list[Path]:
    return sorted(p for p in DATA.glob("gold_*.json") if p.stem != "gold_corpus")


def document_for(gold: Gold) -> Document:
    return Document.from_text(gold.article.read_text(), source=str(gold.article), published=gold.published)


def _forms(entity: Entity) -> set[str]:
    return {normalise_name(n) for n in [entity.name, *entity.aliases]}


def assign(entity: Entity, gold: list[GoldEntity]) -> GoldEntity | None:
    """The gold entity a predicted one stands for: by its name first, then by its aliases."""
    name = normalise_name(entity.name)
    by_name = [g for g in gold if name in g.forms]
    if by_name:
        exact = [g for g in by_name if normalise_name(g.name) == name]
        return (exact or by_name)[0]
    forms = _forms(entity)
    overlaps = sorted(((len(forms & g.forms), i) for i, g in enumerate(gold) if forms & g.forms), reverse=True)
    return gold[overlaps[0][1]] if overlaps else None


def score_entities(entities: list[Entity], gold: list[GoldEntity], optional: set[str]) -> tuple[Score, dict]:
    score = Score(gold_entities=len(gold))
    assigned: dict[str, GoldEntity] = {}
    hits: dict[str, list[Entity]] = {}
    for entity in entities:
        target = assign(entity, gold)
        if target is None:
            if not (_forms(entity) & optional):
                score.predicted += 1
                score.spurious.append(entity.name)
            continue
        score.predicted += 1
        score.correct_predicted += 1
        assigned[entity.id] = target
        hits.setdefault(target.name, []).append(entity)
        # A form that belongs only to another gold entity: two real things made one node.
        for other in gold:
            if other is not target and (_forms(entity) & other.forms) - target.forms:
                score.bad_merges.append(f"{entity.name} ⊃ {other.name}")
    for g in gold:
        found = hits.get(g.name, [])
        if found:
            score.found_entities += 1
        else:
            score.missed_entities.append(g.name)
        if len(found) > 1:
            score.splits.append(f"{g.name}: {[e.name for e in found]}")
    return score, assigned


def score_relations(extraction: Extraction, assigned: dict, relations: list[tuple[str, str, str]]) -> Score:
    stated = set()
    for r in extraction.relations:
        if r.type == CO_MENTIONED or r.source not in assigned or r.target not in assigned:
            continue
        a, b = assigned[r.source].name, assigned[r.target].name
        stated.add((a, r.type, b))
        if r.type in SYMMETRIC:
            stated.add((b, r.type, a))
    score = Score(gold_relations=len(relations))
    for relation in relations:
        if relation in stated:
            score.found_relations += 1
        else:
            score.missed_relations.append(" ".join(relation))
    return score


def score_article(gold: Gold, nlp=None) -> tuple[Score, Extraction]:
    resolved = Resolver().resolve(extract(document_for(gold), nlp or load_nlp()))
    score, assigned = score_entities(resolved.entities, gold.entities, gold.optional)
    score.add(score_relations(resolved, assigned, gold.relations))
    return score, resolved


def score_corpus(golds: list[Gold], nlp=None) -> Score:
    """Every article through one Resolver: entities the gold keeps apart must stay apart across documents."""
    resolver = Resolver()
    for gold in golds:
        resolver.resolve(extract(document_for(gold), nlp or load_nlp()))
    merged: dict[str, GoldEntity] = {}
    for gold in golds:
        for g in gold.entities:
            if g.name in merged:
                merged[g.name].forms |= g.forms
            else:
                merged[g.name] = GoldEntity(g.name, g.type, set(g.forms))
    optional = set().union(*(g.optional for g in golds))
    score, _ = score_entities(resolver.entities(), list(merged.values()), optional)
    corpus = json.loads((DATA / "gold_corpus.json").read_text())
    for a, b in corpus["must_not_merge"]:
        for entity in resolver.entities():
            if normalise_name(a) in _forms(entity) and normalise_name(b) in _forms(entity):
                score.bad_merges.append(f"{a} = {b}")
    return score


def main() -> None:
    nlp = load_nlp()
    golds = [load_gold(p) for p in gold_files()]
    overall = Score()
    for gold in golds:
        score, _ = score_article(gold, nlp)
        overall.add(score)
        print(f"{gold.name:24s} {score.line()}")
        for label, items in (("missed", score.missed_entities), ("spurious", score.spurious),
                             ("split", score.splits), ("bad merge", score.bad_merges),
                             ("missed relation", score.missed_relations)):
            if items:
                print(f"    {label}: {'; '.join(items)}")
    corpus = score_corpus(golds, nlp)
    print(f"{'corpus (one resolver)':24s} {corpus.line()}")
    for label, items in (("split", corpus.splits), ("bad merge", corpus.bad_merges)):
        if items:
            print(f"    {label}: {'; '.join(items)}")
    overall.splits += corpus.splits
    overall.bad_merges += corpus.bad_merges
    print(overall.line())


if __name__ == "__main__":
    main()
