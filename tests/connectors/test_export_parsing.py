"""The shared streaming readers behind the service-export importers (connectors/_parsing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors._parsing import json_stream
from connectors._parsing.json_stream import iter_json_list
from connectors.errors import BadExport
from connectors.sources import ExportFile

_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


def _file(tmp_path: Path, data: bytes) -> ExportFile:
    path = tmp_path / "list.json"
    path.write_bytes(data)
    return ExportFile(path.name, len(data), lambda: path.open("rb"))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(_values, max_size=12), indent=st.sampled_from([None, 1, 4]))
def test_streamed_list_equals_json_load_whatever_the_chunk_boundaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, records: list[Any], indent: int | None
) -> None:
    monkeypatch.setattr(json_stream, "_CHUNK", 7)  # split numbers, strings and escapes
    data = json.dumps(records, indent=indent, ensure_ascii=False).encode()
    streamed = [value for _, value in iter_json_list(_file(tmp_path, data))]
    assert streamed == json.loads(data)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    records=st.lists(st.dictionaries(st.text(max_size=4), st.integers()), min_size=1, max_size=6),
    cut=st.integers(min_value=1),
)
def test_any_truncation_is_an_error_never_a_shorter_success(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, records: list[Any], cut: int
) -> None:
    monkeypatch.setattr(json_stream, "_CHUNK", 5)
    data = json.dumps(records).encode()
    truncated = data[: cut % len(data)]
    with pytest.raises(BadExport):
        list(iter_json_list(_file(tmp_path, truncated)))
