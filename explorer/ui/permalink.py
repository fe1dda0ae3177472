"""The Explore view in its URL, so that a shared link opens the same graph.

Filters and the view's expansions, removals and selection become query parameters; only values that differ
from the defaults are written, and a value that does not parse falls back to its default.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from explorer.model import CO_MENTIONED, ENTITY_TYPES, RELATION_TYPES
from explorer.ui.view import Filters, GraphView, open_view

MAX_NODES_RANGE = range(10, 301, 10)  # the slider's steps
MIN_WEIGHT_RANGE = range(1, 11)
VIEW_PARAMS = ("expand", "hide", "sel")
FILTER_PARAMS = ("types", "rels", "co", "min", "depth", "max", "conf", "since", "until", "voice")


def to_params(view: GraphView, filters: Filters) -> dict[str, str]:
    """The parameters that differ from a fresh view of the same entity under default filters."""
    default = Filters()
    params = {
        "types": ",".join(filters.entity_types),
        "rels": ",".join(filters.relation_types),
        "co": "" if filters.co_mentions else "0",
        "min": _differs(filters.min_weight, default.min_weight),
        "depth": _differs(filters.depth, default.depth),
        "max": _differs(filters.max_nodes, default.max_nodes),
        "conf": f"{filters.min_confidence:g}" if filters.min_confidence > 0 else "",
        "since": filters.since,
        "until": filters.until,
        "voice": filters.voice,
        "expand": ",".join(view.expanded),
        "hide": ",".join(sorted(view.removed)),
        "sel": view.selected if view.selected and view.selected != view.focus else "",
    }
    return {key: value for key, value in params.items() if value}


def filters_from_params(params: Mapping[str, str]) -> Filters:
    default = Filters()
    return Filters(
        entity_types=_known(params.get("types", ""), ENTITY_TYPES),
        relation_types=_known(params.get("rels", ""), [t for t in RELATION_TYPES if t != CO_MENTIONED]),
        co_mentions=params.get("co", "") != "0",
        min_weight=_number(params.get("min", ""), MIN_WEIGHT_RANGE, default.min_weight),
        depth=_number(params.get("depth", ""), (1, 2), default.depth),
        max_nodes=_number(params.get("max", ""), MAX_NODES_RANGE, default.max_nodes),
        min_confidence=_confidence(params.get("conf", "")),
        since=_date(params.get("since", "")),
        until=_date(params.get("until", "")),
        voice=params.get("voice", "")[:200],
    )


def view_from_params(focus: str, params: Mapping[str, str]) -> GraphView:
    """The view a link describes; its version starts past 0 when it was expanded, so the layout is fresh."""
    view = open_view(focus)
    view.expanded = [n for n in _ids(params.get("expand", "")) if n != focus]
    view.removed = set(_ids(params.get("hide", ""))) - {focus}
    view.selected = params.get("sel") or focus
    view.version = len(view.expanded)
    return view


def _differs(value: int, default: int) -> str:
    return str(value) if value != default else ""


def _known(raw: str, allowed: list[str]) -> tuple[str, ...]:
    wanted = {part.strip() for part in raw.split(",")}
    return tuple(t for t in allowed if t in wanted)


def _number(raw: str, allowed: range | tuple[int, ...], default: int) -> int:
    return int(raw) if raw.isdigit() and int(raw) in allowed else default


def _confidence(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        return 0.0
    return round(value, 2) if 0 <= value <= 1 else 0.0


def _date(raw: str) -> str:
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        return ""


def _ids(raw: str) -> list[str]:
    return list(dict.fromkeys(part for part in raw.split(",") if part))
