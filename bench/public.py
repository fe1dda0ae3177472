"""explorer measured on public, expert-annotated corpora: CoNLL04 dev and re3d-dev (bench/data/README.md).

Each document goes through `explorer.extract.extract` (with `load_nlp()`), then one `Resolver` per corpus
part, so aliases and merges count as the app would show them; beside it, bare spaCy (`spacy.load` of the
same model, `doc.ents`). Prints per corpus part: named entities (overlap and exact) per type and micro,
typed relations per type and micro, why gold relations were missed, wrong merges and (re3d) how many
`IsSynonymOf` pairs end up in one entity (the line `re3d_synonyms_resolved=… wrong_merges=…`). Last line:
`conll04_dev_rel_f1=… conll04_dev_rel_p=… re3d_dev_rel_r=… re3d_dev_rel_p=… ner_f1=…` and more pairs
(re3d's relation and entity figures on its `eval` part, its synonyms and wrong merges on all of it;
`ner_f1` is the lower of the two corpora's overlap micro F1).

Matching rules:
- Entities. Gold types map onto explorer's as in the tables below; other gold types (CoNLL04 Other,
  re3d Temporal, Weapon, Quantity, …) are not scored, nor is a gold span that is not a name (no word
  starting with a capital once determiners and pronouns are set aside: re3d's "rebels", "the regime",
  "We"; "US" in capitals is a name). Predictions of explorer types the corpus does not map (EVENT; NORP
  on CoNLL04) are not scored. A mention's type is its resolved entity's type, as the app shows it.
  Overlap: a prediction matches a gold span when their characters intersect and the types match; a
  whole-name type (re3d: GPE or NORP for Organisation, GPE for Nationality) matches only when it covers
  at least half of the gold span ("The UK" as an actor, not "Iraqi" in "Iraqi security forces"). Exact:
  the spans are equal once both lose surrounding blanks, a leading "the" and trailing punctuation, and
  the type is one the gold type maps to. Each gold span and each prediction is matched at most once (a
  maximum matching: the count does not depend on order). An unmatched prediction is neither right nor
  wrong when it overlaps a gold span that is not scored, or lies inside a gold span that another
  prediction matched (the gold writes "Salisbury , N.C" as one span) or that it cannot match (a name
  nested in a span of another type, such as "U.S." in "U.S. Secretary of Defense Ash Carter": the gold
  spans are flat, so nested names are not annotated); any other is a false positive.
- re3d annotations with confidence below 0.5 are not gold (explorer/learn/corpora.py): a third of its
  entity annotations are machine cues the annotators rejected ("hope" as a person).
- Relations. A prediction matches a gold relation when its type is one the gold type maps to and, in the
  prediction's evidence sentence, its source entity has a mention overlapping the gold head span and its
  target entity one overlapping the gold tail span (→), the other way round (←), or either (↔), as the
  table says. CO_MENTIONED and RELATED_TO never count, nor any type the corpus's table does not list.
  Each gold relation and each prediction (one per sentence, source, target and type: labels are not
  scored) is matched at most once, by a maximum matching; except that a prediction also finds the
  repeats of its gold relation's fact that it fits (same type and names: CoNLL04 writes "Moscow … Moscow
  … Yeltsin" as two Live_In, explorer's one record per entity pair and sentence states it once). A gold
  relation is scored when both its ends are scored entities; a prediction matching only a gold relation
  left out that way is neither right nor wrong, and so is one joining two mentions that lie inside one
  gold span (CoNLL04 writes "Salisbury , N.C" as one place: it cannot state or deny "Salisbury is in
  N.C."). A relation annotated both ways counts once when every
  type it maps to matches either way round. Per gold type, a false positive counts against every gold
  type its type maps to (per-type precision is then a lower bound where types share an explorer type);
  the micro row and the per-explorer-type line count it once. re3d's relation annotation is incomplete
  (it marks what annotators noticed, not every pair), so its precision is a lower bound.
- re3d HasAttrOf (a group and its size or nationality: "70" members, "Syrian" people) and Apart (an
  actor away from a place: "fled", "not given access to") are not scored: explorer has no such relation,
  and their ends are mostly quantities, nominals and places an actor is kept from.
- Missed gold relations, by why: "lost an end" (no predicted mention overlaps the head, or none the
  tail), else what joined mentions of the two ends in one sentence: a relation of another type or
  direction (RELATED_TO included), only CO_MENTIONED, or nothing ("not linked").
- Synonyms (re3d IsSynonymOf, each unordered pair of scored names once): joined when both spans have the
  same representative entity: of the predicted mentions that match a span (overlap rules) and cover at
  least half of it, or are a person's name inside it (titles precede names), the one sharing most
  characters. Wrong merges: two different gold names (case, "the", apostrophes and trailing punctuation
  folded) that the gold itself shows to be different things (a relation other than IsSynonymOf links
  them, and no IsSynonymOf joins them, even through other names) and whose spans, anywhere in the corpus
  part, have one representative entity. The gold has no coreference chains, so names it does not relate
  are not judged: the count is a lower bound.

Options: `--corpus conll04|re3d`, `--split all|train|eval` (all: CoNLL04 dev, re3d-dev whole and its
eval part; eval: CoNLL04 dev and re3d eval; train: CoNLL04 train and re3d train), `--errors TYPE` (every
miss and false positive of a relation or entity type, gold or explorer's, or `entities`, `relations`,
`synonyms`), `--json`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scoring import (  # noqa: E402
    EITHER,
    FORWARD,
    MISS_REASONS,
    REVERSED,
    Counts,
    EntityScore,
    MergeScore,
    PredictedMention,
    Predictions,
    RelationError,
    RelationScore,
    Scheme,
    score_entities,
    score_merges,
    score_relations,
)
from explorer.extract import choose_model, extract, load_nlp  # noqa: E402
from explorer.learn import corpora  # noqa: E402
from explorer.learn.corpora import GoldDocument  # noqa: E402
from explorer.model import Document, Extraction  # noqa: E402
from explorer.resolve import Resolver  # noqa: E402

PLACE = frozenset({"GPE", "LOC", "FAC"})

# The mapping from each corpus's types onto explorer's: gold type → explorer types (entities), gold type →
# {explorer type: direction} (relations). → the prediction's source is the gold head; ← it is the tail;
# ↔ either. Types explorer does not have yet (FIGHTING, COMMUNICATED_WITH) never match today.
CONLL04 = Scheme(
    name="CoNLL04",
    entity_types={"Peop": frozenset({"PERSON"}), "Org": frozenset({"ORG"}), "Loc": PLACE},
    relation_types={
        "Work_For": {"MEMBER_OF": FORWARD, "EMPLOYED_BY": FORWARD, "LEADS": FORWARD, "HOLDS_ROLE": FORWARD},
        "Kill": {"KILLED": FORWARD},
        "OrgBased_In": {"LOCATED_IN": FORWARD},
        "Live_In": {"LOCATED_IN": FORWARD, "HOLDS_ROLE": FORWARD},
        "Located_In": {"LOCATED_IN": FORWARD},
    },
)
RE3D = Scheme(
    name="re3d",
    entity_types={
        "Person": frozenset({"PERSON"}),
        "Organisation": frozenset({"ORG"}),
        "Location": PLACE,
        "Nationality": frozenset({"NORP"}),
    },
    # re3d types a country that acts ("The UK will continue …") and a people ("Iraqis") as Organisation,
    # where spaCy's scheme (OntoNotes) says GPE and NORP; explorer resolves a demonym ("Syrian") to its
    # country, a GPE. These match as the whole name only, not inside one ("Iraqi" in "Iraqi forces").
    whole_name_types={"Organisation": frozenset({"GPE", "NORP"}), "Nationality": frozenset({"GPE"})},
    relation_types={
        # re3d puts the place at the tail (an actor, or a smaller place, CoLocated with a place).
        "CoLocated": {"LOCATED_IN": FORWARD, "PRESENT_IN": FORWARD, "MET_WITH": EITHER},
        "FightingAgainst": {"ATTACKED": EITHER, "FIGHTING": EITHER, "KILLED": EITHER, "OPPOSES": EITHER},
        "CommWith": {"MET_WITH": EITHER, "NEGOTIATED_WITH": EITHER, "COMMUNICATED_WITH": EITHER},
        "BelongsTo": {"MEMBER_OF": FORWARD, "PART_OF": FORWARD, "EMPLOYED_BY": FORWARD, "HOLDS_ROLE": FORWARD},
        "InChargeOf": {"LEADS": FORWARD},
        # re3d writes the supporter at the head ("the Royal Air Force provided air support for …").
        "AlliesOf": {"ALLIED_WITH": EITHER, "SUPPORTS": FORWARD, "BACKED_BY": REVERSED},
        "Likes": {"SUPPORTS": FORWARD, "ALLIED_WITH": EITHER},
        "Dislikes": {"OPPOSES": FORWARD, "ACCUSED": FORWARD, "ATTACKED": FORWARD},
    },
)
SCHEMES = {"conll04": CONLL04, "re3d": RE3D}
SYSTEMS = ("explorer", "spaCy")
# The figures of the last line, in this order; the first five are the headline.
HEADLINE = ("conll04_dev_rel_f1", "conll04_dev_rel_p", "re3d_dev_rel_r", "re3d_dev_rel_p", "ner_f1")


@dataclass
class Part:
    """One corpus part to measure: its gold documents and the scheme that reads them."""

    corpus: str  # "conll04" or "re3d"
    split: str  # conll04: dev or train; re3d: all, eval or train
    documents: list[GoldDocument]

    @property
    def scheme(self) -> Scheme:
        return SCHEMES[self.corpus]

    @property
    def label(self) -> str:
        return f"{self.scheme.name} {self.split}" if self.corpus == "conll04" else f"re3d-dev {self.split}"


@dataclass
class Result:
    """Everything measured on one part, for explorer and for bare spaCy."""

    part: Part
    predictions: dict[str, Predictions]
    overlap: dict[str, EntityScore]
    exact: dict[str, EntityScore]
    relations: RelationScore
    merges: MergeScore


def parts_for(corpus: str | None, split: str) -> list[Part]:
    """The corpus parts a run measures (see the module's docstring)."""
    parts = []
    if corpus in (None, "conll04"):
        conll_split = "train" if split == "train" else "dev"
        parts.append(Part("conll04", conll_split, corpora.conll04(conll_split)))
    if corpus in (None, "re3d"):
        splits = {"all": ("all", "eval"), "eval": ("eval",), "train": ("train",)}[split]
        parts.extend(Part("re3d", s, corpora.re3d(s)) for s in splits)
    return parts


# --- running the systems ------------------------------------------------------------------------------
def explorer_predictions(documents: list[GoldDocument], extractions: dict[str, Extraction]) -> Predictions:
    """Explorer's output on `documents` resolved by one Resolver, mentions typed by their final entity."""
    resolver = Resolver()
    resolved = [resolver.resolve(extractions[d.id]) for d in documents]
    entities = {e.id: e for e in resolver.entities()}
    predictions = Predictions(names={e.id: e.name for e in entities.values()})
    for document, extraction in zip(documents, resolved, strict=True):
        predictions.mentions[document.id] = [
            PredictedMention(m.start, m.end, entities[m.entity].type, m.text, m.entity, m.sentence)
            for m in extraction.mentions
        ]
        predictions.relations[document.id] = extraction.relations
    return predictions


def extract_all(documents: list[GoldDocument]) -> dict[str, Extraction]:
    """Explorer's extraction of each document by id (extraction is pure: done once, resolved per part).
    The text goes in as the gold has it (not `Document.from_text`, which folds blanks): the gold's
    character offsets must index the same string as the mentions'."""
    nlp = load_nlp()
    return {d.id: extract(Document(id=d.id, title="", text=d.text, source=d.source), nlp) for d in documents}


def spacy_predictions(documents: list[GoldDocument]) -> Predictions:
    """Bare spaCy: the same model loaded with nothing of explorer's, its `doc.ents`."""
    nlp = spacy.load(choose_model())
    predictions = Predictions()
    for document, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        predictions.mentions[document.id] = [
            PredictedMention(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents
        ]
    return predictions


def measure(parts: list[Part]) -> list[Result]:
    """Run explorer and bare spaCy on every part and score them."""
    unique = {d.id: d for part in parts for d in part.documents}
    documents = list(unique.values())
    extractions = extract_all(documents)
    bare = spacy_predictions(documents)
    results = []
    for part in parts:
        predictions = {"explorer": explorer_predictions(part.documents, extractions), "spaCy": bare}
        results.append(score_part(part, predictions))
    return results


def score_part(part: Part, predictions: dict[str, Predictions]) -> Result:
    """Every score of one part, from its systems' predictions."""
    scheme, documents = part.scheme, part.documents
    return Result(
        part=part,
        predictions=predictions,
        overlap={s: score_entities(documents, p, scheme) for s, p in predictions.items()},
        exact={s: score_entities(documents, p, scheme, exact=True) for s, p in predictions.items()},
        relations=score_relations(documents, predictions["explorer"], scheme),
        merges=score_merges(documents, predictions["explorer"], scheme),
    )


# --- figures ------------------------------------------------------------------------------------------
def figures(results: list[Result]) -> dict[str, float | int]:
    """The last line's `key=value` pairs, the headline first (see HEADLINE): relations and entities on
    CoNLL04 and on re3d's eval part ("dev" in the keys), or on the train parts; synonyms and wrong merges
    on the whole of re3d-dev when it was measured (issue 12's targets are on the corpus; no part of
    resolution is trained)."""
    out: dict[str, float | int] = {}
    for result in results:
        part = result.part
        if part.corpus == "re3d" and part.split != "eval":
            out["re3d_synonyms"] = result.merges.share
            out["re3d_wrong_merges"] = len(result.merges.wrong)
        if part.split == "all":
            continue
        relations, entities, bare = result.relations.micro, result.overlap["explorer"], result.overlap["spaCy"]
        prefix = f"{part.corpus}_{'dev' if part.split == 'eval' else part.split}"
        out[f"{prefix}_rel_f1"] = relations.f1
        out[f"{prefix}_rel_p"] = relations.precision
        out[f"{prefix}_rel_r"] = relations.recall
        out[f"{part.corpus}_ner_f1"] = entities.micro.f1
        out[f"{part.corpus}_ner_f1_spacy"] = bare.micro.f1
        if part.corpus == "conll04":
            out["conll04_org_f1"] = entities.by_type["Org"].f1
            out["conll04_org_f1_spacy"] = bare.by_type["Org"].f1
            out["conll04_wrong_merges"] = len(result.merges.wrong)
    ner = [out[k] for k in ("conll04_ner_f1", "re3d_ner_f1") if k in out]
    if ner:
        out["ner_f1"] = min(ner)
    first = [k for k in HEADLINE if k in out]
    return {k: round(out[k], 3) for k in first + sorted(set(out) - set(first))}


def to_json(results: list[Result]) -> dict:
    """Machine-readable figures: per part, entities (overlap, exact) per system, relations, merges."""

    def counts(c: Counts) -> dict:
        return {"gold": c.gold, "found": c.found, "predicted": c.predicted, "correct": c.correct,
                "p": round(c.precision, 4), "r": round(c.recall, 4), "f1": round(c.f1, 4)}

    def entity_block(scores: dict[str, EntityScore]) -> dict:
        return {s: {**{t: counts(c) for t, c in sc.by_type.items()}, "micro": counts(sc.micro)}
                for s, sc in scores.items()}

    parts = {}
    for r in results:
        parts[r.part.label] = {
            "documents": len(r.part.documents),
            "entities": {"overlap": entity_block(r.overlap), "exact": entity_block(r.exact)},
            "relations": {
                "by_type": {t: counts(c) for t, c in r.relations.by_type.items()},
                "by_explorer_type": {t: counts(c) for t, c in sorted(r.relations.by_ours.items())},
                "micro": counts(r.relations.micro),
                "missed": r.relations.misses,
            },
            "synonyms": {"pairs": r.merges.pairs, "joined": r.merges.joined, "share": round(r.merges.share, 4)},
            "wrong_merges": [list(w) for w in r.merges.wrong],
        }
    return {"parts": parts, "figures": figures(results)}


# --- printing -----------------------------------------------------------------------------------------
def _row(label: str, overlap: Counts, exact: Counts) -> str:
    return (f"  {label:22s} {overlap.gold:5d} {overlap.predicted:5d}   "
            f"{overlap.precision:.3f} {overlap.recall:.3f} {overlap.f1:.3f}   "
            f"{exact.precision:.3f} {exact.recall:.3f} {exact.f1:.3f}")


def print_result(result: Result) -> None:
    part, relations = result.part, result.relations
    gold_relations = relations.micro.gold
    print(f"== {part.label}: {len(part.documents)} documents, {gold_relations} scored gold relations ==")
    print(f"  {'named entities':22s} {'gold':>5s} {'pred':>5s}   overlap P/R/F1        exact P/R/F1")
    for system in SYSTEMS:
        overlap, exact = result.overlap[system], result.exact[system]
        for gold_type in overlap.by_type:
            print(_row(f"{system} {gold_type}", overlap.by_type[gold_type], exact.by_type[gold_type]))
        print(_row(f"{system} micro", overlap.micro, exact.micro))
    print(f"  {'typed relations':22s} {'gold':>5s} {'found':>5s}   R     P*    F1*")
    for gold_type, c in relations.by_type.items():
        print(f"  {gold_type:22s} {c.gold:5d} {c.found:5d}   {c.recall:.3f} {c.precision:.3f} {c.f1:.3f}")
    m = relations.micro
    print(f"  {'explorer micro':22s} {m.gold:5d} {m.found:5d}   {m.recall:.3f} {m.precision:.3f} {m.f1:.3f}"
          f"   ({m.predicted} predictions of mapped types, {m.correct} right)")
    print(f"  {'spaCy micro':22s}   bare spaCy finds no relations")
    ours = ", ".join(f"{t} {c.correct}/{c.predicted}" for t, c in sorted(relations.by_ours.items()))
    print(f"  right/predicted by explorer type: {ours or 'none'}")
    why = ", ".join(f"{reason} {relations.misses[reason]}" for reason in MISS_REASONS)
    print(f"  missed {m.gold - m.found}: {why}")
    merges = result.merges
    if merges.pairs:
        print(f"  IsSynonymOf pairs in one entity {merges.joined}/{merges.pairs} ({merges.share:.3f})")
    print(f"  wrong merges {len(merges.wrong)}")
    print("  (* per gold type, a false positive counts against each gold type its type maps to)")
    print()


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) holding `text[start:end]`, cut at sentence ends and line breaks (for display)."""
    stops = [m.end() for m in re.finditer(r"[.!?]\s+|\n", text)]
    first = max([s for s in stops if s <= start], default=0)
    last = min([s for s in stops if s >= end], default=len(text))
    return " ".join(text[first:last].split())


def error_keys(schemes: Iterable[Scheme]) -> set[str]:
    """What `--errors` accepts: type names of these schemes (gold or explorer's, any case) and the groups."""
    keys = {"entities", "relations", "synonyms"}
    for scheme in schemes:
        keys |= set(scheme.entity_types) | set(scheme.relation_types) | scheme.predicted_relation_types
        keys |= {t for gold_type in scheme.entity_types for t in scheme.types_for(gold_type)}
    return {k.casefold() for k in keys}


def print_errors(results: list[Result], wanted: str) -> None:
    """Every miss and false positive of `wanted` (a type name, or entities, relations, synonyms); a part
    contained in another one printed (re3d eval in re3d all) is not printed again."""
    key = wanted.casefold()
    whole = {r.part.corpus for r in results if r.part.split == "all"}
    for result in results:
        if result.part.corpus in whole and result.part.split != "all":
            continue
        scheme = result.part.scheme
        print(f"== {result.part.label}: errors for {wanted} ==")
        if key == "synonyms":
            _print_merge_errors(result.merges)
        relation_types = {t.casefold() for t in [*scheme.relation_types, *scheme.predicted_relation_types]}
        if key == "relations" or key in relation_types:
            _print_relation_errors(result, key)
        entity_types = {t.casefold() for g in scheme.entity_types for t in [g, *scheme.types_for(g)]}
        if key == "entities" or key in entity_types:
            _print_entity_errors(result, key)
        print()


def _print_entity_errors(result: Result, key: str) -> None:
    scheme = result.part.scheme
    for error in result.overlap["explorer"].errors:
        ours = {t.casefold() for t in scheme.types_for(error.gold_type)}
        if key != "entities" and key != error.gold_type.casefold() and key not in ours:
            continue
        span = error.gold or error.predicted
        what = f"gold {error.gold_type} {error.gold.text!r}" if error.gold else (
            f"explorer {error.predicted.type} {error.predicted.text!r}")
        found = "; ".join(error.nearby) or "nothing"
        print(f"[{error.kind}] {what} [{span.start}:{span.end}] in {error.doc.id}")
        print(f"    {sentence_around(error.doc.text, span.start, span.end)}")
        print(f"    {'explorer had' if error.gold else 'gold has'}: {found}")


def _print_relation_errors(result: Result, key: str) -> None:
    scheme, predictions = result.part.scheme, result.predictions["explorer"]
    shown = [e for e in result.relations.errors if _concerns(e, key, scheme)]
    reasons = Counter(e.reason for e in shown if e.gold is not None)
    summary = ", ".join(f"{reason} {reasons[reason]}" for reason in MISS_REASONS)
    print(f"missed {sum(reasons.values())} ({summary}); false positives {len(shown) - sum(reasons.values())}")
    for error in shown:
        if error.gold is not None:
            head, tail = error.doc.entities[error.gold.head], error.doc.entities[error.gold.tail]
            print(f"[missed: {error.reason}] {error.gold_type} {_gold_end(head)} → {_gold_end(tail)} in {error.doc.id}")
            print(f"    {sentence_around(error.doc.text, min(head.start, tail.start), max(head.end, tail.end))}")
            for r in error.predicted_links:
                print(f"    explorer: {_predicted(r, predictions.names)}")
        else:
            r = error.predicted
            mentions = predictions.mentions.get(error.doc.id, [])
            print(f"[false positive] {_predicted(r, predictions.names)} {_spans(r, mentions)} in {error.doc.id}")
            print(f"    {r.evidence}")
            for g in error.gold_links:
                head, tail = error.doc.entities[g.head], error.doc.entities[g.tail]
                print(f"    gold: {g.type} {_gold_end(head)} → {_gold_end(tail)}")


def _concerns(error: RelationError, key: str, scheme: Scheme) -> bool:
    """`error` is about `key`: a miss of that gold type (or of one it maps to), a false positive of that
    explorer type (or of one that gold type maps to); "relations" takes every error."""
    if key == "relations":
        return True
    if error.gold is not None:
        return key in {error.gold_type.casefold(), *(t.casefold() for t in scheme.relation_types[error.gold_type])}
    could_be = {t.casefold() for t, ours in scheme.relation_types.items() if error.predicted.type in ours}
    return key == error.predicted.type.casefold() or key in could_be


def _print_merge_errors(merges: MergeScore) -> None:
    for document, a, b, first, second in merges.unjoined:
        print(f"[synonyms apart] {a.text!r} ~ {b.text!r} in {document.id}: explorer {first!r} / {second!r}")
    for a, b, entity in merges.wrong:
        print(f"[wrong merge] {a!r} and {b!r} both in explorer's {entity!r}")


def _gold_end(entity) -> str:
    return f"{entity.type} {entity.text!r} [{entity.start}:{entity.end}]"


def _predicted(r, names: dict[str, str]) -> str:
    label = f":{r.label}" if r.label and r.label != r.type.lower() and r.type != "CO_MENTIONED" else ""
    return f"{names.get(r.source, r.source)!r} {r.type}{label} {names.get(r.target, r.target)!r}"


def _spans(r, mentions: list[PredictedMention]) -> str:
    def where(entity: str) -> str:
        spans = [f"{m.start}:{m.end}" for m in mentions if m.entity == entity and m.sentence == r.sentence]
        return ",".join(spans) or "?"

    return f"[{where(r.source)} → {where(r.target)}]"


def last_line(results: list[Result]) -> str:
    """The figures as `key=value` pairs, the headline first."""
    return " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures(results).items())


def synonyms_line(results: list[Result]) -> str:
    """`re3d_synonyms_resolved=… wrong_merges=…`: re3d's IsSynonymOf pairs (scored names, each unordered pair
    once) whose two names end in one entity when every document of the whole of re3d-dev is resolved in turn
    into one store, and the wrong merges over that same store (see `bench.scoring.score_merges`); empty
    when re3d-dev was not measured whole."""
    for result in results:
        if result.part.corpus == "re3d" and result.part.split == "all":
            merges = result.merges
            return (f"re3d_synonyms_resolved={merges.share:.3f} ({merges.joined}/{merges.pairs} pairs) "
                    f"wrong_merges={len(merges.wrong)}")
    return ""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=sorted(SCHEMES), help="one corpus only (default: both)")
    parser.add_argument("--split", choices=("all", "train", "eval"), default="all",
                        help="all: CoNLL04 dev, re3d-dev and its eval part; eval: CoNLL04 dev and re3d eval; "
                             "train: CoNLL04 train and re3d train")
    parser.add_argument("--errors", metavar="TYPE",
                        help="print every miss and false positive of TYPE (a relation or entity type, gold or "
                             "explorer's), or of all entities, relations, or synonyms")
    parser.add_argument("--json", action="store_true", help="machine-readable figures instead of tables")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    parts = parts_for(args.corpus, args.split)
    known = error_keys(part.scheme for part in parts)
    if args.errors and args.errors.casefold() not in known:  # before the run: a typo costs no half minute
        parser.error(f"--errors {args.errors}: choose from {', '.join(sorted(known))}")
    results = measure(parts)
    if args.json:
        print(json.dumps(to_json(results), indent=2))
        return
    for result in results:
        print_result(result)
    if args.errors:
        print_errors(results, args.errors)
    if line := synonyms_line(results):
        print(line)
    print(f"({time.perf_counter() - started:.1f} s)")
    print(last_line(results))


if __name__ == "__main__":
    main()
