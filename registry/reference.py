"""Reference data: loads the files under data/ into the tables, idempotently.

Nothing about units is hard-coded elsewhere: codes, names, validity and merges come from
data/districts.csv (and, once present, the commune files of the 2025 reform).
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Iterator

from sqlalchemy import delete
from sqlmodel import Session, select

from registry import text
from registry.config import DATA_DIR
from registry.models import AdminUnit, Bloc, Programme, UnitViewMap, WorkField


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a data file, skipping its leading '#' comment lines; text is NFC."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        for row in csv.DictReader(lines):
            yield {k: text.clean(v) for k, v in row.items()}


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _num(value: str, cast=float):
    return cast(value) if value not in ("", None) else None


def _upsert(session: Session, model, key: str, values: dict):
    obj = session.exec(select(model).where(getattr(model, key) == values[key])).first()
    if obj is None:
        obj = model(**values)
        session.add(obj)
    else:
        for k, v in values.items():
            setattr(obj, k, v)
    return obj


def load_simple(session: Session, data_dir: Path = DATA_DIR) -> None:
    for model, name in ((WorkField, "fields.csv"), (Bloc, "blocs.csv"), (Programme, "programmes.csv")):
        for row in read_csv(data_dir / name):
            values = {k: v for k, v in row.items() if k in model.model_fields}
            values["sort"] = int(values.get("sort") or 0)
            if "is_state" in values:
                values["is_state"] = values["is_state"] in ("1", "true")
            _upsert(session, model, "code", values)
    session.flush()


def _unit_rows(data_dir: Path) -> Iterator[dict]:
    """Unit rows from every unit file present, in parent-before-child order."""
    for row in read_csv(data_dir / "districts.csv"):
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
            code=row["code"], official_code=row.get("official_code") or row["code"], name=row["name"],
            short_name=row.get("short_name") or row["name"],
            name_key=text.name_key(row.get("short_name") or row["name"]),
            level=row["level"], kind=row["kind"], parent_id=parent.id if parent else None,
            communes=_num(row.get("communes", ""), int), valid_from=_date(row["valid_from"]),
            valid_to=_date(row.get("valid_to", "")), lat=_num(row.get("lat", "")), lon=_num(row.get("lon", "")),
            area_km2=_num(row.get("area_km2", "")),
        )
        unit = by_code.get(row["code"])
        if unit is None:
            unit = AdminUnit(**values)
            session.add(unit)
        else:
            for k, v in values.items():
                setattr(unit, k, v)
        session.flush()
        by_code[unit.code] = unit
        if row.get("merged_into"):
            merges.append((unit.code, row["merged_into"]))
        count += 1
    for code, target in merges:
        by_code[code].merged_into_id = by_code[target].id
    session.flush()
    return count


def build_view_maps(session: Session, data_dir: Path = DATA_DIR) -> None:
    """(Re)build the unit-view mapping table from the units (and lineage, where present).

    - ``then``: a commune of 2021–2025 counts in its district; every other unit counts as itself.
    - ``districts-2025``: as ``then``, then follow merges (Đông Sơn → Thanh Hóa city).
    - ``new-units``: every unit counts as itself until the lineage of the 2025 reform is loaded
      (registry.reform extends this).
    """
    from registry import reform  # local import: reform builds on this module

    units = session.exec(select(AdminUnit)).all()
    by_id = {u.id: u for u in units}
    rows: dict[tuple[str, int, int], float] = {}

    def add(view: str, unit_id: int, target_id: int, share: float) -> None:
        rows[(view, unit_id, target_id)] = rows.get((view, unit_id, target_id), 0.0) + share

    def then_target(u: AdminUnit) -> AdminUnit:
        if u.level == "commune" and u.parent_id and by_id[u.parent_id].level == "district":
            return by_id[u.parent_id]
        return u

    def last_district(u: AdminUnit) -> AdminUnit:
        seen = set()
        while u.merged_into_id and u.id not in seen:
            seen.add(u.id)
            u = by_id[u.merged_into_id]
        return u

    for u in units:
        base = then_target(u)
        add("then", u.id, base.id, 1.0)
        if base.level in ("district", "province"):
            add("districts-2025", u.id, last_district(base).id, 1.0)
    reform.extend_view_maps(session, units, add, data_dir)
    mapped = {(view, unit_id) for view, unit_id, _ in rows}
    for u in units:  # anything the reform did not map counts as itself
        for view in ("districts-2025", "new-units"):
            if (view, u.id) not in mapped:
                add(view, u.id, u.id, 1.0)
    session.exec(delete(UnitViewMap))
    session.add_all(UnitViewMap(view=v, unit_id=a, target_id=b, share=s) for (v, a, b), s in rows.items())
    session.flush()


def load_all(session: Session, data_dir: Path = DATA_DIR) -> dict[str, int]:
    load_simple(session, data_dir)
    n_units = load_units(session, data_dir)
    from registry import reform  # the lineage of the 2025 reform, before the views that use it

    reform.load_lineage(session, data_dir)
    build_view_maps(session, data_dir)
    from registry.published import load_published  # the published figures (exports issue)
    load_published(session, data_dir / "published_figures.csv")
    return {"units": n_units, "fields": len(session.exec(select(WorkField)).all()),
            "blocs": len(session.exec(select(Bloc)).all())}
