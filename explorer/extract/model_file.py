"""The learned models' file: gzipped JSON, byte for byte the same for the same weights, read back only by
code that still has the feature functions it was trained with."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class ModelMismatch(ValueError):
    """A model file made for another format or for feature functions this code lacks."""


def write_model(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, separators=(",", ":")).encode("utf-8")
    path.write_bytes(gzip.compress(payload, mtime=0))


def read_model(path: Path, expected_format: int, known_features: Iterable[str]) -> dict[str, Any]:
    """The saved fields; ModelMismatch when the file is of another format or needs unknown features."""
    data = json.loads(gzip.decompress(path.read_bytes()))
    if data.get("format") != expected_format:
        raise ModelMismatch(
            f"{path}: model format {data.get('format')}, expected {expected_format}; run `make train`"
        )
    known = set(known_features)
    unknown = [name for name in data["features"] if name not in known]
    if unknown:
        raise ModelMismatch(f"{path}: trained with feature functions this code lacks: {', '.join(unknown)}")
    return data


def rounded(values: Iterable[float]) -> list[float]:
    """Weights as saved: four decimals, so a retrain on the same data gives the same bytes."""
    return [round(float(value), 4) for value in values]
