"""Read files and folders into Documents: plain text, Markdown, HTML (via trafilatura) and JSON lines.

Reading never raises for bad input: every problem comes back as a `SourceProblem` naming the file (and
line), so one bad file costs only itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.model import Document

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


@dataclass(frozen=True)
class SourceProblem:
    """Why a file (or one line of it) gave no document; `fatal` is False for a warning about a document."""

    source: str
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def read_paths(paths: Iterable[str | Path]) -> Iterator[Document | SourceProblem]:
    """Documents from files and folders (recursively, in name order), with a problem for each bad input."""
    for path in map(Path, paths):
        if not path.exists():
            yield SourceProblem(str(path), "no such file or folder")
        elif path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)):
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield from read_file(child)
                else:  # a folder may hold other files: skip them, but say so
                    yield SourceProblem(str(child), "skipped: not a supported file type", fatal=False)
        else:
            yield from read_file(path)


def read_documents(paths: Iterable[str | Path]) -> tuple[list[Document], list[SourceProblem]]:
    """`read_paths` sorted into the documents read and the problems met, each in the order found."""
    documents: list[Document] = []
    problems: list[SourceProblem] = []
    for item in read_paths(paths):
        if isinstance(item, SourceProblem):
            problems.append(item)
        else:
            documents.append(item)
    return documents, problems


def read_file(path: Path) -> Iterator[Document | SourceProblem]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield SourceProblem(str(path), f"skipped: unsupported file type {suffix or '(none)'!r}")
        return
    try:
        raw = path.read_bytes()
    except OSError as error:
        yield SourceProblem(str(path), f"cannot read: {error.strerror or error}")
        return
    if b"\x00" in raw[:8192]:
        yield SourceProblem(str(path), "binary file, not text")
        return
    text, replaced = decode(raw)
    if replaced:
        yield SourceProblem(str(path), "invalid UTF-8, undecodable bytes replaced", fatal=False)
    source = str(path)
    if suffix in JSONL_SUFFIXES:
        yield from parse_jsonl(text, source)
    elif suffix in HTML_SUFFIXES:
        yield _checked(parse_html(text, source), source)
    elif suffix in MARKDOWN_SUFFIXES:
        yield _checked(parse_markdown(text, source), source)
    else:
        yield _checked(Document.from_text(text, source=source), source)


def decode(raw: bytes) -> tuple[str, bool]:
    """UTF-8 (with or without BOM); undecodable bytes become U+FFFD and the flag says so."""
    try:
        return raw.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        return raw.decode("utf-8-sig", errors="replace"), True


def parse_jsonl(text: str, source: str) -> Iterator[Document | SourceProblem]:
    """One article per line: {"id"?, "title"?, "text", "published"?, "source"?}."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield SourceProblem(where, f"malformed JSON ({error.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield SourceProblem(where, 'each line must be an object with a "text" string')
            continue
        document = Document.from_text(
            record["text"],
            title=str(record.get("title") or ""),
            source=str(record.get("source") or (f"{source}#{record['id']}" if "id" in record else where)),
            published=_iso_date(record.get("published")),
        )
        yield _checked(document, where)


def parse_html(html: str, source: str) -> Document:
    """Main text of a page without scripts, menus and boilerplate; title and date from its metadata."""
    import trafilatura

    text = trafilatura.extract(_without_ads(html), include_comments=False, include_tables=False) or ""
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title if metadata else None) or ""
    published = _iso_date(metadata.date if metadata else None)
    if title and not text.startswith(title):
        text = f"{title}\n{text}" if text else ""
    return Document.from_text(text, title=title, source=source, published=published)


# Class or id words that mark advertising; trafilatura keeps such a block when it sits inside the article.
_AD_WORD = re.compile(r"^(ad|ads|advert|advertisement|advertising|sponsored|sponsor|promo)([-_].*)?$", re.I)


def _without_ads(html: str) -> Any:
    """The page as trafilatura loads it, minus blocks whose class or id says they are ads (or the text itself
    when trafilatura would not take it for a page)."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return html
    for element in tree.xpath("//*[@class or @id]"):
        words = f"{element.get('class', '')} {element.get('id', '')}".split()
        if any(_AD_WORD.match(word) for word in words) and element.getparent() is not None:
            element.drop_tree()
    return tree


def parse_markdown(markdown: str, source: str) -> Document:
    """Markdown reduced to its words: headings, emphasis, links and images lose their syntax."""
    text = re.sub(r"^```.*?^```", "", markdown, flags=re.S | re.M)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1", r"\2", text)
    return Document.from_text(text, source=source)


def _checked(document: Document, where: str) -> Document | SourceProblem:
    if not document.text.strip():
        return SourceProblem(where, "empty: no text to read")
    return document


def _iso_date(value: object) -> str | None:
    match = re.match(r"\d{4}-\d{2}-\d{2}", str(value or ""))
    return match.group(0) if match else None


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
