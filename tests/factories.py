"""Hand-made test data: small resolved extractions for store and UI tests (independent of the NLP model),
and folders of tiny articles for the readers and ingest."""

from __future__ import annotations

from pathlib import Path

from explorer.model import (
    CO_MENTIONED,
    Document,
    Entity,
    Event,
    Extraction,
    Mention,
    MergeNote,
    Participant,
    Relation,
)

ACME = "e-acme"
GLOBEX = "e-globex"
JANE = "e-jane"
PARIS = "e-paris"
FRANCE = "e-france"
HOOLI = "e-hooli"
PEOPLE = ["Jane Smith", "Omar Haddad", "Li Wei", "Ana Costa", "Tom Berg", "Sara Nilsson", "Ivan Petrov"]
CITIES = ["Boston", "Lagos", "Lyon", "Porto", "Oslo", "Quito", "Perth"]


def _mention(text: str, doc: Document, entity: str, sentence: int) -> Mention:
    start = doc.text.index(text)
    return Mention(entity, doc.id, sentence, start, start + len(text), text)


def mentions_of(doc: Document, names: dict[str, str]) -> list[Mention]:
    """Every occurrence of each surface form (→ entity id), sentence index from the full stops before it."""
    found = []
    for surface, entity_id in names.items():
        start = doc.text.find(surface)
        while start != -1:
            sentence = doc.text[:start].count(". ") + doc.text[:start].count("\n")
            found.append(Mention(entity_id, doc.id, sentence, start, start + len(surface), surface))
            start = doc.text.find(surface, start + len(surface))
    return found


def first_extraction() -> Extraction:
    doc = Document.from_text(
        "Acme Corporation buys Globex\n"
        "Acme Corporation (Acme) agreed to acquire Globex on 3 March 2024, chief executive Jane Doe said "
        "in Paris. Acme said Globex would keep its name.",
        source="tests/acme.txt",
        published="2024-03-04",
    )
    sentence = doc.text.split("\n")[1].split(" Acme said")[0]
    entities = [
        Entity(
            ACME,
            "Acme Corporation",
            "ORG",
            ["Acme"],
            3,
            1,
            [],
            [MergeNote("Acme", "abbreviation", 1.0)],
            "ORG:acme corporation",
        ),
        Entity(GLOBEX, "Globex", "ORG", [], 3, 1, [], [], "ORG:globex"),
        Entity(JANE, "Jane Doe", "PERSON", [], 1, 1, ["chief executive"], [], "PERSON:jane doe"),
        Entity(PARIS, "Paris", "GPE", [], 1, 1, [], [], "GPE:paris"),
    ]
    mentions = [
        _mention("Acme Corporation", doc, ACME, 0),
        _mention("Globex", doc, GLOBEX, 0),
        _mention("Jane Doe", doc, JANE, 1),
        _mention("Paris", doc, PARIS, 1),
    ]
    relations = [
        Relation(ACME, GLOBEX, "ACQUIRED", "acquire", doc.id, 1, sentence, 0.9),
        Relation(JANE, ACME, "HOLDS_ROLE", "chief executive", doc.id, 1, sentence, 0.8),
        Relation(ACME, GLOBEX, CO_MENTIONED, "", doc.id, 1, sentence, 0.3),
        Relation(ACME, JANE, CO_MENTIONED, "", doc.id, 1, sentence, 0.3),
        Relation(GLOBEX, PARIS, CO_MENTIONED, "", doc.id, 1, sentence, 0.3),
    ]
    events = [
        Event(
            "ev-acq",
            "Acme Corporation acquire Globex",
            "2024-03-03",
            "day",
            doc.id,
            1,
            sentence,
            [Participant(ACME, "agent"), Participant(GLOBEX, "patient")],
            "3 March 2024",
        ),
    ]
    return Extraction(doc, entities, mentions, relations, events)


def second_extraction() -> Extraction:
    doc = Document.from_text(
        "Globex sues Hooli\nGlobex filed a lawsuit against Hooli in France in May. Hooli denied it.",
        source="tests/globex.txt",
    )
    sentence = doc.text.split("\n")[1].split(" Hooli denied")[0]
    entities = [
        Entity(GLOBEX, "Globex", "ORG", ["Globex Inc"], 2, 1, [], [], "ORG:globex"),
        Entity(HOOLI, "Hooli", "ORG", [], 3, 1, [], [], "ORG:hooli"),
        Entity(FRANCE, "France", "GPE", [], 1, 1, [], [], "GPE:country:FR"),
    ]
    mentions = [
        _mention("Globex", doc, GLOBEX, 0),
        _mention("Hooli", doc, HOOLI, 0),
        _mention("France", doc, FRANCE, 1),
    ]
    relations = [
        Relation(GLOBEX, HOOLI, "SUED", "sue", doc.id, 1, sentence, 0.85),
        Relation(HOOLI, FRANCE, CO_MENTIONED, "", doc.id, 1, sentence, 0.3),
        Relation(GLOBEX, HOOLI, CO_MENTIONED, "", doc.id, 1, sentence, 0.3),
    ]
    events = [
        Event(
            "ev-suit",
            "Globex sue Hooli",
            "2024-05",
            "month",
            doc.id,
            1,
            sentence,
            [Participant(GLOBEX, "agent"), Participant(HOOLI, "patient")],
            "May",
        ),
    ]
    return Extraction(doc, entities, mentions, relations, events)


def sample_extractions() -> list[Extraction]:
    return [first_extraction(), second_extraction()]


def tiny_article(n: int) -> str:
    """A tiny article of its own (different text, so a different document)."""
    return f"Report {n}. {PEOPLE[n % 7]} joined Firm{n} Holdings in {CITIES[n // 7 % 7]} on {n % 28 + 1} May."


def tiny_folder(root: Path, count: int, unsupported: int) -> Path:
    """`count` tiny articles in nested folders under root/many, beside `unsupported` PDFs and one .docx."""
    folder = root / "many"
    for n in range(count):
        sub = folder / f"batch{n // 500:02d}"  # nested folders are read too
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{n:05d}.txt").write_text(tiny_article(n), encoding="utf-8")
    for n in range(unsupported):
        (folder / f"scan{n}.pdf").write_bytes(b"%PDF-1.4 not read")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    return folder
