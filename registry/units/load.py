"""Reference data: loads units, fields, blocs, programmes and the figures the province has published
from data/ into the tables, idempotently.

Nothing about units is hard-coded elsewhere: codes, names, validity and merges come from
data/districts.csv and the commune files of 2021–2025 and of the 2025 reform. The history back to
2009 comes from data/district_history.csv and data/commune_changes.csv (``load_history``): former
names, kinds and districts become ``unit_alias`` rows; communes merged away become units valid
until the day before their merge, merged into their receiver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, select

from registry import text
from registry.config import DATA_DIR
from registry.datafiles import parse_date, parse_number, read_csv
from registry.models import (
    MOVEMENT_START_YEAR,
    AdminUnit,
    Bloc,
    Programme,
    PublishedFigure,
    UnitAlias,
    WorkField,
    id_of,
)

PUBLISHED_FIGURES = DATA_DIR / "published_figures.csv"


def _put(session: Session, model, found, values: dict):
    """``found`` with ``values`` set, or a new ``model`` row of them added to the session."""
    if found is None:
        found = model(**values)
        session.add(found)
    else:
        for k, v in values.items():
            setattr(found, k, v)
    return found


def _upsert(session: Session, model, key: str, values: dict):
    return _put(session, model, session.exec(select(model).where(getattr(model, key) == values[key])).first(), values)


def load_simple(session: Session, data_dir: Path = DATA_DIR) -> None:
    for model, name in ((WorkField, "fields.csv"), (Bloc, "blocs.csv"), (Programme, "programmes.csv")):
        for row in read_csv(data_dir / name):
            values: dict[str, Any] = {k: v for k, v in row.items() if k in model.model_fields}
            values["sort"] = int(values.get("sort") or 0)
            if "is_state" in values:
                values["is_state"] = values["is_state"] in ("1", "true")
            _upsert(session, model, "code", values)
    session.flush()


BODIES = "provincial_bodies.csv"
BODY_LEVEL = "body"
"""The level of a provincial body (data/provincial_bodies.csv): a reporting unit, never a record's unit."""


def _unit_rows(data_dir: Path) -> Iterator[dict]:
    """Unit rows from every unit file present, in parent-before-child order."""
    for row in read_csv(data_dir / "districts.csv"):
        yield row
    bodies = data_dir / BODIES
    if bodies.exists():
        for row in read_csv(bodies):
            row["level"] = BODY_LEVEL
            yield row
    legacy = data_dir / "units_communes_legacy.csv"
    if legacy.exists():
        for row in read_csv(legacy):
            row.setdefault("level", "commune")
            row["level"] = "commune"
            yield row
    new = data_dir / "units_2025.csv"
    if new.exists():
        for row in read_csv(new):
            row["level"] = "commune"
            row.setdefault("parent_code", "38")
            row["parent_code"] = row.get("parent_code") or "38"
            yield row


def load_units(session: Session, data_dir: Path = DATA_DIR) -> int:
    by_code: dict[str, AdminUnit] = {u.code: u for u in session.exec(select(AdminUnit)).all()}
    merges: list[tuple[str, str]] = []
    count = 0
    for row in _unit_rows(data_dir):
        parent = by_code.get(row.get("parent_code") or "")
        values = dict(
            code=row["code"],
            official_code=row.get("official_code") or row["code"],
            name=row["name"],
            short_name=row.get("short_name") or row["name"],
            name_key=text.name_key(row.get("short_name") or row["name"]),
            level=row["level"],
            kind=row["kind"],
            parent_id=parent.id if parent else None,
            communes=parse_number(row.get("communes", ""), int),
            valid_from=parse_date(row["valid_from"]),
            valid_to=parse_date(row.get("valid_to", "")),
            lat=parse_number(row.get("lat", "")),
            lon=parse_number(row.get("lon", "")),
            area_km2=parse_number(row.get("area_km2", "")),
        )
        unit = _put(session, AdminUnit, by_code.get(row["code"]), values)
        session.flush()
        by_code[unit.code] = unit
        if row.get("merged_into"):
            merges.append((unit.code, row["merged_into"]))
        count += 1
    for code, target in merges:
        by_code[code].merged_into_id = by_code[target].id
    session.flush()
    return count


def load_published(session: Session, path: Path = PUBLISHED_FIGURES) -> int:
    """Upsert the figures the province has published (data/published_figures.csv) by ``code``
    (idempotent; checked against the registry by registry.exports.published). Returns the number of
    rows."""
    if not path.exists():
        return 0
    existing = {f.code: f for f in session.exec(select(PublishedFigure)).all()}
    n = 0
    for row in read_csv(path):
        values = dict(
            code=row["code"],
            source=row["source"],
            source_url=row.get("source_url") or "",
            published_on=dt.date.fromisoformat(row["published_on"]),
            period_from=dt.date.fromisoformat(row["period_from"]),
            period_until=dt.date.fromisoformat(row["period_until"]),
            scope=row["scope"],
            measure=row["measure"],
            value=int(row["value"]),
            note=row.get("note") or "",
        )
        _put(session, PublishedFigure, existing.get(row["code"]), values)
        n += 1
    session.flush()
    return n


# --------------------------------------------------------------------------- history 2009–2024
DISTRICT_HISTORY = "district_history.csv"
COMMUNE_CHANGES = "commune_changes.csv"
OPEN_START = dt.date(MOVEMENT_START_YEAR, 1, 1)
"""The start of a unit with no earlier change known: the movement's start (the data go back no further)."""
_KIND_WORDS = {"xa": "Xã", "phuong": "Phường", "thi_tran": "Thị trấn"}
_LEGACY_END = dt.date(2025, 6, 30)


