"""Read files and folders into Documents: plain text, Markdown, HTML (via trafilatura) and JSON lines.

Reading never raises for bad input: every problem comes back as a `SourceProblem` naming the file (and
line), so one bad file costs only itself.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePath
from types import FrameType
from typing import Any, TypeVar

from explorer.model import Document

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
T = TypeVar("T")
# Limits per file. Text streams through extraction whatever its length, but a page's main text is found by
# trafilatura in time that grows with the square of its paragraphs (47 s for 100k), so pages get a smaller
# size and a time limit.
MAX_FILE_BYTES = 256_000_000
MAX_HTML_BYTES = 5_000_000
HTML_SECONDS = 30


@dataclass(frozen=True)
class SourceProblem:
    """Why a file (or one line of it) gave no document; `fatal` is False for a warning about a document."""

    source: str
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def read_paths(paths: Iterable[str | Path], follow_links: bool = False) -> Iterator[Document | SourceProblem]:
    """Documents from files and folders (recursively, in name order), with a problem for each bad input.

    In a folder, a link to a file or folder outside it is skipped with a warning unless `follow_links`:
    a folder of articles must not bring in /etc/passwd. A path given by name is read wherever it leads.
    """
    for path in map(Path, paths):
        try:
            is_folder, exists = path.is_dir(), path.exists()
        except OSError as error:  # a file inside a folder that cannot be read
            yield SourceProblem(str(path), f"cannot read: {error.strerror or error}")
            continue
        if not exists:
            yield SourceProblem(str(path), "no such file or folder")
        elif is_folder:
            for item in folder_files(path, follow_links):
                if isinstance(item, SourceProblem):
                    yield item
                elif item.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield from read_file(item)
                else:  # a folder may hold other files: skip them, but say so
                    yield SourceProblem(str(item), "skipped: not a supported file type", fatal=False)
        else:
            yield from read_file(path)


def read_documents(
    paths: Iterable[str | Path], follow_links: bool = False
) -> tuple[list[Document], list[SourceProblem]]:
    """`read_paths` sorted into the documents read and the problems met, each in the order found."""
    documents: list[Document] = []
    problems: list[SourceProblem] = []
    for item in read_paths(paths, follow_links):
        if isinstance(item, SourceProblem):
            problems.append(item)
        else:
            documents.append(item)
    return documents, problems


def folder_files(root: Path, follow_links: bool = False) -> Iterator[Path | SourceProblem]:
    """The visible files under `root` in name order, then a problem for each folder that cannot be read
    and (unless `follow_links`) each link that leads out of `root`."""
    inside = root.resolve()
    files: list[Path] = []
    problems: list[SourceProblem] = []
    folders, seen = [root], {inside}
    while folders:
        folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            problems.append(SourceProblem(str(folder), f"cannot read folder: {error.strerror or error}"))
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            if entry.is_symlink() and (leaves := _leaves(path, inside, follow_links)):
                problems.append(SourceProblem(str(path), leaves, fatal=False))
            elif entry.is_dir():
                if (real := path.resolve()) not in seen:  # each folder once, however many links lead to it
                    seen.add(real)
                    folders.append(path)
            elif entry.is_file():
                files.append(path)
    yield from sorted(files)
    yield from problems


def _leaves(link: Path, inside: Path, follow_links: bool) -> str | None:
    """Why a link found in a folder is not read (broken, or leading outside the folder), or None."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # missing target, or a loop of links
        return "skipped: a broken link"
    if follow_links or target.is_relative_to(inside):
        return None
    return f"skipped: a link to {target}, outside the folder {inside}"


def read_file(path: Path) -> Iterator[Document | SourceProblem]:
    """Documents from one file (its size checked before it is read), as `read_content` reads them."""
    try:
        refused = _refusal(path.suffix.lower(), path.stat().st_size)
        if refused:
            yield SourceProblem(str(path), refused)
            return
        raw = path.read_bytes()
    except OSError as error:
        yield SourceProblem(str(path), f"cannot read: {error.strerror or error}")
        return
    yield from read_content(str(path), raw)


def read_content(source: str, raw: bytes) -> Iterator[Document | SourceProblem]:
    """Documents from a file's content (an upload, or a file `read_file` read), read as the suffix of its
    name `source` says, with the same size and time limits as a file on disk."""
    suffix = PurePath(source).suffix.lower()
    refused = _refusal(suffix, len(raw))
    if refused:
        yield SourceProblem(source, refused)
        return
    text, replaced = decode(raw)
    if text is None:
        yield SourceProblem(source, "binary file, not text")
        return
    if replaced:
        yield SourceProblem(source, "invalid text encoding, undecodable bytes replaced", fatal=False)
    if suffix in JSONL_SUFFIXES:
        yield from parse_jsonl(text, source)
    elif suffix in HTML_SUFFIXES:
        try:
            document = within(HTML_SECONDS, parse_html, text, source)
        except TookTooLong:
            yield SourceProblem(source, f"took too long: reading the page's text ran past {HTML_SECONDS} s")
            return
        yield _checked(document, source)
    elif suffix in MARKDOWN_SUFFIXES:
        yield _checked(parse_markdown(clean_text(text), source), source)
    else:
        yield _checked(Document.from_text(clean_text(text), source=source), source)


