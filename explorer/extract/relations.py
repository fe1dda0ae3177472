"""Relations between the entities of one document: typed ones read off the dependency parse, and
co-mentions (two entities in one sentence) kept apart as CO_MENTIONED.

Typed rules, each general English: subject-verb-object (active and passive, verbs mapped onto the
controlled vocabulary, else RELATED_TO with the lemma as label); acts named by nouns with their agent
and target ("a French airstrike on X", "Russia's offensive in Donbas"); hyphenated modifiers ("X-backed Y",
"X-led Y"); roles ("Spanish Prime Minister X", "X, the chief executive of Y"); "one of the N in X".
"""

from __future__ import annotations

from collections.abc import Container
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc

from explorer import knowledge
from explorer.extract.arguments import EntityIndex, Ref, hyphen_entity, of_objects
from explorer.extract.attributes import document_of
from explorer.extract.layout import Sentences, sentence_index
from explorer.extract.linking import LocalEntity
from explorer.extract.roles import role_before_at
from explorer.extract.token_table import TokenTable, token_table
from explorer.extract.vocabulary import (
    COLLECTIVE_NOUNS,
    EVENT_NOUN_TYPES,
    FIGHT_NOUNS,
    HYPHEN_TYPES,
    LIGHT_VERBS,
    OBJECT_PREPS,
    PHRASAL_TYPES,
    PREP_VERB_TYPES,
    REVERSED_VERB_TYPES,
    SYMMETRIC,
    VERB_TYPES,
)
from explorer.model import CO_MENTIONED, RELATION_TYPES, Relation
from explorer.names import country_key

_CONTAINERS = {"series", "wave", "string", "spate", "round", "set", "number", "campaign", "barrage"}
_ROLE_RELATIONS = {"founder": "FOUNDED", "co-founder": "FOUNDED", "cofounder": "FOUNDED",
                   "member": "MEMBER_OF", "part": "PART_OF"}
# Verbs that, with a place as object, say who controls it ("the town was taken by X").
_HOLDING_VERBS = {"take", "hold", "retake", "recapture"}
# Verbs that take their subject to a place, and the gatherings held in one ("held talks in X").
_TRAVEL_VERBS = {"visit", "travel", "arrive", "return", "fly", "tour"}
_GATHERINGS = {"talks", "meeting", "conference", "consultation", "summit", "visit", "negotiation", "discussion"}
# What two parties sign together.
_AGREEMENTS = {"agreement", "accord", "treaty", "deal", "pact", "memorandum", "ceasefire", "truce"}
# Nouns of censure whose target "of" introduces ("its condemnation of X"; "the opposition of X" is X's).
_CENSURE_NOUNS = {"condemnation", "criticism", "denunciation"}
# Roles that put their holder in charge of an organisation ("X, the leader of the Y Front"): LEADS it.
_LEADING_ROLES = {"leader", "head", "commander", "chief"}
_ORG_LIKE = ("ORG", "GPE", "NORP")
_VERB_POS = ("VERB", "AUX")
# Nouns for who killed whom ("the assassin of X", "X's killer", "King assassin Y"): an act, not an office.
_KILLER_NOUNS = {"assassin", "killer", "murderer", "slayer", "executioner", "gunman"}
_FATALLY = {"fatally", "mortally"}  # "fatally shot": the attack killed
# Nouns in apposition that are no role held in an organisation or country ("X, the victim of Y").
_NOT_ROLES = {"victim", "target", "son", "daughter", "wife", "husband", "widow", "brother", "sister", "father",
              "mother", "friend", "native", "resident", "citizen", "hostage", "prisoner", "suspect"}
# The prepositions that introduce an event noun's target, by type: "an attack on X", "talks with X".
_TARGET_PREPS = {"ATTACKED": {"on", "against", "in", "at", "into", "upon"},
                 "KILLED": {"of"}, "ACQUIRED": {"of"}, "SUPPORTS": {"for", "of"},
                 "SUED": {"against"}, "OPPOSES": {"against", "on"}, "DEFEATED": {"over", "against"},
                 "NEGOTIATED_WITH": {"with", "between"}, "MET_WITH": {"with", "between"}}


