"""Scoring an extraction against a gold corpus: entity spans, typed relations, synonyms and wrong merges.

Pure functions over `GoldDocument`s (explorer.learn.corpora) and `Predictions` (what a system produced,
in the shape the scorer reads), so a development script can call them directly. The matching rules are
stated in `bench/public.py`, which holds the type mappings (`Scheme`s) for each corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from explorer.learn.corpora import GoldDocument, GoldEntity, GoldRelation
from explorer.model import CO_MENTIONED, Relation

FORWARD, REVERSED, EITHER = "→", "←", "↔"  # how a predicted relation's source/target sit on gold head/tail

# Words that do not make a span a name although they may be capitalised (at the start of a sentence).
FUNCTION_WORDS = frozenset(
    "the a an this that these those its their his her our my your i we he she it they us you".split()
)
_TRAILING_PUNCTUATION = ".,;:!?\"'’”)]-–—"


@dataclass(frozen=True)
class Scheme:
    """How a corpus's types read in explorer's vocabulary.

    `entity_types`: gold entity type → the explorer types that match it (gold types not listed are not
    scored). `whole_name_types`: gold entity type → explorer types that match it only as (most of) the
    whole span, not as a name inside it. `relation_types`: gold relation type → {explorer type: direction},
    FORWARD when the prediction's source stands for the gold head, REVERSED when it stands for the tail,
    EITHER for both."""

    name: str
    entity_types: dict[str, frozenset[str]]
    relation_types: dict[str, dict[str, str]]
    whole_name_types: dict[str, frozenset[str]] = field(default_factory=dict)

    def gold_type_of(self, our_type: str) -> str | None:
        """The gold entity type an unmatched prediction of `our_type` counts against: the first that lists
        it in `entity_types` (None: not scored on this corpus)."""
        return next((gold for gold, ours in self.entity_types.items() if our_type in ours), None)

    def types_for(self, gold_type: str) -> frozenset[str]:
        """Every explorer type that can match `gold_type`."""
        return self.entity_types.get(gold_type, frozenset()) | self.whole_name_types.get(gold_type, frozenset())

    @property
    def predicted_relation_types(self) -> frozenset[str]:
        """Explorer relation types that some gold type maps to: only these count for precision."""
        return frozenset(t for ours in self.relation_types.values() for t in ours)


@dataclass(frozen=True)
class PredictedMention:
    """A predicted entity mention: character span, its entity's type, and (explorer only) entity and sentence."""

    start: int
    end: int
    type: str
    text: str
    entity: str = ""
    sentence: int = -1


@dataclass
class Predictions:
    """One system's output on a corpus, by document id: mentions, relations (any type) and entity names."""

    mentions: dict[str, list[PredictedMention]] = field(default_factory=dict)
    relations: dict[str, list[Relation]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


@dataclass
class Counts:
    """Gold items and how many were found; predictions that count and how many were right. (The two
    matched counts differ only where one prediction finds a fact the gold writes twice.)"""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.found += other.found
        self.predicted += other.predicted
        self.correct += other.correct


def micro(by_type: dict[str, Counts]) -> Counts:
    """The sum over types."""
    total = Counts()
    for counts in by_type.values():
        total.add(counts)
    return total


# --- spans ----------------------------------------------------------------------------------------------
def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Two character spans share at least one character."""
    return a_start < b_end and b_start < a_end


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding blanks, a leading "the" and trailing punctuation (for exact matches)."""
    piece = text[start:end]
    lead = re.match(r"\s*(?:the\s+)?", piece, re.IGNORECASE)
    start += lead.end() if lead else 0
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING_PUNCTUATION):
        end -= 1
    return start, end


def is_name(text: str) -> bool:
    """A span is a name when one of its words (split at blanks and hyphens) starts with a capital and is
    not a determiner or a pronoun: "al-Hilla", "Assad's regime", "US"; not "the regime", "We", "I"."""
    return any(w[0].isupper() and not _function_word(w) for w in re.split(r"[\s\-–]+", text) if w)


def _function_word(word: str) -> bool:
    # "US" and "IT" in capitals are names; "Us", "The", "I" are not.
    return word.lower() in FUNCTION_WORDS and (len(word) == 1 or not word.isupper())


def is_scored(entity: GoldEntity, scheme: Scheme) -> bool:
    """A gold entity is scored when its type is mapped and it is a name (nominals and pronouns are not)."""
    return entity.type in scheme.entity_types and is_name(entity.text)


