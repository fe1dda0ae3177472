"""Names a text states for a thing it names ("also known as", "known by its initials", "X, or Y,"), and
the spans and keys of names (apostrophes, invisible marks, brackets)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Span

from explorer.extract import extract, offices, stated_names
from explorer.extract.linking import LocalMention
from explorer.model import Document
from explorer.names import display_name, name_key, normalise_name


def _entities(nlp, text: str) -> dict[str, set[str]]:
    """Entity name → its names (name and aliases), for one extracted text."""
    x = extract(Document.from_text(text), nlp)
    return {e.name: {e.name, *e.aliases} for e in x.entities}


def _one_entity_has(found: dict[str, set[str]], *names: str) -> bool:
    return any(set(names) <= all_names for all_names in found.values())


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("The fighters of Daesh (also known as ISIL) attacked the town on Monday.", ("Daesh", "ISIL")),
        (
            "Police arrested eight members of Jamaat Hamza bin Abd al-Muttalib, a militia also called "
            "Jama’at Hamza and known by its initials, JHM, after rockets struck. The JHM denied any role.",
            ("Jamaat Hamza bin Abd al-Muttalib", "Jama’at Hamza", "JHM"),
        ),
        (
            "Abboud Qanbar (Arabic: \u200e\u200eعبود قنبر), also known as Abu Haidar, is an Iraqi general.",
            ("Abboud Qanbar", "Abu Haidar"),
        ),
        (
            "The Movement for Change, or Gorran, won nine seats in the Kurdistan Region.",
            ("Movement for Change", "Gorran"),
        ),
        ("The U.S. Federal Trade Commission (FTC) sued Meridian on Monday.", ("U.S. Federal Trade Commission", "FTC")),
    ],
)
def test_a_stated_name_joins_the_name_it_follows(nlp, text, names):
    assert _one_entity_has(_entities(nlp, text), *names)


def test_the_short_form_with_the_joins_the_longer_group_name(nlp):
    found = _entities(
        nlp,
        "The Popular Front, known in Arabic as al-Jabha al-Shaabiya, was formed in 2014. "
        "The Jabha said on Monday it would fight.",
    )
    assert _one_entity_has(found, "Popular Front", "al-Jabha al-Shaabiya", "Jabha")


@pytest.mark.parametrize(
    ("text", "apart"),
    [
        ("Troops from Iraq, Syria, or Jordan, arrived on Monday.", ("Syria", "Jordan")),
        ("President Donald Trump called Joe Biden a weak leader on Tuesday.", ("Donald Trump", "Joe Biden")),
        ("Hezbollah named Naim Qassem as its new leader in October.", ("Hezbollah", "Naim Qassem")),
    ],
)
def test_a_list_or_a_verb_of_naming_someone_is_not_a_stated_name(nlp, text, apart):
    found = _entities(nlp, text)
    assert not _one_entity_has(found, *apart), found


def test_apostrophes_and_transliteration_marks_fold_out_of_name_keys():
    assert normalise_name("Da’esh") == normalise_name("Da'esh") == normalise_name("Daesh") == "daesh"
    assert name_key("Kata'ib Hizballah", "ORG") == name_key("Kataib Hizballah", "ORG")
    assert normalise_name("Iraq’s") == normalise_name("IRAQ'S") == "iraq"
    assert normalise_name("Mosul\u200e") == "mosul"


def test_names_drop_invisible_marks_and_never_end_in_an_open_bracket(nlp):
    x = extract(
        Document.from_text(
            "The National People's Congress (NPC said the law passed. Officials in Mosul\u200e said it was quiet. "
            "Abu Haidar,[1] a general, agreed."
        ),
        nlp,
    )
    names = {e.name for e in x.entities} | {a for e in x.entities for a in e.aliases}
    assert "National People's Congress" in names and "Mosul" in names and "Abu Haidar" in names
    assert not any(ch in name for name in names for ch in "([\u200e")
    assert display_name(" Mosul\u200e  city\u200b ") == "Mosul city"


@pytest.mark.parametrize(
    ("text", "office", "person"),
    [
        ("Minister for the Middle East, Tobias Ellwood, said the talks were useful.", "Minister for the Middle East",
         "Tobias Ellwood"),
        ("Gareth Bayley, the UK Special Representative for Syria, met officials in Geneva.",
         "the UK Special Representative", "Gareth Bayley"),
        ("The Iraqi Foreign Minister, Ibrahim al-Jaafari, said so.", "The Iraqi Foreign Minister",
         "Ibrahim al-Jaafari"),
        # An office with its portfolio right before the name, no comma between.
        ("Minister for Central Asia Oliver Granger visited Amman on Monday.", "Minister for Central Asia",
         "Oliver Granger"),
        # A rank the model left out of the name ("Staff Colonel") stands between the office and "is".
        ("His Chief of Staff is General Omar Fadel, and his Chief of Plans is Staff Colonel Karim Haddad.",
         "his Chief of Plans", "Karim Haddad"),
        # "a.i." (ad interim) between the office and the name; an elided "d’" inside the office.
        ("In Amman, the Canadian Embassy Chargé d’Affaires, a.i., Peter Lang opened the fair.",
         "the Canadian Embassy Chargé d’Affaires", "Peter Lang"),
    ],
)
def test_an_office_beside_a_name_points_to_the_person_without_becoming_a_name(nlp, text, office, person):
    x = extract(Document.from_text(text), nlp)
    [entity] = [e for e in x.entities if e.name == person]
    assert office in {m.text for m in x.mentions if m.entity == entity.id}
    assert office not in entity.aliases


def test_an_office_keeps_out_ministries_lists_and_the_country_it_is_of(nlp):
    x = extract(
        Document.from_text(
            "In 1890, the 34th President of the United States, Dwight Eisenhower, was born. "
            "He met the deputy secretary of the Foreign Ministry, Abdul Halim Ali, and his aide, Omar Said."
        ),
        nlp,
    )
    texts = {m.text for m in x.mentions}
    assert "United States" in texts or "the United States" in texts
    assert not any(t.endswith("Foreign Ministry") and t != "Foreign Ministry" for t in texts)
    assert not any("President of the United States" in t for t in texts)


def test_an_acronym_in_brackets_finds_the_long_name_the_model_cut(nlp):
    found = _entities(nlp, "Fighters of the Islamic State of Iraq and the Levant (ISIL) took the town. ISIL denied it.")
    assert _one_entity_has(found, "Islamic State of Iraq and the Levant", "ISIL")
    found = _entities(nlp, "He led al-Qaeda in Iraq (AQI) until 2006, when AQI was weakened.")
    assert _one_entity_has(found, "al-Qaeda in Iraq", "AQI")


@pytest.mark.parametrize(
    ("plain", "folded"),
    [("The Hague", "hague"), ("NEW YORK", "new york"), ("Theodore Roosevelt", "theodore roosevelt"), ("the", "the"),
     ("Route 66", "route 66")],
)
def test_plain_names_fold_as_every_name_does(plain, folded):
    """Letters, digits and single blanks take a short way, to the same result as the full folding."""
    assert normalise_name(plain) == folded == normalise_name(plain.replace(" ", "  ") + ".")


def test_an_office_after_a_name_the_model_cut_short_still_points_to_the_person(nlp):
    x = extract(Document.from_text(
        "Dr. Samir Adel Nouri, Acting Director of the Office of Archives at the ministry, opened the hall."
    ), nlp)
    office = next(m for m in x.mentions if m.text == "Acting Director of the Office of Archives")
    person = next(e for e in x.entities if e.id == office.entity)
    assert person.type == "PERSON" and "Samir" in person.name


def test_an_acronym_defined_after_two_names_run_together_splits_them(nlp):
    found = _entities(nlp, (
        "Experts from the Iraqi Ministry of Water, National Irrigation Authority (NIA) met donors in Basra. "
        "The NIA said repairs would start in May."
    ))
    assert _one_entity_has(found, "National Irrigation Authority", "NIA")
    assert not any("," in name for names in found for name in names)


def test_an_office_before_a_surname_typed_otherwise_points_to_the_person_named_in_full(nlp):
    x = extract(Document.from_text(
        "Officials met the Jordanian Interior Minister, Walid al- Tarawneh in Amman. "
        "The Jordanian Interior Minister, Walid al-Tarawneh, said the border would reopen."
    ), nlp)
    person = next(e for e in x.entities if e.name == "Walid al-Tarawneh")
    offices = [m for m in x.mentions if m.text.lower() == "the jordanian interior minister"]
    assert len(offices) == 2 and all(m.entity == person.id for m in offices)


def test_a_surname_the_model_typed_as_a_place_counts_as_a_person_for_offices(nlp):
    doc = nlp.make_doc("Walid al-Tarawneh spoke. The minister, Tarawneh, left Amman.")
    full, surname, place = Span(doc, 0, 4), Span(doc, 9, 10), Span(doc, 12, 13)
    assert (full.text, surname.text, place.text) == ("Walid al-Tarawneh", "Tarawneh", "Amman")
    mentions = [LocalMention(full, "PERSON", 0), LocalMention(surname, "GPE", 1), LocalMention(place, "GPE", 1)]
    assert [m.span.text for m in offices._people(mentions)] == ["Walid al-Tarawneh", "Tarawneh"]


def test_an_office_written_again_alone_points_to_its_one_holder(nlp):
    x = extract(Document.from_text(
        "Defence Secretary Anna Berg visited Oslo on Monday. The Defence Secretary said the talks went well."
    ), nlp)
    [person] = [e for e in x.entities if e.name == "Anna Berg"]
    assert "The Defence Secretary" in {m.text for m in x.mentions if m.entity == person.id}
    assert "Defence Secretary" not in person.aliases and "The Defence Secretary" not in person.aliases


def test_an_office_two_people_hold_points_to_neither(nlp):
    x = extract(Document.from_text(
        "Foreign Minister Anna Berg met Foreign Minister Karl Lund in Oslo. The Foreign Minister said so."
    ), nlp)
    assert not any(m.text == "The Foreign Minister" for m in x.mentions)


def _windows(text: str):
    """Every window `find_stated_names` may cut from `text`: (its start, its text)."""
    for start in range(len(text) + 1):
        yield start, text[start : start + stated_names._REACH]


ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


_TRIGGER_TEXTS = [
    *(p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))),
    "Xor known", "Xknown as", "or", "a:b", "foo or", "Aor b", "unknown", "b" * 199 + "or", "a" * 198 + " or" + "ganic",
    "the party, formally known as", "Kataib (Arabic: كتائب)", "al-Qaeda or", "a " * 120 + "renamed",
]  # fmt: skip


@pytest.mark.parametrize("text", _TRIGGER_TEXTS)
def test_trigger_words_found_once_in_the_text_are_those_each_window_holds(text):
    triggers = [(m.start(), m.end()) for m in stated_names._TRIGGER.finditer(text)]
    for start, after in _windows(text):
        assert stated_names._has_trigger(after, start, triggers) == bool(stated_names._TRIGGER.search(after))


@pytest.mark.parametrize("text", _TRIGGER_TEXTS)
def test_a_pattern_whose_opening_fails_matches_at_no_word_start(text):
    for _, after in _windows(text):
        for number, pattern in enumerate(stated_names._STATED):
            if stated_names._OPENINGS[number].match(after):
                continue
            assert not any(pattern.match(after, 0, cut) for cut in stated_names._cuts(after))
