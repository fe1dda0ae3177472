"""Groups named by a description: "the U.S.-led coalition", "the coalition against the Islamic State".

Articles often name a coalition or an alliance only by who leads it or whom it fights. Such a description
becomes a mention of one organisation, named and keyed by its leader ("U.S.-led coalition", whatever name
of the leader was written) or else by its adversary ("coalition against ISIS"), so it recurs across
documents. Once a document describes one such group, its bare "the coalition" and "coalition forces" are
that group. An indefinite or membered noun ("a coalition of Shiite groups") describes another group and is
left alone, as is a noun that is part of a name ("the Northern Alliance").
"""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from explorer.extract import attributes  # noqa: F401 - declares doc._.mentions
from explorer.extract.layout import sentence_index
from explorer.extract.linking import LocalMention
from explorer.extract.token_table import token_table
from explorer.names import normalise_name

# Generic nouns for a group of parties; never a name of its own.
GROUP_NOUNS = {"coalition", "alliance", "front", "axis"}
_GROUP_WORDS = frozenset(GROUP_NOUNS | {n + "s" for n in GROUP_NOUNS})
_LEADER_PARTICIPLES = {"led", "headed"}
_ADVERSARY_PREPS = {"against"}
# Modifiers that leave a bare "the coalition" bare ("the international coalition", "the military alliance").
_PLAIN_MODIFIERS = {"amod"}


@Language.component("explorer_groups", requires=["doc._.mentions"], assigns=["doc._.mentions"])
def groups(doc: Doc) -> Doc:
    """The document's mentions with its described groups, and their bare repeats, added."""
    doc._.mentions = sorted(doc._.mentions + find_groups(doc, doc._.mentions), key=lambda m: m.span.start)
    return doc


def find_groups(doc: Doc, mentions: list[LocalMention]) -> list[LocalMention]:
    """Mentions of groups named by description in `doc`, then their bare repeats (as anaphors)."""
    at = {t: m for m in mentions for t in range(m.span.start, m.span.end)}
    sent_of = sentence_index(doc)
    table = token_table(doc)
    nouns = [doc[i] for i in table.where(LOWER, _GROUP_WORDS)]  # the only tokens a rule can start at
    described: list[LocalMention] = []
    for token in nouns:
        if not _is_group_noun(token, at) or not _is_definite(token):
            continue
        named = _describe(token, at)
        if named is not None:
            name, key = named
            span = Span(doc, token.i, token.i + 1, label="ORG")
            described.append(
                LocalMention(span=span, label="ORG", sentence=sent_of[token.i], key=key, rule="description",
                             score=0.9, name=name)
            )
    _join_to_leader(described)
    repeats = _bare_repeats(doc, nouns, at, described, sent_of)
    return described + repeats + _capitalised(doc, nouns, at, described + repeats, sent_of)


def _capitalised(
    doc: Doc, nouns: list[Token], at: dict[int, LocalMention], found: list[LocalMention], sent_of: list[int]
) -> list[LocalMention]:
    """"the Coalition", "Coalition forces": a group noun written with a capital inside a sentence, and not
    as part of a longer name, is the name the text gives the group. It is the one group of that kind the
    document describes, else the group the noun names."""
    by_kind: dict[str, set[str]] = {}
    for mention in found:
        if not mention.anaphor:
            by_kind.setdefault(_kind(mention), set()).add(mention.key)
    done = {t for m in found for t in range(m.span.start, m.span.end)}
    names = []
    for token in nouns:
        kind = token.lower_
        if kind not in GROUP_NOUNS or not token.text[0].isupper() or token.i in done:
            continue
        keys = by_kind.get(kind, set())
        if token.i in at:
            named = at[token.i]
            if len(named.span) == 1 and len(keys) == 1:
                named.key = next(iter(keys))  # the model found "Coalition": it is the group described
            continue
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if before is None or token.is_sent_start:
            continue  # a capital opening a sentence says nothing
        if before.text[:1].isupper() and before.lower_ != "the" or (after is not None and after.text[:1].isupper()):
            continue  # part of a longer name ("Northern Alliance", "Coalition Provisional Authority")
        if after is not None and after.lower_ in ("of", "for"):
            continue  # "the Coalition for …" names itself in full
        key = next(iter(keys)) if len(keys) == 1 else f"ORG:{kind}"
        names.append(
            LocalMention(span=Span(doc, token.i, token.i + 1, label="ORG"), label="ORG", sentence=sent_of[token.i],
                         key=key, rule="capitalised", score=0.8, name=token.text)
        )
    return names


