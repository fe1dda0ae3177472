"""The naming vocabulary, shared by extraction and resolution: how a name is normalised, keyed,
abbreviated and compared, and which types may name one thing. Plain strings in, plain strings out: no
spaCy, so resolving, searching and proposing duplicates never load a language model.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- word lists --------------------------------------------------------------------------------------------
# Small words that link the words of a name ("Bank of England", "Department for Education").
LINK_WORDS = {"the", "a", "an", "of", "and", "for", "in", "on", "at", "to", "&"}
# Particles of personal names that a short form may drop or keep ("al-Assad" / "Assad", "van Gogh").
NAME_PARTICLES = {"al", "el", "bin", "ibn", "van", "von", "der", "de", "da", "di", "du", "del", "le", "la"}
# Company forms that do not change which company is meant ("Acme Corp." is "Acme").
LEGAL_SUFFIXES = {
    "inc", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc", "ag", "sa", "gmbh",
    "nv", "bv", "lp", "llp", "holdings",
}  # fmt: skip
# Words that only say what kind of organisation a name is ("Meridian Pharmaceuticals", "Fatah Alliance").
ORG_KINDS = LEGAL_SUFFIXES | {
    "group", "holding", "pharmaceuticals", "pharma", "energy", "bank", "airlines", "airways", "motors",
    "technologies", "technology", "systems", "industries", "international", "alliance", "coalition",
    "movement", "party", "bloc", "front", "football", "club", "fc", "foods", "media", "entertainment", "labs",
    "networks", "insurance",
}  # fmt: skip
# Words left out when a name is spelt as an acronym ("Bank of England" → "BoE", "Department of Justice" → "DOJ").
ACRONYM_SKIPPED = LINK_WORDS - {"a", "an"} | {"de", "del", "la", "le", "al", "el"}
# Words that say nothing about which thing a name names, when two names are compared word by word.
FILLER = LINK_WORDS | NAME_PARTICLES | LEGAL_SUFFIXES
# Titles and offices written before a personal name ("Prime Minister …", "Judge …", "Gen. …").
TITLE_WORDS = {
    word.lower()
    for word in """
    Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Prof Prof. Professor Sir Dame Lord Lady Rev Rev. Reverend
    President Vice Prime Minister Premier Chancellor Secretary Deputy Foreign Defense Defence Interior
    Finance Justice Chief Judge Magistrate Attorney General Gen Gen. Lt Lt. Lieutenant Col Col. Colonel
    Maj Maj. Major Capt Capt. Captain Sgt Sgt. Sergeant Admiral Adm Adm. Commander Marshal Brigadier
    Senator Sen Sen. Representative Rep Rep. Congressman Congresswoman Governor Gov Gov. Mayor
    Speaker Ambassador Envoy Commissioner Chairman Chairwoman Chair Director Executive CEO CFO Coach
    Manager King Queen Prince Princess Crown Emir Sheikh Sultan Pope Cardinal Bishop Archbishop
    Imam Rabbi Ayatollah Grand Supreme Leader Mullah Father Sister Brother President-elect Former
    """.split()
}

# --- when two spellings are one name (rapidfuzz ratios, 0–100) ---------------------------------------------
SAME_NAME = 90  # two whole names, for resolution to merge them without asking
SAME_WORD = 80  # each word of two such names
CANDIDATE_WORD = 85  # a word, for proposing a duplicate to an analyst
CANDIDATE_LONG_WORD = 75  # a word of 7 letters or more: long words vary more in transliteration ("Gaddafi" / "Qadhafi")

# --- normal forms ----------------------------------------------------------------------------------------
_INITIAL_DOTS = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\b)")
_LEADING_THE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"'s\b", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")
# Zero-width and bidi control characters: invisible, so "Pa\u200cris" reads as Paris and must match it.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Apostrophes and the marks transliteration writes for ayn and hamza: "Da’esh", "Da'esh" and "Daesh",
# "Sha'b" and "Shab" are one spelling once they go (only inside a word: "Iraq's" keeps its possessive).
_APOSTROPHE = re.compile("(?<=\\w)['’‘`´ʼʻʽʾʿ](?=\\w)")
# ASCII letters and digits in words one blank apart: only the case and a leading "the" change.
_PLAIN = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")


# Pure and called for every name at every step of resolution, with few distinct names: cached.
@lru_cache(maxsize=1 << 16)
def normalise_name(text: str) -> str:
    """Lower case, no accents, apostrophes, punctuation or invisible characters: "the U.S." → "us",
    "Côte d'Ivoire" → "cote divoire", "Sha’ab" → "shaab", "Pa\u200cris" → "paris"."""
    if _PLAIN.fullmatch(text):  # most names: the steps below would change nothing else
        folded = text.lower()
        return folded[4:] if folded.startswith("the ") else folded
    text = INVISIBLE.sub("", text).replace("’", "'")
    text = _APOSTROPHE.sub("", _POSSESSIVE.sub("", text))
    if not text.isascii():  # ASCII has nothing to decompose or strip
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = _INITIAL_DOTS.sub("", text.casefold())
    text = _LEADING_THE.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


def display_name(text: str) -> str:
    """A name as written, without invisible characters or runs of blanks ("Mosul\u200e" → "Mosul")."""
    return " ".join(INVISIBLE.sub("", text).split())


_TRANSLITERATION_FOLDS = (("ou", "u"), ("ee", "i"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("y", "i"))
_DOUBLED = re.compile(r"(\w)\1+")


def spelling_form(normalised: str) -> str:
    """A normalised name as its transliterations agree on it, for comparing spellings (never as a key):
    doubled letters single, "y" as "i", "ou" as "u", "q" as "k" ("Sergey Lavrentyev" → "sergei lavrentiev",
    "Abu Jaafar al-Kaabi" → "abu jafar al kabi")."""
    for written, folded in _TRANSLITERATION_FOLDS:
        normalised = normalised.replace(written, folded)
    return _DOUBLED.sub(r"\1", normalised)


def compact_form(normalised: str) -> str:
    """A normalised name without its spaces: "Ghaffari-Nejad" and "Ghaffarinejad" are one spelling."""
    return normalised.replace(" ", "")


def org_core(normalised: str) -> str:
    """A normalised organisation name without its legal form ("acme corp" → "acme")."""
    words = normalised.split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def core_name(name: str, label: str) -> str:
    """The normalised name, and for an organisation its core without legal forms."""
    normalised = normalise_name(name)
    return org_core(normalised) if label == "ORG" else normalised


def person_words(name: str) -> list[str]:
    """Folded words of a personal name without particles ("al-Assad" → ["assad"])."""
    return [w for w in normalise_name(name).split() if w not in NAME_PARTICLES]


# --- keys: what resolution files a name under --------------------------------------------------------------
def name_key(name: str, label: str) -> str:
    """The key of a name with no better knowledge: its type family and core name."""
    return f"{type_family(label)}:{core_name(name, label)}"


def country_key(code: str) -> str:
    """The key of the country with ISO code `code`, whatever name or demonym wrote it."""
    return f"GPE:country:{code}"


def is_country_key(key: str) -> bool:
    return key.startswith("GPE:country:")


# --- acronyms ---------------------------------------------------------------------------------------------
def looks_like_acronym(text: str) -> bool:
    """Two to eight letters, mostly capitals ("NATO", "EU", "BoE", "U.N." counts too)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not 2 <= len(letters) <= 8 or not text[0].isupper():
        return False
    uppers = sum(ch.isupper() for ch in letters)
    return uppers >= 2 and uppers * 2 >= len(letters) and all(ch.isalnum() or ch in ".&-" for ch in text)


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
    words = [w for w in name.replace("-", " ").split() if w.lower() not in ACRONYM_SKIPPED]
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


# --- types that may name one thing ---------------------------------------------------------------------------
PLACE_TYPES = ("GPE", "LOC", "FAC")
_GROUP_TYPES = ("ORG", "NORP")


def type_family(label: str) -> str:
    """The family a name's key is filed under: every place type is one family, other types their own."""
    if label in PLACE_TYPES:
        return "PLACE"
    return label


def type_class(label: str) -> str:
    """The class of types that may name one thing: a type family, with organisations and groups joined."""
    return "ORG" if label in _GROUP_TYPES else type_family(label)


def compatible_types(a: str, b: str) -> bool:
    """Types the model confuses for one thing: the same family, or an organisation and a group."""
    return type_class(a) == type_class(b)
