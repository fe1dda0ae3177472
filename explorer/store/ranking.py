"""Order search candidates by how well one of their names matches the query (rapidfuzz)."""

from __future__ import annotations

from rapidfuzz import fuzz, utils

MIN_SCORE = 60


def rank_matches(query: str, candidates: dict[str, list[str]]) -> list[str]:
    """Candidate ids, best first; an exact or prefix match beats a fuzzy one."""
    wanted = utils.default_process(query)
    scored = []
    for entity_id, names in candidates.items():
        best = max((_score(wanted, utils.default_process(name)) for name in names), default=0.0)
        if best >= MIN_SCORE:
            scored.append((best, entity_id))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [entity_id for _, entity_id in scored]


def _score(query: str, name: str) -> float:
    if not query or not name:
        return 0.0
    if name == query:
        return 200.0
    if name.startswith(query):
        return 150.0 + 10 * len(query) / len(name)
    if any(word.startswith(query) for word in name.split()):
        return 120.0 + 10 * len(query) / len(name)
    return max(fuzz.WRatio(query, name), fuzz.partial_ratio(query, name) - 5)