@Language.factory(
    "explorer_relations",
    requires=["doc._.entities"],
    assigns=["doc._.relations"],
    default_config={"co_mention_confidence": 0.3},
)
def make_relations(nlp: Language, name: str, co_mention_confidence: float):
    """Typed relations read off the parse, and one co-mention per pair of entities per sentence."""

    def relations(doc: Doc) -> Doc:
        doc_id, entities, sentences = document_of(doc).id, doc._.entities, Sentences(doc)
        doc._.relations = typed_relations(doc, doc_id, entities, sentences) + co_mentions(
            doc, doc_id, entities, co_mention_confidence, sentences
        )
        return doc

    return relations


class _Collector:
    """Relations of one document, one per (source, target, type, label, sentence)."""

    def __init__(self, doc: Doc, doc_id: str, index: EntityIndex, sentences: Sentences) -> None:
        self.doc, self.doc_id, self.index, self.sentences = doc, doc_id, index, sentences
        self.tokens = index.tokens
        self.sent_of = sentence_index(doc)
        self.found: dict[tuple[str, str, str, str, int], Relation] = {}

    def add(self, source: Ref, target: Ref, type_: str, label: str, at: int, confidence: float) -> None:
        if source.entity == target.entity:
            return
        if type_ not in RELATION_TYPES:
            type_, label = "RELATED_TO", label or type_.lower()
        a, b = source.entity, target.entity
        if type_ in SYMMETRIC and b < a:
            a, b = b, a
        sentence = self.sent_of[at]
        key = (a, b, type_, label, sentence)
        confidence = round(confidence * min(source.confidence, target.confidence), 2)
        if key in self.found and self.found[key].confidence >= confidence:
            return
        self.found[key] = Relation(
            source=a, target=b, type=type_, label=label, doc=self.doc_id, sentence=sentence,
            evidence=self.sentences.evidence(sentence), confidence=confidence,
        )


def typed_relations(
    doc: Doc, doc_id: str, entities: list[LocalEntity], sentences: Sentences | None = None
) -> list[Relation]:
    """Typed relations stated in `doc` between its local entities (`sentences`: the document's, when the
    caller has them)."""
    tokens = token_table(doc)
    index = EntityIndex(
        [(m.span.start, m.span.end, e.id, e.type) for e in entities for m in e.mentions], tokens
    )
    out = _Collector(doc, doc_id, index, sentences or Sentences(doc))
    for i in _rule_starts(tokens, index):
        _relations_at(out, i)
    _written_roles(out, entities)
    _org_places_and_leaders(out, entities)
    _capitals_in_countries(out, entities)
    return list(out.found.values())


_MARKED_WORDS = frozenset(EVENT_NOUN_TYPES) | frozenset(HYPHEN_TYPES) | {"one", "including", "part"}


def _rule_starts(t: TokenTable, index: EntityIndex) -> list[int]:
    """The positions, in text order, where a rule may start: verbs, the words the rules name, personal names."""
    starts = {i for i, entity in index.entity_of.items() if index.label_of[entity] == "PERSON"}
    starts.update(i for i, pos in enumerate(t.pos) if pos in _VERB_POS)
    starts.update(i for i, lower in enumerate(t.lower) if lower in _MARKED_WORDS)
    starts.update(i for i, lemma in enumerate(t.lemma_lower) if lemma in EVENT_NOUN_TYPES)
    return sorted(starts)


def _relations_at(out: _Collector, i: int) -> None:
    """Every rule that starts at token `i`, in a fixed order (the order relations are found in)."""
    t, index = out.tokens, out.index
    if t.pos[i] in _VERB_POS:
        _verb_relations(out, i)
    if _event_type(t, i):
        _event_relations(out, i)
    lower = t.lower[i]
    if lower in HYPHEN_TYPES:
        _hyphen_relations(out, i)
    if lower == "one":
        _one_of(out, i)
    if lower == "including" and t.dep[i] == "prep" and t.pos[t.head[i]] == "NOUN":
        _located_inclusions(out, i)
    if lower == "part" and t.dep[i] == "pobj" and t.lower[t.head[i]] == "as":
        _as_part_of(out, i)
    if index.at(i) and index.label_of[index.at(i)] == "PERSON" and t.dep[i] != "compound":
        _apposed_roles(out, i)


