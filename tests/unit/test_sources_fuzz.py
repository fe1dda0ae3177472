"""Random bytes through every reader: a Document or a SourceProblem, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.model import Document
from explorer.sources import SUPPORTED_SUFFIXES, SourceProblem, read_paths


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.one_of(st.binary(max_size=2048), st.text(max_size=2048).map(str.encode)))
def test_any_bytes_read_safely(tmp_path, suffix, payload):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(payload)
    for item in read_paths([path]):
        assert isinstance(item, Document | SourceProblem)
        if isinstance(item, Document):
            assert item.text.strip() and item.id
        else:
            assert item.source.startswith(str(path)) and "\n" not in item.message
