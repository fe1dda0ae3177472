"""The learned type model: which kind of thing a name is (person, organisation, place, people), from the
evidence of all its mentions in a document.

One multinomial logistic model over the features of `type_features`. The model file records the feature
functions it was trained with; loading refuses a file made with others, since its weights would mean
nothing. Training lives in `explorer.learn.entity_types`.

The `explorer_types` component runs after the mentions are found and before they are keyed: the mentions
of one name in a document pool their evidence (the sum of their log-probabilities) and all get the type
that wins, so "Asaib Ahl al-Haq" is one organisation, not a person in one sentence and a group in the next.
A place keeps the place type spaCy gave it (GPE, LOC or FAC); a name world knowledge keys as a country or
its people is left alone (its key decides its type), except that a country's name taken for a person is a
place unless a person in the document bears it as a surname.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from explorer import knowledge
from explorer.extract import attributes  # noqa: F401 - declares doc._.mentions
from explorer.extract.linking import LocalMention
from explorer.extract.model_file import read_model, rounded, write_model
from explorer.extract.token_table import token_table
from explorer.extract.type_features import FEATURES, class_of, document_features, features
from explorer.names import PLACE_TYPES, normalise_name

MODEL_PATH = Path(__file__).parent / "models" / "types.json.gz"
FORMAT = 1


@dataclass
class TypeModel:
    """Weights per class over a feature vocabulary."""

    feature_names: tuple[str, ...]  # the feature functions of `type_features`, in order
    vocabulary: dict[str, int]
    classes: tuple[str, ...]
    weights: np.ndarray  # classes × vocabulary
    bias: np.ndarray  # per class
    margin: float = 0.0  # how much likelier (in log-probability) a class must be than the given type's
    trained_on: str = ""  # a digest of the training data and of the code that made its features

    def log_probabilities(self, span: Span) -> np.ndarray:
        """The log-probability of each class for the mention `span`."""
        columns = self._columns(features(span, self.feature_names))
        scores = self.weights[:, columns].sum(axis=1) + self.bias
        scores = scores - scores.max()
        return scores - np.log(np.exp(scores).sum())

    def document_log_probabilities(self, spans: list[Span]) -> np.ndarray:
        """`log_probabilities` of each of `spans` (mentions of one document), one row each, worked out
        together."""
        if not spans:
            return np.zeros((0, len(self.classes)), dtype=self.weights.dtype)
        rows = [self._columns(found) for found in document_features(spans, self.feature_names)]
        scores = self._summed(rows) + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        return scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))

    def _summed(self, rows: list[list[int]]) -> np.ndarray:
        """The weights of each row's columns summed in the row's order, as `log_probabilities` sums them."""
        columns = [column for row in rows for column in row]
        return sums_in_order(self._by_feature[columns], [len(row) for row in rows])

    @cached_property
    def _by_feature(self) -> np.ndarray:
        """`weights` with a row per feature."""
        return np.ascontiguousarray(self.weights.T)

    def _columns(self, found: list[str]) -> list[int]:
        """The columns of the known features in `found`, each once and in column order: weights summed in an
        order that hangs on string hashing would differ in their last bits from one process to the next,
        enough to tip a near tie between two classes."""
        known = set(map(self.vocabulary.get, found))
        known.discard(None)
        return sorted(known)

    def save(self, path: Path) -> None:
        """Write the model as gzipped JSON, byte for byte the same for the same weights."""
        data = {
            "format": FORMAT,
            "features": list(self.feature_names),
            "vocabulary": sorted(self.vocabulary, key=self.vocabulary.__getitem__),
            "classes": list(self.classes),
            "weights": [rounded(row) for row in self.weights],
            "bias": rounded(self.bias),
            "margin": self.margin,
            "trained_on": self.trained_on,
        }
        write_model(path, data)

    @classmethod
    def load(cls, path: Path) -> TypeModel:
        """The model saved at `path`; ModelMismatch when it was made for other features."""
        data = read_model(path, FORMAT, FEATURES)
        return cls(
            feature_names=tuple(data["features"]),
            vocabulary={feature: i for i, feature in enumerate(data["vocabulary"])},
            classes=tuple(data["classes"]),
            weights=np.asarray(data["weights"], dtype=np.float32),
            bias=np.asarray(data["bias"], dtype=np.float32),
            margin=float(data["margin"]),
            trained_on=data.get("trained_on", ""),
        )


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> TypeModel:
    """The model at `path`, read once per process."""
    return TypeModel.load(path)


@Language.factory(
    "explorer_types",
    requires=["doc._.mentions"],
    assigns=["doc._.mentions"],
    default_config={"model_path": str(MODEL_PATH)},
)
def make_types(nlp: Language, name: str, model_path: str):
    """One type per name in the document, chosen by the learned model from all its mentions."""
    model = load_model(Path(model_path))

    def types(doc: Doc) -> Doc:
        retype(doc._.mentions, model)
        return doc

    return types


def retype(mentions: list[LocalMention], model: TypeModel) -> None:
    """Give the mentions of each name one type: the class the model finds likeliest on average over them,
    when it beats the type most of them were given by the model's margin; else that type."""
    if not mentions:
        return
    table = token_table(mentions[0].span.doc)
    bounds = [(m.span.start, m.span.end) for m in mentions]
    surnames = {table.lower[end - 1] for m, (start, end) in zip(mentions, bounds, strict=True)
                if m.label == "PERSON" and end - start > 1}  # fmt: skip
    by_name: dict[str, list[LocalMention]] = {}
    for mention, (start, end) in zip(mentions, bounds, strict=True):
        text = table.span_text(start, end)
        if known_country(text):
            if mention.label == "PERSON" and text.lower() not in surnames:
                mention.label = "GPE"  # "Niger" no person here is named after
        elif not mention.anaphor and class_of(mention.label):
            by_name.setdefault(normalise_name(text), []).append(mention)
    groups = list(by_name.values())
    if not groups:
        return
    rows = model.document_log_probabilities([m.span for group in groups for m in group])
    sizes = [len(group) for group in groups]
    # Each name's mean log-probabilities, its best class and its lead over the class most of it was given.
    evidence = sums_in_order(rows, sizes) / np.array(sizes, dtype=rows.dtype)[:, None]
    best = evidence.argmax(axis=1)
    given = [_most_common([class_of(m.label) for m in group]) for group in groups]
    given_column = [model.classes.index(g) if g in model.classes else 0 for g in given]
    narrow = (evidence[np.arange(len(groups)), best] - evidence[np.arange(len(groups)), given_column] < model.margin)
    for number, group in enumerate(groups):
        chosen = model.classes[best[number]]
        if given[number] in model.classes and narrow[number]:
            chosen = given[number]
        for mention in group:
            mention.label = _label_for(chosen, mention, group)


