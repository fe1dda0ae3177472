"""The project's own annotated news corpus (bench/data/written/): a reader into the gold shape.

Three files share one format (bench/data/written/README.md has the guidelines): relations.txt and statements.txt
(government and international statements, reference articles and wire stories about armed conflict) are for
training, entities.txt holds entity checks:

    === <id> | <outlet> | <YYYY-MM-DD>
    Headline
    Text with [[surface|TYPE|mid]] marks around every named-entity mention ...
    m1 LEADS m3          relation, head first
    m4 = m5              two names of one thing, stated as such
    expect: Baghdad | GPE | BAGHDAD        (entities.txt) one real-world entity and all its names
    not: Wash.                             (entities.txt) a string that must not become an entity
    # comment

The text runs from the header to the first line of the closing block (relation, `=`, `expect:`, `not:`,
comment or blank lines); its lines are kept as they are, joined by newlines, with the marks taken out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from explorer.learn.corpora import GoldDocument, GoldEntity, GoldRelation
from explorer.model import ENTITY_TYPES

ROOT = Path(__file__).resolve().parents[2]
WRITTEN = ROOT / "bench" / "data" / "written"
RELATIONS_FILE = WRITTEN / "relations.txt"
STATEMENTS_FILE = WRITTEN / "statements.txt"
ENTITIES_FILE = WRITTEN / "entities.txt"
# The files a relation model trains on, in this order (article ids are unique across them).
TRAINING_FILES = (RELATIONS_FILE, STATEMENTS_FILE)

# The relation types of the written corpus: a subset of explorer.model.RELATION_TYPES. relations.txt annotates
# an actor's presence in a place as LOCATED_IN; statements.txt keeps PRESENT_IN (an actor present, active or
# operating in a place at the time described) apart from it.
RELATION_TYPES = (
    "LEADS",
    "MEMBER_OF",
    "HOLDS_ROLE",
    "LOCATED_IN",
    "ATTACKED",
    "KILLED",
    "MET_WITH",
    "NEGOTIATED_WITH",
    "ALLIED_WITH",
    "BACKED_BY",
    "SUPPORTS",
    "OPPOSES",
    "ACCUSED",
    "DEFEATED",
    "FOUNDED",
    "ACQUIRED",
    "CLAIMED",
    "PRESENT_IN",
)
SYMMETRIC = frozenset({"MET_WITH", "NEGOTIATED_WITH", "ALLIED_WITH"})
SYNONYM = "="

_HEADER = re.compile(r"^===\s*(?P<id>[^|\s]+)\s*\|\s*(?P<outlet>[^|]+?)\s*\|\s*(?P<date>\d{4}-\d{2}-\d{2})\s*$")
_MARK = re.compile(r"\[\[(?P<text>[^\[\]|\n]+)\|(?P<type>[A-Z]+)\|(?P<mid>m\d+)\]\]")
_RELATION = re.compile(r"^(?P<head>m\d+)\s+(?P<type>[A-Z_]+|=)\s+(?P<tail>m\d+)\s*$")
_EXPECT = re.compile(r"^expect:\s*(?P<name>[^|]+?)\s*\|\s*(?P<type>[A-Z]+)\s*\|\s*(?P<aliases>.*?)\s*$")
_NOT = re.compile(r"^not:\s*(?P<text>.+?)\s*$")


class WrittenFormatError(ValueError):
    """The file breaks the format; the message names the article and the line."""


@dataclass(frozen=True)
class Expectation:
    """One real-world entity of an entity-check article, with every name the article gives it."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class EntityCheck:
    """What entities.txt asks of an article beyond its marks: the entities to find, the strings to avoid."""

    expect: list[Expectation] = field(default_factory=list)
    not_entities: list[str] = field(default_factory=list)


@dataclass
class WrittenArticle:
    """One article: the gold document, where and when it (notionally) appeared, its mentions by id and, for
    entities.txt, its entity check."""

    document: GoldDocument
    outlet: str
    published: date
    mentions: dict[str, GoldEntity]
    check: EntityCheck = field(default_factory=EntityCheck)
    line: int = 0  # the header's line number in its file, for messages

    @property
    def id(self) -> str:
        return self.document.id

    def mention_id(self, entity: GoldEntity) -> str:
        return next(mid for mid, e in self.mentions.items() if e == entity)


