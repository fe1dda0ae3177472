"""Curate: duplicate candidates with merge buttons, one entity's merge/split/rename/retype/delete, the
history with undo, and the log to share. Reads and writes only through the GraphStore and explorer.curate.

Every action runs in a button callback (`act`), so the page that follows already shows its result; the
callbacks are plain functions, tested without a browser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from explorer import curate
from explorer.candidates import Candidate, find_candidates
from explorer.model import CO_MENTIONED, ENTITY_TYPES, RELATION_TYPES, CurationAction, Entity
from explorer.store.base import GraphStore, StoreError, typed_first
from explorer.ui import signin, wording
from explorer.ui.evidence import EvidenceWriter
from explorer.ui.markup import badge, doc_link, entity_link, esc
from explorer.ui.search import entity_from_url, entity_search

FLASH = "curate_flash"
CANDIDATES = "curate_candidates"
REASON = "curate_reason"
SHOWN_CANDIDATES = 25
TABS = ("Duplicates", "Edit an entity", "Add by hand", "History")
EDIT_PARAMS = ("entity", "merge")  # `?edit=merge` opens the merge form of the entity in `?entity=`
SENTENCES_PER_SIDE = 3


def act(store: GraphStore, work: Callable[..., CurationAction], *args: Any, **kwargs: Any) -> CurationAction | None:
    """Run one curation action as the signed-in writer; its outcome (or why it could not be done) is shown
    on the next run."""
    reason = st.session_state.get(REASON, "") if "reason" not in kwargs else kwargs.pop("reason")
    user = signin.writer()
    if user is None:  # signed out in another tab, or a stale button: the gate holds here too
        st.session_state[FLASH] = ("error", "Sign in to curate.")
        return None
    try:
        with curate.acting_as(user):
            action = work(store, *args, reason=reason, **kwargs)
    except (curate.CurationError, StoreError) as error:  # a store busy or unusable: one line too
        st.session_state[FLASH] = ("error", str(error))
        return None
    st.session_state[FLASH] = ("success", f"Done: {curate.describe(action)}.")
    st.session_state.pop(CANDIDATES, None)  # the pairs changed
    return action


def undo_last(store: GraphStore) -> CurationAction | None:
    if signin.writer() is None:
        st.session_state[FLASH] = ("error", "Sign in to curate.")
        return None
    try:
        action = curate.undo(store)
    except StoreError as error:
        st.session_state[FLASH] = ("error", str(error))
        return None
    message = f"Undone: {curate.describe(action)}." if action else "Nothing to undo."
    st.session_state[FLASH] = ("success" if action else "info", message)
    st.session_state.pop(CANDIDATES, None)
    return action


def import_shared_log(store: GraphStore, text: str) -> None:
    user = signin.writer()
    if user is None:
        st.session_state[FLASH] = ("error", "Sign in to curate.")
        return
    try:
        with curate.acting_as(user):
            applied, recorded = curate.import_log(store, text)
    except (curate.CurationError, StoreError) as error:
        st.session_state[FLASH] = ("error", str(error))
        return
    st.session_state[FLASH] = ("success", f"Imported: {applied} applied, {recorded} kept for documents to come.")
    st.session_state.pop(CANDIDATES, None)


def render(store: GraphStore) -> None:
    st.markdown("### :material/rule: Curate")
    user = signin.writer()
    if user is None:
        signin.sign_in_prompt("curate", key="curate_signin")
        return
    signin.signed_in_as(user, key="curate_signin")
    show_flash()
    st.text_input("Why (kept in the log)", key=REASON, placeholder="optional: the reason for the next action")
    actions = curate.history(store)  # read once: the candidates' cache key and the History tab use it
    editing = st.query_params.get("edit") in EDIT_PARAMS
    duplicates, one_entity, by_hand, log = st.tabs(TABS, default=TABS[1] if editing else TABS[0])
    with duplicates:
        candidates_section(store, actions)
    with one_entity:
        entity_section(store)
    with by_hand:
        add_relation_form(store)
        add_entity_form(store)
    with log:
        history_section(store, actions)


def show_flash() -> None:
    flash = st.session_state.pop(FLASH, None)
    if flash:
        kind, message = flash
        getattr(st, kind)(esc(message))


# --- duplicates ----------------------------------------------------------------------------------------


def cached_candidates(store: GraphStore, actions: list[CurationAction]) -> list[Candidate]:
    """Candidates are computed once per change of the log (`actions`) or of the entities, not on every click."""
    marker = (store.url, len(actions), store.stats().get("entities", 0))
    cached = st.session_state.get(CANDIDATES)
    if not cached or cached[0] != marker:
        cached = (marker, find_candidates(store, limit=SHOWN_CANDIDATES))
        st.session_state[CANDIDATES] = cached
    return cached[1]


def candidates_section(store: GraphStore, actions: list[CurationAction]) -> None:
    found = cached_candidates(store, actions)
    if not found:
        st.caption("No likely duplicates: names differ word by word and no two entities share many neighbours.")
        return
    st.caption("Pairs that may be one thing, best first. Merging keeps the chosen name; the other stays an alias.")
    writer = EvidenceWriter(store)
    for index, candidate in enumerate(found):
        a, b = candidate.a, candidate.b
        st.markdown(
            f"**{candidate.score:.2f}** {entity_link(a.id, a.name, a.type)} {badge(a.type)} "
            f"<span class='xp-muted'>{a.mention_count}</span> · {entity_link(b.id, b.name, b.type)} "
            f"{badge(b.type)} <span class='xp-muted'>{b.mention_count}</span><br>"
            f"<span class='xp-muted'>{esc(candidate.reason)}</span>",
            unsafe_allow_html=True,
        )
        with st.expander("Evidence: sentences, types and documents of each"):
            sides = st.columns(2)
            for side, entity in zip(sides, (a, b), strict=True):
                with side:
                    candidate_side(store, writer, entity)
        left, middle, right = st.columns(3)
        left.button(
            f"Merge, keep “{esc(a.name)}”",
            key=f"cand_keep_a_{index}",
            on_click=act,
            args=(store, curate.merge, [a.id, b.id]),
        )
        middle.button(
            f"Merge, keep “{esc(b.name)}”",
            key=f"cand_keep_b_{index}",
            on_click=act,
            args=(store, curate.merge, [b.id, a.id]),
        )
        right.button(
            "Not the same", key=f"cand_distinct_{index}", on_click=act, args=(store, curate.mark_distinct, a.id, b.id)
        )


def candidate_side(store: GraphStore, writer: EvidenceWriter, entity: Entity) -> None:
    """One side of a candidate pair: its type, names, documents and a few sentences that name it."""
    st.markdown(
        f"{entity_link(entity.id, entity.name, entity.type)} {badge(entity.type)} "
        f"<span class='xp-muted'>{entity.mention_count} mentions · also "
        f"{esc(', '.join(entity.aliases[:5]) or 'no other name')}</span>",
        unsafe_allow_html=True,
    )
    docs = store.documents_for(entity.id)
    listed = ", ".join(
        f"{doc_link(d.id, d.title)} <span class='xp-muted'>{esc(d.published or '')}</span>" for d in docs[:4]
    )
    more = f" and {len(docs) - 4} more" if len(docs) > 4 else ""
    st.markdown(f"<div class='xp-muted'>In {listed}{more}</div>", unsafe_allow_html=True)
    relations = typed_first(store.relations_of(entity.id, limit=20))
    sentences = set(list(dict.fromkeys((r.doc, r.sentence) for r in relations))[:SENTENCES_PER_SIDE])
    chosen = [r for r in relations if (r.doc, r.sentence) in sentences]
    if chosen:
        st.markdown(writer.relations(chosen), unsafe_allow_html=True)
    else:
        st.caption("No sentence links it to another entity.")


# --- one entity ----------------------------------------------------------------------------------------


def entity_section(store: GraphStore) -> None:
    entity_search(store, param="entity", key="curate_search", label="Entity to edit")
    entity = entity_from_url(store)
    if entity is None:
        st.caption("Search an entity above to merge, split, rename, retype or delete it.")
        return
    st.markdown(
        f"#### {entity_link(entity.id, entity.name, entity.type)} {badge(entity.type)} "
        f"<span class='xp-muted'>{entity.mention_count} mentions · {len(entity.aliases)} aliases</span>",
        unsafe_allow_html=True,
    )
    rename_and_retype(store, entity)
    split_form(store, entity)
    merge_form(store, entity)
    delete_form(store, entity)


def rename_and_retype(store: GraphStore, entity: Entity) -> None:
    left, right = st.columns(2)
    with left:
        name = st.text_input("Name", value=entity.name, key=f"rename_{entity.id}")
        st.button(
            "Rename",
            key=f"do_rename_{entity.id}",
            disabled=name.strip() in ("", entity.name),
            on_click=act,
            args=(store, curate.rename, entity.id, name),
        )
    with right:
        types = list(ENTITY_TYPES)
        chosen = st.selectbox(
            "Type", types, index=types.index(entity.type) if entity.type in types else 0, key=f"retype_{entity.id}"
        )
        st.button(
            "Change type",
            key=f"do_retype_{entity.id}",
            disabled=chosen == entity.type,
            on_click=act,
            args=(store, curate.retype, entity.id, chosen),
        )


def split_form(store: GraphStore, entity: Entity) -> None:
    with st.expander("Split: these names are another thing", expanded=False):
        if not entity.aliases:
            st.caption("This entity has no alias to split off.")
            return
        moving = st.multiselect(
            "Aliases to move (with the mentions written that way)", entity.aliases, key=f"split_{entity.id}"
        )
        new_name = st.text_input(
            "Name of the new entity", key=f"split_name_{entity.id}", placeholder="default: the first alias"
        )
        st.button(
            "Split",
            key=f"do_split_{entity.id}",
            disabled=not moving,
            on_click=act,
            args=(store, curate.split, entity.id, list(moving)),
            kwargs={"name": new_name or None},
        )


def merge_staying(store: GraphStore, ids: list[str], reason: str = "") -> CurationAction:
    """Merge `ids[1:]` into `ids[0]`, and stay on the surviving entity's form."""
    action = curate.merge(store, ids, reason=reason)
    st.query_params["entity"] = ids[0]
    return action


