"""A read-only app's store on every backend: every read as before, every write refused, nothing changed;
and who took each curation action is kept by every backend."""

from __future__ import annotations

import pytest

from explorer import curate
from explorer.store.base import GraphStore
from explorer.store.readonly import READS, WRITES, ReadOnlyError, ReadOnlyStore
from tests.contract.test_curation_contract import dump
from tests.factories import ACME, GLOBEX, HOOLI, sample_extractions


def test_every_protocol_method_is_named_a_read_or_a_write():
    protocol = {name for name in dir(GraphStore) if not name.startswith("_")} | set(GraphStore.__annotations__)
    assert protocol - {"run_read_query"} <= READS | WRITES
    assert not READS & WRITES


def test_a_read_only_store_reads_and_refuses_every_write(loaded):
    with curate.acting_as("alice"):
        curate.rename(loaded, ACME, "Acme Inc")
    before = dump(loaded)
    reader = ReadOnlyStore(loaded)
    assert dump(reader) == before and reader.url == loaded.url
    extraction = sample_extractions()[0]
    writes = [
        lambda: reader.upsert_extraction(extraction),
        lambda: reader.upsert_parts(extraction.document, [extraction]),
        lambda: curate.merge(reader, [ACME, GLOBEX]),
        lambda: curate.mark_distinct(reader, ACME, HOOLI),
        lambda: curate.rename(reader, GLOBEX, "Globex Ltd"),
        lambda: curate.delete(reader, GLOBEX),
        lambda: curate.undo(reader),
    ]
    for write in writes:
        with pytest.raises(ReadOnlyError, match="read-only"):
            write()
    with pytest.raises(AttributeError):
        reader.not_a_store_method  # noqa: B018
    assert dump(loaded) == before and len(loaded.curation_log()) == 1


def test_the_user_is_kept_on_each_action_and_in_the_history(loaded):
    with curate.acting_as("alice"):
        curate.rename(loaded, ACME, "Acme Inc")
        curate.mark_distinct(loaded, ACME, HOOLI)
    with curate.acting_as("bob"):
        curate.merge(loaded, [ACME, GLOBEX])
    curate.retype(loaded, HOOLI, "PERSON")  # nobody named: nothing recorded
    assert [(a.kind, a.user) for a in curate.history(loaded)] == [
        ("rename", "alice"),
        ("judge", "alice"),
        ("merge", "bob"),
        ("retype", ""),
    ]
    curate.undo(loaded)
    assert curate.undo(loaded).user == "bob"