def read_written(path: Path = RELATIONS_FILE, source: str | None = None) -> list[WrittenArticle]:
    """Every article of `path`; `source` (default `written/<file stem>`) goes into each GoldDocument."""
    source = source or f"written/{path.stem}"
    articles: list[WrittenArticle] = []
    header: re.Match | None = None
    start = 0
    lines = path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines, 1):
        match = _HEADER.match(line)
        if line.startswith("===") and not match:
            raise WrittenFormatError(f"{path.name}:{number}: bad header {line!r}")
        if match:
            if header:
                articles.append(_article(header, lines[start:number - 1], start + 1, source, path.name))
            header, start = match, number
        elif not header and line.strip() and not line.startswith("#"):
            raise WrittenFormatError(f"{path.name}:{number}: text before the first header")
    if header:
        articles.append(_article(header, lines[start:], start + 1, source, path.name))
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            raise WrittenFormatError(f"{path.name}: article id {article.id} used twice")
        seen.add(article.id)
    return articles


def written_documents(paths: Iterable[Path] = TRAINING_FILES) -> list[GoldDocument]:
    """The gold documents of the training files, file by file (for training beside the public corpora); an
    article id used in two files is an error."""
    documents: list[GoldDocument] = []
    seen: dict[str, str] = {}
    for path in paths:
        for article in read_written(path):
            if article.id in seen:
                raise WrittenFormatError(f"{path.name}: article id {article.id} also used in {seen[article.id]}")
            seen[article.id] = path.name
            documents.append(article.document)
    return documents


def _is_block_line(line: str) -> bool:
    stripped = line.strip()
    return (
        not stripped
        or stripped.startswith("#")
        or bool(_RELATION.match(stripped) or _EXPECT.match(stripped) or _NOT.match(stripped))
    )


def _article(header: re.Match, body: list[str], first_line: int, source: str, file: str) -> WrittenArticle:
    article_id = header["id"]
    where = f"{file}:{article_id}"
    end = len(body)
    while end and _is_block_line(body[end - 1]):
        end -= 1
    text_lines, block = body[:end], body[end:]
    while text_lines and not text_lines[0].strip():
        text_lines = text_lines[1:]
    if not text_lines:
        raise WrittenFormatError(f"{where}: no text")
    text, mentions = unmark("\n".join(text_lines), where)
    index = {mid: number for number, mid in enumerate(mentions)}
    relations: list[GoldRelation] = []
    synonyms: list[tuple[GoldEntity, GoldEntity]] = []
    check = EntityCheck()
    for raw in block:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if match := _RELATION.match(line):
            head, kind, tail = match["head"], match["type"], match["tail"]
            for mid in (head, tail):
                if mid not in mentions:
                    raise WrittenFormatError(f"{where}: relation {line!r} names unknown mention {mid}")
            if head == tail:
                raise WrittenFormatError(f"{where}: relation {line!r} relates a mention to itself")
            if kind == SYNONYM:
                synonyms.append((mentions[head], mentions[tail]))
            elif kind in RELATION_TYPES:
                relations.append(GoldRelation(index[head], index[tail], kind))
            else:
                raise WrittenFormatError(f"{where}: unknown relation type in {line!r}")
        elif match := _EXPECT.match(line):
            if match["type"] not in ENTITY_TYPES:
                raise WrittenFormatError(f"{where}: unknown entity type in {line!r}")
            aliases = tuple(a.strip() for a in match["aliases"].split(";") if a.strip())
            check.expect.append(Expectation(match["name"], match["type"], aliases))
        elif match := _NOT.match(line):
            check.not_entities.append(match["text"])
    document = GoldDocument(
        id=article_id,
        source=source,
        text=text,
        entities=list(mentions.values()),
        relations=relations,
        synonyms=synonyms,
    )
    published = date.fromisoformat(header["date"])
    return WrittenArticle(document, header["outlet"], published, mentions, check, first_line)


def unmark(marked: str, where: str = "text") -> tuple[str, dict[str, GoldEntity]]:
    """The text without marks, and its mentions by id (character offsets into that text)."""
    parts: list[str] = []
    mentions: dict[str, GoldEntity] = {}
    length = 0
    last = 0
    for match in _MARK.finditer(marked):
        parts.append(marked[last:match.start()])
        length += match.start() - last
        surface, kind, mid = match["text"], match["type"], match["mid"]
        if kind not in ENTITY_TYPES:
            raise WrittenFormatError(f"{where}: unknown entity type {kind} in {match[0]!r}")
        if mid in mentions:
            raise WrittenFormatError(f"{where}: mention id {mid} used twice")
        if surface != surface.strip():
            raise WrittenFormatError(f"{where}: mention {match[0]!r} starts or ends with a space")
        mentions[mid] = GoldEntity(length, length + len(surface), kind, surface)
        parts.append(surface)
        length += len(surface)
        last = match.end()
    parts.append(marked[last:])
    text = "".join(parts)
    for leftover in ("[[", "]]"):
        if leftover in text:
            at = text.index(leftover)
            raise WrittenFormatError(f"{where}: broken mark near {text[max(0, at - 30):at + 30]!r}")
    return text, mentions