def merge_form(store: GraphStore, entity: Entity) -> None:
    opened = st.query_params.get("edit") == "merge"
    with st.expander("Merge into… / merge another into this", expanded=opened):
        query = st.text_input("The other entity", key=f"merge_query_{entity.id}", placeholder="name or alias")
        if not query.strip():
            return
        others = [e for e in store.search(query, limit=6) if e.id != entity.id]
        if not others:
            st.caption(f"No other entity matches “{esc(query)}”.")
        for other in others:
            st.markdown(
                f"{entity_link(other.id, other.name, other.type)} {badge(other.type)} "
                f"<span class='xp-muted'>{other.mention_count} mentions</span>",
                unsafe_allow_html=True,
            )
            left, right = st.columns(2)
            left.button(
                f"Merge into “{esc(other.name)}”",
                key=f"merge_into_{entity.id}_{other.id}",
                on_click=act,
                args=(store, merge_staying, [other.id, entity.id]),
            )
            right.button(
                f"Merge “{esc(other.name)}” into this",
                key=f"merge_from_{entity.id}_{other.id}",
                on_click=act,
                args=(store, merge_staying, [entity.id, other.id]),
            )


def delete_form(store: GraphStore, entity: Entity) -> None:
    with st.expander("Delete", expanded=False):
        sure = st.checkbox("Delete this entity, its mentions and relations (undo is possible)", key=f"sure_{entity.id}")
        st.button(
            "Delete",
            key=f"do_delete_{entity.id}",
            disabled=not sure,
            type="primary",
            on_click=act,
            args=(store, curate.delete, entity.id),
        )


