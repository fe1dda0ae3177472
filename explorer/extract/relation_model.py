"""The learned relation model: which relation, if any, a sentence states between two entity mentions.

One logistic model per relation type over the features of `pairs` (one yes/no question per type, so each
type learns only from the corpora that annotate it), each with the decision threshold chosen in training.
The model file records the feature functions it was trained with; loading refuses a file made with
others, since its weights would mean nothing. Training lives in `explorer.learn.relations`.

The `explorer_learned_relations` component adds what the model finds to the relations the rules found,
for pairs of entities the rules left untyped in that sentence: rules that fire are precise, the model
covers the many ways of saying a thing that no rule lists.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from explorer.extract.attributes import document_of
from explorer.extract.model_file import read_model, rounded, write_model
from explorer.extract.pairs import FEATURES, Candidate, Pair, candidates, typed_cues, typed_prefix
from explorer.extract.vocabulary import fits_signature
from explorer.model import CO_MENTIONED, Relation

MODEL_PATH = Path(__file__).parent / "models" / "relations.json.gz"
FORMAT = 1
UNTYPED = {CO_MENTIONED, "RELATED_TO"}


@dataclass
class RelationModel:
    """Weights per relation type over a shared feature vocabulary."""

    feature_names: tuple[str, ...]  # the feature functions of `pairs`, in order
    vocabulary: dict[str, int]
    types: tuple[str, ...]
    symmetric: frozenset[str]
    weights: np.ndarray  # types × vocabulary
    bias: np.ndarray  # per type
    thresholds: np.ndarray  # per type: the probability from which a relation is stated
    trained_on: str = ""  # a digest of the training data and of the code that made its candidates
    _fits: dict[tuple[str, str], np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    _links: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False, compare=False)
    # How `columns` and `probabilities` read the model, worked out once in `__post_init__`.
    _plain_functions: tuple[Callable[[Pair], Sequence[str]], ...] = field(init=False, repr=False, compare=False)
    _typed_columns: dict[str, dict[str, int]] | None = field(init=False, repr=False, compare=False)
    _by_feature: np.ndarray = field(init=False, repr=False, compare=False)
    _zero_row: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._plain_functions = tuple(FEATURES[name] for name in self.feature_names if name != "typed")
        self._typed_columns = _typed_columns(self.vocabulary) if "typed" in self.feature_names else None
        # The weights by feature (rows), then a row of zeros that starts each candidate's sum.
        zeros = np.zeros((1, len(self.types)), dtype=self.weights.dtype)
        self._by_feature = np.ascontiguousarray(np.vstack([self.weights.T, zeros]))
        self._zero_row = len(self._by_feature) - 1

    def predictions(self, candidates: list[Candidate]) -> list[tuple[str, float] | None]:
        """For each of `candidates`, the likeliest type it states and its probability, when above the type's
        threshold and the type may link the two entities; else None."""
        if not candidates:
            return []
        probabilities = self.probabilities(candidates)
        fitting = np.array([self.fitting(c.head_type, c.tail_type) for c in candidates])
        stated = (probabilities >= self.thresholds) & fitting
        best = np.argmax(np.where(stated, probabilities, -1.0), axis=1)
        return [
            (self.types[b], float(row[b])) if any_stated else None
            for row, b, any_stated in zip(probabilities, best.tolist(), stated.any(axis=1).tolist(), strict=True)
        ]

    def probabilities(self, candidates: list[Candidate]) -> np.ndarray:
        """The probability of each type (columns) for each of `candidates` (rows), scored together."""
        flat: list[int] = []
        starts: list[int] = []
        for candidate in candidates:
            # Each candidate's sum starts at the zero row, so a candidate without known features scores 0.
            starts.append(len(flat))
            flat.append(self._zero_row)
            flat.extend(self.columns(candidate))
        rows = self._by_feature.take(np.array(flat, dtype=np.intp), axis=0)
        scores = np.add.reduceat(rows, starts, axis=0) + self.bias
        return 1.0 / (1.0 + np.exp(-scores))

    def columns(self, candidate: Candidate) -> set[int]:
        """The vocabulary columns of `candidate`'s known features (`features` looked up in `vocabulary`);
        the typed features are found by their cue in a table per prefix rather than by joined strings."""
        pair = Pair(candidate)
        plain = chain.from_iterable([function(pair) for function in self._plain_functions])
        found = set(map(self.vocabulary.get, plain))
        if self._typed_columns is not None:
            found.update(map(self._typed_columns.get(typed_prefix(pair), {}).get, typed_cues(pair)))
        found.discard(None)
        return found

    def fitting(self, head_type: str, tail_type: str) -> np.ndarray:
        """Which types may link an entity of `head_type` to one of `tail_type` (asked once per pair of types)."""
        key = (head_type, tail_type)
        if key not in self._fits:
            self._fits[key] = np.array([fits_signature(t, head_type, tail_type) for t in self.types])
        return self._fits[key]

    def may_link(self, head_type: str, tail_type: str) -> bool:
        """Whether some type may link an entity of `head_type` to one of `tail_type`."""
        key = (head_type, tail_type)
        if key not in self._links:
            self._links[key] = bool(self.fitting(head_type, tail_type).any())
        return self._links[key]

    def save(self, path: Path) -> None:
        """Write the model as gzipped JSON, byte for byte the same for the same weights."""
        data = {
            "format": FORMAT,
            "features": list(self.feature_names),
            "vocabulary": sorted(self.vocabulary, key=self.vocabulary.__getitem__),
            "types": list(self.types),
            "symmetric": sorted(self.symmetric),
            "weights": [rounded(row) for row in self.weights],
            "bias": rounded(self.bias),
            "thresholds": rounded(self.thresholds),
            "trained_on": self.trained_on,
        }
        write_model(path, data)

    @classmethod
    def load(cls, path: Path) -> RelationModel:
        """The model saved at `path`; ModelMismatch when it was made for other features."""
        data = read_model(path, FORMAT, FEATURES)
        return cls(
            feature_names=tuple(data["features"]),
            vocabulary={feature: i for i, feature in enumerate(data["vocabulary"])},
            types=tuple(data["types"]),
            symmetric=frozenset(data["symmetric"]),
            weights=np.asarray(data["weights"], dtype=np.float32),
            bias=np.asarray(data["bias"], dtype=np.float32),
            thresholds=np.asarray(data["thresholds"], dtype=np.float32),
            trained_on=data.get("trained_on", ""),
        )


def _typed_columns(vocabulary: dict[str, int]) -> dict[str, dict[str, int]]:
    """The columns of the typed features by prefix ("GPE>ORG:h:"), then by the cue that follows it. (A prefix
    holds two colons: entity types have none.)"""
    tables: dict[str, dict[str, int]] = {}
    for feature, column in vocabulary.items():
        parts = feature.split(":", 2)
        if len(parts) == 3:
            tables.setdefault(f"{parts[0]}:{parts[1]}:", {})[parts[2]] = column
    return tables


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> RelationModel:
    """The model at `path`, read once per process."""
    return RelationModel.load(path)


@Language.factory(
    "explorer_learned_relations",
    requires=["doc._.entities", "doc._.relations"],
    assigns=["doc._.relations"],
    default_config={"model_path": str(MODEL_PATH)},
)
def make_learned_relations(nlp: Language, name: str, model_path: str):
    """The relations the learned model finds between entities the rules left untyped."""
    model = load_model(Path(model_path))

    def learned_relations(doc: Doc) -> Doc:
        doc._.relations = doc._.relations + find_learned(doc, model)
        return doc

    return learned_relations


def find_learned(doc: Doc, model: RelationModel) -> list[Relation]:
    """One relation per pair of entities per sentence where the model states one and no rule did."""
    typed = {
        (r.sentence, *sorted((r.source, r.target))) for r in doc._.relations if r.type not in UNTYPED
    }
    asked = [c for c in candidates(doc, doc._.entities) if _may_state(c, typed, model)]
    doc_id = document_of(doc).id
    best: dict[tuple[int, str, str], Relation] = {}
    evidence: dict[int, str] = {}
    for candidate, found in zip(asked, model.predictions(asked), strict=True):
        if found is None:
            continue
        type_, probability = found
        sentence = candidate.head.sentence
        pair = tuple(sorted((candidate.head_entity, candidate.tail_entity)))
        source, target = candidate.head_entity, candidate.tail_entity
        if type_ in model.symmetric:
            source, target = pair
        key = (sentence, *pair)
        if key not in best or best[key].confidence < probability:
            if sentence not in evidence:  # a Span builds its text anew at each asking
                evidence[sentence] = candidate.sentence.text.strip()
            best[key] = Relation(
                source=source, target=target, type=type_, label="", doc=doc_id, sentence=sentence,
                evidence=evidence[sentence], confidence=_confidence(probability),
            )
    return list(best.values())


def _may_state(candidate: Candidate, typed: set[tuple[int, str, str]], model: RelationModel) -> bool:
    """Whether the model is to be asked about `candidate`: no rule typed its pair in its sentence, and some
    type may link its two entities."""
    pair = sorted((candidate.head_entity, candidate.tail_entity))
    if (candidate.head.sentence, *pair) in typed:
        return False
    return model.may_link(candidate.head_type, candidate.tail_type)


def _confidence(probability: float) -> float:
    return math.floor(probability * 100) / 100
