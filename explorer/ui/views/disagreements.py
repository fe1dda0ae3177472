"""Disagreements: where documents say different things about one event or pair (dates, figures, opposite
relations), each side with its sentence, document, outlet, date and speaker."""

from __future__ import annotations

import streamlit as st

from explorer import claims
from explorer.claims import Claim, Disagreement
from explorer.store.base import GraphStore
from explorer.ui.evidence import EvidenceWriter, said
from explorer.ui.markup import entity_link, esc

KIND_TITLES = {"date": "Dates differ", "figure": "Figures differ", "relation": "Opposite relations"}


def render(store: GraphStore) -> None:
    st.markdown("### :material/compare_arrows: Disagreements")
    st.caption(
        "Reports of one event that give different dates or figures, and pairs that one document puts on the"
        " same side and another on opposite sides. A coarser date that contains a finer one agrees."
    )
    writer = EvidenceWriter(store)
    found = claims.disagreements(store, lookup=writer.entities)
    if not found:
        st.info("No two documents disagree in this store.")
        return
    kinds = st.pills("Show", list(KIND_TITLES), selection_mode="multi", default=list(KIND_TITLES),
                     format_func=lambda k: KIND_TITLES[k], key="disagreement_kinds") or []
    shown = [d for d in found if d.kind in kinds]
    st.caption(f"{len(shown)} of {len(found)} disagreement{'s' * (len(found) != 1)}")
    for disagreement in shown:
        render_disagreement(writer, disagreement)


def render_disagreement(writer: EvidenceWriter, disagreement: Disagreement) -> None:
    """One disagreement: what it is about, then each side as a quoted sentence with its source."""
    names = writer.entities(disagreement.subject)
    subject = " · ".join(
        entity_link(e.id, e.name, e.type) for i in disagreement.subject if (e := names.get(i))
    )
    st.markdown(
        f"<div style='margin-top:.8em'><span class='xp-rel'>{esc(KIND_TITLES[disagreement.kind])}</span> "
        f"<b>{esc(disagreement.about)}</b> · {subject}</div>",
        unsafe_allow_html=True,
    )
    st.markdown("".join(claim_block(writer, c, disagreement.subject) for c in disagreement.claims),
                unsafe_allow_html=True)


def claim_block(writer: EvidenceWriter, claim: Claim, subject: list[str]) -> str:
    """One side: its value, the sentence, and who says it where (speaker, outlet, date, document)."""
    outlet = f" · {esc(claim.source)}" if claim.source and claim.source != claim.title else ""
    published = f" · {esc(claim.published)}" if claim.published else ""
    return writer.block(
        claim.evidence, subject, claim.doc, before=f"<b>{esc(claim.value)}</b>{said(claim.speaker)} · ",
        after=f"{outlet}{published}",
    )