def merged_code(district_code: str, name: str) -> str:
    """The code of a commune merged away before 2025 (the data files give it none): "M" + its
    district + its name key, e.g. "M392hathai"."""
    return f"M{district_code}{text.name_key(name)}"[:16]


def load_history(session: Session, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """The units' history back to 2009, idempotently (after ``load_units``). Returns counts.

    - communes of the 2021–2025 list start at the movement's start, those formed by a merge with a
      new name on the day of the merge;
    - each commune merged away (commune_changes.csv, event merge/new with another name than the
      receiver's) is a unit until the day before, ``merged_into`` its receiver;
    - renames and reclassifications (district_history.csv, commune_changes.csv) and communes moved
      between districts (transfer rows) become ``unit_alias`` rows valid until the day before.
    """
    history, changes = data_dir / DISTRICT_HISTORY, data_dir / COMMUNE_CHANGES
    by_code = {u.code: u for u in session.exec(select(AdminUnit)).all()}
    for unit in by_code.values():  # an open start where no earlier change is known
        if unit.level == "commune" and unit.code.startswith("L") and unit.valid_to == _LEGACY_END:
            unit.valid_from = OPEN_START
    session.execute(delete(UnitAlias))
    aliases: list[UnitAlias] = []
    merged = 0
    change_rows = list(read_csv(changes)) if changes.exists() else []
    for row in change_rows:
        merged += _apply_change(session, row, by_code, aliases)
    session.flush()
    for row in read_csv(history) if history.exists() else []:
        aliases += _history_aliases(row, by_code)
    session.add_all(aliases)
    session.flush()
    return {"merged_communes": merged, "aliases": len(aliases)}


def _day_before(value: str) -> dt.date:
    return dt.date.fromisoformat(value) - dt.timedelta(days=1)  # a date the row must have


def _source(row: dict) -> str:
    return f"{row.get('resolution', '')} ({row['date']})"[:80]


def _apply_change(session: Session, row: dict, by_code: dict[str, AdminUnit], aliases: list[UnitAlias]) -> int:
    """One row of commune_changes.csv: a unit for a commune merged away, a later start for a
    commune formed under a new name, an alias for a rename or reclassification."""
    receiver = by_code.get(row["new_code"]) if row["new_code"] else None
    district = by_code[row["district_code"]]
    day, until = dt.date.fromisoformat(row["date"]), _day_before(row["date"])
    key = text.name_key(row["old_name"])
    if row["event"] in ("merge", "new") and (receiver is None or receiver.name_key != key):
        code = merged_code(row["district_code"], row["old_name"])
        values = dict(
            code=code,
            official_code=code,
            name=f"{_KIND_WORDS[row['old_kind']]} {row['old_name']}",
            short_name=row["old_name"],
            name_key=key,
            level="commune",
            kind=row["old_kind"],
            parent_id=district.id,
            valid_from=OPEN_START,
            valid_to=until,
            merged_into_id=receiver.id if receiver else None,
        )
        by_code[code] = _put(session, AdminUnit, by_code.get(code), values)
        if receiver is not None and row["event"] == "new" and receiver.valid_from < day:
            receiver.valid_from = day  # formed that day under a new name
        return 1
    if receiver is not None and (receiver.name_key != key or receiver.kind != row["old_kind"]):
        aliases.append(
            UnitAlias(
                unit_id=id_of(receiver),
                name=f"{_KIND_WORDS[row['old_kind']]} {row['old_name']}",
                name_key=key,
                kind=row["old_kind"],
                valid_to=until,
                source=_source(row),
            )
        )
    return 0


def _history_aliases(row: dict, by_code: dict[str, AdminUnit]) -> list[UnitAlias]:
    """One row of district_history.csv: a rename gives the former name; a transfer gives each
    commune moved its former district (and former name where it changed at the move)."""
    until = _day_before(row["date"])
    if row["event"] == "rename":
        parsed = text.parse_unit_name(row["old_name"])
        return [
            UnitAlias(
                unit_id=id_of(by_code[row["new_code"]]),
                name=row["old_name"],
                name_key=parsed.key,
                kind=parsed.prefix or by_code[row["new_code"]].kind,
                valid_to=until,
                source=_source(row),
            )
        ]
    if row["event"] != "transfer" or not row.get("communes"):
        return []
    old_district, new_district = by_code[row["old_code"]], by_code[row["new_code"]]
    out = []
    for item in row["communes"].split(";"):
        former, _, name = item.strip().rpartition("=")
        key = text.name_key(name)
        found = [
            u
            for u in by_code.values()
            if u.level == "commune" and u.parent_id == new_district.id and u.name_key == key and u.valid_from < until
        ]
        if len(found) != 1:
            raise ValueError(f"{DISTRICT_HISTORY}: {row['date']} transfer names {name!r}: {len(found)} units match")
        unit = found[0]
        parsed = text.parse_unit_name(former or unit.short_name)
        out.append(
            UnitAlias(
                unit_id=id_of(unit),
                name=former or unit.short_name,
                name_key=parsed.key,
                kind=parsed.prefix or unit.kind,
                parent_id=old_district.id,
                valid_to=until,
                source=_source(row),
            )
        )
    return out