def _children(t: TokenTable, i: int, dep: str, words: Container[str] | None = None) -> list[int]:
    """Token `i`'s children with dependency `dep` (and, when given, lower-case text in `words`)."""
    return [c for c in t.children[i] if t.dep[c] == dep and (words is None or t.lower[c] in words)]


def _prep_objects(t: TokenTable, i: int, words: Container[str]) -> list[int]:
    """The objects of token `i`'s prepositions in `words` ("talks in X" → X)."""
    return [o for c in _children(t, i, "prep", words) for o in _children(t, c, "pobj")]


# --- subject, verb, object ----------------------------------------------------------------------------
def _verb_relations(out: _Collector, verb: int) -> None:
    subjects = _subjects(out, verb)
    if not subjects:
        return
    t = out.tokens
    objects = _objects(t, verb)
    lemma = t.lemma_lower[verb]
    particle = next((t.lower[c] for c in t.children[verb] if t.dep[c] == "prt"), "")
    if f"{lemma} {particle}" in PHRASAL_TYPES:
        lemma = f"{lemma} {particle}"
    _presence(out, verb, lemma, subjects, objects)
    if lemma == "sign" and any(t.lemma_lower[o] in _AGREEMENTS for o, p in objects if not p):
        for a, b in combinations(_unique(subjects), 2):  # "X and Y signed an agreement": they negotiated it
            out.add(a, b, "NEGOTIATED_WITH", "", verb, 0.8)
    for obj, prep in objects:
        event = _unwrap_event(t, obj)
        if event is not None and (lemma in LIGHT_VERBS or prep):
            _event_with_agents(out, event, subjects)
            continue
        type_, reverse = _verb_type(lemma, prep)
        if lemma in _HOLDING_VERBS and not prep and _place(out, obj):
            type_, reverse = "LEADS", False  # "the town was taken by X", "X holds the city"
        if lemma == "fall" and prep == "to" and all(_place_ref(out, s) for s in subjects):
            type_, reverse = "LEADS", True  # "the town fell to X"
        if type_ is None:
            continue
        if type_ == "ATTACKED" and _to_death(t, verb):
            type_ = "KILLED"  # "shot dead", "beaten to death", "fatally stabbed"
        for target in out.index.refers_to_all(obj):
            for subject in subjects:
                source, dest = (target, subject) if reverse else (subject, target)
                out.add(source, dest, type_, lemma if type_ == "RELATED_TO" else "", verb, 0.8)


def _presence(out: _Collector, verb: int, lemma: str, subjects: list[Ref], objects: list[tuple[int, str]]) -> None:
    """Who is where: "X visited Y", "X returned to Y", "X held talks in Y" → X PRESENT_IN Y."""
    places = []
    for obj, prep in objects:
        if lemma in _TRAVEL_VERBS and prep in ("", "to", "in") and _place(out, obj):
            places.append(obj)
        elif not prep and out.tokens.lemma_lower[obj] in _GATHERINGS:
            places.extend(o for o in _prep_objects(out.tokens, obj, ("in",)) if _place(out, o))
    for place in places:
        for subject in subjects:
            if out.index.label_of.get(subject.entity) in ("PERSON", "ORG"):
                out.add(subject, out.index.refers_to(place), "PRESENT_IN", "", verb, 0.7)


def _place_ref(out: _Collector, ref: Ref) -> bool:
    return out.index.label_of.get(ref.entity) in ("GPE", "LOC", "FAC")


def _place(out: _Collector, i: int) -> bool:
    ref = out.index.refers_to(i)
    return ref is not None and out.index.label_of.get(ref.entity) in ("GPE", "LOC", "FAC")


def _located_inclusions(out: _Collector, including: int) -> None:
    """"towns in X, including Y and Z" → Y and Z LOCATED_IN X."""
    t = out.tokens
    wholes = [o for o in _prep_objects(t, t.head[including], ("in",)) if _place(out, o)]
    for whole in wholes[:1]:
        target = out.index.refers_to(whole)
        for obj in _children(t, including, "pobj"):
            for part in _with_conjuncts(t, obj):
                if _place(out, part):
                    out.add(out.index.refers_to(part), target, "LOCATED_IN", "", including, 0.7)


