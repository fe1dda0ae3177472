"""Relations between the entities of one document: typed ones read off the dependency parse, and
co-mentions (two entities in one sentence) kept apart as CO_MENTIONED.

Typed rules, each general English: subject-verb-object (active and passive, verbs mapped onto the
controlled vocabulary, else RELATED_TO with the lemma as label); acts named by nouns with their agent
and target ("a French airstrike on X", "Russia's offensive in Donbas"); hyphenated modifiers ("X-backed Y",
"X-led Y"); roles ("Spanish Prime Minister X", "X, the chief executive of Y"); "one of the N in X".
"""

from __future__ import annotations

from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc, Token

from explorer import knowledge
from explorer.extract.arguments import EntityIndex, Ref, hyphen_entity, of_objects
from explorer.extract.attributes import document_of
from explorer.extract.layout import sentence_index
from explorer.extract.linking import LocalEntity
from explorer.extract.roles import role_before
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
        doc_id, entities = document_of(doc).id, doc._.entities
        doc._.relations = typed_relations(doc, doc_id, entities) + co_mentions(
            doc, doc_id, entities, co_mention_confidence
        )
        return doc

    return relations


class _Collector:
    """Relations of one document, one per (source, target, type, label, sentence)."""

    def __init__(self, doc: Doc, doc_id: str, index: EntityIndex) -> None:
        self.doc, self.doc_id, self.index = doc, doc_id, index
        self.sentences = list(doc.sents)
        self.sent_of = sentence_index(doc)
        self._evidence: dict[int, str] = {}
        self.found: dict[tuple[str, str, str, str, int], Relation] = {}

    def add(self, source: Ref, target: Ref, type_: str, label: str, at: Token, confidence: float) -> None:
        if source.entity == target.entity:
            return
        if type_ not in RELATION_TYPES:
            type_, label = "RELATED_TO", label or type_.lower()
        a, b = source.entity, target.entity
        if type_ in SYMMETRIC and b < a:
            a, b = b, a
        sentence = self.sent_of[at.i]
        key = (a, b, type_, label, sentence)
        confidence = round(confidence * min(source.confidence, target.confidence), 2)
        if key in self.found and self.found[key].confidence >= confidence:
            return
        self.found[key] = Relation(
            source=a, target=b, type=type_, label=label, doc=self.doc_id, sentence=sentence,
            evidence=self.evidence(sentence), confidence=confidence,
        )

    def evidence(self, sentence: int) -> str:
        """The text of sentence number `sentence`, built once (a Span makes it anew at each asking)."""
        if sentence not in self._evidence:
            self._evidence[sentence] = self.sentences[sentence].text.strip()
        return self._evidence[sentence]


def typed_relations(doc: Doc, doc_id: str, entities: list[LocalEntity]) -> list[Relation]:
    """Typed relations stated in `doc` between its local entities."""
    index = EntityIndex(
        [(m.span.start, m.span.end, e.id, e.type) for e in entities for m in e.mentions]
    )
    out = _Collector(doc, doc_id, index)
    for token in doc:
        if token.pos_ in ("VERB", "AUX"):
            _verb_relations(out, token)
        if _event_type(token):
            _event_relations(out, token)
        if token.lower_ in HYPHEN_TYPES:
            _hyphen_relations(out, token)
        if token.lower_ == "one":
            _one_of(out, token)
        if token.lower_ == "including" and token.dep_ == "prep" and token.head.pos_ == "NOUN":
            _located_inclusions(out, token)
        if token.lower_ == "part" and token.dep_ == "pobj" and token.head.lower_ == "as":
            _as_part_of(out, token)
        if index.at(token) and index.label_of[index.at(token)] == "PERSON" and token.dep_ != "compound":
            _apposed_roles(out, token)
    _written_roles(out, entities)
    _org_places_and_leaders(out, entities)
    _capitals_in_countries(out, entities)
    return list(out.found.values())


