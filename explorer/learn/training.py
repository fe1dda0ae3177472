"""What the trainers share: which features a model keeps, and the fold a document falls in."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable


def kept_vocabulary(feature_lists: Iterable[Iterable[str]], min_count: int) -> list[str]:
    """The features seen in at least `min_count` examples, sorted (a feature twice in one counts once)."""
    counts = Counter(feature for features in feature_lists for feature in set(features))
    return sorted(feature for feature, n in counts.items() if n >= min_count)


def fold_of(document: str, folds: int) -> int:
    """The cross-validation fold of `document`: from its id alone, so every run splits alike."""
    return int(hashlib.sha256(document.encode("utf-8")).hexdigest(), 16) % folds
