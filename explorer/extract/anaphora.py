"""Nominal anaphora: "the group", "the company", "the coalition" → the named entity meant, when clear.

Only a bare definite noun ("the group", not "the NATO-led group") is an anaphor. Its antecedent must be
named earlier in the same paragraph, at most two sentences back, and be compatible: an entity described
by another noun ("X, a coalition of …") is not a "group". If two entities remain, or an unnamed thing
with the same noun was just mentioned ("a military coalition"), nothing is linked.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from explorer.extract.layout import sentence_index
from explorer.extract.linking import LocalMention
from explorer.extract.token_table import token_table
from explorer.extract.vocabulary import COLLECTIVE_NOUNS, INSTITUTION_NOUNS
from explorer.names import normalise_name

# Nouns that stand for a named organisation when used with "the", in classes of near-synonyms: an
# entity described as a "militia" may be called "the group", never "the company".
NOUN_CLASSES = (
    {"group", "militia", "organization", "organisation", "movement", "network", "faction", "charity"},
    {"coalition", "alliance", "union", "bloc"},
    {"company", "firm", "group", "drugmaker", "automaker", "carmaker", "retailer", "airline", "insurer",
     "broadcaster", "startup", "conglomerate", "maker", "manufacturer", "developer", "publisher", "chain"},
    {"bank", "lender"},
    {"club", "team", "side"},
    {"party"},
    {"regulator", "watchdog"} | INSTITUTION_NOUNS,
)
ORG_NOUNS = set().union(*NOUN_CLASSES)
_WINDOW = 2
_SINGULAR_NOUN = frozenset({"NN"})


@Language.component("explorer_anaphors", requires=["doc._.mentions"], assigns=["doc._.mentions"])
def anaphors(doc: Doc) -> Doc:
    """The document's mentions with its anaphors added, in text order."""
    mentions = doc._.mentions + find_anaphors(doc, doc._.mentions, sentence_index(doc))
    doc._.mentions = sorted(mentions, key=lambda m: m.span.start)
    return doc


def find_anaphors(doc: Doc, mentions: list[LocalMention], sent_of: list[int]) -> list[LocalMention]:
    """Anaphoric mentions ("the group") keyed to their antecedent; `mentions` are the named ones."""
    taken = {t for m in mentions for t in range(m.span.start, m.span.end)}
    nouns = [token for token in _org_nouns(doc) if token.i not in taken and _is_bare_definite(token)]
    if not nouns:
        return []
    described = _descriptors(doc, mentions)
    table = token_table(doc)
    para_of = table.paragraph
    found = []
    for token in nouns:
        sentence = sent_of[token.i]
        window = [
            m for m in mentions
            if m.label == "ORG" and m.span.end <= token.i and sentence - _WINDOW <= m.sentence
            and para_of[m.span.start] == para_of[token.i]
        ]
        if _unnamed_rival(doc, token, sent_of, para_of, taken):
            continue
        clause_subjects = _clause_subjects(token)
        window = [m for m in window if table.root(m.span.start, m.span.end) not in clause_subjects]
        key = _choose(token.lemma_.lower(), window, described)
        if key:
            det = token.i - 1 if token.i > 0 and doc[token.i - 1].dep_ == "det" else token.i
            span = Span(doc, det, token.i + 1, label="ORG")
            found.append(
                LocalMention(span=span, label="ORG", sentence=sentence, key=key, rule="anaphor",
                             score=0.7, anaphor=True)
            )
    return found


def _org_nouns(doc: Doc) -> list[Token]:
    """The singular common nouns that can be an organisation's anaphor: the only tokens a rule starts at."""
    table = token_table(doc)
    lemma = table.lemma
    return [doc[i] for i in table.where(table.tag_id, _SINGULAR_NOUN) if lemma[i].lower() in ORG_NOUNS]


