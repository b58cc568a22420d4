"""The whole registry, filtered, as CSV or XLSX for staff and reporters: read from SQL in chunks,
deleted records never. Needs "export"; the audit columns only for admins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from sqlalchemy import select
from sqlmodel import Session

from registry.exports.boards import source_name
from registry.exports.formats import CHUNK, Table, csv_bytes, file_name, metadata_for, reference_names, xlsx_bytes
from registry.i18n import fmt_date_precise, t
from registry.models import PRECISION_FIELDS, AdminUnit, Bloc, ModelExample, Programme, WorkField
from registry.permissions import Actor, authorize
from registry.queries.counts import record_conditions
from registry.queries.filters import Codes, Filters
from registry.records.words import STAGE_COLUMNS

# --------------------------------------------------------------------------- the whole registry
REGISTRY_COLUMNS = (
    "id",
    "unit_code",
    "unit",
    "commune",
    "field",
    "bloc",
    "programme",
    "kind",
    "title",
    "holder",
    "locality",
    "registered_on",
    "year",
    *STAGE_COLUMNS,
    "replicated_from",
    "origin",
    "beneficiaries",
    "funds_vnd",
    "results",
    "description",
    "is_sample",
    "updated_at",
)


ADMIN_COLUMNS = ("created_by", "updated_by")


def registry_columns(actor: Actor) -> tuple[str, ...]:
    return REGISTRY_COLUMNS + (ADMIN_COLUMNS if actor.role == "admin" else ())


def registry_table(session: Session, filters: Filters, actor: Actor, lang: str = "vi") -> Table:
    """The filtered live records as a table (headings in ``lang``), read in chunks from SQL.
    Needs "export"; staff user names only for admins."""
    authorize(actor, "export")
    columns = registry_columns(actor)
    return Table([t(f"export.col.{c}", lang) for c in columns], _registry_rows(session, filters, columns, lang))


def _registry_rows(session: Session, filters: Filters, columns: Sequence[str], lang: str) -> Iterator[list]:
    codes = Codes.load(session)
    name = "name_en" if lang == "en" else "name_vi"
    ex = ModelExample.__table__
    unit = AdminUnit.__table__.alias("unit")
    commune = AdminUnit.__table__.alias("commune")
    wf, bl, pr = WorkField.__table__, Bloc.__table__, Programme.__table__
    stmt = (
        select(
            ex,
            unit.c.code.label("unit_code_"),
            unit.c.name.label("unit_name_"),
            commune.c.name.label("commune_name_"),
            wf.c[name].label("field_name_"),
            bl.c[name].label("bloc_name_"),
            pr.c[name].label("programme_name_"),
        )
        .select_from(
            ex.join(unit, unit.c.id == ex.c.unit_id)
            .outerjoin(commune, commune.c.id == ex.c.commune_id)
            .join(wf, wf.c.id == ex.c.field_id)
            .join(bl, bl.c.id == ex.c.bloc_id)
            .outerjoin(pr, pr.c.id == ex.c.programme_id)
        )
        .where(*record_conditions(ex, filters, codes))
        .order_by(ex.c.registered_on, ex.c.id)
    )
    kinds = {k: t(f"kind.{k}", lang) for k in ("collective", "individual")}
    yes, no = t("export.yes", lang), t("export.no", lang)
    result = session.execute(stmt.execution_options(yield_per=CHUNK))
    for r in result.mappings():
        dates = {name: _date_cell(r[name], r[precision], lang) for name, precision in PRECISION_FIELDS.items()}
        values = {
            "id": r["id"],
            "unit_code": r["unit_code_"],
            "unit": r["unit_name_"],
            "commune": r["commune_name_"],
            "field": r["field_name_"],
            "bloc": r["bloc_name_"],
            "programme": r["programme_name_"],
            "kind": kinds.get(r["kind"], r["kind"]),
            "title": r["title"],
            "holder": r["holder_name"],
            "locality": r["locality"],
            "registered_on": dates["registered_on"],
            "year": r["year"],
            "stage": t(f"stage.{r['stage']}", lang) if r["stage"] else "",
            "effective_on": dates["effective_on"],
            "recognised_on": dates["recognised_on"],
            "outstanding_on": dates["outstanding_on"],
            "awarded_on": dates["awarded_on"],
            "recognition_level": t(f"level.{r['recognition_level']}", lang) if r["recognition_level"] else None,
            "replicated_from": r["replicated_from_id"],
            "origin": r["origin_id"],
            "beneficiaries": r["beneficiaries"],
            "funds_vnd": r["funds_vnd"],
            "results": r["results"],
            "description": r["description"],
            "is_sample": yes if r["is_sample"] else no,
            "updated_at": _naive(r["updated_at"]),
            "created_by": r["created_by"],
            "updated_by": r["updated_by"],
        }
        yield [values[c] for c in columns]


def _date_cell(day: dt.date | None, precision: str, lang: str):
    """A full date as a date cell; a year or a month as the source gave it ("2023", "03/2023"),
    text that the import reads back with the same precision."""
    return day if day is None or precision == "day" else fmt_date_precise(day, precision, lang)


def _naive(value):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    return value


def registry_csv(session: Session, filters: Filters, actor: Actor, lang: str = "vi") -> tuple[str, bytes]:
    """(file name, CSV bytes) of the filtered registry. Needs "export"."""
    table = registry_table(session, filters, actor, lang)
    names = reference_names(session, lang)
    return file_name(t("export.slug.registry", lang), filters, "csv", lang, names), csv_bytes(table)


def registry_xlsx(
    session: Session, filters: Filters, actor: Actor, lang: str = "vi", today: dt.date | None = None
) -> tuple[str, bytes]:
    """(file name, XLSX bytes) of the filtered registry with its metadata sheet. Needs "export"."""
    table = registry_table(session, filters, actor, lang)
    meta = metadata_for(session, filters, lang, t("export.slug.registry", lang), today=today)
    meta.title = t("export.source", lang, board=source_name(meta.as_of, lang))
    names = reference_names(session, lang)
    return file_name(t("export.slug.registry", lang), filters, "xlsx", lang, names), xlsx_bytes(table, meta)
