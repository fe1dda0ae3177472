"""Nominal anaphora: "the group", "the company", "the coalition" → the named entity meant, when clear.

Only a bare definite noun ("the group", not "the NATO-led group") is an anaphor. Its antecedent must be
named earlier in the same paragraph, at most two sentences back, and be compatible: an entity described
by another noun ("X, a coalition of …") is not a "group". If two entities remain, or an unnamed thing
with the same noun was just mentioned ("a military coalition"), nothing is linked.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.attrs import TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from explorer.extract.layout import sentence_index
from explorer.extract.linking import LocalMention
from explorer.extract.token_table import TokenTable, token_table
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
    table = token_table(doc)
    taken = {t for m in mentions for t in range(m.span.start, m.span.end)}
    nouns = [i for i in _org_nouns(table) if i not in taken and _is_bare_definite(table, i)]
    if not nouns:
        return []
    described = _descriptors(table, mentions)
    para_of = table.paragraph
    found = []
    for i in nouns:
        sentence = sent_of[i]
        window = [
            m for m in mentions
            if m.label == "ORG" and m.span.end <= i and sentence - _WINDOW <= m.sentence
            and para_of[m.span.start] == para_of[i]
        ]
        if _unnamed_rival(table, i, sent_of, para_of, taken):
            continue
        clause_subjects = _clause_subjects(table, i)
        window = [m for m in window if table.root(m.span.start, m.span.end) not in clause_subjects]
        key = _choose(table.lemma[i].lower(), window, described)
        if key:
            det = i - 1 if i > 0 and table.dep[i - 1] == "det" else i
            found.append(
                LocalMention(span=Span(doc, det, i + 1, label="ORG"), label="ORG", sentence=sentence, key=key,
                             rule="anaphor", score=0.7, anaphor=True)
            )
    return found


def _org_nouns(table: TokenTable) -> list[int]:
    """The singular common nouns that can be an organisation's anaphor: the only tokens a rule starts at."""
    lemma = table.lemma
    return [i for i in table.where(TAG, _SINGULAR_NOUN) if lemma[i].lower() in ORG_NOUNS]


def _clause_subjects(table: TokenTable, noun: int) -> set[int]:
    """Subjects of the clause an object noun sits in (and of the clause it hangs from): "DOJ sued X,
    accusing the company …" — "the company" is not DOJ."""
    head, dep, pos = table.head, table.dep, table.pos
    found: set[int] = set()
    verb = head[noun]
    for _ in range(3):
        if pos[verb] in ("VERB", "AUX"):
            found.update(c for c in table.children[verb] if dep[c] in ("nsubj", "nsubjpass"))
            if dep[verb] not in ("advcl", "xcomp", "conj"):
                break
        verb = head[verb]
    return found if dep[noun] not in ("nsubj", "nsubjpass") else set()


def _is_bare_definite(table: TokenTable, noun: int) -> bool:
    """"the group" with nothing else modifying the noun."""
    if table.tag[noun] != "NN" or table.lemma[noun].lower() not in ORG_NOUNS:
        return False
    dep, children = table.dep, table.children[noun]
    dets = [c for c in children if dep[c] == "det"]
    others = [c for c in children if dep[c] not in ("det", "case", "poss", "prep", "punct", "relcl", "acl")]
    if others or any(_of_members(table, c) or _of_name(table, c) for c in children):
        return False
    return len(dets) == 1 and table.lower[dets[0]] == "the" and dets[0] == noun - 1


def _of_members(table: TokenTable, child: int) -> bool:
    """"the group of militias": the noun introduces its members, it does not point back."""
    if table.dep[child] != "prep" or table.lower[child] != "of":
        return False
    return (
        any(table.tag[o] in ("NNS", "NNPS") for o in table.children[child])
        or table.lemma[table.head[child]].lower() in COLLECTIVE_NOUNS
    )


def _of_name(table: TokenTable, child: int) -> bool:
    """"the government of Iraq": the noun is named by what follows, it does not point back."""
    return (
        table.dep[child] == "prep"
        and table.lower[child] == "of"
        and any(table.pos[o] == "PROPN" for o in table.children[child])
    )


def _unnamed_rival(table: TokenTable, noun: int, sent_of: list[int], para_of: list[int], taken: set[int]) -> bool:
    """An earlier unnamed thing with the same noun in the window ("a NATO-led coalition … the coalition")."""
    lemma = table.lemma[noun].lower()
    first = noun  # where the noun's sentence starts (`token.sent.start`)
    while not table.is_sent_start[first] and first > 0:
        first -= 1
    while first > 0 and sent_of[first - 1] >= sent_of[noun] - _WINDOW and para_of[first - 1] == para_of[noun]:
        first -= 1
    for other in range(first, noun):
        if (
            table.pos[other] == "NOUN"
            and table.lemma[other].lower() == lemma
            and other not in taken
            and sent_of[noun] - _WINDOW <= sent_of[other]
            and para_of[other] == para_of[noun]
            and not _is_bare_definite(table, other)
            and not _names_something(table, other, taken)
        ):
            return True
    return False


def _names_something(table: TokenTable, noun: int, taken: set[int]) -> bool:
    """"the Northern Front group": the noun is a descriptor of a name, not another thing."""
    return any(c in taken and table.dep[c] == "compound" for c in table.children[noun]) or (
        noun > 0 and (noun - 1) in taken
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


def _descriptors(table: TokenTable, mentions: list[LocalMention]) -> dict[str, set[str]]:
    """Nouns each entity is described by: its own name's words, "X group", "X, a coalition of",
    "a group … known as X", "X is a group"."""
    head, dep, pos, lower, lemma, children = table.head, table.dep, table.pos, table.lower, table.lemma, table.children
    found: dict[str, set[str]] = {}
    for mention in mentions:
        nouns = found.setdefault(mention.key, set())
        nouns.update(_org_words(mention.text))
        root = table.root(mention.span.start, mention.span.end)
        up = head[root]
        if dep[root] == "compound" and pos[up] == "NOUN" and up == mention.span.end:
            nouns.add(lemma[up].lower())
        nouns.update(lemma[c].lower() for c in children[root] if dep[c] == "appos" and pos[c] == "NOUN")
        if dep[root] == "appos" and pos[up] == "NOUN":
            nouns.add(lemma[up].lower())
        if dep[root] == "pobj" and lower[up] == "as" and lemma[head[up]] == "know":
            described = head[head[up]]
            nouns.add(lemma[described].lower())
            if dep[described] == "pobj" and lower[head[described]] == "of":  # "a group of militias known as X"
                nouns.add(lemma[head[head[described]]].lower())
        if dep[root] == "nsubj" and lemma[up] == "be":
            nouns.update(lemma[c].lower() for c in children[up] if dep[c] == "attr" and pos[c] == "NOUN")
    return {k: v & ORG_NOUNS for k, v in found.items()}


@lru_cache(maxsize=1 << 14)
def _org_words(name: str) -> frozenset[str]:
    """The words of a name that are organisation nouns ("Islamic Movement" → {"movement"})."""
    return frozenset(w for w in normalise_name(name).split() if w in ORG_NOUNS)