def _to_death(t: TokenTable, verb: int) -> bool:
    """"shot dead", "stabbed to death", "fatally shot": an attack that killed."""
    for child in t.children[verb]:
        lower, dep = t.lower[child], t.dep[child]
        if lower in _FATALLY and dep == "advmod":
            return True
        if lower == "dead" and dep in ("acomp", "oprd", "advmod", "xcomp", "dobj", "ccomp"):
            return True
        if dep == "prep" and lower == "to" and any(t.lower[o] == "death" for o in t.children[child]):
            return True
    return False


def _verb_type(lemma: str, prep: str) -> tuple[str | None, bool]:
    if lemma in PHRASAL_TYPES:
        return PHRASAL_TYPES[lemma], False
    if prep:
        if (lemma, prep) in PREP_VERB_TYPES:
            return PREP_VERB_TYPES[(lemma, prep)]
        if lemma in VERB_TYPES and prep in ("against", "on", "with"):
            return VERB_TYPES[lemma], False
        return None, False
    if lemma in REVERSED_VERB_TYPES:
        return REVERSED_VERB_TYPES[lemma], True
    if lemma in VERB_TYPES:
        return VERB_TYPES[lemma], False
    if lemma in ("be", "have", "say", "tell", "do"):
        return None, False
    return "RELATED_TO", False


def _subjects(out: _Collector, verb: int) -> list[Ref]:
    """The entities `verb`'s subjects stand for: its own, an agent's ("by X"), or those of the verb it is
    coordinated with or completes ("X met Y and signed …")."""
    t = out.tokens
    subject_tokens = [c for c in t.children[verb] if t.dep[c] in ("nsubj", "csubj")]
    subject_tokens += [o for c in t.children[verb] if t.dep[c] == "agent" for o in _children(t, c, "pobj")]
    inherits = t.dep[verb] in ("conj", "xcomp") or (t.dep[verb] == "advcl" and t.tag[verb] == "VBG")
    if not subject_tokens and inherits and t.pos[t.head[verb]] in _VERB_POS:
        return _subjects(out, t.head[verb])
    subjects = [r for token in subject_tokens for c in _with_conjuncts(t, token)
                if (r := out.index.refers_to(c)) is not None]
    if not subject_tokens and t.dep[verb] == "ROOT":
        ref = _subject_before(out, verb)  # the parser sometimes loses a long subject; take the name it ends with
        if ref is not None:
            subjects.append(ref)
    return subjects


def _objects(t: TokenTable, verb: int) -> list[tuple[int, str]]:
    """`verb`'s objects as (token, preposition or ""): direct, passive subjects, and prepositional."""
    objects: list[tuple[int, str]] = []
    for child in t.children[verb]:
        dep = t.dep[child]
        if dep in ("nsubjpass", "dobj"):
            objects.extend((c, "") for c in _with_conjuncts(t, child))
        elif dep == "prep" and t.lower[child] in OBJECT_PREPS:
            objects.extend((c, t.lower[child]) for o in _children(t, child, "pobj") for c in _with_conjuncts(t, o))
    if t.dep[verb] == "acl" and t.tag[verb] == "VBN":
        objects.append((t.head[verb], ""))  # "Nordvik, founded in 2009 by X": the noun is the passive subject
    return objects


def _subject_before(out: _Collector, verb: int) -> Ref | None:
    i = verb - 1
    while i >= 0 and out.tokens.dep[i] in ("aux", "auxpass", "advmod", "neg"):
        i -= 1
    if i >= 0 and out.index.at(i):
        return Ref(out.index.at(i), 0.5)
    return None


def _with_conjuncts(t: TokenTable, i: int) -> list[int]:
    return [i, *[c for c in t.conjuncts(i) if c > i]]


# --- acts named by nouns --------------------------------------------------------------------------------
def _event_type(t: TokenTable, i: int) -> str | None:
    if t.pos[i] not in ("NOUN", "PROPN"):
        return None
    return EVENT_NOUN_TYPES.get(t.lower[i]) or EVENT_NOUN_TYPES.get(t.lemma_lower[i])