def _nested(text: str, inner: PredictedMention, outer: GoldEntity) -> bool:
    """`inner` lies strictly inside `outer` (both trimmed as for exact matches)."""
    start, end = trimmed(text, inner.start, inner.end)
    outer_start, outer_end = trimmed(text, outer.start, outer.end)
    return outer_start <= start and end <= outer_end and (start, end) != (outer_start, outer_end)


def covers_most(text: str, gold: GoldEntity, mention: PredictedMention) -> bool:
    """`mention` covers at least half of the gold span (both trimmed as for exact matches)."""
    start, end = trimmed(text, gold.start, gold.end)
    shared = min(end, mention.end) - max(start, mention.start)
    return end > start and 2 * shared >= end - start


def fits(text: str, gold: GoldEntity, mention: PredictedMention, scheme: Scheme, exact: bool = False) -> bool:
    """`mention` matches `gold`: a type the gold type maps to (a whole-name type only covering most of the
    span), and equal spans once trimmed (exact) or shared characters (overlap)."""
    if exact:
        same = trimmed(text, gold.start, gold.end) == trimmed(text, mention.start, mention.end)
        return same and mention.type in scheme.types_for(gold.type)
    if not overlaps(gold.start, gold.end, mention.start, mention.end):
        return False
    if mention.type in scheme.entity_types.get(gold.type, frozenset()):
        return True
    return mention.type in scheme.whole_name_types.get(gold.type, frozenset()) and covers_most(text, gold, mention)


