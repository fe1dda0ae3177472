"""Train the type model of `explorer.extract.type_model` on annotated corpora (`make train`).

The corpora: CoNLL04 train, the train part of re3d-dev, and the articles written for this project
(`bench/data/written/`: relations, statements and the entity checks). Each mention explorer's pipeline finds
is an example when it covers most of one gold name of a type the corpus annotates (a person, an organisation,
a place or, in re3d and the written corpus, a people); its label is that name's class. Mentions of countries
and their peoples are left out, as the component leaves them alone. The rows are put in one order and the
solver is deterministic, so the same data gives the same file. The margin by which the model must beat the
type spaCy gave is the most cautious of those with the best accuracy on held-out folds by document.
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
from explorer.extract.pipeline import build_nlp, choose_model
from explorer.extract.type_features import CLASSES, FEATURES, class_of, features
from explorer.extract.type_model import MODEL_PATH, TypeModel, known_country
from explorer.learn import digest
from explorer.learn.corpora import GoldDocument, GoldEntity, conll04, re3d
from explorer.learn.training import fold_of, kept_vocabulary
from explorer.learn.written import ENTITIES_FILE, RELATIONS_FILE, STATEMENTS_FILE, written_documents
from explorer.model import Document

# Each corpus's entity types as the model's classes (unlisted types teach nothing).
CONLL04_CLASSES = {"Peop": "PERSON", "Org": "ORG", "Loc": "PLACE"}
RE3D_CLASSES = {"Person": "PERSON", "Organisation": "ORG", "Location": "PLACE", "Nationality": "NORP"}
WRITTEN_CLASSES = {t: class_of(t) for t in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")}
C = 0.5  # inverse regularisation strength
# CoNLL04's documents are single sentences, where a surname stands alone far more often than in an article
# (which names a person in full first): weighed less, it teaches less of that.
CONLL04_WEIGHT = 1.0
MIN_COUNT = 2  # a feature seen fewer times in training is left out of the vocabulary
COVER = 0.5  # a mention labelled by a gold name shares at least this share of the longer of the two
FOLDS = 5
MARGINS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0)  # log-probability margins tried
SLACK = 0.015  # held-out accuracy given up for a more cautious margin
# The pipeline the examples come from: the mentions as the type component receives them.
COMPONENTS = ("explorer_definitions", "explorer_mentions")


@dataclass(frozen=True)
class Corpus:
    """Annotated documents, and their entity types as the model's classes."""

    name: str
    documents: list[GoldDocument]
    classes: dict[str, str]
    weight: float = 1.0  # how much each of its examples counts in training


@dataclass(frozen=True)
class Example:
    document: str
    features: tuple[str, ...]
    label: str  # one of CLASSES
    spacy: str  # the class of the type the mention came with
    weight: float = 1.0


def training_corpora() -> list[Corpus]:
    """The corpora `make train` learns from."""
    written = written_documents([RELATIONS_FILE, STATEMENTS_FILE, ENTITIES_FILE])
    return [
        Corpus("conll04", conll04("train"), CONLL04_CLASSES, CONLL04_WEIGHT),
        Corpus("re3d", re3d("train"), RE3D_CLASSES),
        Corpus("written", written, WRITTEN_CLASSES),
    ]


def training_nlp() -> Language:
    return build_nlp(choose_model(), COMPONENTS)


def examples(corpus: Corpus, nlp: Language) -> list[Example]:
    """Every mention explorer's pipeline finds in `corpus` that covers most of one gold name of a known class."""
    found = []
    records = [Document(id=d.id, title="", text=d.text) for d in corpus.documents]
    for gold, doc in zip(corpus.documents, parse(nlp, records), strict=True):
        for mention in doc._.mentions:
            span = mention.span
            entity = _covered(gold.entities, span.start_char, span.end_char)
            label = corpus.classes.get(entity.type, "") if entity else ""
            if not label or not class_of(mention.label) or known_country(span.text):
                continue
            found.append(Example(gold.id, tuple(features(span)), label, class_of(mention.label), corpus.weight))
    return found


def _covered(entities: list[GoldEntity], start: int, end: int) -> GoldEntity | None:
    best, best_share = None, COVER
    for entity in entities:
        shared = min(end, entity.end) - max(start, entity.start)
        share = shared / max(end - start, entity.end - entity.start)
        if share >= best_share:
            best, best_share = entity, share
    return best