def _unwrap_event(t: TokenTable, i: int) -> int | None:
    """"a series of attacks" → "attacks"; an event noun itself; else None."""
    for _ in range(3):
        if _event_type(t, i):
            return i
        if t.lemma_lower[i] not in _CONTAINERS:
            return None
        nested = of_objects(t, i)
        if not nested:
            return None
        i = nested[0]
    return None


def _event_relations(out: _Collector, noun: int) -> None:
    """An act named by a noun with its own agent: "Moscow's support for Belarus"."""
    t = out.tokens
    agent = out.index.refers_to(noun) if not out.index.at(noun) else None
    agents = [agent] if agent is not None else []
    for child in t.children[noun]:
        if t.dep[child] == "agent" or (t.dep[child] == "prep" and t.lower[child] == "by"):
            agents.extend(r for o in t.children[child] if (r := out.index.refers_to(o)) is not None)
    if not agents and (claimant := _claimant(t, noun)) is not None:
        agents.extend(r for r in [out.index.refers_to(claimant)] if r is not None)
    if not agents:
        agents = _possessor_subjects(out, noun)
    if agents:
        _event_with_agents(out, noun, agents)
    elif _event_type(t, noun) in SYMMETRIC:
        _event_with_agents(out, noun, [])


def _possessor_subjects(out: _Collector, noun: int) -> list[Ref]:
    """"X continued its fight against Y", "X is united in its condemnation of Y": an act owned by a pronoun
    is the act of the subject of the verb it hangs on."""
    t = out.tokens
    if not any(t.dep[c] == "poss" and t.pos[c] == "PRON" for c in t.children[noun]):
        return []
    verb = t.head[t.head[noun]] if t.dep[noun] == "pobj" else t.head[noun]
    if t.dep[noun] not in ("dobj", "pobj") or t.pos[verb] not in ("VERB", "AUX"):
        return []
    passive = [r for c in _children(t, verb, "nsubjpass") if (r := out.index.refers_to(c)) is not None]
    return _subjects(out, verb) or passive  # "X is united in its …": the passive subject


def _claimant(t: TokenTable, noun: int) -> int | None:
    """Who claims the act `noun` names as theirs: "X claimed the bombing", "X claimed responsibility for
    the attack" (the claim is X's word for it: attribution keeps X as its speaker)."""
    verb = t.head[noun]
    if t.dep[noun] == "pobj" and t.lower[verb] == "for" and t.lemma_lower[t.head[verb]] == "responsibility":
        verb = t.head[t.head[verb]] if t.dep[t.head[verb]] == "dobj" else verb
    elif t.dep[noun] != "dobj":
        return None
    if VERB_TYPES.get(t.lemma_lower[verb]) != "CLAIMED":
        return None
    return next(iter(_children(t, verb, "nsubj")), None)


def _event_with_agents(out: _Collector, noun: int, agents: list[Ref]) -> None:
    type_ = _event_type(out.tokens, noun) or "RELATED_TO"
    if type_ in SYMMETRIC:
        _parties(out, noun, type_, agents)
        return
    for agent in agents:
        for target in _event_targets(out, noun, type_):
            out.add(agent, target, type_, "", noun, 0.7)


def _parties(out: _Collector, noun: int, type_: str, agents: list[Ref]) -> None:
    """Talks relate who holds them to each partner ("talks with X, Y and Z"), and the parties named
    together ("talks between X and Y", "the X-Y dialogue", "X and Y met"); partners listed after "with" are
    never related to one another: the sentence does not say they talked among themselves."""
    partners = _event_targets(out, noun, type_, exclude={"between"})
    together = _event_targets(out, noun, type_, only={"between"}) + _modifier_parties(out, noun)
    if not partners:
        together += agents
        agents = []
    for agent in agents:
        for partner in partners + together:
            out.add(agent, partner, type_, "", noun, 0.7)
    for a, b in combinations(_unique(together), 2):
        out.add(a, b, type_, "", noun, 0.7)


