"""Long documents: cut at paragraph boundaries, parsed chunk by chunk, one Extraction in the text's terms."""

from __future__ import annotations

import pytest
import spacy

from explorer.extract import DocumentParts, ExtractionFailure, chunks, extract, extract_many, load_nlp
from explorer.extract.chunks import split_text
from explorer.extract.document import build_extraction, parse
from explorer.extract.pipeline import add_components
from explorer.model import CO_MENTIONED, Document

PEOPLE = ["Anna Berg", "Tomas Lind", "Rosa Vik"]
ORGS = ["Northwind Holdings", "Kestrel Bank"]
PLACES = ["Marrow", "Tallis"]
FILLER = "The meeting lasted several hours. Nothing else was agreed. Observers expected more talks."
SENTENCES_PER_PARAGRAPH = 5


def _paragraph(n: int) -> str:
    """Five sentences; the second names three entities, the fourth only a surname."""
    person, org, place = PEOPLE[n % 3], ORGS[n % 2], PLACES[n % 2]
    surname = person.split()[-1]
    first, second, third = FILLER.split(". ")
    return f"Report {n} follows. {person} of {org} met officials in {place}. {first}. {surname} spoke. {second}."


@pytest.fixture(scope="module")
def fast_nlp():
    """Names by pattern, sentences by punctuation: a stand-in that parses megabytes in seconds."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    patterns = [("PERSON", PEOPLE), ("ORG", ORGS), ("GPE", PLACES)]
    ruler.add_patterns([{"label": label, "pattern": name} for label, names in patterns for name in names])
    return add_components(nlp)


def test_chunks_cover_the_text_and_end_at_paragraphs():
    text = "\n\n".join(_paragraph(n) for n in range(200))
    spans = list(split_text(text, 2000))
    assert "".join(text[start:end] for start, end in spans) == text
    assert all(end - start <= 2000 for start, end in spans) and len(spans) > 5
    assert all(text[end - 2 : end] == "\n\n" for _, end in spans[:-1])


def test_a_text_without_breaks_is_still_cut_below_the_limit():
    assert list(split_text("x" * 2500, 1000)) == [(0, 1000), (1000, 2000), (2000, 2500)]
    assert list(split_text("", 1000)) == [(0, 0)]
    spans = list(split_text("One line. " * 300, 1000))
    assert all(end - start <= 1000 for start, end in spans)


def test_megabytes_give_one_extraction_in_the_whole_texts_terms(fast_nlp):
    paragraphs = 16_000
    document = Document.from_text("\n\n".join(_paragraph(n) for n in range(paragraphs)))
    assert 1_500_000 < len(document.text) < 3_000_000  # well past spaCy's max_length of 1,000,000

    extraction = extract(document, fast_nlp)

    assert all(document.text[m.start : m.end] == m.text for m in extraction.mentions)
    assert {m.doc for m in extraction.mentions} == {document.id}
    # Offsets say which paragraph a mention is in; its sentence number must agree.
    starts = [document.text.rfind("Report ", 0, m.start) for m in extraction.mentions]
    for mention, start in zip(extraction.mentions, starts, strict=True):
        paragraph = int(document.text[start + 7 : document.text.index(" ", start + 7)])
        surname = mention.text in {p.split()[-1] for p in PEOPLE}
        expected = paragraph * SENTENCES_PER_PARAGRAPH + (3 if surname else 1)
        assert mention.sentence == expected, mention
    by_name = {e.name: e for e in extraction.entities}
    assert set(by_name) == {*PEOPLE, *ORGS, *PLACES}  # one entity per key across every chunk
    assert by_name["Anna Berg"].mention_count == 2 * len(range(0, paragraphs, 3))
    assert "Berg" in by_name["Anna Berg"].aliases
    assert sorted(e.id for e in extraction.entities) == sorted(f"L{n}" for n in range(len(by_name)))
    _relations_agree_with_mentions(extraction)


def _relations_agree_with_mentions(extraction):
    """Every co-mention links two entities named in that very sentence."""
    in_sentence = {(m.entity, m.sentence) for m in extraction.mentions}
    co_mentions = [r for r in extraction.relations if r.type == CO_MENTIONED]
    assert co_mentions
    assert all((r.source, r.sentence) in in_sentence and (r.target, r.sentence) in in_sentence for r in co_mentions)
    assert len({(r.source, r.target, r.sentence) for r in co_mentions}) == len(co_mentions)


def test_chunked_parse_matches_one_parse_on_real_text(monkeypatch):
    nlp = load_nlp()
    text = "\n\n".join(
        f"{PEOPLE[n % 3]}, the chief executive of {ORGS[n % 2]}, said on Monday that the bank would open "
        f"an office in {PLACES[n % 2]} next year. {PEOPLE[(n + 1) % 3]} criticised the plan."
        for n in range(30)
    )
    document = Document.from_text(text, published="2024-05-14")
    whole = build_extraction(document, next(parse(nlp, [document])))
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 1500)

    parts = extract(document, nlp)

    assert len(list(split_text(document.text))) > 3
    assert [(m.start, m.end, m.sentence) for m in sorted(parts.mentions, key=lambda m: m.start)] == [
        (m.start, m.end, m.sentence) for m in sorted(whole.mentions, key=lambda m: m.start)
    ]
    assert {(e.name, e.type, e.mention_count) for e in parts.entities} == {
        (e.name, e.type, e.mention_count) for e in whole.entities
    }
    assert len({e.id for e in parts.events}) == len(parts.events) == len(whole.events)


def test_extract_many_parses_a_long_document_in_chunks(monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 1000)
    long = Document.from_text("\n\n".join(_paragraph(n) for n in range(40)))
    short = Document.from_text("Anna Berg met Tomas Lind in Marrow.")

    out = list(extract_many([short, long, short], workers=1))

    assert not any(isinstance(o, ExtractionFailure) for o in out)
    assert [o.document.id for o in out] == [short.id, long.id, short.id]
    assert all(long.text[m.start : m.end] == m.text for m in out[1].mentions)


def test_parts_hold_the_same_records_as_the_joined_extraction(fast_nlp):
    document = Document.from_text("\n\n".join(_paragraph(n) for n in range(300)))
    whole = chunks.extract_long(document, fast_nlp, limit=2000)

    parts = list(chunks.extract_parts(document, fast_nlp, limit=2000))

    assert len(parts) == len(list(split_text(document.text, 2000))) > 5
    assert all(p.document is document for p in parts)
    ids = [e.id for p in parts for e in p.entities]
    assert len(ids) == len(set(ids)) and all(i.startswith("C") for i in ids)
    mentions = [m for p in parts for m in p.mentions]
    assert all(document.text[m.start : m.end] == m.text for m in mentions)
    assert sorted((m.start, m.end, m.sentence) for m in mentions) == sorted(
        (m.start, m.end, m.sentence) for m in whole.mentions
    )
    by_id = {e.id: e for p in parts for e in p.entities}
    assert sorted((by_id[m.entity].key, m.start) for m in mentions) == sorted(
        ({e.id: e for e in whole.entities}[m.entity].key, m.start) for m in whole.mentions
    )
    assert sorted(e.id for p in parts for e in p.events) == sorted(e.id for e in whole.events)
    assert sum(len(p.relations) for p in parts) == len(whole.relations)
    assert all(r.source in by_id and r.target in by_id for p in parts for r in p.relations)


def test_extract_many_streams_a_long_document_as_parts_when_asked(monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 1000)
    long = Document.from_text("\n\n".join(_paragraph(n) for n in range(40)))
    short = Document.from_text("Anna Berg met Tomas Lind in Marrow.")

    out = list(extract_many([short, long, short], workers=1, stream_long=True))

    assert [o.document.id for o in out] == [short.id, long.id, short.id]
    assert isinstance(out[1], DocumentParts) and not isinstance(out[0], DocumentParts)
    parts = list(out[1].parts)
    assert len(parts) > 3
    assert all(long.text[m.start : m.end] == m.text for p in parts for m in p.mentions)


def test_extract_many_streams_long_documents_beside_worker_processes(monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 1000)
    long = Document.from_text("\n\n".join(_paragraph(n) for n in range(20)))
    shorts = [Document.from_text(f"Anna Berg met Tomas Lind in Marrow on day {n}.") for n in range(9)]
    documents = [*shorts[:3], long, *shorts[3:]]

    out = list(extract_many(documents, workers=2, stream_long=True))

    assert [o.document.id for o in out] == [d.id for d in documents]
    assert [isinstance(o, DocumentParts) for o in out] == [d is long for d in documents]
    assert sum(len(p.mentions) for p in out[3].parts) > 0
