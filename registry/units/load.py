"""Reference data: loads units, fields, blocs and programmes from data/ into the tables, idempotently.

Nothing about units is hard-coded elsewhere: codes, names, validity and merges come from
data/districts.csv and the commune files of 2021–2025 and of the 2025 reform.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlmodel import Session, select

from registry import text
from registry.config import DATA_DIR
from registry.datafiles import parse_date, parse_number, read_csv
from registry.models import AdminUnit, Bloc, Programme, WorkField


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
            communes=parse_number(row.get("communes", ""), int), valid_from=parse_date(row["valid_from"]),
            valid_to=parse_date(row.get("valid_to", "")), lat=parse_number(row.get("lat", "")), lon=parse_number(row.get("lon", "")),
            area_km2=parse_number(row.get("area_km2", "")),
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