# --- subject, verb, object ----------------------------------------------------------------------------
def _verb_relations(out: _Collector, verb: Token) -> None:
    subjects, objects = _arguments(out, verb)
    if not subjects:
        return
    lemma = verb.lemma_.lower()
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    if f"{lemma} {particle}" in PHRASAL_TYPES:
        lemma = f"{lemma} {particle}"
    _presence(out, verb, lemma, subjects, objects)
    if lemma == "sign" and any(o.lemma_.lower() in _AGREEMENTS for o, p in objects if not p):
        for a, b in combinations(_unique(subjects), 2):  # "X and Y signed an agreement": they negotiated it
            out.add(a, b, "NEGOTIATED_WITH", "", verb, 0.8)
    for obj, prep in objects:
        event = _unwrap_event(obj)
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
        if type_ == "ATTACKED" and _to_death(verb):
            type_ = "KILLED"  # "shot dead", "beaten to death", "fatally stabbed"
        for target in out.index.refers_to_all(obj):
            for subject in subjects:
                source, dest = (target, subject) if reverse else (subject, target)
                out.add(source, dest, type_, lemma if type_ == "RELATED_TO" else "", verb, 0.8)


def _presence(out: _Collector, verb: Token, lemma: str, subjects: list[Ref], objects: list[tuple[Token, str]]) -> None:
    """Who is where: "X visited Y", "X returned to Y", "X held talks in Y" → X PRESENT_IN Y."""
    places = []
    for obj, prep in objects:
        if lemma in _TRAVEL_VERBS and prep in ("", "to", "in") and _place(out, obj):
            places.append(obj)
        elif not prep and obj.lemma_.lower() in _GATHERINGS:
            places.extend(o for c in obj.children if c.dep_ == "prep" and c.lower_ == "in"
                          for o in c.children if o.dep_ == "pobj" and _place(out, o))
    for place in places:
        for subject in subjects:
            if out.index.label_of.get(subject.entity) in ("PERSON", "ORG"):
                out.add(subject, out.index.refers_to(place), "PRESENT_IN", "", verb, 0.7)


def _place_ref(out: _Collector, ref: Ref) -> bool:
    return out.index.label_of.get(ref.entity) in ("GPE", "LOC", "FAC")


def _place(out: _Collector, token: Token) -> bool:
    ref = out.index.refers_to(token)
    return ref is not None and out.index.label_of.get(ref.entity) in ("GPE", "LOC", "FAC")


def _located_inclusions(out: _Collector, including: Token) -> None:
    """"towns in X, including Y and Z" → Y and Z LOCATED_IN X."""
    noun = including.head
    wholes = [o for c in noun.children if c.dep_ == "prep" and c.lower_ == "in" for o in c.children
              if o.dep_ == "pobj" and _place(out, o)]
    for whole in wholes[:1]:
        target = out.index.refers_to(whole)
        for obj in (o for o in including.children if o.dep_ == "pobj"):
            for part in _with_conjuncts(obj):
                if _place(out, part):
                    out.add(out.index.refers_to(part), target, "LOCATED_IN", "", including, 0.7)


def _to_death(verb: Token) -> bool:
    """"shot dead", "stabbed to death", "fatally shot": an attack that killed."""
    for child in verb.children:
        if child.lower_ in _FATALLY and child.dep_ == "advmod":
            return True
        if child.lower_ == "dead" and child.dep_ in ("acomp", "oprd", "advmod", "xcomp", "dobj", "ccomp"):
            return True
        if child.dep_ == "prep" and child.lower_ == "to" and any(o.lower_ == "death" for o in child.children):
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


