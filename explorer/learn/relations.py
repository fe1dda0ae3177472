"""Train the relation model of `explorer.extract.relation_model` on annotated corpora (`make train`).

The corpora: CoNLL04 train, the train part of re3d-dev, and the articles written and annotated for this
project (`bench/data/written/`). Each maps its own relation types onto the types the model learns; a type
is learned only from the corpora that annotate it (CoNLL04 says nothing about who met whom, so its
sentences are no evidence that nobody did).
Candidates and features come from explorer's own pipeline, so the model learns on the mentions it will
see. The decision threshold of each type is the one with the best F1 over five folds by document; the
folds, the solver and the feature vocabulary are deterministic, so the same data gives the same file.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.language import Language

from explorer.extract.document import parse
from explorer.extract.pairs import FEATURES, candidates, features
from explorer.extract.pipeline import COMPONENTS, build_nlp, choose_model
from explorer.extract.relation_model import MODEL_PATH, RelationModel
from explorer.extract.vocabulary import fits_signature
from explorer.learn import digest
from explorer.learn.corpora import GoldDocument, GoldEntity, GoldRelation, conll04, re3d
from explorer.learn.training import fold_of, kept_vocabulary
from explorer.learn.written import RELATIONS_FILE, STATEMENTS_FILE, written_documents
from explorer.model import Document

# Which of explorer's types each corpus's types are evidence for (unlisted types teach nothing). Being in a
# place is two types: LOCATED_IN (where a thing is, is based, lives or comes from: CoNLL04's Live_In and
# OrgBased_In, a place within a place) and PRESENT_IN (an actor present or active in a place at the time
# described: re3d's CoLocated with an actor at its head). CoNLL04 annotates only the first, so it never
# teaches that "the minister spoke in Paris" is no relation.
CONLL04_TYPES = {
    "Work_For": "MEMBER_OF",
    "Kill": "KILLED",
    "OrgBased_In": "LOCATED_IN",
    "Live_In": "LOCATED_IN",
    "Located_In": "LOCATED_IN",
}
RE3D_TYPES = {
    "CoLocated": "PRESENT_IN",  # LOCATED_IN when a place is at its head
    "FightingAgainst": "ATTACKED",
    "CommWith": "MET_WITH",
    "BelongsTo": "MEMBER_OF",
    "InChargeOf": "LEADS",
    "AlliesOf": "ALLIED_WITH",
    "Likes": "SUPPORTS",
    "Dislikes": "OPPOSES",
}
# The written corpus uses explorer's own vocabulary; some types are learned as the broader one they imply
# (a title held in an organisation is membership, in a country is being of it, as CoNLL04 and re3d annotate;
# its LOCATED_IN for an actor covers both being based in a place and being present there).
WRITTEN_TYPES = {
    "LOCATED_IN": "LOCATED_IN",
    "MEMBER_OF": "MEMBER_OF",
    "LEADS": "LEADS",
    "KILLED": "KILLED",
    "ATTACKED": "ATTACKED",
    "DEFEATED": "ATTACKED",
    "MET_WITH": "MET_WITH",
    "NEGOTIATED_WITH": "MET_WITH",
    "ALLIED_WITH": "ALLIED_WITH",
    "SUPPORTS": "SUPPORTS",
    "BACKED_BY": "SUPPORTS",  # reversed: "X backed by Y" is Y supports X
    "OPPOSES": "OPPOSES",
    "ACCUSED": "OPPOSES",
    "HOLDS_ROLE": "MEMBER_OF",  # in a country or a people: LOCATED_IN
    "PRESENT_IN": "PRESENT_IN",
}
REVERSED = {"BACKED_BY"}
SYMMETRIC = frozenset({"MET_WITH", "ALLIED_WITH"})
GOLD_PLACES = {"Loc", "Location", "GPE", "LOC", "FAC"}  # the corpora's place types
PRESENCE = frozenset({"PRESENT_IN"})
C = 0.3  # inverse regularisation strength
DOMAIN_WEIGHT = 1.0  # weight of the examples from our users' domain (re3d, the written corpus) against CoNLL04
MIN_COUNT = 2  # a feature seen fewer times in training is left out of the vocabulary
FOLDS = 5
PRECISION = 0.7  # the held-out precision a type's threshold aims for
BETA = 0.5  # else its threshold maximises F-beta on held-out folds: precision weighs more than recall


@dataclass(frozen=True)
class Corpus:
    """Annotated documents, and what their relation types say in explorer's terms."""

    name: str
    documents: list[GoldDocument]
    types: dict[str, str]
    weight: float = 1.0  # how much each of its examples counts in training
    # Types the corpus annotates only between places (re3d's CoLocated says where actors are, never where
    # they are based), and types its annotation of an actor in a place also stands for.
    only_between_places: frozenset[str] = frozenset()
    actor_in_place_is_also: frozenset[str] = frozenset()

    def learned(self, relation: GoldRelation, head: GoldEntity, tail: GoldEntity) -> set[str]:
        """The types a gold relation is an example of."""
        learned = self.types.get(relation.type)
        if learned in ("PRESENT_IN", "LOCATED_IN"):
            return {"LOCATED_IN"} if head.type in GOLD_PLACES else {learned, *self.actor_in_place_is_also}
        if relation.type == "HOLDS_ROLE" and tail.type in ("GPE", "NORP"):
            return {"LOCATED_IN"}
        return {learned} if learned else set()

    def annotates(self, head_type: str) -> frozenset[str]:
        """The types whose absence in this corpus means "not stated", for a pair whose head is `head_type`."""
        types = {*self.types.values(), *self.actor_in_place_is_also, *self.only_between_places}
        if head_type not in ("GPE", "LOC", "FAC"):
            types -= self.only_between_places
        return frozenset(types)


