"""Public annotated corpora read into one shape: documents with gold entity spans, relations and synonyms.

Both corpora (CoNLL04 and re3d, under `bench/data/`, see its README) become `GoldDocument`s whose entity
spans are character offsets into `text`. Nothing here needs spaCy: the benchmark reads them now, and
training will read them the same way.

- CoNLL04: one document per sentence, its tokens joined with single spaces; BILOU tags become character
  spans; a relation's `head` and `tail` index the sentence's entities in span order (as in the file).
- re3d: `documents.json`, `entities.json` and `relations.json` are JSON lines; a relation names its ends
  by their character spans. Each annotation has a `confidence` (the probability, computed by re3d's
  authors from the annotators' judgements, that it is right); annotations below `min_confidence` are
  dropped (a third of the entity annotations have confidence 0: machine cues the annotators rejected),
  except that an entity span a kept relation points at is kept. Where one span carries several entity
  annotations, the most confident one (the first of equals) gives its type. `IsSynonymOf` goes to
  `synonyms`, every other type to `relations`.
- `re3d_split`: the train/eval split of re3d-dev, stratified by source (see there).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# The corpora ship in the repository beside the benchmark (not inside the installed package).
DATA = Path(__file__).resolve().parents[2] / "bench" / "data"
ACCEPTED = 0.5  # confidence from which a re3d annotation is more likely right than wrong
SYNONYM = "IsSynonymOf"
TRAIN_SHARE = 2 / 3


@dataclass(frozen=True)
class GoldEntity:
    """An annotated entity mention: `text[start:end]` of its document, and the corpus's type for it."""

    start: int
    end: int
    type: str
    text: str


@dataclass(frozen=True)
class GoldRelation:
    """A relation between two of the document's entities, by their index in `entities`: head → tail."""

    head: int
    tail: int
    type: str


@dataclass
class GoldDocument:
    """One annotated text: entities in span order, relations between them, and pairs naming one thing."""

    id: str
    source: str
    text: str
    entities: list[GoldEntity] = field(default_factory=list)
    relations: list[GoldRelation] = field(default_factory=list)
    synonyms: list[tuple[GoldEntity, GoldEntity]] = field(default_factory=list)


# --- CoNLL04 -----------------------------------------------------------------------------------------
def conll04(split: str = "dev", data: Path = DATA) -> list[GoldDocument]:
    """The CoNLL04 `split` ("train" or "dev") shipped under `data`."""
    if split not in ("train", "dev"):
        raise ValueError(f"CoNLL04 split is train or dev, not {split!r}")
    return read_conll04(data / "conll04" / f"conll04_{split}.json")


def read_conll04(path: Path) -> list[GoldDocument]:
    """Every sentence of a CoNLL04 file (SpERT's JSON form) as a document `conll04-<orig_id>`."""
    return [_conll04_sentence(item) for item in json.loads(path.read_text(encoding="utf-8"))]


def _conll04_sentence(item: dict) -> GoldDocument:
    tokens: list[str] = item["tokens"]
    text = " ".join(tokens)
    starts = [0]
    for token in tokens[:-1]:
        starts.append(starts[-1] + len(token) + 1)
    entities = []
    for first, last, label in bilou_spans(item["tags"]):
        start, end = starts[first], starts[last] + len(tokens[last])
        entities.append(GoldEntity(start, end, label, text[start:end]))
    relations = [GoldRelation(r["head"], r["tail"], r["type"]) for r in item["relations"]]
    return GoldDocument(f"conll04-{item['orig_id']}", "conll04", text, entities, relations)


def bilou_spans(tags: list[str]) -> Iterator[tuple[int, int, str]]:
    """(first token, last token, label) of each entity in BILOU `tags`, in order."""
    first = None
    for i, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        if prefix == "U":
            yield i, i, label
        elif prefix == "B":
            first = i
        elif prefix == "L":
            if first is None:
                raise ValueError(f"BILOU tag {tag} at token {i} closes no entity")
            yield first, i, label
            first = None
        elif prefix not in ("I", "O"):
            raise ValueError(f"not a BILOU tag: {tag!r}")


