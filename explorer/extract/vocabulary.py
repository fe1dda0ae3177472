"""Which words state which relation: verbs and event nouns mapped onto the controlled vocabulary."""

from __future__ import annotations

# Verb lemma → relation type, subject → object. "reverse" types are stated object → subject.
VERB_TYPES = {
    **dict.fromkeys(("attack", "strike", "bomb", "raid", "shell", "invade", "target", "assault", "ambush",
                     "hit", "storm", "besiege", "shoot", "stab", "beat", "fight"), "ATTACKED"),
    **dict.fromkeys(("kill", "assassinate", "murder", "execute", "slay", "behead", "massacre"), "KILLED"),
    **dict.fromkeys(("lead", "head", "chair", "run", "command", "captain", "coach", "manage", "control"), "LEADS"),
    **dict.fromkeys(("negotiate",), "NEGOTIATED_WITH"),
    **dict.fromkeys(("support", "fund", "arm", "finance", "sponsor", "endorse", "aid", "assist", "help",
                     "defend", "champion", "welcome", "commend", "praise", "applaud"), "SUPPORTS"),
    **dict.fromkeys(("oppose", "condemn", "criticize", "criticise", "reject", "denounce", "protest",
                     "challenge", "block", "sanction"), "OPPOSES"),
    **dict.fromkeys(("found", "establish", "create", "co-found", "cofound"), "FOUNDED"),
    **dict.fromkeys(("acquire", "buy", "purchase", "absorb"), "ACQUIRED"),
    **dict.fromkeys(("claim", "annex", "seize", "capture"), "CLAIMED"),
    **dict.fromkeys(("meet",), "MET_WITH"),
    **dict.fromkeys(("accuse", "charge", "indict", "blame", "prosecute", "convict", "fine"), "ACCUSED"),
    **dict.fromkeys(("sue",), "SUED"),
    **dict.fromkeys(("join",), "MEMBER_OF"),
    **dict.fromkeys(("defeat", "beat", "unseat", "oust", "eliminate", "overcome", "edge", "outscore",
                     "rout", "thrash"), "DEFEATED"),
    **dict.fromkeys(("ally",), "ALLIED_WITH"),
}
# Stated the other way round: "Acme hired Jane" → Jane EMPLOYED_BY Acme; "Russia backs X" → X BACKED_BY Russia.
REVERSED_VERB_TYPES = {
    **dict.fromkeys(("employ", "hire", "appoint", "recruit", "sign"), "EMPLOYED_BY"),
    **dict.fromkeys(("back",), "BACKED_BY"),
}
# Phrasal verbs, read as one lemma.
PHRASAL_TYPES = {"knock out": "DEFEATED", "take over": "ACQUIRED", "buy out": "ACQUIRED",
                 "set up": "FOUNDED", "shoot down": "ATTACKED", "wipe out": "KILLED", "team up": "ALLIED_WITH",
                 "sign up": "EMPLOYED_BY", "push back": "OPPOSES", "knock off": "DEFEATED"}
# Verb + preposition: "talk with", "side with" …; True when stated object → subject ("lose to").
PREP_VERB_TYPES = {
    ("talk", "with"): ("NEGOTIATED_WITH", False),
    ("negotiate", "with"): ("NEGOTIATED_WITH", False),
    ("meet", "with"): ("MET_WITH", False),
    ("side", "with"): ("ALLIED_WITH", False),
    ("ally", "with"): ("ALLIED_WITH", False),
    ("work", "for"): ("EMPLOYED_BY", False),
    ("play", "for"): ("MEMBER_OF", False),
    ("fight", "against"): ("ATTACKED", False),
    ("use", "against"): ("ATTACKED", False),
    ("liberate", "from"): ("ATTACKED", False),
    ("free", "from"): ("ATTACKED", False),
    ("fire", "at"): ("ATTACKED", False),
    ("fire", "on"): ("ATTACKED", False),
    ("rule", "against"): ("OPPOSES", False),
    ("vote", "against"): ("OPPOSES", False),
    ("vote", "for"): ("SUPPORTS", False),
    ("campaign", "against"): ("OPPOSES", False),
    ("campaign", "for"): ("SUPPORTS", False),
    ("belong", "to"): ("MEMBER_OF", False),
    ("stand", "with"): ("SUPPORTS", False),
    ("stand", "by"): ("SUPPORTS", False),
    ("file", "against"): ("SUED", False),
    ("lose", "to"): ("DEFEATED", True),
    ("fall", "to"): ("DEFEATED", True),
    ("sign", "with"): ("EMPLOYED_BY", False),
}
# Prepositions whose object may be a verb's second party when no direct object is present.
OBJECT_PREPS = {"with", "against", "on", "for", "to", "at", "into", "from", "over"}

