"""What a learned model depends on, as a digest it records: a committed model whose digest differs from the
one today's data and code give is stale (`make train`)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from explorer.extract.pipeline import choose_model

ROOT = Path(__file__).resolve().parents[2]
SHARED_CODE = ("names.py", "knowledge.py", "learn/corpora.py", "learn/written.py")


def training_digest(trainer: str, left_out: Iterable[str]) -> str:
    """A digest of the spaCy model's name, the extraction code (but the files `left_out`, which only run
    the model), the naming and corpus code, the `trainer` module's file and the training data."""
    skipped = set(left_out)
    code = [p for p in sorted((ROOT / "explorer" / "extract").glob("*.py")) if p.name not in skipped]
    code += [ROOT / "explorer" / name for name in SHARED_CODE]
    code.append(Path(trainer))
    data = sorted(p for p in (ROOT / "bench" / "data").rglob("*") if p.is_file())
    digest = hashlib.sha256(choose_model().encode())
    for path in code + data:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