def _arguments(out: _Collector, verb: Token) -> tuple[list[Ref], list[tuple[Token, str]]]:
    """(subjects as entities, objects as (token, preposition or "")) of `verb`."""
    subjects: list[Ref] = []
    objects: list[tuple[Token, str]] = []
    subject_tokens = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            objects.extend((t, "") for t in _with_conjuncts(child))
        elif child.dep_ == "agent":
            subject_tokens.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ == "dobj":
            objects.extend((t, "") for t in _with_conjuncts(child))
        elif child.dep_ == "prep" and child.lower_ in OBJECT_PREPS:
            objects.extend((t, child.lower_) for c in child.children if c.dep_ == "pobj"
                           for t in _with_conjuncts(c))
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        objects.append((verb.head, ""))  # "Nordvik, founded in 2009 by X": the noun is the passive subject
    inherits = verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG")
    if not subject_tokens and inherits and verb.head.pos_ in ("VERB", "AUX"):
        return _arguments(out, verb.head)[0], objects
    for token in subject_tokens:
        for conjunct in _with_conjuncts(token):
            ref = out.index.refers_to(conjunct)
            if ref is not None:
                subjects.append(ref)
    if not subject_tokens and verb.dep_ == "ROOT":
        ref = _subject_before(out, verb)  # the parser sometimes loses a long subject; take the name it ends with
        if ref is not None:
            subjects.append(ref)
    return subjects, objects


def _subject_before(out: _Collector, verb: Token) -> Ref | None:
    i = verb.i - 1
    while i >= 0 and out.doc[i].dep_ in ("aux", "auxpass", "advmod", "neg"):
        i -= 1
    if i >= 0 and out.index.at(out.doc[i]):
        return Ref(out.index.at(out.doc[i]), 0.5)
    return None


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *[t for t in token.conjuncts if t.i > token.i]]


# --- acts named by nouns --------------------------------------------------------------------------------
def _event_type(token: Token) -> str | None:
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    return EVENT_NOUN_TYPES.get(token.lower_) or EVENT_NOUN_TYPES.get(token.lemma_.lower())


def _unwrap_event(token: Token) -> Token | None:
    """"a series of attacks" → "attacks"; an event noun itself; else None."""
    for _ in range(3):
        if _event_type(token):
            return token
        if token.lemma_.lower() not in _CONTAINERS:
            return None
        nested = [o for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                  for o in c.children if o.dep_ == "pobj"]
        if not nested:
            return None
        token = nested[0]
    return None


def _event_relations(out: _Collector, noun: Token) -> None:
    """An act named by a noun with its own agent: "Moscow's support for Belarus"."""
    agent = out.index.refers_to(noun) if not out.index.at(noun) else None
    agents = [agent] if agent is not None else []
    for child in noun.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            agents.extend(r for o in child.children if (r := out.index.refers_to(o)) is not None)
    if not agents and (claimant := _claimant(noun)) is not None:
        agents.extend(r for r in [out.index.refers_to(claimant)] if r is not None)
    if not agents:
        agents = _possessor_subjects(out, noun)
    if agents:
        _event_with_agents(out, noun, agents)
    elif _event_type(noun) in SYMMETRIC:
        _event_with_agents(out, noun, [])


def _possessor_subjects(out: _Collector, noun: Token) -> list[Ref]:
    """"X continued its fight against Y", "X is united in its condemnation of Y": an act owned by a pronoun
    is the act of the subject of the verb it hangs on."""
    if not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children):
        return []
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ not in ("dobj", "pobj") or verb.pos_ not in ("VERB", "AUX"):
        return []
    passive = [r for c in verb.children if c.dep_ == "nsubjpass" and (r := out.index.refers_to(c)) is not None]
    return _arguments(out, verb)[0] or passive  # "X is united in its …": the passive subject


def _claimant(noun: Token) -> Token | None:
    """Who claims the act `noun` names as theirs: "X claimed the bombing", "X claimed responsibility for
    the attack" (the claim is X's word for it: attribution keeps X as its speaker)."""
    verb = noun.head
    if noun.dep_ == "pobj" and verb.lower_ == "for" and verb.head.lemma_.lower() == "responsibility":
        verb = verb.head.head if verb.head.dep_ == "dobj" else verb
    elif noun.dep_ != "dobj":
        return None
    if VERB_TYPES.get(verb.lemma_.lower()) != "CLAIMED":
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _event_with_agents(out: _Collector, noun: Token, agents: list[Ref]) -> None:
    type_ = _event_type(noun) or "RELATED_TO"
    if type_ in SYMMETRIC:
        _parties(out, noun, type_, agents)
        return
    for agent in agents:
        for target in _event_targets(out, noun, type_):
            out.add(agent, target, type_, "", noun, 0.7)


