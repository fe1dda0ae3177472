"""Search as every backend does it: candidates whose name words start with the query's words, then, when
too few, those sharing a word's first letters (typos), all ranked by `ranking.rank_matches`.

A backend supplies `_name_candidates(prefixes, cap)`: the names of at most `cap` entities having, for
every prefix, a name word that starts with it (SQLite asks its FTS5 index, Neo4j scans `search_words`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process, utils

from explorer import knowledge
from explorer.model import Entity, stable_id
from explorer.names import INVISIBLE, country_key
from explorer.store.ranking import rank_matches

SEARCH_CANDIDATES = 500  # entities read for the query's own words
FUZZY_CANDIDATES = 2000  # entities read per word for typo tolerance
FUZZY_WORD = 4  # words this long or longer also look for names sharing their first letters
FUZZY_PREFIX = 3  # that many first letters

NameCandidates = Callable[[list[str], int], dict[str, list[str]]]


def query_words(text: str) -> list[str]:
    """The words of letters and digits in `text`, as written: quotes and operators cannot get through."""
    return "".join(ch if ch.isalnum() else " " for ch in text).split()


def search_words(text: str) -> list[str]:
    """Lower-case, accent-free words: what SQLite's FTS5 unicode61 tokenizer would index."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if unicodedata.category(ch) != "Mn")
    return query_words(folded)


class SearchFromCandidates:
    """`GraphStore.search` for a backend that defines `_name_candidates` (a `NameCandidates`) and the
    `entities` read of the contract. `_words` splits a query the way the backend's index was built."""

    _name_candidates: NameCandidates
    _words: Callable[[str], list[str]]
    entities: Callable[[Iterable[str]], list[Entity]]

    def search(self, query: str, limit: int = 20, types: Iterable[str] | None = None) -> list[Entity]:
        query = INVISIBLE.sub("", query)  # "Pa\u200cris" is a search for Paris
        words = self._words(query)
        if not words:
            return []
        found = self._name_candidates(words, SEARCH_CANDIDATES)
        country = knowledge.country_code(query)
        if country:  # "US", "USA", "U.S.", "United States of America": the country, whatever the text wrote
            entity_id = stable_id(country_key(country))
            found[entity_id] = [*found.get(entity_id, []), query]
        if len(found) < limit:
            for word in words:
                if len(word) >= FUZZY_WORD:
                    for entity_id, names in self._name_candidates([word[:FUZZY_PREFIX]], FUZZY_CANDIDATES).items():
                        found.setdefault(entity_id, names)
        ranked = rank_matches(query, found)
        allowed = set(types or [])
        return [e for e in self.entities(ranked if allowed else ranked[:limit]) if not allowed or e.type in allowed][
            :limit
        ]


NEAREST = 5  # names suggested when a search finds nothing
NEAREST_MIN_SCORE = 50


def nearest_names(query: str, entities: Iterable[Entity], limit: int = NEAREST) -> list[str]:
    """The entity names closest to `query` (rapidfuzz), best first: what to suggest when search finds
    nothing."""
    names = list(dict.fromkeys(e.name for e in entities))
    wanted = INVISIBLE.sub("", query)
    if not utils.default_process(wanted):
        return []
    found = process.extract(
        wanted, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit,
        score_cutoff=NEAREST_MIN_SCORE,
    )
    return [name for name, _, _ in found]


def no_match_message(query: str, nearest: list[str]) -> str:
    """One line saying a search found nothing, and the nearest names when there are some."""
    line = f"No entity matches “{query}”."
    return f"{line} Nearest names: {', '.join(nearest)}." if nearest else line
