"""Stand-in for the gold shape of explorer/learn/corpora.py until it lands on main (then delete this file and
import from corpora). Same names and fields."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GoldEntity:
    start: int
    end: int
    type: str
    text: str


@dataclass(frozen=True)
class GoldRelation:
    head: GoldEntity
    tail: GoldEntity
    type: str


@dataclass
class GoldDocument:
    id: str
    source: str
    text: str
    entities: list[GoldEntity] = field(default_factory=list)
    relations: list[GoldRelation] = field(default_factory=list)
    synonyms: list[tuple[GoldEntity, GoldEntity]] = field(default_factory=list)
