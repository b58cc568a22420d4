"""The one catalog of user-facing strings, Vietnamese first, English second.

Each area keeps its strings in its own module as ``MESSAGES = {key: (vi, en)}``; a pair per key
means both languages always have the same keys. Keys must be unique across modules
(tests/test_i18n.py checks it).
"""

from __future__ import annotations

from importlib import import_module

AREAS = (
    "core",
    "dashboard",
    "staff",
    "exports",
    "reform",
    "uploads",
    "places",
    "suggestions",
    "replication",
    "faults",
)


def load() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for area in AREAS:
        module = import_module(f"registry.catalog.{area}")
        for key, pair in module.MESSAGES.items():
            if key in merged:
                raise KeyError(f"catalog key {key!r} is defined twice")
            merged[key] = pair
    return merged