@dataclass(frozen=True)
class Example:
    """One candidate pair: its features, the types the corpus says it states, and the types it annotates."""

    document: str
    features: tuple[str, ...]
    stated: frozenset[str]
    annotates: frozenset[str]
    types: tuple[str, str]  # the two entities' types
    weight: float = 1.0

    def asks(self, type_: str) -> bool:
        """Whether this example teaches anything about `type_`: annotated, and a pair the type may link."""
        return type_ in self.annotates and fits_signature(type_, *self.types)


def training_corpora() -> list[Corpus]:
    """The corpora `make train` learns from: CoNLL04 train, the train part of re3d-dev, and the written corpus
    (relations.txt, whose LOCATED_IN for an actor covers presence too, and statements.txt, which tells them
    apart)."""
    written, statements = written_documents([RELATIONS_FILE]), written_documents([STATEMENTS_FILE])
    return [
        Corpus("conll04", conll04("train"), CONLL04_TYPES),
        Corpus("re3d", re3d("train"), RE3D_TYPES, DOMAIN_WEIGHT, only_between_places=frozenset({"LOCATED_IN"})),
        Corpus("written", written, WRITTEN_TYPES, DOMAIN_WEIGHT, actor_in_place_is_also=PRESENCE),
        Corpus("statements", statements, WRITTEN_TYPES, DOMAIN_WEIGHT),
    ]


def training_nlp() -> Language:
    """explorer's pipeline without the learned component: the candidates the model will be asked about."""
    return build_nlp(choose_model(), [c for c in COMPONENTS if c != "explorer_learned_relations"])


def examples(corpus: Corpus, nlp: Language) -> list[Example]:
    """Every candidate pair explorer's pipeline makes in `corpus`, labelled from its annotations."""
    found = []
    records = [Document(id=d.id, title="", text=d.text) for d in corpus.documents]
    for gold, doc in zip(corpus.documents, parse(nlp, records), strict=True):
        stated = _stated(gold, corpus)
        for candidate in candidates(doc, doc._.entities):
            head, tail = candidate.head.span, candidate.tail.span
            types = frozenset(
                t for (h, tl), ts in stated.items() for t in ts
                if _overlaps(head, h) and _overlaps(tail, tl)
                or t in SYMMETRIC and _overlaps(head, tl) and _overlaps(tail, h)
            )
            kinds = (candidate.head_type, candidate.tail_type)
            annotates = corpus.annotates(candidate.head_type)
            found.append(Example(gold.id, tuple(features(candidate)), types, annotates, kinds, corpus.weight))
    return found


def _stated(gold: GoldDocument, corpus: Corpus) -> dict[tuple[tuple[int, int], tuple[int, int]], set[str]]:
    """(head span, tail span) → explorer's types the document states between them."""
    stated: dict[tuple[tuple[int, int], tuple[int, int]], set[str]] = {}
    for relation in gold.relations:
        head, tail = gold.entities[relation.head], gold.entities[relation.tail]
        if relation.type in REVERSED:
            head, tail = tail, head
        learned = corpus.learned(relation, head, tail)
        if learned:
            stated.setdefault(((head.start, head.end), (tail.start, tail.end)), set()).update(learned)
    return stated