def _event_targets(
    out: _Collector, noun: int, type_: str, only: set[str] | None = None, exclude: frozenset[str] = frozenset()
) -> list[Ref]:
    t = out.tokens
    allowed = (only or _TARGET_PREPS.get(type_, set())) - exclude
    if t.lemma_lower[noun] in FIGHT_NOUNS:
        allowed = {"against"}
    if t.lemma_lower[noun] in _CENSURE_NOUNS:
        allowed = allowed | {"of"}
    refs = []
    for obj in _prep_objects(t, noun, allowed):
        refs.extend(r for c in _with_conjuncts(t, obj) for r in out.index.refers_to_all(c))
    if refs or only:
        return refs
    # "strikes against militia targets, including some affiliated with X": the named part of the targets.
    refs.extend(r for o in _prep_objects(t, noun, ("including",)) for r in out.index.refers_to_all(o))
    return refs


def _modifier_parties(out: _Collector, noun: int) -> list[Ref]:
    """"the U.S.-China dialogue": the names modifying a noun of talks."""
    t = out.tokens
    return [Ref(out.index.at(c), 0.8) for c in t.children[noun]
            if c < noun and out.index.at(c) and t.dep[c] in ("compound", "nmod", "amod")]


def _unique(refs: list[Ref]) -> list[Ref]:
    seen: dict[str, Ref] = {}
    for ref in refs:
        if ref.entity not in seen or seen[ref.entity].confidence < ref.confidence:
            seen[ref.entity] = ref
    return list(seen.values())


# --- hyphenated modifiers, "one of", roles ----------------------------------------------------------------
def _hyphen_relations(out: _Collector, participle: int) -> None:
    """"Russia-backed militias known as X" → X BACKED_BY Russia; "X-led Y" → X LEADS Y."""
    named = hyphen_entity(out.index, participle)
    if named is None:
        return
    noun = out.tokens.head[participle]
    target = out.index.refers_to(noun)
    if target is None or _event_type(out.tokens, noun):
        return
    lower = out.tokens.lower[participle]
    type_, agent_first = HYPHEN_TYPES[lower]
    source = Ref(named, 1.0)
    label = lower if type_ == "ACQUIRED" else ""
    if agent_first:
        out.add(source, target, type_, label, participle, 0.8)
    else:
        out.add(target, source, type_, label, participle, 0.8)


def _one_of(out: _Collector, one: int) -> None:
    """"X is one of the factions in Y", "X, one of the parties of Y" → X PART_OF Y."""
    t = out.tokens
    if t.dep[one] == "attr" and t.lemma[t.head[one]] == "be":
        subjects = _children(t, t.head[one], "nsubj")
    elif t.dep[one] == "appos":
        subjects = [t.head[one]]
    else:
        return
    for group in of_objects(t, one):
        for whole in _prep_objects(t, group, ("in", "of", "within")):
            target = out.index.refers_to(whole)
            for subject in subjects:
                source = out.index.refers_to(subject)
                if source and target:
                    type_ = "MEMBER_OF" if t.lemma[group] in ("member", "player") else "PART_OF"
                    out.add(source, target, type_, "", one, 0.8)


def _as_part_of(out: _Collector, part: int) -> None:
    """"X is working as part of Y", "X, as part of Y, will …" → X PART_OF Y."""
    verb = out.tokens.head[out.tokens.head[part]]
    if out.tokens.pos[verb] not in ("VERB", "AUX"):
        return
    subjects = _subjects(out, verb)
    for whole in of_objects(out.tokens, part):
        target = out.index.refers_to(whole)
        for subject in subjects:
            if target is not None:
                out.add(subject, target, "PART_OF", "", part, 0.8)


