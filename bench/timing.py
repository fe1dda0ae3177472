"""Query latency for the benchmarks: time each call once, then take the median and the 95th percentile."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable


def timed_ms(calls: Iterable[Callable[[], object]]) -> list[float]:
    """How long each call took, in milliseconds."""
    samples = []
    for call in calls:
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def p50_p95(samples: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile, interpolated between samples (a single sample is both)."""
    if len(samples) == 1:
        return samples[0], samples[0]
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return cuts[9], cuts[18]