# A full stop after one of these does not end a sentence.
ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Prof Gen Lt Col Maj Capt Sgt Brig Adm Cmdr Sen Rep Gov Pres Sec Amb St Mt Ft Jr Sr Rev "
    "Jan Feb Mar Apr Aug Sep Sept Oct Nov Dec No Nos Inc Corp Ltd Co Bros vs etc approx "
    "Wash Calif Mass Ill Va Md Pa Fla Ga Tex Ariz Colo Conn Mich Minn Ore Tenn Wis".split()
)
_BOUNDARY = re.compile(r"[.!?][\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])")
_ACRONYM = re.compile(r"(?:\b[A-Za-z]\.)+$")  # U.S.  U.N.  J.  a.m.


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: a line is at least one sentence; within a line a sentence ends at
    . ! or ? (and any closing quotes) before a space and a capital, a digit or an opening quote, unless the
    full stop closes an abbreviation (Gen., Jan., U.S.) or an initial."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _BOUNDARY.finditer(line):
            before = line[start:match.start() + 1]
            if match.group(0)[0] == ".":
                word = re.search(r"[\w.]+\.$", before)
                token = word.group(0) if word else ""
                if token[:-1] in ABBREVIATIONS or _ACRONYM.search(token):
                    continue
            end = match.end()
            if line[start:end].strip():
                spans.append((offset + start, offset + end))
            start = end
            while start < len(line) and line[start].isspace():
                start += 1
        if line[start:].strip():
            spans.append((offset + start, offset + len(line.rstrip())))
        offset += len(line) + 1
    return spans


def sentence_of(spans: list[tuple[int, int]], entity: GoldEntity) -> int:
    """The index of the sentence that holds `entity`, or -1 if it straddles a boundary."""
    for index, (start, end) in enumerate(spans):
        if start <= entity.start and entity.end <= end:
            return index
    return -1


def problems(article: WrittenArticle) -> list[str]:
    """What breaks the guidelines in one article: a mention across sentences, a relation or synonym between
    sentences, one relation given twice (a symmetric one in both directions counts as twice)."""
    found: list[str] = []
    spans = sentence_spans(article.document.text)
    for mid, entity in article.mentions.items():
        if sentence_of(spans, entity) < 0:
            found.append(f"{article.id}: mention {mid} {entity.text!r} straddles a sentence boundary")
    entities = article.document.entities
    pairs = [(entities[r.head], r.type, entities[r.tail]) for r in article.document.relations]
    pairs += [(a, SYNONYM, b) for a, b in article.document.synonyms]
    seen: set[tuple] = set()
    for head, kind, tail in pairs:
        label = f"{article.mention_id(head)} {kind} {article.mention_id(tail)}"
        if sentence_of(spans, head) != sentence_of(spans, tail):
            found.append(f"{article.id}: {label} ({head.text} / {tail.text}) spans two sentences")
        key = (head, kind, tail)
        if kind in SYMMETRIC or kind == SYNONYM:
            key = (min(head, tail, key=_order), kind, max(head, tail, key=_order))
        if key in seen:
            found.append(f"{article.id}: {label} given twice")
        seen.add(key)
    return found


def _order(entity: GoldEntity) -> tuple[int, int]:
    return (entity.start, entity.end)


def sentences(article: WrittenArticle) -> list[str]:
    text = article.document.text
    return [text[start:end] for start, end in sentence_spans(text)]


def summary(path: Path = RELATIONS_FILE) -> dict[str, object]:
    """Counts for the README: articles, sentences, mentions (by type), relations (by type), synonyms."""
    articles = read_written(path)
    relations: dict[str, int] = {}
    mentions: dict[str, int] = {}
    for article in articles:
        for relation in article.document.relations:
            relations[relation.type] = relations.get(relation.type, 0) + 1
        for entity in article.document.entities:
            mentions[entity.type] = mentions.get(entity.type, 0) + 1
    return {
        "articles": len(articles),
        "sentences": sum(len(sentence_spans(a.document.text)) for a in articles),
        "mentions": mentions,
        "relations": dict(sorted(relations.items(), key=lambda item: -item[1])),
        "synonyms": sum(len(a.document.synonyms) for a in articles),
        "expect": sum(len(a.check.expect) for a in articles),
        "not": sum(len(a.check.not_entities) for a in articles),
    }


def main() -> None:
    for path in (*TRAINING_FILES, ENTITIES_FILE):
        counts = summary(path)
        print(f"{path.name}: " + ", ".join(f"{key}={value}" for key, value in counts.items()))
        for article in read_written(path):
            for problem in problems(article):
                print("  problem:", problem)


if __name__ == "__main__":
    main()
