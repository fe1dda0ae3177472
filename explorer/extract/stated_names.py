"""Other names a document states for a name it has just written: "Daesh (also known as ISIL)", "a militia
also called Jaysh al-Sha’b and known by its initials, JAS", "X, or Y,", "X, officially Y", "X (Arabic: …,
'Y')". Each stated name is paired with the name it follows, so the two become one entity (`linking`
gives the second the first's key) and resolution knows both as names of it. A stated name the model did
not tag becomes a mention of the first name's type.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from explorer.extract.attributes import text_of  # the module declares doc._.stated_names
from explorer.extract.linking import LocalMention
from explorer.extract.offices import find_office_repeats, find_offices
from explorer.extract.spans import clean_span
from explorer.names import NAME_PARTICLES, compatible_types

# "known as", "known in Arabic as", "known by its initials,"; "called", "named" and the like also act
# ("Trump called Biden …", "the party named Rossi …"), so they name only after an adverb ("also called"),
# a comma or bracket, or a noun phrase ("a militia called").
_KNOWN = (
    r"(?:known|referred\s+to)"
    r"(?:\s+(?:in|by)\s+(?:(?:its|their|the|his|her)\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,2}?)?(?:\s+as|\s*,)"
)
_CALLED = r"(?:called|named|dubbed|nicknamed|styled|renamed|spelt|spelled|abbreviated)(?:\s+in\s+[\w’'-]+)?(?:\s+as)?"
_ADVERB = r"(?:also|formerly|previously|originally|commonly|widely|popularly|sometimes|often|locally|now|better)\s+"
_RELATIVE = r"(?:(?:which|who|that)\s+(?:is|was|are|were|has\s+been)\s+)?"
_CONJUNCTION = r"(?:(?:and|or|but)\s+)?"
# What may stand between a name and the naming words: a bracket ("(Arabic: عبود قنبر)"), then a comma or
# an opening bracket, or a short noun phrase ("a militia", "the Shia armed group"), or both.
_ASIDE = r"^\s*(?:\([^()]*\)\s*)?"
_NOUN_PHRASE = r"(?:a|an|the)\s+(?:[a-z][\w-]*\s+){0,3}?"
_BREAK = rf"(?:[,(;:—–]\s*(?:{_NOUN_PHRASE})?|{_NOUN_PHRASE})"
_THE = r"\s*(?:the\s+)?$"
_STATED = [
    re.compile(_ASIDE + rf"{_BREAK}?{_CONJUNCTION}{_RELATIVE}(?:{_ADVERB})?{_KNOWN}" + _THE),
    re.compile(_ASIDE + rf"{_BREAK}?{_CONJUNCTION}{_RELATIVE}{_ADVERB}{_CALLED}" + _THE),
    re.compile(_ASIDE + rf"{_BREAK}{_RELATIVE}{_CALLED}" + _THE),
    re.compile(_ASIDE + r"[,(]\s*(?:whose|its|his|her|their)\s+name\s+is\s+(?:also\s+|often\s+|sometimes\s+)?"
               r"(?:written|spelt|spelled|transliterated|rendered)(?:\s+as)?" + _THE),
    re.compile(r"^\s*,\s*(?:officially|formally)\s+(?:(?:known\s+as|called|named)\s+)?(?:the\s+)?$"),
    # "X, or Y," and "X (or Y)": the second name closed by a comma or bracket (checked after it).
    re.compile(r"^\s*(?:,|\()\s*or\s+(?:the\s+)?$"),
    # A translation in brackets after a language's name: "X (Arabic: …, ''Y'')".
    re.compile(r"^\s*\(\s*[A-Z][a-z]+\s*:[^()]*?[,;]?\s*['‘“\"]*$"),
]
# Each pattern without its final `$`: a pattern can match up to a word start only when this matches the
# start of the text after the name (no pattern looks ahead), so most patterns are ruled out in one step.
_OPENINGS = [re.compile(pattern.pattern.removesuffix("$")) for pattern in _STATED]
_OR = 5  # the pattern whose second name must be an alternative (see `_alternative`)
# How far after a name its naming words may reach, in characters (one sentence's worth is plenty).
_REACH = 200
_WORD_START = re.compile(r"(?<=[\s(,:'‘“\"])[^\s(,:'‘“\"]")
# A word every pattern needs: most names are followed by none, and skip the patterns at once.
_TRIGGER_WORDS = (
    "known", "referred", "called", "named", "dubbed", "nicknamed", "styled", "renamed", "spelt", "spelled",
    "abbreviated", "written", "transliterated", "rendered", "officially", "formally", "or",
)  # fmt: skip
_TRIGGER = re.compile(rf"\b(?:{'|'.join(_TRIGGER_WORDS)})\b|:")


@Language.component(
    "explorer_stated_names",
    requires=["doc._.mentions"],
    assigns=["doc._.mentions", "doc._.stated_names"],
)
def stated_names(doc: Doc) -> Doc:
    mentions, pairs = find_stated_names(doc, doc._.mentions)
    offices = find_offices(doc, mentions)
    offices += find_office_repeats(doc, mentions, offices)
    inside = {t for _, office in offices for t in range(office.span.start, office.span.end)}
    kept = [m for m in mentions if not inside & set(range(m.span.start, m.span.end))]
    doc._.mentions = sorted(kept + [office for _, office in offices], key=lambda m: m.span.start)
    kept_ids = {id(m) for m in kept}
    doc._.stated_names = [(a, b) for a, b in pairs if id(a) in kept_ids and id(b) in kept_ids] + offices
    return doc


def find_stated_names(
    doc: Doc, mentions: list[LocalMention]
) -> tuple[list[LocalMention], list[tuple[LocalMention, LocalMention]]]:
    """(mentions, pairs): the mentions with any stated name the model missed added, in text order, and
    (name, stated name) pairs in text order."""
    by_start = {m.span.start: m for m in mentions}
    taken = {t for m in mentions for t in range(m.span.start, m.span.end)}
    pairs: list[tuple[LocalMention, LocalMention]] = []
    text = text_of(doc)
    triggers = [(m.start(), m.end()) for m in _TRIGGER.finditer(text)]
    for named in sorted(mentions, key=lambda m: m.span.start):
        if named.anaphor:
            continue
        after = text[named.span.end_char : named.span.end_char + _REACH]
        if not _has_trigger(after, named.span.end_char, triggers):
            continue
        openings = [number for number, opening in enumerate(_OPENINGS) if opening.match(after)]
        cuts = _cuts(after) if openings else []
        for number in openings:
            pattern = _STATED[number]
            stated = _stated_after(doc, named, after, cuts, pattern, number == _OR, by_start, taken)
            if stated is not None:
                pairs.append((named, stated))
                break
    return sorted(by_start.values(), key=lambda m: m.span.start), pairs


def _has_trigger(after: str, start: int, triggers: list[tuple[int, int]]) -> bool:
    """`_TRIGGER.search(after)` for `after`, the text from `start` on, from where `triggers` (the text's
    trigger matches, in order) lie. A word cut at either end of `after` may match in it and not in the text,
    so then `after` is searched itself."""
    first = bisect_left(triggers, (start, 0))
    if first < len(triggers) and triggers[first][1] <= start + len(after):
        return True
    if after.startswith(_TRIGGER_WORDS) or after.endswith(_TRIGGER_WORDS):
        return _TRIGGER.search(after) is not None
    return False


def _stated_after(
    doc: Doc,
    named: LocalMention,
    after: str,
    cuts: list[int],
    pattern: re.Pattern[str],
    alternative: bool,
    by_start: dict[int, LocalMention],
    taken: set[int],
) -> LocalMention | None:
    """The name `pattern` says follows `named` as another of its names, or None."""
    for cut in cuts:
        if not pattern.match(after, 0, cut):
            continue
        token = _token_at(doc, named.span.end_char + cut)
        if token is None or token.sent != named.span.root.sent:
            return None
        stated = by_start.get(token.i)
        if stated is None and token.i not in taken and (span := _name_from(doc, token, named.label)):
            stated = LocalMention(span=span, label=named.label, sentence=named.sentence)
        if stated is None or stated.anaphor or stated is named:
            continue  # "known as the Front": the name starts a word later
        if alternative and not _alternative(named, stated):
            return None
        if stated.span.start not in by_start:
            by_start[stated.span.start] = stated
            taken.update(range(stated.span.start, stated.span.end))
        return stated
    return None


def _cuts(after: str) -> list[int]:
    """Where a stated name may start in `after`: each word start, nearest first."""
    return [m.start() for m in _WORD_START.finditer(after)]


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _name_from(doc: Doc, first: Token, label: str) -> Span | None:
    """The capitalised run starting at `first` ("Jaysh al-Sha’b", "al-Jabha al-Wataniya"), or None."""
    end = first.i
    while end < len(doc) and end < first.i + 8:
        token = doc[end]
        glued = end > first.i and not doc[end - 1].whitespace_
        if token.text[:1].isupper() or token.lower_ in NAME_PARTICLES or (glued and token.text in "-’'"):
            end += 1
            continue
        if glued and token.is_alpha:  # the rest of a word spaCy split ("Kata" "’" "ib")
            end += 1
            continue
        break
    while end > first.i and (doc[end - 1].lower_ in NAME_PARTICLES or doc[end - 1].is_punct):
        end -= 1
    if end == first.i:
        return None
    span = clean_span(Span(doc, first.i, end, label=label))
    if span is None or not any(t.text[:1].isupper() for t in span):
        return None
    return span


def _alternative(named: LocalMention, stated: LocalMention) -> bool:
    """"X, or Y," gives another name, not a choice from a list: names of one kind, the first not after a
    comma or conjunction ("Iraq, Syria, or Jordan"), the second closed by a comma, bracket or full stop
    ("X, or Y and Z" is a list)."""
    doc, first, second = named.span.doc, named.span, stated.span
    before = doc[first.start - 1] if first.start > 0 else None
    if before is not None and (before.text == "," or before.lower_ in ("and", "or")):
        return False
    following = doc[second.end] if second.end < len(doc) else None
    closed = following is None or following.text in {",", ")", ";", "."}
    # The model often types one of two names of a group as a place ("Gorran"): only a person must stay one.
    kinds = compatible_types(named.label, stated.label) or "PERSON" not in (named.label, stated.label)
    return closed and kinds