def _join_to_leader(described: list[LocalMention]) -> None:
    """"the U.S.-led coalition … the coalition against ISIS": in a document that describes one group of a
    kind by its leader, a group of that kind described by its adversary is the same (its description
    stays as an alias, so another document's "coalition against ISIS" finds it)."""
    led: dict[str, set[str]] = {}
    for mention in described:
        if " led by " in mention.key:
            led.setdefault(_kind(mention), set()).add(mention.key)
    for mention in described:
        keys = led.get(_kind(mention), set())
        if " against " in mention.key and len(keys) == 1:
            mention.key = next(iter(keys))


def _kind(mention: LocalMention) -> str:
    return mention.span.root.lemma_.lower()


def _describe(noun: Token, at: dict[int, LocalMention]) -> tuple[str, str] | None:
    """(name, key) of the group `noun` describes: by its leader, else by its adversary."""
    kind = noun.lemma_.lower()
    for child in noun.children:
        leader = _leader(child, at)
        if leader is not None:
            return f"{leader.text}-led {kind}", f"ORG:{kind} led by {leader.key}"
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in _ADVERSARY_PREPS):
        for obj in (o for o in prep.children if o.dep_ == "pobj" and o.i in at):
            adversary = at[obj.i]
            name = adversary.text
            return f"{kind} against {name}", f"ORG:{kind} against {normalise_name(name)}"
    return None


def _leader(child: Token, at: dict[int, LocalMention]) -> LocalMention | None:
    """The named leader in "U.S.-led" or "NATO-headed" modifying the noun."""
    doc = child.doc
    if child.lower_ not in _LEADER_PARTICIPLES or child.i < 2 or doc[child.i - 1].text != "-":
        return None
    return at.get(child.i - 2)


def _bare_repeats(
    doc: Doc, nouns: list[Token], at: dict[int, LocalMention], described: list[LocalMention], sent_of: list[int]
) -> list[LocalMention]:
    """"the coalition", "coalition forces": the one described group of that kind in the document."""
    by_kind: dict[str, set[str]] = {}
    for mention in described:
        by_kind.setdefault(_kind(mention), set()).add(mention.key)
    done = {m.span.start for m in described}
    found = []
    for token in nouns:
        kind = token.lemma_.lower()
        if token.i in done or len(by_kind.get(kind, ())) != 1 or not _is_group_noun(token, at):
            continue
        if not (_is_bare_definite(token) or _is_bare_modifier(token)):
            continue
        start = token.i - 1 if token.i > 0 and doc[token.i - 1].lower_ == "the" else token.i
        found.append(
            LocalMention(span=Span(doc, start, token.i + 1, label="ORG"), label="ORG", sentence=sent_of[token.i],
                         key=next(iter(by_kind[kind])), rule="anaphor", score=0.7, anaphor=True)
        )
    return found


def _is_group_noun(token: Token, at: dict[int, LocalMention]) -> bool:
    """A group noun that is no part of a name ("the Northern Alliance", "the NATO alliance")."""
    if token.lower_ not in _GROUP_WORDS or token.i in at:
        return False
    if token.tag_ not in ("NN", "NNS"):
        return False
    return not any(c.i in at and c.dep_ in ("compound", "nmod") for c in token.children)


def _is_definite(token: Token) -> bool:
    """"the coalition", not "a coalition", and not "the coalition of Shiite groups" (its members)."""
    dets = [c for c in token.children if c.dep_ == "det"]
    if len(dets) != 1 or dets[0].lower_ != "the" or token.tag_ != "NN":
        return False
    return not any(
        c.dep_ == "prep" and c.lower_ == "of" and any(o.tag_ in ("NNS", "NNPS") for o in c.children)
        for c in token.children
    )


def _is_bare_definite(token: Token) -> bool:
    """"the coalition", "the international coalition": nothing that could make it another group."""
    if not _is_definite(token):
        return False
    allowed = {"det", "case", "punct"} | _PLAIN_MODIFIERS
    return all(c.dep_ in allowed and not c.ent_type_ for c in token.children)


def _is_bare_modifier(token: Token) -> bool:
    """"coalition forces", "coalition troops": the noun, alone, modifying another."""
    return token.dep_ == "compound" and token.tag_ == "NN" and not list(token.children)