def _overlaps(span, chars: tuple[int, int]) -> bool:
    return span.start_char < chars[1] and chars[0] < span.end_char


def fit(rows: list[Example], c: float = C) -> RelationModel:
    """A model learned from `rows`, with each type's threshold chosen over folds by document; a type with
    no example either way is left out. The rows are put in one order first, so the file depends on them
    only."""
    rows = sorted(rows, key=lambda r: (r.document, r.features, sorted(r.stated), r.types))
    vocabulary = _vocabulary(rows)
    vectorizer = DictVectorizer(dtype=np.float32)
    vectorizer.vocabulary_ = {f: i for i, f in enumerate(vocabulary)}
    vectorizer.feature_names_ = vocabulary
    matrix = vectorizer.transform([dict.fromkeys(r.features, 1) for r in rows])
    types, weights, bias, thresholds = [], [], [], []
    for type_ in sorted({t for r in rows for t in r.annotates}):
        used = np.array([i for i, r in enumerate(rows) if r.asks(type_)], dtype=int)
        labels = np.array([type_ in rows[i].stated for i in used], dtype=bool)
        if not labels.any() or labels.all():
            continue
        types.append(type_)
        folds = np.array([_fold(rows[i].document) for i in used])
        weight = np.array([rows[i].weight for i in used])
        thresholds.append(_best_threshold(matrix[used], labels, folds, weight, c))
        model = _logistic(c).fit(matrix[used], labels, sample_weight=weight)
        weights.append(model.coef_[0])
        bias.append(model.intercept_[0])
    return RelationModel(
        feature_names=tuple(FEATURES), vocabulary=dict(vectorizer.vocabulary_), types=tuple(types),
        symmetric=SYMMETRIC & frozenset(types), weights=np.array(weights), bias=np.array(bias),
        thresholds=np.array(thresholds),
    )


def _vocabulary(rows: Iterable[Example]) -> list[str]:
    return kept_vocabulary((row.features for row in rows), MIN_COUNT)


def _logistic(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)


def _fold(document: str) -> int:
    return fold_of(document, FOLDS)


def _best_threshold(matrix, labels: np.ndarray, folds: np.ndarray, weight: np.ndarray, c: float) -> float:
    """The lowest probability threshold whose held-out precision reaches `PRECISION` (the graph shows
    what it states: a wrong edge costs an analyst more than a missing one), else the one with the best
    F-beta; 0.5 when a type is too rare to tell."""
    if labels.sum() < FOLDS:
        return 0.5
    held_out = np.zeros(len(labels))
    for fold in range(FOLDS):
        test = folds == fold
        train = ~test
        if test.any() and labels[train].any() and not labels[train].all():
            model = _logistic(c).fit(matrix[train], labels[train], sample_weight=weight[train])
            held_out[test] = model.predict_proba(matrix[test])[:, 1]
    best, chosen = -1.0, 0.5
    for threshold in np.arange(0.15, 0.86, 0.05):
        predicted = held_out >= threshold
        hits = (predicted & labels).sum()
        if predicted.sum() and hits / predicted.sum() >= PRECISION:
            return round(float(threshold), 2)
        score = (1 + BETA**2) * hits / max(1, BETA**2 * labels.sum() + predicted.sum())
        if score > best + 1e-9:
            best, chosen = score, round(float(threshold), 2)
    return chosen


def training_digest() -> str:
    """What the model depends on: the training data, the spaCy model, and the code that reads the data and
    makes candidates and features. A committed model whose digest differs is stale: run `make train`."""
    return digest.training_digest(__file__, ("relation_model.py",))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(MODEL_PATH), help="where to write the model")
    args = parser.parse_args()
    nlp = training_nlp()
    rows = [row for corpus in training_corpora() for row in examples(corpus, nlp)]
    model = fit(rows)
    model.trained_on = training_digest()
    model.save(Path(args.out))
    stated = {t: sum(t in r.stated for r in rows) for t in model.types}
    for type_, threshold in zip(model.types, model.thresholds, strict=True):
        print(f"{type_:<12} examples={stated[type_]:<5} threshold={threshold:.2f}")
    print(f"candidates={len(rows)} features={len(model.vocabulary)} -> {args.out}")


if __name__ == "__main__":
    main()