def _most_common(values: list[str]) -> str:
    """The value met most often in `values`, the first met of those tied (`Counter.most_common(1)`)."""
    counts = dict.fromkeys(values, 0)
    for value in values:
        counts[value] += 1
    return max(counts, key=counts.__getitem__)


def sums_in_order(values: np.ndarray, lengths: list[int]) -> np.ndarray:
    """For each run of `lengths` consecutive rows of `values`, its rows added one after the other, as
    `sum()` adds them (the last bit of a float32 sum depends on its order): the runs side by side, padded
    with zeros, accumulated along each run (an accumulation adds in order)."""
    runs = np.zeros((len(lengths), max(1, *lengths), values.shape[1]), dtype=values.dtype)
    if len(values):
        run_of = np.repeat(np.arange(len(lengths)), lengths)
        place_in_run = np.arange(len(values)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        runs[run_of, place_in_run] = values
    return np.add.accumulate(runs, axis=1)[:, -1]


def _label_for(chosen: str, mention: LocalMention, group: list[LocalMention]) -> str:
    """The entity type for class `chosen`: a place keeps a place type its mentions were given."""
    if chosen != "PLACE":
        return chosen
    if mention.label in PLACE_TYPES:
        return mention.label
    places = Counter(m.label for m in group if m.label in PLACE_TYPES)
    return places.most_common(1)[0][0] if places else "GPE"


def known_country(text: str) -> bool:
    """Whether world knowledge keys `text` as a country or its people (whose key decides its type)."""
    return bool(knowledge.country_code(text) or knowledge.demonym_country(text))
