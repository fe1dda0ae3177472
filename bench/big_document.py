"""One very large document (20 MB by default) through extract, resolve and the SQLite store.

spaCy parses at most `nlp.max_length` characters at once, so the text is parsed in chunks
(`explorer.extract.chunks`). By default the document goes the way ingest sends it: streamed part by part
(one per chunk) through resolve and curation into one store transaction, so the peak should stay flat
as `--mb` grows. `--joined` measures the old way instead (all chunks joined into one Extraction, then
resolved and stored), whose peak grows with the text. The peak is reset after the text is built (Linux),
so it is that of extract, resolve and store. The last line is `mb=… chunks=… seconds=… peak_mb=…`.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from bench.synthetic import articles  # noqa: E402
from explorer.extract import DocumentParts, extract, load_nlp  # noqa: E402
from explorer.extract.chunks import extract_parts, split_text  # noqa: E402
from explorer.ingest import Writer  # noqa: E402
from explorer.model import Document, Extraction  # noqa: E402
from explorer.resolve import Resolver  # noqa: E402
from explorer.store.sqlite import SQLiteStore  # noqa: E402


def peak_mb() -> float:
    """Peak resident memory since the start, or since the last `reset_peak` where Linux allows it."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    except (OSError, AttributeError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    """Start the peak afresh (Linux), so each step's peak is its own and not the text's creation."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def big_text(megabytes: float) -> str:
    """Synthetic news paragraphs (invented names, varied sentences) up to `megabytes` of text."""
    wanted, parts, size = int(megabytes * 1_000_000), [], 0
    for article in articles(10**9, words_per_article=500):
        parts.append(article.text)
        size += len(article.text) + 2
        if size >= wanted:
            break
    return "\n\n".join(parts)


def count_words(text: str) -> int:
    """Words in `text`, without holding a list of millions of them (that alone would top the peak)."""
    return sum(1 for _ in re.finditer(r"\S+", text))


def streamed(document: Document, no_store: bool) -> float:
    """Parts extracted, resolved and stored one at a time, as ingest does; seconds taken."""
    started = time.perf_counter()
    counts = {"parts": 0, "entities": 0, "mentions": 0, "relations": 0, "events": 0}

    def counted(parts: Iterator[Extraction]) -> Iterator[Extraction]:
        for part in parts:
            counts["parts"] += 1
            for name in ("entities", "mentions", "relations", "events"):
                counts[name] += len(getattr(part, name))
            yield part

    parts = counted(extract_parts(document, load_nlp()))
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore.open(f"sqlite:///{folder}/graph.db")
        if no_store:
            for _ in parts:
                pass
        else:
            Writer(store).write(DocumentParts(document, parts))
            stats = store.stats()
            print(f"stored: {stats['entities']} entities, {stats['mentions']} mentions, "
                  f"{stats['relations']} relations, {stats['events']} events")
        store.close()
    seconds = time.perf_counter() - started
    print(f"extract{'' if no_store else ', resolve and store'} (streamed): {seconds:.1f} s; {counts}; "
          f"peak {peak_mb():.0f} MB")
    return seconds


def joined(document: Document) -> float:
    """The old way: one Extraction for the whole text, resolved and stored at once; seconds taken."""
    started = time.perf_counter()
    extraction = extract(document)
    extract_seconds = time.perf_counter() - started
    print(f"extract: {extract_seconds:.1f} s; {len(extraction.entities)} entities, {len(extraction.mentions)} "
          f"mentions, {len(extraction.relations)} relations, {len(extraction.events)} events; peak {peak_mb():.0f} MB")
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore.open(f"sqlite:///{folder}/graph.db")
        started = time.perf_counter()
        store.upsert_extraction(Resolver().resolve(extraction))
        store_seconds = time.perf_counter() - started
        store.close()
    print(f"resolve and store: {store_seconds:.1f} s; peak {peak_mb():.0f} MB")
    return extract_seconds + store_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0, help="size of the text in megabytes")
    parser.add_argument("--no-store", action="store_true", help="extract only")
    parser.add_argument("--joined", action="store_true", help="the old way: one joined Extraction, one upsert")
    args = parser.parse_args()

    load_nlp()
    print(f"model loaded: peak {peak_mb():.0f} MB")
    document = Document.from_text(big_text(args.mb), source="big-document")
    chunks = len(list(split_text(document.text)))
    print(f"text: {len(document.text) / 1e6:.1f} MB, {count_words(document.text)} words, {chunks} chunks; "
          f"peak {peak_mb():.0f} MB while building it")

    reset_peak()
    print(f"before extract: {peak_mb():.0f} MB")
    total = joined(document) if args.joined else streamed(document, args.no_store)
    print(f"mb={len(document.text) / 1e6:.1f} chunks={chunks} seconds={total:.1f} peak_mb={peak_mb():.0f}")


if __name__ == "__main__":
    main()