def _apposed_roles(out: _Collector, name: int) -> None:
    """"X, the chief executive of Y" / "X is the founder of Y" / "X, the Arsenal captain" /
    "Judge X of the Y Court"."""
    t = out.tokens
    person = Ref(out.index.at(name), 1.0)
    # The parser labels some appositions npadvmod; a comma right after the name marks them.
    comma = name + 1 < t.length and t.text[name + 1] == ","
    roles = [c for c in t.children[name]
             if t.pos[c] == "NOUN" and (t.dep[c] == "appos" or (t.dep[c] == "npadvmod" and comma and c > name))]
    if t.dep[name] in ("nsubj", "nsubjpass"):
        roles.extend(c for c in t.children[t.head[name]] if t.dep[c] in ("attr", "oprd") and t.pos[c] == "NOUN")
    _titled_of(out, name, person)
    for role in roles:
        noun = t.lemma_lower[role]
        if noun in _NOT_ROLES:
            continue
        if noun in _KILLER_NOUNS:
            _killer_of(out, person, role)
            continue
        holder = next((c for c in t.children[role] if t.dep[c] in ("compound", "poss") and out.index.at(c)), None)
        if holder is not None and out.index.label_of.get(out.index.at(holder)) in ("ORG", "GPE"):
            out.add(person, Ref(out.index.at(holder), 1.0), "HOLDS_ROLE", t.text[role], role, 0.8)
        for obj in _prep_objects(t, role, ("of", "at", "for")):
            target = out.index.refers_to(obj)
            if target is None or out.index.label_of.get(target.entity) not in _ORG_LIKE:
                continue
            label = _role_phrase(t, role)
            type_ = _ROLE_RELATIONS.get(noun, "HOLDS_ROLE")
            if noun in _LEADING_ROLES and out.index.label_of.get(target.entity) == "ORG":
                type_ = "LEADS"
            out.add(person, target, type_, label if type_ == "HOLDS_ROLE" else "", role, 0.8)


def _killer_of(out: _Collector, killer: Ref, role: int) -> None:
    """"X, the assassin of Y" / "X, Y's killer": X KILLED Y."""
    victims = _children(out.tokens, role, "poss") + of_objects(out.tokens, role)
    for victim in victims:
        target = out.index.refers_to(victim)
        if target is not None and out.index.label_of.get(target.entity) == "PERSON":
            out.add(killer, target, "KILLED", "", role, 0.8)


def _titled_of(out: _Collector, name: int, person: Ref) -> None:
    """"Judge X of the Y Court": a titled name followed by "of" an organisation holds that title there."""
    start, _ = out.index.span_of[name]
    role, _ = role_before_at(out.tokens, start, name + 1, out.index.entity_of.keys())  # a view: no copy per name
    if not role:
        return
    for obj in _prep_objects(out.tokens, name, ("of", "at")):
        target = out.index.refers_to(obj)
        if target is not None and out.index.label_of.get(target.entity) == "ORG":
            out.add(person, target, "HOLDS_ROLE", role, name, 0.8)


def _role_phrase(t: TokenTable, role: int) -> str:
    words = [c for c in t.children[role] if t.dep[c] in ("compound", "amod") and c < role] + [role]
    return " ".join(t.text[i] for i in sorted(words))


def _written_roles(out: _Collector, entities: list[LocalEntity]) -> None:
    """"Spanish Prime Minister X", "Acme chief executive X" → X HOLDS_ROLE Spain / Acme."""
    taken = set(out.index.entity_of)
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for mention in entity.mentions:
            role, before = role_before_at(out.tokens, mention.span.start, mention.span.end, taken)
            if not role or before < 0 or not out.index.at(before):
                continue
            holder = out.index.at(before)
            root = out.tokens.root(mention.span.start, mention.span.end)
            if role.split()[-1].lower() in _KILLER_NOUNS and out.index.label_of.get(holder) == "PERSON":
                out.add(Ref(entity.id, 1.0), Ref(holder, 1.0), "KILLED", "", root, 0.8)
            elif out.index.label_of.get(holder) in ("ORG", "GPE"):
                out.add(Ref(entity.id, 1.0), Ref(holder, 1.0), "HOLDS_ROLE", role, root, 0.8)


def _capitals_in_countries(out: _Collector, entities: list[LocalEntity]) -> None:
    """A capital written as a place ("talks in Baghdad") lies in its country: Baghdad LOCATED_IN Iraq, from
    world knowledge, in a sentence that names both."""
    by_key = {e.key: e for e in entities}
    for entity in entities:
        code = knowledge.capital_country(entity.name) if entity.type == "GPE" else None
        country = by_key.get(country_key(code)) if code else None
        if country is not None and country is not entity:
            # Only where one sentence names both ("talks in Baghdad, Iraq"): the evidence must show them.
            shared = {m.sentence for m in country.mentions}
            where = next((m for m in entity.mentions if m.sentence in shared), None)
            if where is not None:
                root = out.tokens.root(where.span.start, where.span.end)
                out.add(Ref(entity.id, 1.0), Ref(country.id, 1.0), "LOCATED_IN", "", root, 0.9)


