"""Duplicate candidates: pairs of entities that may be one thing, ranked, each with a score and a reason.

Names are compared word by word (rapidfuzz per word, words weighted by how rare they are among all
names), never as one string: "Mohammed bin Salman" and "Mohammed bin Zayed" share words, but every
other word of each is unmatched, so they score low. A short form ("Merkel" for "Angela Merkel"),
an acronym ("NATO") or a spelling variant ("Gaddafi" / "Qaddafi") scores high. Entities that share many neighbours
are proposed too. Pairs an analyst judged distinct are never proposed again.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from explorer.curation.actions import Judge, Judgement, action_of
from explorer.model import Entity
from explorer.names import (
    CANDIDATE_LONG_WORD,
    CANDIDATE_WORD,
    FILLER,
    compatible_types,
    normalise_name,
    spelling_form,
)
from explorer.resolve import lasting_names
from explorer.store.base import GraphStore

MIN_SCORE = 0.6
MAX_BLOCK = 200  # a word shared by more entities than this is too common to pair them on
MAX_NAMES = 12  # names per entity compared (name and first aliases)
NEIGHBOUR_SEEDS = 300  # most mentioned entities whose neighbourhoods are compared
MIN_SHARED = 3

@dataclass
class Candidate:
    """Two entities that may be one; `a` is the better-known one, the natural survivor of a merge."""

    a: Entity
    b: Entity
    score: float
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {
            "a": {"id": self.a.id, "name": self.a.name, "type": self.a.type, "mentions": self.a.mention_count},
            "b": {"id": self.b.id, "name": self.b.name, "type": self.b.type, "mentions": self.b.mention_count},
            "score": round(self.score, 3),
            "reason": self.reason,
        }


def find_candidates(
    store: GraphStore, limit: int = 50, min_score: float = MIN_SCORE, neighbour_seeds: int = NEIGHBOUR_SEEDS
) -> list[Candidate]:
    """The likeliest duplicate pairs in the store, best first."""
    entities = {e.id: e for e in store.iter_entities()}
    judged = _judged_pairs(store)
    scored: dict[tuple[str, str], tuple[float, list[str]]] = {}
    names = {i: _names(e) for i, e in entities.items()}
    weight = _word_weights(names.values())
    for a, b in _name_blocks(names):
        if compatible_types(entities[a].type, entities[b].type):
            score, reason = best_name_match(names[a], names[b], weight)
            if score > 0:
                scored[(a, b)] = (score, [reason])
    for (a, b), (score, reason) in _shared_neighbours(store, entities, neighbour_seeds).items():
        if not compatible_types(entities[a].type, entities[b].type):
            continue
        if (a, b) in scored:
            name_score, reasons = scored[(a, b)]
            scored[(a, b)] = (min(1.0, max(name_score, score) + 0.1), [*reasons, reason])
        else:
            scored[(a, b)] = (score, [reason])
    found = []
    for (a, b), (score, reasons) in scored.items():
        if score >= min_score and (a, b) not in judged:
            first, second = sorted([entities[a], entities[b]], key=lambda e: (-e.mention_count, e.name, e.id))
            found.append(Candidate(first, second, score, "; ".join(reasons)))
    found.sort(key=lambda c: (-c.score, -(c.a.mention_count + c.b.mention_count), c.a.id, c.b.id))
    return found[:limit]


# Pure and asked again for a name in every pair it is scored in: cached.
@lru_cache(maxsize=1 << 16)
def words(name: str) -> tuple[str, ...]:
    """Lower-case, accent-free words of a name as transliterations agree on them ("Ba'ath" is one word,
    "Kyiv" is "kiv"), filler words left out."""
    return tuple(w for w in spelling_form(normalise_name(name)).split() if w not in FILLER)


def best_name_match(
    names_a: list[str], names_b: list[str], weight: Callable[[str], float] = lambda w: 1.0
) -> tuple[float, str]:
    """The best score (0–1) over every pair of names, with the reason a person reads."""
    best, reason = 0.0, ""
    for x, y in itertools.product(names_a, names_b):
        score, why = name_similarity(x, y, weight)
        if score > best:
            best, reason = score, why
    return best, reason


def name_similarity(x: str, y: str, weight: Callable[[str], float] = lambda w: 1.0) -> tuple[float, str]:
    """Word-aware similarity of two names: (score 0–1, reason)."""
    wx, wy = words(x), words(y)
    if not wx or not wy:
        return 0.0, ""
    if wx == wy or sorted(wx) == sorted(wy):
        return 1.0, f"same name: “{x}” = “{y}”"
    for short, long, s, lng in ((wx, wy, x, y), (wy, wx, y, x)):
        if len(short) == 1 and len(long) >= 2 and short[0] == "".join(w[0] for w in long):
            return 0.9, f"acronym: “{s}” = “{lng}”"
    cover_x, cover_y = _cover(wx, wy, weight), _cover(wy, wx, weight)
    score = max(cover_x, cover_y) * (0.6 + 0.4 * min(cover_x, cover_y))
    if score <= 0:
        return 0.0, ""
    kind = "short form" if max(cover_x, cover_y) == 1.0 and len(wx) != len(wy) else "similar names"
    return score, f"{kind}: “{x}” ~ “{y}”"


def _cover(these: tuple[str, ...], others: tuple[str, ...], weight: Callable[[str], float]) -> float:
    """How much of `these` (weighted by rarity) has a match among `others`, each word used once."""
    free = list(others)
    total = got = 0.0
    for word in sorted(these, key=weight, reverse=True):
        w = weight(word)
        total += w
        quality, match = _best_word(word, free)
        if match is not None:
            got += w * quality**2  # a near miss counts much less than a hit ("Khamenei" is not "Khomeini")
            free.remove(match)
    return got / total if total else 0.0


def _best_word(word: str, candidates: list[str]) -> tuple[float, str | None]:
    best, match = 0.0, None
    for other in candidates:
        if word == other:
            return 1.0, other
        if min(len(word), len(other)) <= 3:
            continue  # short words must match exactly ("Ali" is not "Ala")
        ratio = fuzz.ratio(word, other)
        needed = CANDIDATE_LONG_WORD if min(len(word), len(other)) >= 7 else CANDIDATE_WORD
        if ratio >= needed and ratio / 100 > best:
            best, match = ratio / 100, other
    return best, match


def _names(entity: Entity) -> list[str]:
    """Names compared: not a capital that stood for its country ("Baghdad" said), which would pair the
    country with the city."""
    return list(dict.fromkeys(lasting_names(entity)))[:MAX_NAMES]


def _word_weights(all_names: Iterable[list[str]]) -> Callable[[str], float]:
    """Inverse document frequency over entities: "Mohammed" in many names weighs less than "Zayed"."""
    frequency: Counter[str] = Counter()
    count = 0
    for names in all_names:
        count += 1
        frequency.update({w for name in names for w in words(name)})

    def weight(word: str) -> float:
        return math.log(1 + count / (1 + frequency.get(word, 0)))

    return weight


def _name_blocks(names: dict[str, list[str]]) -> set[tuple[str, str]]:
    """Pairs that share a word, a word's first four letters, or an acronym: the only pairs scored."""
    blocks: defaultdict[str, set[str]] = defaultdict(set)
    for entity_id, entity_names in names.items():
        for name in entity_names:
            ws = words(name)
            for w in ws:
                blocks[f"w:{w}"].add(entity_id)
                if len(w) >= 5:
                    blocks[f"p:{w[:4]}"].add(entity_id)
            if len(ws) >= 2:
                blocks[f"a:{''.join(w[0] for w in ws)}"].add(entity_id)
            elif len(ws) == 1:
                blocks[f"a:{ws[0]}"].add(entity_id)
    pairs: set[tuple[str, str]] = set()
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            pairs.update(itertools.combinations(sorted(members), 2))
    return pairs