def _parties(out: _Collector, noun: Token, type_: str, agents: list[Ref]) -> None:
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
    out: _Collector, noun: Token, type_: str, only: set[str] | None = None, exclude: frozenset[str] = frozenset()
) -> list[Ref]:
    allowed = (only or _TARGET_PREPS.get(type_, set())) - exclude
    if noun.lemma_.lower() in FIGHT_NOUNS:
        allowed = {"against"}
    if noun.lemma_.lower() in _CENSURE_NOUNS:
        allowed = allowed | {"of"}
    refs = []
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in allowed:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    refs.extend(r for t in _with_conjuncts(obj) for r in out.index.refers_to_all(t))
    if refs or only:
        return refs
    # "strikes against militia targets, including some affiliated with X": the named part of the targets.
    for including in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "including"):
        refs.extend(r for o in including.children if o.dep_ == "pobj" for r in out.index.refers_to_all(o))
    return refs


def _modifier_parties(out: _Collector, noun: Token) -> list[Ref]:
    """"the U.S.-China dialogue": the names modifying a noun of talks."""
    return [Ref(out.index.at(c), 0.8) for c in noun.subtree
            if c.i < noun.i and c.head == noun and out.index.at(c) and c.dep_ in ("compound", "nmod", "amod")]


def _unique(refs: list[Ref]) -> list[Ref]:
    seen: dict[str, Ref] = {}
    for ref in refs:
        if ref.entity not in seen or seen[ref.entity].confidence < ref.confidence:
            seen[ref.entity] = ref
    return list(seen.values())


# --- hyphenated modifiers, "one of", roles ----------------------------------------------------------------
def _hyphen_relations(out: _Collector, participle: Token) -> None:
    """"Russia-backed militias known as X" → X BACKED_BY Russia; "X-led Y" → X LEADS Y."""
    named = hyphen_entity(out.index, participle)
    if named is None:
        return
    noun = participle.head
    target = out.index.refers_to(noun)
    if target is None or _event_type(noun):
        return
    type_, agent_first = HYPHEN_TYPES[participle.lower_]
    source = Ref(named, 1.0)
    label = participle.lower_ if type_ == "ACQUIRED" else ""
    if agent_first:
        out.add(source, target, type_, label, participle, 0.8)
    else:
        out.add(target, source, type_, label, participle, 0.8)


def _one_of(out: _Collector, one: Token) -> None:
    """"X is one of the factions in Y", "X, one of the parties of Y" → X PART_OF Y."""
    if one.dep_ == "attr" and one.head.lemma_ == "be":
        subjects = [c for c in one.head.children if c.dep_ == "nsubj"]
    elif one.dep_ == "appos":
        subjects = [one.head]
    else:
        return
    for group in (o for c in one.children if c.dep_ == "prep" and c.lower_ == "of"
                  for o in c.children if o.dep_ == "pobj"):
        for prep in (c for c in group.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "within")):
            for whole in (o for o in prep.children if o.dep_ == "pobj"):
                target = out.index.refers_to(whole)
                for subject in subjects:
                    source = out.index.refers_to(subject)
                    if source and target:
                        type_ = "MEMBER_OF" if group.lemma_ in ("member", "player") else "PART_OF"
                        out.add(source, target, type_, "", one, 0.8)


def _as_part_of(out: _Collector, part: Token) -> None:
    """"X is working as part of Y", "X, as part of Y, will …" → X PART_OF Y."""
    verb = part.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return
    subjects, _ = _arguments(out, verb)
    for whole in of_objects(part):
        target = out.index.refers_to(whole)
        for subject in subjects:
            if target is not None:
                out.add(subject, target, "PART_OF", "", part, 0.8)