def fit(rows: list[Example], c: float = C) -> TypeModel:
    """A model learned from `rows`, put in one order first so the file depends on them only."""
    rows = sorted(rows, key=lambda r: (r.document, r.features, r.label))
    vocabulary = _vocabulary(rows)
    matrix = _matrix(rows, vocabulary)
    labels = np.array([r.label for r in rows])
    model = _logistic(c).fit(matrix, labels, sample_weight=np.array([r.weight for r in rows]))
    order = [list(model.classes_).index(k) for k in CLASSES if k in model.classes_]
    return TypeModel(
        feature_names=tuple(FEATURES),
        vocabulary={f: i for i, f in enumerate(vocabulary)},
        classes=tuple(str(k) for k in model.classes_[order]),
        weights=model.coef_[order],
        bias=model.intercept_[order],
    )


def held_out(rows: list[Example], c: float = C) -> np.ndarray:
    """The log-probability of each class (in CLASSES order) for every row of `rows` as put in order, from
    models trained on the other folds by document."""
    rows = sorted(rows, key=lambda r: (r.document, r.features, r.label))
    matrix = _matrix(rows, _vocabulary(rows))
    labels = np.array([r.label for r in rows])
    folds = np.array([_fold(r.document) for r in rows])
    weights = np.array([r.weight for r in rows])
    scores = np.full((len(rows), len(CLASSES)), -np.inf)
    for fold in range(FOLDS):
        test = folds == fold
        model = _logistic(c).fit(matrix[~test], labels[~test], sample_weight=weights[~test])
        columns = [CLASSES.index(k) for k in model.classes_]
        scores[np.ix_(test, columns)] = model.predict_log_proba(matrix[test])
    return scores


def choose_margin(rows: list[Example], scores: np.ndarray) -> tuple[float, float, float]:
    """(margin, held-out accuracy with it, spaCy's accuracy): the largest margin by which the model's class
    must beat the given type's before it replaces it, among those within `SLACK` of the best held-out
    accuracy (a name unlike any in training keeps the type spaCy gave it)."""
    rows = sorted(rows, key=lambda r: (r.document, r.features, r.label))
    labels = np.array([CLASSES.index(r.label) for r in rows])
    given = np.array([CLASSES.index(r.spacy) for r in rows])
    best = scores.argmax(axis=1)
    gain = scores[np.arange(len(rows)), best] - scores[np.arange(len(rows)), given]
    accuracy = {m: float(np.mean(np.where(gain >= m, best, given) == labels)) for m in MARGINS}
    top = max(accuracy.values())
    margin = max(m for m in MARGINS if accuracy[m] >= top - SLACK)
    return margin, accuracy[margin], float(np.mean(given == labels))


def _matrix(rows: list[Example], vocabulary: list[str]):
    vectorizer = DictVectorizer(dtype=np.float32)
    vectorizer.vocabulary_ = {f: i for i, f in enumerate(vocabulary)}
    vectorizer.feature_names_ = vocabulary
    return vectorizer.transform([dict.fromkeys(r.features, 1) for r in rows])


def _vocabulary(rows: Iterable[Example]) -> list[str]:
    return kept_vocabulary((row.features for row in rows), MIN_COUNT)


def _logistic(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, solver="lbfgs", max_iter=2000)


def _fold(document: str) -> int:
    return fold_of(document, FOLDS)


def training_digest() -> str:
    """What the model depends on: the training data, the spaCy model, and the code that finds mentions and
    makes their features. A committed model whose digest differs is stale: run `make train`."""
    return digest.training_digest(__file__, ("type_model.py", "relation_model.py", "pairs.py"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(MODEL_PATH), help="where to write the model")
    args = parser.parse_args()
    nlp = training_nlp()
    rows = [row for corpus in training_corpora() for row in examples(corpus, nlp)]
    model = fit(rows)
    model.margin, ours, spacy = choose_margin(rows, held_out(rows))
    model.trained_on = training_digest()
    model.save(Path(args.out))
    counts = {k: sum(r.label == k for r in rows) for k in model.classes}
    print(f"mentions={len(rows)} {counts} features={len(model.vocabulary)} -> {args.out}")
    print(f"margin={model.margin}: held-out accuracy {ours:.3f}, spaCy's types {spacy:.3f}")


if __name__ == "__main__":
    main()