def _clause_subjects(token: Token) -> set[int]:
    """Subjects of the clause an object noun sits in (and of the clause it hangs from): "DOJ sued X,
    accusing the company …" — "the company" is not DOJ."""
    found: set[int] = set()
    verb = token.head
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX"):
            found.update(c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
            if verb.dep_ not in ("advcl", "xcomp", "conj"):
                break
        verb = verb.head
    return found if token.dep_ not in ("nsubj", "nsubjpass") else set()


def _is_bare_definite(token: Token) -> bool:
    """"the group" with nothing else modifying the noun."""
    if token.tag_ != "NN" or token.lemma_.lower() not in ORG_NOUNS:
        return False
    children = list(token.children)
    dets = [c for c in children if c.dep_ == "det"]
    others = [c for c in children if c.dep_ not in ("det", "case", "poss", "prep", "punct", "relcl", "acl")]
    if others or any(_of_members(c) or _of_name(c) for c in children):
        return False
    return len(dets) == 1 and dets[0].lower_ == "the" and dets[0].i == token.i - 1


def _of_members(child: Token) -> bool:
    """"the group of militias": the noun introduces its members, it does not point back."""
    if child.dep_ != "prep" or child.lower_ != "of":
        return False
    return any(o.tag_ in ("NNS", "NNPS") for o in child.children) or child.head.lemma_.lower() in COLLECTIVE_NOUNS


def _of_name(child: Token) -> bool:
    """"the government of Iraq": the noun is named by what follows, it does not point back."""
    return child.dep_ == "prep" and child.lower_ == "of" and any(o.pos_ == "PROPN" for o in child.children)


def _unnamed_rival(doc: Doc, token: Token, sent_of: list[int], para_of: list[int], taken: set[int]) -> bool:
    """An earlier unnamed thing with the same noun in the window ("a NATO-led coalition … the coalition")."""
    lemma = token.lemma_.lower()
    first = token.sent.start
    while first > 0 and sent_of[first - 1] >= sent_of[token.i] - _WINDOW and para_of[first - 1] == para_of[token.i]:
        first -= 1
    for other in doc[first : token.i]:
        if (
            other.lemma_.lower() == lemma
            and other.pos_ == "NOUN"
            and other.i not in taken
            and sent_of[token.i] - _WINDOW <= sent_of[other.i]
            and para_of[other.i] == para_of[token.i]
            and not _is_bare_definite(other)
            and not _names_something(other, taken)
        ):
            return True
    return False


def _names_something(noun: Token, taken: set[int]) -> bool:
    """"the Northern Front group": the noun is a descriptor of a name, not another thing."""
    return any(c.i in taken and c.dep_ == "compound" for c in noun.children) or (
        noun.i > 0 and (noun.i - 1) in taken
    )


def _choose(noun: str, window: list[LocalMention], described: dict[str, set[str]]) -> str | None:
    keys = list(dict.fromkeys(m.key for m in window))
    kin = set().union(*(c for c in NOUN_CLASSES if noun in c))
    compatible = [k for k in keys if not described.get(k) or described[k] & kin]
    fitting = [k for k in compatible if described.get(k, set()) & kin]
    if len(fitting) == 1:
        return fitting[0]
    if len(compatible) == 1:
        return compatible[0]
    return None


def _descriptors(doc: Doc, mentions: list[LocalMention]) -> dict[str, set[str]]:
    """Nouns each entity is described by: its own name's words, "X group", "X, a coalition of",
    "a group … known as X", "X is a group"."""
    table = token_table(doc)
    head, dep, pos, lower, children = table.head, table.dep, table.pos, table.lower, table.children
    lemma = [word.lower() for word in table.lemma]
    found: dict[str, set[str]] = {}
    for mention in mentions:
        nouns = found.setdefault(mention.key, set())
        nouns.update(w for w in normalise_name(mention.text).split() if w in ORG_NOUNS)
        root = table.root(mention.span.start, mention.span.end)
        up = head[root]
        if dep[root] == "compound" and pos[up] == "NOUN" and up == mention.span.end:
            nouns.add(lemma[up])
        nouns.update(lemma[c] for c in children[root] if dep[c] == "appos" and pos[c] == "NOUN")
        if dep[root] == "appos" and pos[up] == "NOUN":
            nouns.add(lemma[up])
        if dep[root] == "pobj" and lower[up] == "as" and table.lemma[head[up]] == "know":
            described = head[head[up]]
            nouns.add(lemma[described])
            if dep[described] == "pobj" and lower[head[described]] == "of":  # "a group of militias known as X"
                nouns.add(lemma[head[head[described]]])
        if dep[root] == "nsubj" and table.lemma[up] == "be":
            nouns.update(lemma[c] for c in children[up] if dep[c] == "attr" and pos[c] == "NOUN")
    return {k: v & ORG_NOUNS for k, v in found.items()}
