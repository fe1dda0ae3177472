"""Curation actions as types: each reads the payload the log has always stored, gives the same payload
back, and reads to a person the same way."""

from __future__ import annotations

import pytest

from explorer import curate
from explorer.curation.actions import (
    CurationError,
    Delete,
    Judge,
    Merge,
    RejectRelation,
    Rename,
    Retype,
    Split,
    action_of,
)
from explorer.model import CurationAction

ACME = {"id": "e-acme", "name": "Acme", "type": "ORG", "key": "ORG:acme"}
GLOBEX = {"id": "e-globex", "name": "Globex", "type": "ORG", "key": "ORG:globex"}
PAYLOADS = {
    "merge": (Merge, {"target": ACME, "sources": [GLOBEX], "name": "Acme-Globex", "judgement": "positive"}),
    "split": (
        Split,
        {"entity": "e-acme", "key": "ORG:acme", "name": "Acme", "aliases": ["ACME"],
         "new": {"id": "n1", "name": "ACME", "type": "ORG", "key": "curated:n1"}},
    ),
    "rename": (Rename, {"entity": "e-acme", "key": "ORG:acme", "name": "Acme Inc", "old": "Acme"}),
    "retype": (Retype, {"entity": "e-acme", "key": "ORG:acme", "type": "NORP", "old": "ORG"}),
    "delete": (Delete, {"entity": "e-acme", "key": "ORG:acme", "name": "Acme"}),
    "reject_relation": (
        RejectRelation,
        {"relation": "r1", "source": "e-acme", "target": "e-globex", "type": "ACQUIRED", "label": "buy",
         "doc": "d1", "sentence": 2, "evidence": "Acme buys Globex.", "confidence": 0.9, "speaker": ""},
    ),
    "judge": (Judge, {"entities": ["e-acme", "e-globex"], "judgement": "negative"}),
}  # fmt: skip
DESCRIBED = {
    "merge": "merged Globex into Acme (named Acme-Globex)",
    "split": "split ACME off Acme as ACME",
    "rename": "renamed Acme to Acme Inc",
    "retype": "retyped e-acme from ORG to NORP",
    "delete": "deleted Acme",
    "reject_relation": "rejected ACQUIRED buy between e-acme and e-globex",
    "judge": "judged e-acme and e-globex negative",
}


@pytest.mark.parametrize("kind", PAYLOADS)
def test_each_kind_reads_its_stored_payload_and_gives_it_back(kind):
    cls, payload = PAYLOADS[kind]
    logged = CurationAction(kind, {**payload, "undo": {"before": {}, "after": {}}})
    action = action_of(logged)
    assert type(action) is cls and action.kind == kind
    assert action.to_dict() == payload
    assert curate.describe(logged) == DESCRIBED[kind]


def test_a_log_written_before_canonical_keys_still_loads():
    """Logs written before actions carried canonical keys: the missing key reads as none."""
    old_merge = {"target": {"id": "e-acme", "name": "Acme", "type": "ORG"}, "sources": [{"id": "e-globex",
                 "name": "Globex", "type": "ORG"}], "name": None, "judgement": "positive"}  # fmt: skip
    merge = action_of(CurationAction("merge", old_merge))
    assert (merge.target.key, merge.sources[0].key) == ("", "")
    assert action_of(CurationAction("rename", {"entity": "e-acme", "name": "B", "old": "A"})).key == ""
    assert action_of(CurationAction("delete", {"entity": "e-acme"})) == Delete("e-acme")
    assert curate.describe(CurationAction("merge", old_merge)) == "merged Globex into Acme"


def test_an_unknown_or_malformed_action_is_one_clear_error():
    with pytest.raises(CurationError, match="unknown curation action 'teleport'"):
        action_of(CurationAction("teleport", {}))
    with pytest.raises(CurationError, match="malformed rename action"):
        action_of(CurationAction("rename", {"entity": "e-acme"}))
    assert curate.describe(CurationAction("teleport", {})) == "teleport"