def _apposed_roles(out: _Collector, name: Token) -> None:
    """"X, the chief executive of Y" / "X is the founder of Y" / "X, the Arsenal captain" /
    "Judge X of the Y Court"."""
    person = Ref(out.index.at(name), 1.0)
    # The parser labels some appositions npadvmod; a comma right after the name marks them.
    comma = name.i + 1 < len(name.doc) and name.doc[name.i + 1].text == ","
    roles = [c for c in name.children
             if c.pos_ == "NOUN" and (c.dep_ == "appos" or (c.dep_ == "npadvmod" and comma and c.i > name.i))]
    if name.dep_ in ("nsubj", "nsubjpass"):
        roles.extend(c for c in name.head.children if c.dep_ in ("attr", "oprd") and c.pos_ == "NOUN")
    _titled_of(out, name, person)
    for role in roles:
        noun = role.lemma_.lower()
        if noun in _NOT_ROLES:
            continue
        if noun in _KILLER_NOUNS:
            _killer_of(out, person, role)
            continue
        holder = next((c for c in role.children if c.dep_ in ("compound", "poss") and out.index.at(c)), None)
        if holder is not None and out.index.label_of.get(out.index.at(holder)) in ("ORG", "GPE"):
            out.add(person, Ref(out.index.at(holder), 1.0), "HOLDS_ROLE", role.text, role, 0.8)
        for prep in (c for c in role.children if c.dep_ == "prep" and c.lower_ in ("of", "at", "for")):
            for obj in (o for o in prep.children if o.dep_ == "pobj"):
                target = out.index.refers_to(obj)
                if target is None or out.index.label_of.get(target.entity) not in _ORG_LIKE:
                    continue
                label = _role_phrase(role)
                type_ = _ROLE_RELATIONS.get(role.lemma_.lower(), "HOLDS_ROLE")
                if role.lemma_.lower() in _LEADING_ROLES and out.index.label_of.get(target.entity) == "ORG":
                    type_ = "LEADS"
                out.add(person, target, type_, label if type_ == "HOLDS_ROLE" else "", role, 0.8)


def _killer_of(out: _Collector, killer: Ref, role: Token) -> None:
    """"X, the assassin of Y" / "X, Y's killer": X KILLED Y."""
    victims = [c for c in role.children if c.dep_ == "poss"] + of_objects(role)
    for victim in victims:
        target = out.index.refers_to(victim)
        if target is not None and out.index.label_of.get(target.entity) == "PERSON":
            out.add(killer, target, "KILLED", "", role, 0.8)


def _titled_of(out: _Collector, name: Token, person: Ref) -> None:
    """"Judge X of the Y Court": a titled name followed by "of" an organisation holds that title there."""
    start, _ = out.index.span_of[name.i]
    span = out.doc[start : name.i + 1]
    role, _ = role_before(out.doc, span, out.index.entity_of.keys())  # a view: no copy per name
    if not role:
        return
    for prep in (c for c in name.children if c.dep_ == "prep" and c.lower_ in ("of", "at")):
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            target = out.index.refers_to(obj)
            if target is not None and out.index.label_of.get(target.entity) == "ORG":
                out.add(person, target, "HOLDS_ROLE", role, name, 0.8)


def _role_phrase(role: Token) -> str:
    words = [c for c in role.children if c.dep_ in ("compound", "amod") and c.i < role.i] + [role]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _written_roles(out: _Collector, entities: list[LocalEntity]) -> None:
    """"Spanish Prime Minister X", "Acme chief executive X" → X HOLDS_ROLE Spain / Acme."""
    taken = set(out.index.entity_of)
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for mention in entity.mentions:
            role, before = role_before(out.doc, mention.span, taken)
            if not role or before < 0 or not out.index.at(out.doc[before]):
                continue
            holder = out.index.at(out.doc[before])
            if role.split()[-1].lower() in _KILLER_NOUNS and out.index.label_of.get(holder) == "PERSON":
                out.add(Ref(entity.id, 1.0), Ref(holder, 1.0), "KILLED", "", mention.span.root, 0.8)
            elif out.index.label_of.get(holder) in ("ORG", "GPE"):
                out.add(Ref(entity.id, 1.0), Ref(holder, 1.0), "HOLDS_ROLE", role, mention.span.root, 0.8)


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
                out.add(Ref(entity.id, 1.0), Ref(country.id, 1.0), "LOCATED_IN", "", where.span.root, 0.9)


