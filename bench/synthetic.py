"""Synthetic corpora for tests and benchmarks: invented names, varied news sentences, seeded and repeatable.

`articles` writes text that the NLP pipeline has to work through; `graph_extractions` builds resolved
extractions directly, to load a large graph without spending minutes in spaCy.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from explorer.model import CO_MENTIONED, Document, Entity, Extraction, Mention, Relation

SYLLABLES = "ka ro mi ten sa vel dor an li mar bre tos qui lan fe ru gor hal zen pia mon del vi sto".split()
ORG_KINDS = ["Group", "Holdings", "Bank", "Party", "Front", "Institute", "Union", "Airlines", "Council"]
ROLES = ["chief executive", "chairman", "spokesman", "minister", "governor", "general", "director"]
MONTHS = "January February March April May June July August September October November December".split()
TEMPLATES = [
    "{p1}, the {role} of {o1}, met {p2} in {c1} on {d} to discuss a merger with {o2}.",
    "{o1} said on {d} that it would acquire {o2} for an undisclosed sum.",
    "Police in {c1} arrested {p1} after {o1} accused him of fraud.",
    "{p2} defeated {p1} in the election for mayor of {c2}, officials of {o2} said.",
    "The {role} {p1} told reporters in {c2} that {o2} opposed the plan backed by {o1}.",
    "{o2} sued {o1} in a court in {c1}, claiming it had copied its designs.",
    "Talks between {o1} and {o2} resumed in {c2} on {d}, according to {p2}.",
    "{p1} founded {o1} in {c1} before joining {o2} as {role}.",
]


def invented_name(rng: random.Random, parts: int) -> str:
    """`parts` capitalised words of two syllables each."""
    return " ".join("".join(rng.sample(SYLLABLES, 2)).capitalize() for _ in range(parts))


class NamePool:
    """A large, repeatable pool of invented people, organisations and cities."""

    def __init__(self, size: int, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.people = list(dict.fromkeys(invented_name(rng, 2) for _ in range(size)))
        self.orgs = list(dict.fromkeys(f"{invented_name(rng, 1)} {rng.choice(ORG_KINDS)}" for _ in range(size // 2)))
        self.cities = list(dict.fromkeys(invented_name(rng, 1) + "burg" for _ in range(max(10, size // 20))))


def articles(count: int, words_per_article: int = 500, pool_size: int = 20000, seed: int = 11) -> Iterator[Document]:
    """`count` articles of about `words_per_article` words each."""
    pool, rng = NamePool(pool_size), random.Random(seed)
    for number in range(count):
        sentences, words = [f"Report {number}: {rng.choice(pool.orgs)} in the news"], 6
        while words < words_per_article:
            sentence = rng.choice(TEMPLATES).format(
                p1=rng.choice(pool.people), p2=rng.choice(pool.people),
                o1=rng.choice(pool.orgs), o2=rng.choice(pool.orgs),
                c1=rng.choice(pool.cities), c2=rng.choice(pool.cities),
                role=rng.choice(ROLES), d=f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2015, 2025)}",
            )
            sentences.append(sentence)
            words += len(sentence.split())
        yield Document.from_text("\n".join(sentences), source=f"synthetic/{number:06d}.txt")


def graph_extractions(
    entities: int, relations: int, per_document: int = 100, seed: int = 3
) -> Iterator[Extraction]:
    """Resolved extractions that together hold about `entities` entities and `relations` relations.

    Endpoints follow a skewed distribution, as in news: a few hubs, a long tail.
    """
    rng = random.Random(seed)
    types = ["PERSON", "ORG", "GPE", "NORP", "LOC"]
    names = NamePool(entities // 2 + 10, seed)
    all_names = names.people + names.orgs + names.cities
    catalogue = [
        Entity(f"s{n}", f"{all_names[n % len(all_names)]} {n}", types[n % len(types)], key=f"s{n}")
        for n in range(entities)
    ]
    kinds = ["ATTACKED", "SUPPORTS", "MEMBER_OF", "LEADS", "NEGOTIATED_WITH", CO_MENTIONED, CO_MENTIONED]
    for number in range(max(1, relations // per_document)):
        text = f"Synthetic document {number}."
        doc = Document.from_text(text, source=f"synthetic-graph/{number}")
        picked: dict[str, Entity] = {}
        found = []
        for sentence in range(per_document):
            a = catalogue[min(int(rng.paretovariate(0.6)) - 1, entities - 1) if sentence % 3 == 0
                          else rng.randrange(entities)]
            b = catalogue[rng.randrange(entities)]
            if a.id == b.id:
                continue
            picked[a.id], picked[b.id] = a, b
            kind = rng.choice(kinds)
            found.append(Relation(a.id, b.id, kind, kind.lower(), doc.id, sentence, text, 0.5))
        mentions = [Mention(e.id, doc.id, 0, 0, 9, "Synthetic") for e in picked.values()]
        chosen = [Entity(e.id, e.name, e.type, key=e.key, mention_count=1, doc_count=1) for e in picked.values()]
        yield Extraction(doc, chosen, mentions, found, [])
