"""Escaping and small HTML builders: every piece of document text goes through `esc` before it is shown.

Streamlit markdown links open a new tab; these build `<a target="_self">` links instead so that moving
between entity, document and graph stays in one tab.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from explorer.ui.theme import type_colour

# Streamlit's markdown turns a "--", "->", "<-", "<->", ">=", "<=" or "~=" standing between spaces into one
# typographic character (—, →, ←, ↔, ≥, ≤, ≈), even when written as entities: a word joiner (invisible)
# inside the token keeps a name such as "'; DROP TABLE x; --" as it was written.
_TYPOGRAPHY = re.compile(r"(?<!\S)(<->|->|<-|--|>=|<=|~=)(?!\S)")


# Streamlit reads some syntax in the text *after* markdown has decoded entities: ":material/x:" icons,
# ":skull:" emoji shortcodes, ":red[…]" colours, and links made of bare "http://…", "www.…" and "a@b.c".
# A word joiner (invisible) after a colon that starts something, after "www" and before "@" keeps each of
# them plain text.
_AFTER_TEXT_DECODING = re.compile(r":(?=\S)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)


def esc(text: object) -> str:
    """Text made inert for HTML and for every Streamlit text that reads markdown (st.markdown, captions,
    alerts, and the labels of buttons, expanders, tabs, radio options and toasts): shown as written.

    (Select boxes and multiselects show their options as plain text: give them the text itself.)
    """
    text = _TYPOGRAPHY.sub(lambda m: "\u2060".join(m.group(0)), str(text))
    # Quotes go with the markdown characters below: html.escape(quote=True) would write ' as &#x27;, whose
    # "#" the next step escaped again, so an apostrophe showed as "&#x27;".
    escaped = html.escape(text, quote=False)
    # Markdown and LaTeX syntax characters (and quotes) as entities: st.markdown parses them even inside HTML.
    escaped = re.sub(r"[\\`*_{}\[\]()#+!|~$<>\"'-]", lambda m: f"&#{ord(m.group(0))};", escaped)
    return _AFTER_TEXT_DECODING.sub(lambda m: m.group(0) + "\u2060" if m.group(0) else "\u2060", escaped)


def href(page: str, **params: object) -> str:
    """A relative link to another page of the app with query parameters (None values left out)."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{page}?{query}" if query else page


def link(url: str, text: object, title: str | None = None, css: str | None = None) -> str:
    attrs = f' title="{esc(title)}"' if title else ""
    attrs += f' class="{css}"' if css else ""
    return f'<a href="{html.escape(url, quote=True)}" target="_self"{attrs}>{esc(text)}</a>'


def entity_link(entity_id: str, name: str, entity_type: str | None = None) -> str:
    css = "xp-ent" if entity_type else None
    anchor = link(href("entity", entity=entity_id), name, title=entity_type, css=css)
    if entity_type:
        return anchor.replace("<a ", f'<a style="border-color:{type_colour(entity_type)}" ', 1)
    return anchor


def date_label(published: str | None) -> str:
    """An ISO date as news writes it ("2024-01-27" → "27 Jan 2024"); "" for none, the text itself otherwise."""
    try:
        return dt.date.fromisoformat(published).strftime("%-d %b %Y") if published else ""
    except ValueError:
        return published or ""


def doc_link(doc_id: str, title: str) -> str:
    return link(href("document", doc=doc_id), title or doc_id)


def badge(entity_type: str) -> str:
    """A small pill in the type's colour."""
    return f'<span class="xp-badge" style="background:{type_colour(entity_type)}">{esc(entity_type)}</span>'


@dataclass(frozen=True)
class Mark:
    """A span of text to highlight, optionally linked."""

    start: int
    end: int
    entity_type: str
    url: str | None = None
    title: str | None = None


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """`text` escaped, with non-overlapping marks wrapped in coloured (and linked) spans."""
    out: list[str] = []
    cursor = 0
    for mark in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if mark.start < cursor or mark.end > len(text) or mark.start >= mark.end:
            continue  # overlapping or out of range: keep the first, never break the text
        out.append(esc(text[cursor : mark.start]))
        out.append(_marked(text[mark.start : mark.end], mark))
        cursor = mark.end
    out.append(esc(text[cursor:]))
    return "".join(out)


def _marked(fragment: str, mark: Mark) -> str:
    colour = type_colour(mark.entity_type)
    style = f"background:{colour}33;border-bottom:2px solid {colour}"
    title = f' title="{esc(mark.title)}"' if mark.title else ""
    if mark.url:
        return (
            f'<a class="xp-mark" style="{style}" href="{html.escape(mark.url, quote=True)}" '
            f'target="_self"{title}>{esc(fragment)}</a>'
        )
    return f'<span class="xp-mark" style="{style}"{title}>{esc(fragment)}</span>'


def name_marks(text: str, names: Mapping[str, tuple[str, str]]) -> list[Mark]:
    """Marks for every whole-word occurrence of the given names (name → (entity id, type)), longest first."""
    marks: list[Mark] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        if len(name) < 2:
            continue
        entity_id, entity_type = names[name]
        for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            span = found.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            marks.append(Mark(span[0], span[1], entity_type, href("entity", entity=entity_id), entity_type))
    return marks
