"""Colours, icons and the page CSS: one place decides how each entity and relation type looks."""

from __future__ import annotations

from explorer.model import CO_MENTIONED

# Neo4j Bloom's palette, so the graph reads familiar to analysts who know it.
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "PERSON": ("#4C8EDA", "person"),
    "ORG": ("#F79767", "account_balance"),
    "GPE": ("#57C7E3", "flag"),
    "LOC": ("#8DCC93", "place"),
    "FAC": ("#C990C0", "warehouse"),
    "NORP": ("#FFC454", "group"),
    "EVENT": ("#DA7194", "campaign"),
}
OTHER_STYLE = ("#A5ABB6", "language")
TYPE_NAMES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "country, city, state",
    "LOC": "place",
    "FAC": "building, airport, base",
    "NORP": "nationality, religious or political group",
    "EVENT": "event",
}

RELATION_COLOUR = "#6B7785"
HAND_COLOUR = "#7C3AED"  # relations an analyst added by hand
CO_MENTION_COLOUR = "#D3D7DC"
# Relations that describe violence stand out: they are what a news analyst scans for first.
RELATION_COLOURS = {
    "ATTACKED": "#D64545",
    "KILLED": "#B22222",
    "DEFEATED": "#C0504D",
    "SUPPORTS": "#3C9D5D",
    "BACKED_BY": "#3C9D5D",
    "ALLIED_WITH": "#3C9D5D",
    "OPPOSES": "#D98C1F",
    "ACCUSED": "#D98C1F",
    "SUED": "#D98C1F",
    "NEGOTIATED_WITH": "#4C8EDA",
    "MET_WITH": "#4C8EDA",
    CO_MENTIONED: CO_MENTION_COLOUR,
}


def type_colour(entity_type: str) -> str:
    return TYPE_STYLE.get(entity_type, OTHER_STYLE)[0]


def type_icon(entity_type: str) -> str:
    return TYPE_STYLE.get(entity_type, OTHER_STYLE)[1]


def relation_colour(relation_type: str) -> str:
    return RELATION_COLOURS.get(relation_type, RELATION_COLOUR)


CSS = """
<style>
.block-container {padding-top: 3.2rem; padding-bottom: 2rem; max-width: 1500px;}
.xp-badge {display:inline-block; padding:0 .45em; border-radius:.6em; color:#fff; font-size:.72em;
  font-weight:600; letter-spacing:.03em; vertical-align:middle; text-shadow:0 0 2px rgba(0,0,0,.35);}
.xp-muted {color:#6b7280; font-size:.88em;}
.xp-mark {border-radius:3px; padding:0 1px; color:inherit !important; text-decoration:none !important;}
a.xp-mark:hover {filter:brightness(.9);}
a.xp-ent {border-bottom:2px solid; text-decoration:none !important; color:inherit !important;}
.xp-evidence {border-left:3px solid #e5e7eb; padding:.15em 0 .15em .7em; margin:.35em 0 .6em 0;
  line-height:1.55; font-size:.93em;}
.xp-evidence .xp-src {display:block; font-size:.8em; color:#6b7280; margin-top:.15em;}
.xp-evidence.xp-hand {border-left:3px dotted #7c3aed; font-style:italic;}
.xp-hand-mark {color:#7c3aed; font-weight:600; font-style:normal;}
.xp-reader {font-family: Georgia, 'Times New Roman', serif; font-size:1.06em; line-height:1.75;
  max-width:46em;}
.xp-reader p {margin:0 0 .9em 0;}
.xp-legend {display:flex; flex-wrap:wrap; gap:.35em .9em; font-size:.82em; color:#374151; margin:.2em 0 .4em;}
.xp-legend span.dot {display:inline-block; width:.8em; height:.8em; border-radius:50%; margin-right:.3em;
  vertical-align:-.05em;}
.xp-legend span.bar {display:inline-block; width:1.3em; height:3px; margin-right:.3em; vertical-align:.2em;}
.xp-num {text-align:right;}
.xp-hop {font-size:.95em; margin:.2em 0;}
.xp-disagree {color:#b45309; font-size:.9em; margin:.2em 0;}
.xp-said {color:#6d28d9; font-style:italic;}
.xp-rel {font-family:ui-monospace, monospace; font-size:.78em; background:#f3f4f6; border-radius:4px;
  padding:0 .35em; color:#374151;}
</style>
"""
