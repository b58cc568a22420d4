"""The rollup tables: counts of live records by the dimensions the dashboard filters and groups
on, at several grains, and the replication summaries (flows, families, first copies). Kept in step
by registry.records.rollups in the writer's transaction; read by registry.queries. Imported by
registry.models, so that every table is registered wherever the models are."""

from __future__ import annotations

from typing import ClassVar, Protocol

from sqlalchemy import Index, Table, UniqueConstraint
from sqlmodel import Field, SQLModel


class RollupTable(Protocol):
    """What the readers and writers use of a rollup's class: its table (every rollup is a table model)."""

    __tablename__: ClassVar[str]
    __table__: ClassVar[Table]


# --------------------------------------------------------------------------- summaries
# Counts of live records by every dimension the dashboard filters or groups on. Several rollups
# hold the same counts at different grain; the query layer reads the smallest one that has every
# dimension a query needs. `place_id` is the most specific unit of the record (the commune of that
# time when given, else the unit); programme 0 means "no programme".
SUMMARY_DIMS = (
    "year",
    "field_id",
    "place_id",
    "kind",
    "bloc_id",
    "stage",
    "is_replication",
    "is_sample",
    "programme_id",
)


class SummaryFull(SQLModel, table=True):
    """Counts by every dimension."""

    __tablename__ = "summary_full"
    __table_args__ = (UniqueConstraint(*SUMMARY_DIMS, name="uq_summary_full"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int
    field_id: int
    place_id: int
    kind: str = Field(max_length=16)
    bloc_id: int
    stage: str = Field(max_length=16)
    is_replication: int
    is_sample: int
    programme_id: int
    n: int


SUMMARY_NOPLACE_DIMS = tuple(d for d in SUMMARY_DIMS if d != "place_id")


class SummaryNoPlace(SQLModel, table=True):
    """Counts by every dimension but the unit: small, serves every chart without a unit."""

    __tablename__ = "summary_noplace"
    __table_args__ = (UniqueConstraint(*SUMMARY_NOPLACE_DIMS, name="uq_summary_noplace"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int
    field_id: int
    kind: str = Field(max_length=16)
    bloc_id: int
    stage: str = Field(max_length=16)
    is_replication: int
    is_sample: int
    programme_id: int
    n: int


SUMMARY_PLACE_DIMS = ("year", "place_id", "field_id", "kind", "is_replication", "is_sample")


class SummaryPlace(SQLModel, table=True):
    """Counts by unit, year, field, kind, replication and sample flag: the unit charts."""

    __tablename__ = "summary_place"
    __table_args__ = (UniqueConstraint(*SUMMARY_PLACE_DIMS, name="uq_summary_place"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int
    place_id: int
    field_id: int
    kind: str = Field(max_length=16)
    is_replication: int
    is_sample: int
    n: int


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
FLOW_DIMS = ("year", "field_id", "kind", "bloc_id", "stage", "is_sample", "programme_id", "origin_place_id", "place_id")


class SummaryFlow(SQLModel, table=True):
    """Copies by every dimension of the copy, the origin's place and the copy's place."""

    __tablename__ = "summary_flow"
    __table_args__ = (UniqueConstraint(*FLOW_DIMS, name="uq_summary_flow"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int
    field_id: int
    kind: str = Field(max_length=16)
    bloc_id: int
    stage: str = Field(max_length=16)
    is_sample: int
    programme_id: int
    origin_place_id: int
    place_id: int
    n: int


FLOW_PLACE_DIMS = ("year", "is_sample", "origin_place_id", "place_id")


class SummaryFlowPlace(SQLModel, table=True):
    """Copies by year, sample flag, origin's place and copy's place: the flows chart by default."""

    __tablename__ = "summary_flow_place"
    __table_args__ = (UniqueConstraint(*FLOW_PLACE_DIMS, name="uq_summary_flow_place"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int
    is_sample: int
    origin_place_id: int
    place_id: int
    n: int


FAMILY_DIMS = ("origin_id", "year", "field_id", "kind", "bloc_id", "stage", "is_sample", "programme_id", "place_id")


class SummaryFamily(SQLModel, table=True):
    """Copies by origin and every dimension of the copy."""

    __tablename__ = "summary_family"
    __table_args__ = (UniqueConstraint(*FAMILY_DIMS, name="uq_summary_family"),)
    id: int | None = Field(default=None, primary_key=True)
    origin_id: int
    year: int
    field_id: int
    kind: str = Field(max_length=16)
    bloc_id: int
    stage: str = Field(max_length=16)
    is_sample: int
    programme_id: int
    place_id: int
    n: int


FAMILY_YEAR_DIMS = ("origin_id", "year", "is_sample")


class SummaryFamilyYear(SQLModel, table=True):
    """Copies by origin, year and sample flag."""

    __tablename__ = "summary_family_year"
    __table_args__ = (UniqueConstraint(*FAMILY_YEAR_DIMS, name="uq_summary_family_year"),)
    id: int | None = Field(default=None, primary_key=True)
    origin_id: int
    year: int
    is_sample: int
    n: int


FAMILY_TOTAL_DIMS = ("origin_id",)


class SummaryFamilyTotal(SQLModel, table=True):
    """All live copies of each origin: the upper bound that lets the most-replicated chart stop
    early (read in order of n through its index)."""

    __tablename__ = "summary_family_total"
    __table_args__ = (
        UniqueConstraint(*FAMILY_TOTAL_DIMS, name="uq_summary_family_total"),
        Index("ix_summary_family_total_n", "n", "origin_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    origin_id: int
    n: int


FIRST_COPY_DIMS = ("year", "field_id", "kind", "bloc_id", "stage", "is_sample", "programme_id", "place_id", "days")


class SummaryFirstCopy(SQLModel, table=True):
    """Origins by every dimension of the origin and the days to their first live copy."""

    __tablename__ = "summary_first_copy"
    __table_args__ = (UniqueConstraint(*FIRST_COPY_DIMS, name="uq_summary_first_copy"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int
    field_id: int
    kind: str = Field(max_length=16)
    bloc_id: int
    stage: str = Field(max_length=16)
    is_sample: int
    programme_id: int
    place_id: int
    days: int
    n: int


FIRST_COPY_YEAR_DIMS = ("year", "is_sample", "days")


class SummaryFirstCopyYear(SQLModel, table=True):
    """Origins by year, sample flag and days to the first copy."""

    __tablename__ = "summary_first_copy_year"
    __table_args__ = (UniqueConstraint(*FIRST_COPY_YEAR_DIMS, name="uq_summary_first_copy_year"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int
    is_sample: int
    days: int
    n: int


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
