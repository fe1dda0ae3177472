"""The entity search box shared by the pages: alias-aware and typo-tolerant (the store ranks)."""

from __future__ import annotations

import streamlit as st

from explorer.model import Entity
from explorer.store.base import GraphStore
from explorer.store.search import nearest_names, no_match_message
from explorer.ui.markup import esc
from explorer.ui.theme import TYPE_STYLE, type_icon

MAX_RESULTS = 8


def icon(entity_type: str) -> str:
    """The type's icon in the graph, as a Streamlit icon; `label` for a type the theme does not style."""
    name = type_icon(entity_type) if entity_type in TYPE_STYLE else "label"
    return f":material/{name}:"


def result_label(entity: Entity, query: str) -> str:
    """`Name · TYPE · N mentions`, with the alias that matched when it was not the name."""
    label = f"{entity.name} · {entity.type} · {entity.mention_count} mention{'s' * (entity.mention_count != 1)}"
    wanted = query.casefold().strip()
    if wanted and not entity.name.casefold().startswith(wanted):
        alias = next((a for a in entity.aliases if a.casefold().startswith(wanted)), None)
        if alias:
            label += f" · alias “{alias}”"
    return esc(label)


def pick(param: str, entity_id: str, box_key: str) -> None:
    """Callback: the choice goes into the URL (so it can be shared) and the box is cleared."""
    st.query_params[param] = entity_id
    st.session_state[box_key] = ""


def box_key(key: str) -> str:
    """The session-state key of the text box `entity_search(…, key=key)` draws."""
    return f"{key}_query"


def entity_from_url(store: GraphStore, param: str = "entity", warn: bool = False) -> Entity | None:
    """The entity query parameter `param` names, or None; with `warn`, a warning when no entity has that id."""
    entity_id = st.query_params.get(param)
    entity = store.entity(entity_id) if entity_id else None
    if entity is None and entity_id and warn:
        st.warning(f"No entity with id “{esc(entity_id)}” in this store.")
    return entity


def entity_search(
    store: GraphStore, param: str = "entity", key: str = "search", label: str = "Search entities"
) -> None:
    """A search box whose results, when clicked, set query parameter `param` to the entity id."""
    box = box_key(key)
    query = st.text_input(
        label,
        key=box,
        placeholder="a name, an alias or an acronym: Merkel, NATO, U.S. …",
        label_visibility="collapsed",
    )
    if not query.strip():
        return
    results = store.search(query, limit=MAX_RESULTS)
    if not results:
        st.caption(esc(no_match_message(query, nearest_names(query, store.iter_entities()))))
        return
    for entity in results:
        st.button(
            result_label(entity, query),
            key=f"{key}_hit_{entity.id}",
            icon=icon(entity.type),
            type="tertiary",
            on_click=pick,
            args=(param, entity.id, box),
        )