# Nouns naming an act whose agent and target can be read off the noun phrase ("a French airstrike on X").
EVENT_NOUN_TYPES = {
    **dict.fromkeys(("attack", "airstrike", "strike", "raid", "assault", "bombing", "offensive",
                     "counteroffensive", "invasion", "incursion", "shelling", "ambush", "bombardment",
                     "onslaught", "operation", "fight", "war", "struggle"), "ATTACKED"),
    **dict.fromkeys(("killing", "assassination", "murder", "execution"), "KILLED"),
    **dict.fromkeys(("support", "backing", "aid", "funding", "sponsorship", "endorsement"), "SUPPORTS"),
    **dict.fromkeys(("talks", "negotiation", "negotiations", "dialogue", "discussions", "discussion"),
                    "NEGOTIATED_WITH"),
    **dict.fromkeys(("acquisition", "takeover", "purchase", "buyout"), "ACQUIRED"),
    **dict.fromkeys(("lawsuit", "suit", "complaint"), "SUED"),
    **dict.fromkeys(("opposition", "sanctions", "criticism", "condemnation", "denunciation"), "OPPOSES"),
    **dict.fromkeys(("victory", "win", "triumph"), "DEFEATED"),
    **dict.fromkeys(("meeting", "summit"), "MET_WITH"),
}
# Nouns of fighting whose target only "against" introduces ("the fight against X"; "the war in X" is no target).
FIGHT_NOUNS = {"fight", "war", "struggle"}
# Verbs that only carry out an event noun: "launched an attack on X" is X ATTACKED.
LIGHT_VERBS = {"launch", "carry", "conduct", "stage", "mount", "begin", "order", "unleash", "hold",
               "open", "start", "make", "complete", "announce", "file", "win", "secure", "claim", "lead",
               "plan", "execute", "embark", "engage", "enter", "resume", "agree"}
# Verbs that give a thing a second name: "X, formerly known as Y", "X, also called Y".
NAMING_VERBS = {"know", "call", "name", "rename", "dub"}
# Symmetric types: the order of the two parties says nothing.
SYMMETRIC = {"NEGOTIATED_WITH", "MET_WITH", "ALLIED_WITH"}

# Nouns for the people or apparatus acting for a state or organisation ("French forces", "Kenyan officials").
ACTOR_NOUNS = {
    "force", "forces", "troops", "troop", "official", "officials", "military", "government", "army",
    "police", "soldier", "soldiers", "personnel", "authorities", "authority", "diplomat", "diplomats",
    "spokesman", "spokeswoman", "spokesperson", "ministry", "navy", "jets", "warplanes", "administration",
    "leadership", "regime", "negotiators", "lawyers", "prosecutors", "executives", "board", "players",
    "leader", "leaders", "member", "members", "representatives", "envoy", "envoys", "delegation",
    "minister", "ministers", "president", "presidents", "ambassador", "ambassadors", "delegates", "counterpart",
    "counterparts", "people", "fighters", "militants", "terrorists", "insurgents", "rebels", "militiamen",
}
# Nouns for a place named by "of": "the city of X", "the province of X".
PLACE_NOUNS = {"city", "town", "village", "province", "region", "district", "governorate", "port", "capital"}
# Nouns for what an entity exerts or holds ("Russian influence", "Ukraine's sovereignty"): weaker stand-ins.
ASPECT_NOUNS = {"influence", "interference", "presence", "involvement", "policy", "policies", "sovereignty",
                "interests", "role", "meddling", "dominance", "hegemony", "control", "rule"}
# Collective nouns: "a coalition of groups", "a group of militias" stand for the named whole.
COLLECTIVE_NOUNS = {"group", "coalition", "alliance", "umbrella", "network", "bloc", "union", "federation",
                    "consortium", "faction", "militia", "organization", "organisation", "movement"}
# Hyphenated modifiers: "Russia-backed X" → X BACKED_BY Russia; "NATO-led X" → NATO LEADS X.
HYPHEN_TYPES = {"backed": ("BACKED_BY", False), "sponsored": ("BACKED_BY", False),
                "funded": ("BACKED_BY", False), "supported": ("BACKED_BY", False),
                "aligned": ("ALLIED_WITH", False), "allied": ("ALLIED_WITH", False),
                "led": ("LEADS", True), "run": ("LEADS", True), "controlled": ("LEADS", True),
                "owned": ("ACQUIRED", True), "based": ("LOCATED_IN", False)}
# Head nouns of public institutions: "the company" never points at a court or a ministry.
INSTITUTION_NOUNS = {"court", "commission", "department", "ministry", "office", "institute", "university",
                     "council", "agency", "committee", "authority", "board", "mission", "tribunal", "bureau",
                     "parliament", "assembly", "senate", "congress", "government", "administration", "police"}

# What each relation type may link, by entity type (source types, target types): a person is not "located
# in" another person. Types not listed here may link anything.
_ACTORS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_GROUPS = frozenset({"ORG", "NORP", "GPE"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
SIGNATURES = {
    "LOCATED_IN": (_ACTORS | _PLACES, _PLACES),
    "PRESENT_IN": (_ACTORS, _PLACES),
    "MEMBER_OF": (frozenset({"PERSON", "ORG", "NORP"}), _GROUPS),
    "LEADS": (_ACTORS, _GROUPS | _PLACES),
    "KILLED": (_ACTORS, frozenset({"PERSON", "ORG", "NORP"})),
    "ATTACKED": (_ACTORS, _ACTORS | _PLACES),
    "MET_WITH": (_ACTORS, _ACTORS),
    "ALLIED_WITH": (_ACTORS, _ACTORS),
    "SUPPORTS": (_ACTORS, _ACTORS),
    "OPPOSES": (_ACTORS, _ACTORS),
}


def fits_signature(type_: str, source_type: str, target_type: str) -> bool:
    """Whether a `type_` relation may link an entity of `source_type` to one of `target_type`."""
    sources, targets = SIGNATURES.get(type_, (None, None))
    return sources is None or (source_type in sources and target_type in targets)
