"""How relation types read to a person: "negotiated with", "holds role in", with arrows for direction.

Every page words relations through this module, so the graph, the evidence, the entity page and the
paths say the same thing.
"""

from __future__ import annotations

from explorer.model import CO_MENTIONED

# Active voice, as "A <phrase> B" reads; the passive, as "B <phrase> A" reads.
PHRASES: dict[str, tuple[str, str]] = {
    "LEADS": ("leads", "led by"),
    "MEMBER_OF": ("member of", "has member"),
    "PART_OF": ("part of", "includes"),
    "BACKED_BY": ("backed by", "backs"),
    "ATTACKED": ("attacked", "attacked by"),
    "KILLED": ("killed", "killed by"),
    "NEGOTIATED_WITH": ("negotiated with", "negotiated with"),
    "SUPPORTS": ("supports", "supported by"),
    "OPPOSES": ("opposes", "opposed by"),
    "HOLDS_ROLE": ("holds role in", "has role held by"),
    "LOCATED_IN": ("located in", "location of"),
    "PRESENT_IN": ("present in", "has present"),
    "FOUNDED": ("founded", "founded by"),
    "ACQUIRED": ("acquired", "acquired by"),
    "CLAIMED": ("claimed", "claimed by"),
    "MET_WITH": ("met with", "met with"),
    "ACCUSED": ("accused", "accused by"),
    "SUED": ("sued", "sued by"),
    "EMPLOYED_BY": ("employed by", "employs"),
    "ALLIED_WITH": ("allied with", "allied with"),
    "DEFEATED": ("defeated", "defeated by"),
    "RELATED_TO": ("related to", "related to"),
    CO_MENTIONED: ("mentioned with", "mentioned with"),
}
SYMMETRIC = frozenset(t for t, (active, passive) in PHRASES.items() if active == passive)


def phrase(relation_type: str, passive: bool = False) -> str:
    """The relation in words: "negotiated with"; `passive` reads it from the target: "attacked by"."""
    active, backwards = PHRASES.get(relation_type, (relation_type.replace("_", " ").lower(),) * 2)
    return backwards if passive else active


def edge_label(relation_type: str) -> str:
    """A graph edge's caption: the phrase with an arrow for its direction ("attacked →")."""
    words = phrase(relation_type)
    return words if relation_type in SYMMETRIC else f"{words} →"


def hop(relation_type: str, forward: bool) -> str:
    """A relation read left to right between two names: "attacked →" when the left one did it, "← attacked"
    when the right one did."""
    if relation_type in SYMMETRIC:
        return phrase(relation_type)
    return f"{phrase(relation_type)} →" if forward else f"← {phrase(relation_type)}"


def outgoing(relation_type: str) -> str:
    """A group of relations from the entity on the page: "attacked →"."""
    return f"{phrase(relation_type)} →"


def incoming(relation_type: str) -> str:
    """A group of relations to the entity on the page: "← attacked by"."""
    return f"← {phrase(relation_type, passive=True)}"