def _refusal(suffix: str, size: int) -> str | None:
    """Why a file of this type and size is not read (unsupported, too large), or None."""
    if suffix not in SUPPORTED_SUFFIXES:
        return f"skipped: unsupported file type {suffix or '(none)'!r}"
    if size > (MAX_HTML_BYTES if suffix in HTML_SUFFIXES else MAX_FILE_BYTES):
        return f"too large: {size / 1e6:.0f} MB, over the limit for a {suffix} file"
    return None


def decode(raw: bytes) -> tuple[str | None, bool]:
    """(the text, whether undecodable bytes were replaced by U+FFFD); the text is None for a binary file.

    UTF-8 with or without BOM, and UTF-16 with a BOM or, without one, recognised by its zero bytes.
    """
    head = raw[:8192]
    encoding = _utf16(head)
    if encoding is None and b"\x00" in head:
        return None, False
    encoding = encoding or "utf-8-sig"
    try:
        return raw.decode(encoding), False
    except UnicodeDecodeError:
        return raw.decode(encoding, errors="replace"), True


def _utf16(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    # Text in the Latin scripts written as UTF-16 has a zero in every other byte, and none in between.
    even, odd = head[0::2], head[1::2]
    if len(head) >= 4 and len(head) % 2 == 0:
        if odd.count(0) > len(odd) / 3 and 0 not in even:
            return "utf-16-le"
        if even.count(0) > len(even) / 3 and 0 not in odd:
            return "utf-16-be"
    return None


# C0 and C1 control characters and DEL, except tab and line ends: an escape sequence in an article must not
# reach a terminal, and XML cannot hold them at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Text without control characters (tabs and line ends kept)."""
    return _CONTROL.sub("", text)


class TookTooLong(BaseException):
    """A time limit ran out. Not an Exception: the libraries interrupted catch those and would go on."""


RETRY_SECONDS = 0.05


def within(seconds: float, work: Callable[..., T], *args: Any) -> T:
    """`work(*args)`, or TookTooLong once it has run `seconds`.

    A timer signal interrupts it, so the limit holds only in a main thread (elsewhere, such as in a
    server's worker threads, `work` runs unlimited: the app reads uploads in a process of their own). A
    signal raised inside a finaliser or a garbage-collector callback is swallowed there, so after the
    first the timer fires again every RETRY_SECONDS until the raise gets through; it never raises in this
    function's own frame, so the timer is always disarmed on the way out.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        return work(*args)

    def expire(signum: int, frame: FrameType | None) -> None:
        signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS)
        if frame is None or frame.f_code is not within.__code__:
            raise TookTooLong

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_jsonl(text: str, source: str) -> Iterator[Document | SourceProblem]:
    """One article per line: {"id"?, "title"?, "text", "published"?, "source"?, "outlet"? or "source_name"?}."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield SourceProblem(where, f"malformed JSON ({error.msg})")
            continue
        except RecursionError:
            yield SourceProblem(where, "malformed JSON (nested too deeply)")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield SourceProblem(where, 'each line must be an object with a "text" string')
            continue
        document = Document.from_text(
            clean_text(record["text"]),
            title=clean_text(str(record.get("title") or "")),
            source=str(record.get("source") or (f"{source}#{record['id']}" if "id" in record else where)),
            published=_iso_date(record.get("published")),
            outlet=clean_text(str(record.get("outlet") or record.get("source_name") or "")).strip(),
        )
        yield _checked(document, where)


def parse_html(html: str, source: str) -> Document:
    """Main text of a page without scripts, menus and boilerplate; title, date and site name (the outlet) from
    its metadata."""
    import trafilatura

    html = clean_text(html)
    text = trafilatura.extract(_without_ads(html), include_comments=False, include_tables=False) or ""
    metadata = trafilatura.extract_metadata(html)
    title = clean_text((metadata.title if metadata else None) or "")
    published = _iso_date(metadata.date if metadata else None)
    outlet = clean_text((metadata.sitename if metadata else None) or "").strip()
    if title and not text.startswith(title):
        text = f"{title}\n{text}" if text else ""
    return Document.from_text(text, title=title, source=source, published=published, outlet=outlet)


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


def with_origin(document: Document, published: str | None = None, outlet: str = "") -> Document:
    """`document` with the date and outlet given for it (an empty one keeps what the document has)."""
    return replace(document, published=published or document.published, outlet=outlet or document.outlet)


def is_iso_date(text: str) -> bool:
    """Whether `text` is a real calendar date written YYYY-MM-DD."""
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and date.fromisoformat(text) is not None
    except ValueError:
        return False


def _iso_date(value: object) -> str | None:
    match = re.match(r"\d{4}-\d{2}-\d{2}", str(value or ""))
    return match.group(0) if match else None