# --- re3d --------------------------------------------------------------------------------------------
def re3d(split: str = "all", data: Path = DATA, min_confidence: float = ACCEPTED) -> list[GoldDocument]:
    """The re3d-dev documents under `data`: "all", or the "train" or "eval" part of `re3d_split`."""
    if split not in ("all", "train", "eval"):
        raise ValueError(f"re3d split is all, train or eval, not {split!r}")
    documents = read_re3d(data / "re3d-dev", min_confidence)
    if split == "all":
        return documents
    parts = re3d_split(documents)
    return [d for d in documents if parts[d.id] == split]


def read_re3d(root: Path, min_confidence: float = ACCEPTED) -> list[GoldDocument]:
    """Every document of every source folder under `root`, sources in name order, documents in file order;
    annotations below `min_confidence` left out (0 keeps them all)."""
    documents = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        entities = _group_by_document(_json_lines(folder / "entities.json"))
        relations = _group_by_document(_json_lines(folder / "relations.json"))
        for raw in _json_lines(folder / "documents.json"):
            documents.append(
                _re3d_document(raw, entities.get(raw["_id"], []), relations.get(raw["_id"], []), min_confidence)
            )
    return documents


def _re3d_document(raw: dict, entities: list[dict], relations: list[dict], min_confidence: float) -> GoldDocument:
    text = raw["text"]
    kept_relations = [r for r in relations if r["confidence"] >= min_confidence]
    best: dict[tuple[int, int], dict] = {}
    for entity in entities:  # one annotation per span: the most confident, the first of equals
        span = (entity["begin"], entity["end"])
        if span not in best or entity["confidence"] > best[span]["confidence"]:
            best[span] = entity
    wanted = {span for span, entity in best.items() if entity["confidence"] >= min_confidence}
    for relation in kept_relations:  # a kept relation vouches for the spans it links
        wanted |= {(relation["sourceBegin"], relation["sourceEnd"]), (relation["targetBegin"], relation["targetEnd"])}
    spans = sorted(wanted)
    gold = [GoldEntity(start, end, best[(start, end)]["type"], text[start:end]) for start, end in spans]
    index = {span: i for i, span in enumerate(spans)}
    document = GoldDocument(raw["_id"], raw["sourceName"], text, gold)
    for relation in kept_relations:
        head = index[(relation["sourceBegin"], relation["sourceEnd"])]
        tail = index[(relation["targetBegin"], relation["targetEnd"])]
        if relation["type"] == SYNONYM:
            document.synonyms.append((gold[head], gold[tail]))
        else:
            document.relations.append(GoldRelation(head, tail, relation["type"]))
    return document


def re3d_split(documents: list[GoldDocument]) -> dict[str, str]:
    """"train" or "eval" for each document id, stratified by source: within each source, documents are
    ranked by the SHA-256 of their id, and the first two thirds (rounded) are "train", the rest "eval".

    A document's part depends only on its id and on which documents its source holds, both fixed by the
    files in `bench/data/re3d-dev`, so training never reads the eval part. (A bare hash threshold would
    not keep the sources' shares: it puts three of the four Australian documents in eval.)"""
    by_source: dict[str, list[str]] = {}
    for document in documents:
        by_source.setdefault(document.source, []).append(document.id)
    parts = {}
    for ids in by_source.values():
        ranked = sorted(ids, key=lambda i: hashlib.sha256(i.encode("utf-8")).hexdigest())
        cut = round(len(ranked) * TRAIN_SHARE)
        parts.update({i: "train" if rank < cut else "eval" for rank, i in enumerate(ranked)})
    return parts


def _json_lines(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _group_by_document(records: Iterator[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for record in records:
        grouped.setdefault(record["documentId"], []).append(record)
    return grouped
