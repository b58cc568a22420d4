"""The one catalog of user-facing strings, Vietnamese first, English second.

Each area keeps its strings in its own data file, ``registry/catalog/AREA.toml``, one line a key:
``"key" = ["Vietnamese", "English"]`` (comments say what a group of keys is for). ``load()`` reads
them all into ``{key: (vi, en)}``: a pair per key, so both languages always have the same keys; a
key defined twice, in one file or in two, is an error; every string in NFC.
"""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
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
    "reports",
    "party_report",
    "faults",
    "brief",
)


def messages(area: str) -> dict[str, tuple[str, str]]:
    """The strings of one area, as ``{key: (vi, en)}``."""
    with (FOLDER / f"{area}.toml").open("rb") as file:
        raw = tomllib.load(file)  # a key written twice in one file raises tomllib.TOMLDecodeError
    out: dict[str, tuple[str, str]] = {}
    for key, pair in raw.items():
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(s, str) for s in pair)):
            raise ValueError(f"catalog key {key!r} in {area}.toml is not a pair of strings")
        out[key] = (unicodedata.normalize("NFC", pair[0]), unicodedata.normalize("NFC", pair[1]))
    return out


def load() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for area in AREAS:
        for key, pair in messages(area).items():
            if key in merged:
                raise KeyError(f"catalog key {key!r} is defined twice")
            merged[key] = pair
    return merged
