"""Names a text states for a thing it names ("also known as", "known by its initials", "X, or Y,"), and
the spans and keys of names (apostrophes, invisible marks, brackets)."""

from __future__ import annotations

import pytest

from explorer.extract import extract
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
