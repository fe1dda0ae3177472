"""Titles are roles, not names: mention spans fixed before keys are given.

The model tags pieces of a title as names: "Supreme" of "Supreme Leader Ayatollah X", "Defense" of
"Defense Secretary X", "the Middle East X" of "Minister for the Middle East X", and a common noun opening a
sentence ("Turnout was low") as a person. Here a mention made of title words only is dropped, a personal
name loses the portfolio written before it ("Minister for <portfolio> <name>"), and a lone common noun at
a sentence start is no person. The title itself stays in the text, where `roles` reads it as the
person's role.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from explorer.extract import attributes  # noqa: F401 - declares doc._.mentions
from explorer.extract.linking import LocalMention
from explorer.extract.token_table import TokenTable, token_table, word_ids
from explorer.extract.vocabulary import INSTITUTION_NOUNS
from explorer.names import ORG_KINDS, TITLE_WORDS

# "Minister for the Middle East", "Secretary of State": a title word, then the office's portfolio.
_PORTFOLIO_LINKS = {"for", "of"}
_PORTFOLIO_LINK_IDS, _THE = word_ids(_PORTFOLIO_LINKS), word_ids(["the"])
# A personal name written after a portfolio keeps at most this many words ("Tobias Ellwood").
_NAME_WORDS = 2
_COMPASS_ADJECTIVES = {"western", "eastern", "northern", "southern"}
# Last words of a region named as a portfolio ("Minister for the Middle East", "for South Asia").
_REGION_WORDS = {"east", "west", "north", "south", "africa", "asia", "europe", "americas", "pacific", "arctic",
                 "caribbean", "gulf", "balkans", "sahel"}
# Words that end an organisation's name, never a person's ("the Metropolitan Police Service").
_NOT_NAME_WORDS = ORG_KINDS | INSTITUTION_NOUNS | {"service", "affairs", "forces", "force", "guard", "corps"}


@Language.factory("explorer_titles", requires=["doc._.mentions"], assigns=["doc._.mentions"])
def make_titles(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The document's mentions without title fragments, personal names without their portfolio."""
    nouns = common_nouns(nlp)

    def titles(doc: Doc) -> Doc:
        doc._.mentions = fix_mentions(doc._.mentions, nouns)
        return doc

    return titles


def common_nouns(nlp: Language) -> frozenset[str]:
    """The English common nouns the model's lemmatizer knows (empty when it has no such table)."""
    return _known_words(nlp, ("noun",))


def english_words(nlp: Language) -> frozenset[str]:
    """Every English noun, verb, adjective and adverb the model's lemmatizer knows (empty without one)."""
    return _known_words(nlp, ("noun", "verb", "adj", "adv"))


def _known_words(nlp: Language, parts_of_speech: tuple[str, ...]) -> frozenset[str]:
    """The words of `parts_of_speech` in the lemmatizer's lemma index (empty when it has none)."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    table = lookups.get_table("lemma_index")
    return frozenset().union(*(table.get(pos, ()) for pos in parts_of_speech))


def fix_mentions(mentions: list[LocalMention], nouns: frozenset[str] = frozenset()) -> list[LocalMention]:
    """`mentions` without title fragments and common nouns, names without their portfolio."""
    if not mentions:
        return []
    table = token_table(mentions[0].span.doc)
    starts = {m.span.start: m for m in mentions}
    bounds = [(m.span.start, m.span.end) for m in mentions]  # as they were given, before any is cut
    elsewhere: Counter[int] | None = None  # the mentions' words but those opening a sentence, when asked
    kept = []
    for mention in mentions:
        span = mention.span
        after_title = _after_title(span, table)
        if is_title_only(span, table) or (after_title and _is_portfolio(span, starts)):
            continue
        if mention.label == "NORP" and span.text.lower() in _COMPASS_ADJECTIVES:
            continue  # "Western media": a direction, no people
        if _is_sentence_start_noun(span, mention.label, nouns):
            elsewhere = elsewhere if elsewhere is not None else _words_not_opening(table, bounds)
            if not elsewhere[table.lower_id[span.start]]:
                continue
        person = portfolio_and_name(span) if after_title else None
        if person is not None:
            mention.span, mention.label = person, "PERSON"
        kept.append(mention)
    return kept


def _words_not_opening(table: TokenTable, bounds: list[tuple[int, int]]) -> Counter[int]:
    """How often each word (by `lower` hash) stands in the tokens `bounds` but at a sentence start."""
    return Counter(table.lower_id[i] for start, end in bounds for i in range(start, end) if not table.is_sent_start[i])


def is_title_only(span: Span, table: TokenTable | None = None) -> bool:
    """"Supreme", "Defense", "Supreme Leader", "Lt. Gen.": every word a title or office word."""
    table = table or token_table(span.doc)
    punct, lowers, strings = table.is_punct, table.lower_id, table.strings
    seen = False
    for i in range(span.start, span.end):
        if punct[i]:
            continue
        word = strings[lowers[i]]
        if word not in TITLE_WORDS and word.rstrip(".") not in TITLE_WORDS:
            return False
        seen = True
    return seen


def portfolio_and_name(span: Span) -> Span | None:
    """"(Minister for) the Middle East Tobias Ellwood" tagged as one name: the person's name, its last
    words; None when `span` is no such run."""
    if len(span) <= _NAME_WORDS or not _after_title(span):
        return None
    name, portfolio = span[-_NAME_WORDS:], span[:-_NAME_WORDS]
    if not all(t.pos_ == "PROPN" and t.is_title and t.lower_ not in _NOT_NAME_WORDS for t in span):
        return None
    # The model read a person (and the portfolio with it), or the portfolio ends in a region's word.
    if span.label_ != "PERSON" and portfolio[-1].lower_ not in _REGION_WORDS:
        return None
    return Span(span.doc, name.start, name.end, label="PERSON")


def _after_title(span: Span, table: TokenTable | None = None) -> bool:
    """`span` follows "<title> for" or "<title> of" (and "the"): it starts with the office's portfolio."""
    table = table or token_table(span.doc)
    before = span.start - 1
    if before >= 0 and table.lower_id[before] in _THE:
        before -= 1
    return before >= 1 and table.lower_id[before] in _PORTFOLIO_LINK_IDS and table.lower[before - 1] in TITLE_WORDS


def _is_portfolio(span: Span, starts: dict[int, LocalMention]) -> bool:
    """"(Secretary of) State Antony Blinken", "(Minister for) the Middle East Tobias Ellwood": one word or a
    place between the title and a personal name (an organisation there is where the person serves)."""
    after = starts.get(span.end)
    return after is not None and after.label == "PERSON" and (len(span) == 1 or span.label_ in ("GPE", "LOC"))


def _is_sentence_start_noun(span: Span, label: str, nouns: frozenset[str]) -> bool:
    """"Turnout was low": one word opening a sentence, tagged a person, that is an English common noun
    (a name the document also writes elsewhere, "Bush" of "George Bush", is kept by the caller)."""
    if label != "PERSON" or len(span) != 1:
        return False
    token = span[0]
    return token.is_sent_start and token.is_title and token.lower_ in nouns