def _org_places_and_leaders(out: _Collector, entities: list[LocalEntity]) -> None:
    """"Norwegian conglomerate X", "X, a Danish developer", "X, a network in Columbus" → X LOCATED_IN;
    "the X coalition of Y", "Y's party X" → Y LEADS X."""
    taken = set(out.index.entity_of)
    for entity in entities:
        if entity.type != "ORG":
            continue
        for mention in entity.mentions:
            org = Ref(entity.id, 1.0)
            _, before = role_before(out.doc, mention.span, taken)
            if before >= 0 and out.doc[before].dep_ == "amod":
                _located(out, org, out.doc[before], mention.span.root)
            root = mention.span.root
            _org_in_place(out, org, root)
            if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i >= mention.span.end:
                _org_in_place(out, org, root.head)  # "the X tribe in Y"
            nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
            if root.head.pos_ == "NOUN" and root.dep_ in ("compound", "nmod") and root.head.i >= mention.span.end:
                nouns.append(root.head)  # "the Green Future coalition of …"
            for noun in nouns:
                for child in noun.children:
                    if child.dep_ == "amod":
                        _located(out, org, child, noun)
                    if child.dep_ == "prep" and child.lower_ in ("in", "of", "from"):
                        for obj in (o for o in child.children if o.dep_ == "pobj" and out.index.at(o)):
                            _place_or_leader(out, org, obj, child.lower_, noun)
                    if child.dep_ == "poss" and out.index.at(child):
                        _place_or_leader(out, org, child, "of", noun)


def _org_in_place(out: _Collector, org: Ref, root: Token) -> None:
    """"the X tribe in Y", "the X Institute in Y": an organisation's name followed by "in" a place."""
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "in"):
        for obj in (o for o in prep.children if o.dep_ == "pobj" and _place(out, o)):
            out.add(org, out.index.refers_to(obj), "LOCATED_IN", "", prep, 0.6)


def _located(out: _Collector, org: Ref, modifier: Token, at: Token) -> None:
    place = out.index.at(modifier)
    if place and out.index.label_of.get(place) == "GPE":
        out.add(org, Ref(place, 1.0), "LOCATED_IN", "", at, 0.7)


def _place_or_leader(out: _Collector, org: Ref, obj: Token, prep: str, at: Token) -> None:
    other = out.index.at(obj)
    label = out.index.label_of.get(other)
    if label == "GPE" and prep in ("in", "from"):
        out.add(org, Ref(other, 1.0), "LOCATED_IN", "", at, 0.7)
    elif label == "PERSON" and prep == "of" and at.lemma_.lower() in COLLECTIVE_NOUNS | {"party", "bloc"}:
        out.add(Ref(other, 1.0), org, "LEADS", "", at, 0.6)


# --- co-mentions -------------------------------------------------------------------------------------------
def co_mentions(doc: Doc, doc_id: str, entities: list[LocalEntity], confidence: float) -> list[Relation]:
    """One CO_MENTIONED relation per unordered pair of entities per sentence, ordered by id."""
    sents = list(doc.sents)
    in_sentence: dict[int, set[str]] = {}
    for entity in entities:
        for mention in entity.mentions:
            in_sentence.setdefault(mention.sentence, set()).add(entity.id)
    relations = []
    for index in sorted(in_sentence):
        ids = sorted(in_sentence[index])
        evidence = sents[index].text.strip()
        for a, b in combinations(ids, 2):
            relations.append(
                Relation(
                    source=a, target=b, type=CO_MENTIONED, label="", doc=doc_id, sentence=index,
                    evidence=evidence, confidence=confidence,
                )
            )
    return relations
