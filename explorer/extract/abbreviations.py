"""Abbreviations a document defines ("Long Name (LN)") and acronyms it uses without defining them."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from explorer.extract.names import KEPT_TYPES, clean_span

# Words left out of acronyms ("Bank of England" → "BoE", "Department of Justice" → "DOJ").
_MINOR_WORDS = {"of", "the", "and", "for", "in", "on", "at", "to", "de", "del", "la", "le", "al", "el", "&"}


def looks_like_acronym(text: str) -> bool:
    """Two to eight letters, mostly capitals ("NATO", "EU", "BoE", "U.N." counts too)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not 2 <= len(letters) <= 8 or not text[0].isupper():
        return False
    uppers = sum(ch.isupper() for ch in letters)
    return uppers >= 2 and uppers * 2 >= len(letters) and all(ch.isalnum() or ch in ".&-" for ch in text)


def find_definitions(doc: Doc) -> dict[str, Span]:
    """Short form → long-form span, for every "Long Name (LN)" in `doc` whose letters fit."""
    found: dict[str, Span] = {}
    for ent in doc.ents:
        if ent.label_ not in KEPT_TYPES:
            continue
        long = clean_span(ent)
        end = ent.end
        if long is None or end + 2 >= len(doc):
            continue
        opening, short, closing = doc[end], doc[end + 1], doc[end + 2]
        if opening.text != "(" or closing.text != ")":
            continue
        if looks_like_acronym(short.text) and fits(short.text, long.text):
            found.setdefault(short.text, long)
    return found


def fits(short: str, long: str) -> bool:
    """Whether `short` can abbreviate `long`: same first letter, its letters in order within `long`."""
    letters = [ch.lower() for ch in short if ch.isalpha()]
    words = long.lower()
    if not letters or not words or letters[0] != words[0]:
        return False
    position = 0
    for letter in letters:
        position = words.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def initials(name: str) -> str:
    """Capital initials of the significant words: "Bank of England" → "BE", "World Health Organization" → "WHO"."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in _MINOR_WORDS]
    return "".join(w[0].upper() for w in words if w[:1].isalpha())


def is_multiword(name: str) -> bool:
    """A name an acronym can stand for (two words or more)."""
    return len(name.split()) >= 2


def acronym_letters(short: str) -> str:
    """The letters an acronym spells, as `is_acronym_of` compares them ("U.N." → "UN")."""
    return "".join(ch for ch in short if ch.isalpha()).upper()


def is_acronym_of(short: str, long: str) -> bool:
    """`short` spelled from the initials of `long` ("NATO" ↔ "North Atlantic Treaty Organization")."""
    if not looks_like_acronym(short) or not is_multiword(long):
        return False
    letters = acronym_letters(short)
    return letters == initials(long) and letters != long.upper()