# --- add by hand ---------------------------------------------------------------------------------------


def add_relation_form(store: GraphStore) -> None:
    """A relation the articles do not state: the note is its evidence, the signed-in analyst its source."""
    st.markdown("#### A relation the articles do not state")
    left, middle, right = st.columns([5, 3, 5])
    with left:
        source = pick_entity(store, "From", "hand_from", default=st.query_params.get("entity"))
    kinds = [t for t in RELATION_TYPES if t != CO_MENTIONED]
    kind = middle.selectbox("Relation", kinds, key="hand_type", format_func=wording.edge_label)
    with right:
        target = pick_entity(store, "To", "hand_to")
    note = st.text_area(
        "Note (its evidence: who says so, where, when)", key="hand_note", placeholder="e.g. Phone call with …"
    )
    st.button(
        "Add the relation",
        key="hand_add_relation",
        icon=":material/add_link:",
        disabled=not (source and target and note.strip()),
        on_click=act,
        args=(store, curate.add_relation, source, target, kind, note),
    )


def add_entity_form(store: GraphStore) -> None:
    with st.expander("An entity the articles name but the graph lacks"):
        left, right = st.columns([3, 1])
        name = left.text_input("Name", key="hand_entity_name")
        kind = right.selectbox("Type", ENTITY_TYPES, key="hand_entity_type")
        note = st.text_input("Note (kept in the log)", key="hand_entity_note")
        st.button(
            "Add the entity",
            key="hand_add_entity",
            icon=":material/person_add:",
            disabled=not name.strip(),
            on_click=act,
            args=(store, curate.add_entity, name, kind),
            kwargs={"note": note},
        )