def _org_places_and_leaders(out: _Collector, entities: list[LocalEntity]) -> None:
    """"Norwegian conglomerate X", "X, a Danish developer", "X, a network in Columbus" → X LOCATED_IN;
    "the X coalition of Y", "Y's party X" → Y LEADS X."""
    t = out.tokens
    taken = set(out.index.entity_of)
    for entity in entities:
        if entity.type != "ORG":
            continue
        for mention in entity.mentions:
            org = Ref(entity.id, 1.0)
            _, before = role_before_at(t, mention.span.start, mention.span.end, taken)
            root = t.root(mention.span.start, mention.span.end)
            if before >= 0 and t.dep[before] == "amod":
                _located(out, org, before, root)
            _org_in_place(out, org, root)
            head = t.head[root]
            if t.dep[root] == "compound" and t.pos[head] == "NOUN" and head >= mention.span.end:
                _org_in_place(out, org, head)  # "the X tribe in Y"
            nouns = [c for c in t.children[root] if t.dep[c] == "appos" and t.pos[c] == "NOUN"]
            if t.pos[head] == "NOUN" and t.dep[root] in ("compound", "nmod") and head >= mention.span.end:
                nouns.append(head)  # "the Green Future coalition of …"
            for noun in nouns:
                for child in t.children[noun]:
                    if t.dep[child] == "amod":
                        _located(out, org, child, noun)
                    if t.dep[child] == "prep" and t.lower[child] in ("in", "of", "from"):
                        for obj in (o for o in _children(t, child, "pobj") if out.index.at(o)):
                            _place_or_leader(out, org, obj, t.lower[child], noun)
                    if t.dep[child] == "poss" and out.index.at(child):
                        _place_or_leader(out, org, child, "of", noun)


def _org_in_place(out: _Collector, org: Ref, root: int) -> None:
    """"the X tribe in Y", "the X Institute in Y": an organisation's name followed by "in" a place."""
    t = out.tokens
    for prep in _children(t, root, "prep", ("in",)):
        for obj in (o for o in _children(t, prep, "pobj") if _place(out, o)):
            out.add(org, out.index.refers_to(obj), "LOCATED_IN", "", prep, 0.6)


def _located(out: _Collector, org: Ref, modifier: int, at: int) -> None:
    place = out.index.at(modifier)
    if place and out.index.label_of.get(place) == "GPE":
        out.add(org, Ref(place, 1.0), "LOCATED_IN", "", at, 0.7)


def _place_or_leader(out: _Collector, org: Ref, obj: int, prep: str, at: int) -> None:
    other = out.index.at(obj)
    label = out.index.label_of.get(other)
    if label == "GPE" and prep in ("in", "from"):
        out.add(org, Ref(other, 1.0), "LOCATED_IN", "", at, 0.7)
    elif label == "PERSON" and prep == "of" and out.tokens.lemma_lower[at] in _LEADING_COLLECTIVES:
        out.add(Ref(other, 1.0), org, "LEADS", "", at, 0.6)


_LEADING_COLLECTIVES = COLLECTIVE_NOUNS | {"party", "bloc"}


# --- co-mentions -------------------------------------------------------------------------------------------
def co_mentions(
    doc: Doc, doc_id: str, entities: list[LocalEntity], confidence: float, sentences: Sentences | None = None
) -> list[Relation]:
    """One CO_MENTIONED relation per unordered pair of entities per sentence, ordered by id (`sentences`: the
    document's, when the caller has them)."""
    sentences = sentences or Sentences(doc)
    in_sentence: dict[int, set[str]] = {}
    for entity in entities:
        for mention in entity.mentions:
            in_sentence.setdefault(mention.sentence, set()).add(entity.id)
    relations = []
    for index in sorted(in_sentence):
        ids = sorted(in_sentence[index])
        if len(ids) < 2:
            continue
        evidence = sentences.evidence(index)
        for a, b in combinations(ids, 2):
            relations.append(
                Relation(
                    source=a, target=b, type=CO_MENTIONED, label="", doc=doc_id, sentence=index,
                    evidence=evidence, confidence=confidence,
                )
            )
    return relations