def maximum_matching(options: list[list[int]]) -> dict[int, int]:
    """The most (left → right) pairs with each side used at most once; `options[left]` lists the rights
    that left may take, preferred first (augmenting paths, deterministic)."""
    owner: dict[int, int] = {}

    def assign(left: int, seen: set[int]) -> bool:
        for right in options[left]:
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or assign(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in range(len(options)):
        assign(left, set())
    return {left: right for right, left in owner.items()}


# --- entities -------------------------------------------------------------------------------------------
@dataclass
class EntityError:
    """A missed gold entity or a false positive, with what the other side had at that place."""

    doc: GoldDocument
    kind: str  # "missed" or "false positive"
    gold_type: str
    gold: GoldEntity | None = None
    predicted: PredictedMention | None = None
    nearby: list[str] = field(default_factory=list)


@dataclass
class EntityScore:
    by_type: dict[str, Counts]
    errors: list[EntityError]

    @property
    def micro(self) -> Counts:
        return micro(self.by_type)


def score_entities(
    documents: Iterable[GoldDocument], predictions: Predictions, scheme: Scheme, exact: bool = False
) -> EntityScore:
    """Entity P/R/F1 per gold type: overlap (spans intersect) or exact (equal once trimmed), types matching,
    each gold span and each prediction matched at most once; an unmatched prediction overlapping a gold
    span that is not scored is neither right nor wrong."""
    by_type = {gold_type: Counts() for gold_type in scheme.entity_types}
    errors: list[EntityError] = []
    for document in documents:
        _score_document_entities(document, predictions.mentions.get(document.id, []), scheme, exact, by_type, errors)
    return EntityScore(by_type, errors)


def _score_document_entities(
    document: GoldDocument,
    mentions: list[PredictedMention],
    scheme: Scheme,
    exact: bool,
    by_type: dict[str, Counts],
    errors: list[EntityError],
) -> None:
    gold = [e for e in document.entities if is_scored(e, scheme)]
    unscored = [e for e in document.entities if not is_scored(e, scheme)]
    predicted = sorted((m for m in mentions if scheme.gold_type_of(m.type)), key=lambda m: (m.start, m.end))

    def shared(g: GoldEntity, m: PredictedMention) -> int:
        return min(g.end, m.end) - max(g.start, m.start)

    options = [
        sorted(
            (j for j, m in enumerate(predicted) if fits(document.text, g, m, scheme, exact)),
            key=lambda j: -shared(g, predicted[j]),
        )
        for g in gold
    ]
    matched = maximum_matching(options)
    for i, g in enumerate(gold):
        by_type[g.type].gold += 1
        if i in matched:
            by_type[g.type].found += 1
        else:
            nearby = [f"{m.type} {m.text!r}" for m in predicted if overlaps(g.start, g.end, m.start, m.end)]
            errors.append(EntityError(document, "missed", g.type, gold=g, nearby=nearby))
    taken = {j: gold[i].type for i, j in matched.items()}
    for j, m in enumerate(predicted):
        if j in taken:
            by_type[taken[j]].predicted += 1
            by_type[taken[j]].correct += 1
            continue
        if any(overlaps(u.start, u.end, m.start, m.end) for u in unscored):
            continue
        # The gold spans are flat: a name nested in a span of another type ("U.S." in a person's title) is
        # not annotated, and a second piece of a span already matched ("Salisbury" + "N.C.") is a split.
        if any(
            _nested(document.text, m, g) and (i in matched or not fits(document.text, g, m, scheme))
            for i, g in enumerate(gold)
        ):
            continue
        gold_type = scheme.gold_type_of(m.type) or ""
        by_type[gold_type].predicted += 1
        nearby = [f"{g.type} {g.text!r}" for g in gold if overlaps(g.start, g.end, m.start, m.end)]
        errors.append(EntityError(document, "false positive", gold_type, predicted=m, nearby=nearby))


# --- relations ------------------------------------------------------------------------------------------
MISS_REASONS = ("co-mention only", "lost an end", "another type or direction", "not linked")


@dataclass
class RelationError:
    """A missed gold relation (with why) or a false positive (with the gold relation on its ends, if any)."""

    doc: GoldDocument
    kind: str  # "missed" or "false positive"
    gold_type: str = ""
    gold: GoldRelation | None = None
    predicted: Relation | None = None
    reason: str = ""
    predicted_links: list[Relation] = field(default_factory=list)  # a miss: what linked its two ends
    gold_links: list[GoldRelation] = field(default_factory=list)  # a false positive: gold on its ends


@dataclass
class RelationScore:
    """By gold type (a false positive counts against every gold type its type maps to), by explorer type
    (each prediction once), the micro total, and why the missed gold relations were missed."""

    by_type: dict[str, Counts]
    by_ours: dict[str, Counts]
    misses: dict[str, int]
    errors: list[RelationError]

    @property
    def micro(self) -> Counts:
        by_gold, by_ours = micro(self.by_type), micro(self.by_ours)
        return Counts(by_gold.gold, by_gold.found, by_ours.predicted, by_ours.correct)


class _Ends:
    """Where a document's predicted entities are mentioned: span lookups for the relation rules."""

    def __init__(self, mentions: list[PredictedMention]) -> None:
        self.mentions = mentions
        self.by_place: dict[tuple[str, int], list[PredictedMention]] = {}
        for m in mentions:
            self.by_place.setdefault((m.entity, m.sentence), []).append(m)

    def covers(self, entity: str, sentence: int, span: GoldEntity) -> bool:
        """`entity` has a mention in `sentence` overlapping `span`."""
        return any(overlaps(m.start, m.end, span.start, span.end) for m in self.by_place.get((entity, sentence), ()))

    def links(self, relation: Relation, head: GoldEntity, tail: GoldEntity, direction: str) -> bool:
        """`relation` joins mentions overlapping `head` and `tail` in its sentence, as `direction` says."""

        def joins(first: GoldEntity, second: GoldEntity) -> bool:
            return self.covers(relation.source, relation.sentence, first) and self.covers(
                relation.target, relation.sentence, second
            )

        if direction == FORWARD:
            return joins(head, tail)
        if direction == REVERSED:
            return joins(tail, head)
        return joins(head, tail) or joins(tail, head)

    def inside_one(self, relation: Relation, spans: Iterable[GoldEntity]) -> bool:
        """Both ends of `relation` are mentioned, in its sentence, inside one gold span ("Salisbury" and
        "N.C." within the gold's "Salisbury , N.C"): a relation the gold, naming one thing there, cannot
        state or deny."""
        sources = self.by_place.get((relation.source, relation.sentence), ())
        targets = self.by_place.get((relation.target, relation.sentence), ())
        return any(
            any(span.start <= m.start and m.end <= span.end for m in sources)
            and any(span.start <= m.start and m.end <= span.end for m in targets)
            for span in spans
        )

    def found(self, span: GoldEntity) -> bool:
        return any(overlaps(m.start, m.end, span.start, span.end) for m in self.mentions)


def scored_relations(document: GoldDocument, scheme: Scheme) -> tuple[list[GoldRelation], list[GoldRelation]]:
    """The document's gold relations that are scored, and those of mapped types left out (an end is not a
    scored name). A relation annotated both ways counts once when its type matches either way round."""
    scored: list[GoldRelation] = []
    left_out: list[GoldRelation] = []
    seen: set[tuple[str, int, int]] = set()
    for relation in document.relations:
        directions = scheme.relation_types.get(relation.type)
        if not directions:
            continue
        ends = (document.entities[relation.head], document.entities[relation.tail])
        if not all(is_scored(e, scheme) for e in ends):
            left_out.append(relation)
            continue
        if all(d == EITHER for d in directions.values()):
            if (relation.type, relation.tail, relation.head) in seen:
                continue
            seen.add((relation.type, relation.head, relation.tail))
        scored.append(relation)
    return scored, left_out


def score_relations(documents: Iterable[GoldDocument], predictions: Predictions, scheme: Scheme) -> RelationScore:
    """Typed-relation P/R/F1: a prediction matches a gold relation when its type is one the gold type maps
    to and its source and target entities have mentions in its sentence overlapping the gold head and tail
    (as the mapping's direction says); each side matched at most once. Only predictions of mapped types
    count; one matching a gold relation left out of scoring, or joining two mentions inside one gold span,
    is neither right nor wrong."""
    score = RelationScore({t: Counts() for t in scheme.relation_types}, {}, dict.fromkeys(MISS_REASONS, 0), [])
    for document in documents:
        _score_document_relations(document, predictions, scheme, score)
    return score


def _score_document_relations(
    document: GoldDocument, predictions: Predictions, scheme: Scheme, score: RelationScore
) -> None:
    ends = _Ends(predictions.mentions.get(document.id, []))
    every = predictions.relations.get(document.id, [])
    predicted = _distinct(r for r in every if r.type in scheme.predicted_relation_types)
    gold, left_out = scored_relations(document, scheme)

    def fits(g: GoldRelation, r: Relation) -> bool:
        direction = scheme.relation_types[g.type].get(r.type)
        head, tail = document.entities[g.head], document.entities[g.tail]
        return direction is not None and ends.links(r, head, tail, direction)

    matched = maximum_matching([[j for j, r in enumerate(predicted) if fits(g, r)] for g in gold])
    found = set(matched)
    for i, j in matched.items():
        # A fact the gold writes twice in one sentence (a name repeated) is one relation record for
        # explorer (entities per sentence): its prediction finds every repeat it fits.
        fact = _fact(document, gold[i])
        found |= {k for k, g in enumerate(gold) if _fact(document, g) == fact and fits(g, predicted[j])}
    for i, g in enumerate(gold):
        score.by_type[g.type].gold += 1
        if i in found:
            score.by_type[g.type].found += 1
            continue
        reason, links = _why_missed(document, g, every, ends)
        score.misses[reason] += 1
        score.errors.append(RelationError(document, "missed", g.type, gold=g, reason=reason, predicted_links=links))
    taken = {j: gold[i] for i, j in matched.items()}
    for j, r in enumerate(predicted):
        if j not in taken and (any(fits(g, r) for g in left_out) or ends.inside_one(r, document.entities)):
            continue
        score.by_ours.setdefault(r.type, Counts()).predicted += 1
        if j in taken:
            score.by_ours[r.type].correct += 1
            score.by_type[taken[j].type].predicted += 1
            score.by_type[taken[j].type].correct += 1
            continue
        for gold_type, ours in scheme.relation_types.items():
            if r.type in ours:
                score.by_type[gold_type].predicted += 1
        links = [g for g in document.relations if _on_ends(g, r, document, ends)]
        score.errors.append(RelationError(document, "false positive", predicted=r, gold_links=links))


def _fact(document: GoldDocument, g: GoldRelation) -> tuple[str, str, str]:
    """What a gold relation states, whichever mentions it links: its type and the names of its ends."""
    return g.type, name_key(document.entities[g.head].text), name_key(document.entities[g.tail].text)


def _distinct(relations: Iterable[Relation]) -> list[Relation]:
    """One prediction per (sentence, source, target, type): labels are not scored."""
    seen: dict[tuple[int, str, str, str], Relation] = {}
    for r in relations:
        seen.setdefault((r.sentence, r.source, r.target, r.type), r)
    return sorted(seen.values(), key=lambda r: (r.sentence, r.type, r.source, r.target))


def _on_ends(g: GoldRelation, r: Relation, document: GoldDocument, ends: _Ends) -> bool:
    return ends.links(r, document.entities[g.head], document.entities[g.tail], EITHER)


def _why_missed(
    document: GoldDocument, g: GoldRelation, every: list[Relation], ends: _Ends
) -> tuple[str, list[Relation]]:
    """Why a gold relation was not found: an end with no mention at all, else what linked its two ends."""
    head, tail = document.entities[g.head], document.entities[g.tail]
    if not (ends.found(head) and ends.found(tail)):
        return "lost an end", []
    linking = [r for r in every if ends.links(r, head, tail, EITHER)]
    if any(r.type != CO_MENTIONED for r in linking):
        return "another type or direction", linking
    if linking:
        return "co-mention only", linking
    return "not linked", linking


# --- synonyms and merges --------------------------------------------------------------------------------
@dataclass
class MergeScore:
    """Gold synonym pairs joined in one predicted entity, and gold entities the gold shows to be different
    things put in one predicted entity (wrong merges: a lower bound, see `score_merges`)."""

    pairs: int = 0
    joined: int = 0
    unjoined: list[tuple[GoldDocument, GoldEntity, GoldEntity, str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str, str]] = field(default_factory=list)  # (name, name, predicted entity)

    @property
    def share(self) -> float:
        return self.joined / self.pairs if self.pairs else 0.0


def name_key(text: str) -> str:
    """A gold name as compared across documents: case and blanks folded, typographic apostrophes
    straightened, leading "the" and trailing punctuation dropped."""
    start, end = trimmed(text, 0, len(text))
    return " ".join(text[start:end].replace("’", "'").casefold().split())


def representative(
    text: str, entity: GoldEntity, mentions: list[PredictedMention], scheme: Scheme
) -> str | None:
    """The predicted entity that stands for a gold span: of the mentions that match it (overlap rules) and
    cover most of it, or are a person's name inside it (titles precede names), the one sharing most
    characters with it (the earliest of equals). A name inside a longer span ("Mosul" in "residents of
    Mosul") does not stand for it."""
    candidates = [
        m for m in mentions
        if fits(text, entity, m, scheme) and (m.type == "PERSON" or covers_most(text, entity, m))
    ]
    if not candidates:
        return None
    best = min(candidates, key=lambda m: (-(min(m.end, entity.end) - max(m.start, entity.start)), m.start))
    return best.entity or None


def score_merges(documents: list[GoldDocument], predictions: Predictions, scheme: Scheme) -> MergeScore:
    """Synonym pairs (both ends scored names, each unordered pair once) whose two spans have the same
    representative entity; and wrong merges: pairs of different gold names that the gold relates to each
    other by a relation other than IsSynonymOf (a thing does not lead, fight, meet or sit inside itself),
    never joined by an IsSynonymOf anywhere, whose spans anywhere in the corpus have one representative.
    The gold has no coreference chains, so names it does not relate are not judged: a lower bound."""
    score = MergeScore()
    names_of: dict[str, set[str]] = {}
    for document in documents:
        mentions = predictions.mentions.get(document.id, [])
        _score_synonyms(document, mentions, scheme, predictions.names, score)
        for gold in document.entities:
            entity = representative(document.text, gold, mentions, scheme) if is_scored(gold, scheme) else None
            if entity:
                names_of.setdefault(entity, set()).add(name_key(gold.text))
    different = _different_names(documents, scheme)
    for entity, names in sorted(names_of.items()):
        for a, b in sorted(different):
            if a in names and b in names:
                score.wrong.append((a, b, predictions.names.get(entity, entity)))
    return score


def _different_names(documents: list[GoldDocument], scheme: Scheme) -> set[tuple[str, str]]:
    """Pairs of scored gold names (sorted) that a gold relation other than IsSynonymOf links, less those
    that IsSynonymOf joins, directly or through other names."""
    same = _SynonymGroups()
    for document in documents:
        for a, b in document.synonyms:
            if is_scored(a, scheme) and is_scored(b, scheme):
                same.join(name_key(a.text), name_key(b.text))
    different = set()
    for document in documents:
        for relation in document.relations:
            ends = (document.entities[relation.head], document.entities[relation.tail])
            if not all(is_scored(e, scheme) for e in ends):
                continue
            a, b = sorted(name_key(e.text) for e in ends)
            if a != b and not same.joined(a, b):
                different.add((a, b))
    return different


def _score_synonyms(
    document: GoldDocument,
    mentions: list[PredictedMention],
    scheme: Scheme,
    names: dict[str, str],
    score: MergeScore,
) -> None:
    seen: set[frozenset[tuple[int, int]]] = set()
    for a, b in document.synonyms:
        pair = frozenset({(a.start, a.end), (b.start, b.end)})
        if len(pair) < 2 or pair in seen or not (is_scored(a, scheme) and is_scored(b, scheme)):
            continue
        seen.add(pair)
        score.pairs += 1
        first, second = (representative(document.text, e, mentions, scheme) for e in (a, b))
        if first is not None and first == second:
            score.joined += 1
        else:
            score.unjoined.append((document, a, b, names.get(first or "", "—"), names.get(second or "", "—")))


class _SynonymGroups:
    """Names joined by IsSynonymOf, transitively (union-find)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def root(self, name: str) -> str:
        while self.parent.get(name, name) != name:
            name = self.parent[name]
        return name

    def join(self, a: str, b: str) -> None:
        self.parent[self.root(a)] = self.root(b)

    def joined(self, a: str, b: str) -> bool:
        return self.root(a) == self.root(b)
