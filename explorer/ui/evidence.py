"""Evidence sentences as HTML: the entity names in them highlighted and linked, the source linked with its outlet
and date."""

from __future__ import annotations

from collections.abc import Iterable

from explorer.curation.actions import is_hand_made
from explorer.model import CO_MENTIONED, Document, Entity, Relation
from explorer.store.base import GraphStore
from explorer.ui.markup import date_label, doc_link, esc, highlight, name_marks
from explorer.ui.wording import edge_label

HAND_MARK = "<span class='xp-hand-mark' title='added by an analyst, not read from an article'>✎ by hand</span>"


class EvidenceWriter:
    """Renders relations' evidence, looking up entity names and documents once per page."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._entities: dict[str, Entity] = {}
        self._documents: dict[str, Document | None] = {}

    def entities(self, ids: Iterable[str]) -> dict[str, Entity]:
        missing = [i for i in ids if i not in self._entities]
        if missing:
            self._entities.update({e.id: e for e in self.store.entities(missing)})
        return self._entities

    def document(self, doc_id: str) -> Document | None:
        if doc_id not in self._documents:
            self._documents[doc_id] = self.store.document(doc_id)
        return self._documents[doc_id]

    def title(self, doc_id: str) -> str:
        document = self.document(doc_id)
        return document.title if document else doc_id

    def origin(self, doc_id: str) -> str:
        """" — Outlet, 27 Jan 2024" (escaped HTML) for the document, or "" when it has neither."""
        document = self.document(doc_id)
        parts = [document.outlet, date_label(document.published)] if document else []
        shown = ", ".join(p for p in parts if p)
        return f" — {esc(shown)}" if shown else ""

    def names(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Every name and alias of these entities → (id, type), for highlighting."""
        found = self.entities(ids)
        names: dict[str, tuple[str, str]] = {}
        for entity_id in ids:
            entity = found.get(entity_id)
            if entity:
                for name in [entity.name, *entity.aliases]:
                    names.setdefault(name, (entity.id, entity.type))
        return names

    def sentence(self, text: str, entity_ids: Iterable[str]) -> str:
        ids = list(entity_ids)
        return highlight(text, name_marks(text, self.names(ids)))

    def block(
        self, text: str, entity_ids: Iterable[str], doc: str, before: str = "", after: str = "", hand: bool = False
    ) -> str:
        """One evidence block: the sentence with its entities highlighted, then a source line of `before`,
        the linked document and `after` (both HTML); `hand` marks an analyst's note."""
        css = "xp-evidence xp-hand" if hand else "xp-evidence"
        return (
            f"<div class='{css}'>{self.sentence(text, entity_ids)}"
            f"<span class='xp-src'>{before}{doc_link(doc, self.title(doc))}{self.origin(doc)}{after}</span></div>"
        )

    def statement(self, relation: Relation) -> str:
        """`Source attacked → Target (label)`, for a typed relation."""
        found = self.entities([relation.source, relation.target])
        source, target = found.get(relation.source), found.get(relation.target)
        words = edge_label(relation.type)
        label = relation.label if relation.label and relation.label.lower() not in words else ""
        return (
            f"{esc(source.name if source else relation.source)} "
            f"<span class='xp-rel'>{esc(words)}</span> "
            f"{esc(target.name if target else relation.target)}{f' ({esc(label)})' if label else ''}"
        )

    def relations(self, relations: Iterable[Relation], show_type: bool = True) -> str:
        """One block per sentence (several relations are often read from one): the sentence with its
        entities highlighted, what was read from it, and a link to the document."""
        groups: dict[tuple[str, int], list[Relation]] = {}
        for relation in relations:
            groups.setdefault((relation.doc, relation.sentence), []).append(relation)
        self.entities(dict.fromkeys(i for found in groups.values() for r in found for i in (r.source, r.target)))
        blocks = []
        for (doc, sentence), found in groups.items():
            ids = list(dict.fromkeys(i for r in found for i in (r.source, r.target)))
            typed = [r for r in found if r.type != CO_MENTIONED] if show_type else []
            what = "".join(f"{self.statement(r)}{said(r.speaker)} · " for r in typed[:3])
            if is_hand_made(doc):  # an analyst's note, not a sentence of an article
                blocks.append(self.block(found[0].evidence, ids, doc, before=f"{HAND_MARK} {what}", hand=True))
            else:
                blocks.append(self.block(found[0].evidence, ids, doc, before=what, after=f" · sentence {sentence + 1}"))
        return "".join(blocks)


def said(speaker: str) -> str:
    """Who a statement is reported from, as shown beside it (" · according to the Pentagon"); empty in the
    document's own voice."""
    return f" · <span class='xp-said'>according to {esc(speaker)}</span>" if speaker else ""


def sentence_count(relations: Iterable[Relation]) -> int:
    return len({(r.doc, r.sentence) for r in relations})

