"""The rollup tables: counts of live records by the dimensions the dashboard filters and groups
on, at several grains, and the replication summaries (flows, families, first copies). Kept in step
by registry.records.rollups in the writer's transaction; read by registry.queries. Imported by
registry.models, so that every table is registered wherever the models are.

Each table is built from its tuple of dimensions (``_table``): a column per dimension (typed as
registry.dimensions declares it; the others are integers), a unique constraint over them and the
count ``n``. The full-grain tuples hold every filter dimension (``_every_dimension``), so that a
new dimension reaches them with its migration alone."""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

from sqlalchemy import Index, Table, UniqueConstraint
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelMetaclass

from registry.dimensions import DIMENSIONS

_TYPES: dict[str, tuple[type, int | None]] = {d.column: (d.sql_type, d.max_length) for d in DIMENSIONS}


def _table(name: str, table: str, dims: tuple[str, ...], doc: str, *indexes: Index) -> Any:
    """A rollup table: ``id``, a column per dimension of ``dims`` (in that order) and ``n``, unique
    over ``dims``."""
    annotations: dict[str, Any] = {"id": int | None}
    namespace: dict[str, Any] = {
        "__doc__": doc,
        "__module__": __name__,
        "__qualname__": name,
        "__tablename__": table,
        "__table_args__": (UniqueConstraint(*dims, name=f"uq_{table}"), *indexes),
        "id": Field(default=None, primary_key=True),
    }
    for dim in dims:
        sql_type, length = _TYPES.get(dim, (int, None))
        annotations[dim] = sql_type
        if length is not None:
            namespace[dim] = Field(max_length=length)
    annotations["n"] = int
    namespace["__annotations__"] = annotations
    return SQLModelMetaclass(name, (SQLModel,), namespace, table=True)


def _every_dimension(dims: tuple[str, ...]) -> tuple[str, ...]:
    """``dims`` and, after them, the column of every filter dimension they do not hold yet."""
    return dims + tuple(d.column for d in DIMENSIONS if d.column not in dims)


class RollupTable(Protocol):
    """What the readers and writers use of a rollup's class: its table (every rollup is a table model)."""

    __tablename__: ClassVar[str]
    __table__: ClassVar[Table]


# --------------------------------------------------------------------------- summaries
# Counts of live records by every dimension the dashboard filters or groups on. Several rollups
# hold the same counts at different grain; the query layer reads the smallest one that has every
# dimension a query needs. `place_id` is the most specific unit of the record (the commune of that
# time when given, else the unit); programme 0 means "no programme".
SUMMARY_DIMS = _every_dimension(
    ("year", "field_id", "place_id", "kind", "bloc_id", "stage", "is_replication", "is_sample", "programme_id")
)
SUMMARY_NOPLACE_DIMS = tuple(d for d in SUMMARY_DIMS if d != "place_id")
SUMMARY_PLACE_DIMS = ("year", "place_id", "field_id", "kind", "is_replication", "is_sample")

SummaryFull = _table("SummaryFull", "summary_full", SUMMARY_DIMS, "Counts by every dimension.")
SummaryNoPlace = _table(
    "SummaryNoPlace",
    "summary_noplace",
    SUMMARY_NOPLACE_DIMS,
    "Counts by every dimension but the unit: small, serves every chart without a unit.",
)
SummaryPlace = _table(
    "SummaryPlace",
    "summary_place",
    SUMMARY_PLACE_DIMS,
    "Counts by unit, year, field, kind, replication and sample flag: the unit charts.",
)

ROLLUPS: tuple[tuple[type[RollupTable], tuple[str, ...]], ...] = (
    (SummaryNoPlace, SUMMARY_NOPLACE_DIMS),
    (SummaryPlace, SUMMARY_PLACE_DIMS),
    (SummaryFull, SUMMARY_DIMS),
)


# Replication summaries (registry/records/rollups.py keeps them in step by recomputing the families a write
# touches). Copies are records with an origin (origin_id, the family's root). Each measure has a
# full-grain table and smaller projections; the dashboard reads the smallest one holding every
# dimension a chart needs.
#   flow: live copies of a live origin, by the copy's dims, the origin's place and the copy's place;
#   family: live copies by origin (the origin may be deleted), by the copy's dims;
#   first_copy: live origins with at least one live copy, by the origin's dims and the days from
#   the origin's registration to its first live copy.
FLOW_DIMS = _every_dimension(
    ("year", "field_id", "kind", "bloc_id", "stage", "is_sample", "programme_id", "origin_place_id", "place_id")
)
FLOW_PLACE_DIMS = ("year", "is_sample", "origin_place_id", "place_id")
FAMILY_DIMS = _every_dimension(
    ("origin_id", "year", "field_id", "kind", "bloc_id", "stage", "is_sample", "programme_id", "place_id")
)
FAMILY_YEAR_DIMS = ("origin_id", "year", "is_sample")
FAMILY_TOTAL_DIMS = ("origin_id",)
FIRST_COPY_DIMS = _every_dimension(
    ("year", "field_id", "kind", "bloc_id", "stage", "is_sample", "programme_id", "place_id", "days")
)
FIRST_COPY_YEAR_DIMS = ("year", "is_sample", "days")

SummaryFlow = _table(
    "SummaryFlow",
    "summary_flow",
    FLOW_DIMS,
    "Copies by every dimension of the copy, the origin's place and the copy's place.",
)
SummaryFlowPlace = _table(
    "SummaryFlowPlace",
    "summary_flow_place",
    FLOW_PLACE_DIMS,
    "Copies by year, sample flag, origin's place and copy's place: the flows chart by default.",
)
SummaryFamily = _table(
    "SummaryFamily", "summary_family", FAMILY_DIMS, "Copies by origin and every dimension of the copy."
)
SummaryFamilyYear = _table(
    "SummaryFamilyYear", "summary_family_year", FAMILY_YEAR_DIMS, "Copies by origin, year and sample flag."
)
SummaryFamilyTotal = _table(
    "SummaryFamilyTotal",
    "summary_family_total",
    FAMILY_TOTAL_DIMS,
    "All live copies of each origin: the upper bound that lets the most-replicated chart stop early "
    "(read in order of n through its index).",
    Index("ix_summary_family_total_n", "n", "origin_id"),
)
SummaryFirstCopy = _table(
    "SummaryFirstCopy",
    "summary_first_copy",
    FIRST_COPY_DIMS,
    "Origins by every dimension of the origin and the days to their first live copy.",
)
SummaryFirstCopyYear = _table(
    "SummaryFirstCopyYear",
    "summary_first_copy_year",
    FIRST_COPY_YEAR_DIMS,
    "Origins by year, sample flag and days to the first copy.",
)


# measure -> (full dims, rollups smallest first; the last one holds the full dims)
REPLICATION_ROLLUPS: dict[str, tuple[tuple[str, ...], tuple[tuple[type[RollupTable], tuple[str, ...]], ...]]] = {
    "flow": (FLOW_DIMS, ((SummaryFlowPlace, FLOW_PLACE_DIMS), (SummaryFlow, FLOW_DIMS))),
    "family": (
        FAMILY_DIMS,
        ((SummaryFamilyTotal, FAMILY_TOTAL_DIMS), (SummaryFamilyYear, FAMILY_YEAR_DIMS), (SummaryFamily, FAMILY_DIMS)),
    ),
    "first_copy": (
        FIRST_COPY_DIMS,
        ((SummaryFirstCopyYear, FIRST_COPY_YEAR_DIMS), (SummaryFirstCopy, FIRST_COPY_DIMS)),
    ),
}