def pick_entity(store: GraphStore, label: str, key: str, default: str | None = None) -> str | None:
    """An entity chosen by name: a search box and its best matches; the id, or None."""
    query = st.text_input(label, key=f"{key}_query", placeholder="name or alias")
    found = store.search(query, limit=8) if query.strip() else store.entities([default] if default else [])
    if not found:
        if query.strip():
            st.caption(f"No entity matches “{esc(query)}”.")
        return None
    names = {e.id: f"{e.name} · {e.type}" for e in found}
    return st.selectbox(f"{label}: which one", list(names), key=f"{key}_pick", format_func=names.__getitem__)


# --- history -------------------------------------------------------------------------------------------


def history_section(store: GraphStore, actions: list[CurationAction]) -> None:
    st.button("Undo the last action", key="curate_undo", disabled=not actions, on_click=undo_last, args=(store,))
    if actions:
        rows = [
            f"<tr><td class='xp-num'>{a.seq}</td><td class='xp-muted'>{esc(a.at)}</td>"
            f"<td>{esc(a.user)}</td><td>{esc(curate.describe(a))}</td><td class='xp-muted'>{esc(a.reason)}</td></tr>"
            for a in reversed(actions)
        ]
        st.markdown(
            "<table><tr><th>#</th><th>When</th><th>Who</th><th>What</th><th>Why</th></tr>"
            + "".join(rows)
            + "</table>",
            unsafe_allow_html=True,
        )
    else:
        st.caption("No curation yet. Decisions made here are replayed on every later ingest.")
    left, right = st.columns(2)
    left.download_button(
        "Download the log (JSON)",
        lambda: curate.export_log(store),  # built on click
        file_name="curation-log.json",
        mime="application/json",
        key="curate_export",
    )
    upload = right.file_uploader("Import a shared log", type=["json"], key="curate_import")
    if upload is not None and right.button("Apply the imported log", key="curate_import_go"):
        import_shared_log(store, upload.getvalue().decode("utf-8", errors="replace"))
        st.rerun()