def _shared_neighbours(
    store: GraphStore, entities: dict[str, Entity], seeds: int
) -> dict[tuple[str, str], tuple[float, str]]:
    """Pairs among the most mentioned entities with at least MIN_SHARED neighbours in common."""
    top = sorted(entities.values(), key=lambda e: (-e.mention_count, e.id))[:seeds]
    around: dict[str, set[str]] = {}
    for entity in top:
        graph = store.neighbourhood(entity.id, depth=1, limit=100)
        around[entity.id] = {n.id for n in graph.nodes if n.id != entity.id}
    by_neighbour: defaultdict[str, set[str]] = defaultdict(set)
    for entity_id, neighbours in around.items():
        for neighbour in neighbours:
            by_neighbour[neighbour].add(entity_id)
    shared: Counter[tuple[str, str]] = Counter()
    for members in by_neighbour.values():
        if len(members) <= MAX_BLOCK:
            shared.update(itertools.combinations(sorted(members), 2))
    found = {}
    for (a, b), n in shared.items():
        # Two names of one thing are seldom related to each other: a linked pair is two things.
        if n < MIN_SHARED or b in around[a] or a in around[b]:
            continue
        jaccard = len(around[a] & around[b]) / max(1, len(around[a] | around[b]))
        if jaccard >= 0.5:
            found[(a, b)] = (0.4 + 0.4 * jaccard, f"{n} shared neighbours (Jaccard {jaccard:.2f})")
    return found


def _judged_pairs(store: GraphStore) -> set[tuple[str, str]]:
    """Pairs an analyst said are not (or may not be) one thing."""
    pairs = set()
    for logged in store.curation_log():
        action = action_of(logged)
        if isinstance(action, Judge) and action.judgement != Judgement.POSITIVE:
            a, b = sorted(action.entities)
            pairs.add((a, b))
    return pairs
