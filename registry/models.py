"""The registry's tables and input models (SQLModel).

Model families follow full-stack-fastapi-template: ``XBase`` holds shared fields with their
constraints, ``X(table=True)`` adds id, audit and version, ``XCreate``/``XUpdate`` are inputs.
Codes (kinds, stages, levels) are plain strings checked in the service layer, so that reference
lists can grow without a schema change.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy import Column, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

# The rollup tables live in their own module; importing it here registers them with the metadata
# wherever the models are imported (create_all, Alembic's autogenerate).
from registry import (
    report_tables,  # noqa: F401
    rollup_tables,  # noqa: F401
    search_index,
    suggestion_tables,  # noqa: F401
)

KINDS = ("collective", "individual")
STAGES = ("registered", "effective", "recognised", "outstanding", "awarded")
STAGE_DATE_FIELDS = {
    "effective": "effective_on",
    "recognised": "recognised_on",
    "outstanding": "outstanding_on",
    "awarded": "awarded_on",
}
LEVELS = ("commune", "district", "province", "central")
UNIT_LEVELS = ("province", "district", "commune", "body")  # body: a provincial body (unit reports only)
DATE_PRECISIONS = ("year", "month", "day")  # how much of a date the source gave
# Each date of a record and the column of its precision.
PRECISION_FIELDS = {
    "registered_on": "registered_precision",
    "effective_on": "effective_precision",
    "recognised_on": "recognised_precision",
    "outstanding_on": "outstanding_precision",
    "awarded_on": "awarded_precision",
}
VIEWS = ("then", "districts-2025", "new-units")
REFORM_DATE = dt.date(2025, 7, 1)
MOVEMENT_START_YEAR = 2009


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _Saved(Protocol):
    id: int | None


def id_of(row: _Saved) -> int:
    """The id of a row that is in the database (read, or added and flushed): the type says
    ``int | None`` because a new row has none until it is flushed."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id: it was never flushed")
    return row.id


# --------------------------------------------------------------------------- reference data
class AdminUnit(SQLModel, table=True):
    """An administrative unit with a validity period: province → district → commune/ward.

    Before 1 Jul 2025 communes hang under districts; since then they hang under the province.
    ``code`` is unique across eras; ``official_code`` is the statistical code, which the 2025
    units reuse.
    """

    __tablename__ = "admin_unit"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True, index=True)
    official_code: str = Field(max_length=16, index=True)
    name: str = Field(max_length=120)
    short_name: str = Field(max_length=80)
    name_key: str = Field(max_length=120, index=True)
    level: str = Field(max_length=16, index=True)
    kind: str = Field(max_length=16)
    parent_id: int | None = Field(default=None, foreign_key="admin_unit.id", index=True)
    communes: int | None = None
    valid_from: dt.date
    valid_to: dt.date | None = None
    merged_into_id: int | None = Field(default=None, foreign_key="admin_unit.id")
    lat: float | None = None
    lon: float | None = None
    area_km2: float | None = None

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class UnitAlias(SQLModel, table=True):
    """A name, kind or district that a unit had for a period, usable for matching.

    Huyện Tĩnh Gia is unit 407 until 31 May 2020 (then Thị xã Nghi Sơn); thị trấn Tĩnh Gia is
    phường Hải Hòa; xã Quảng Hùng lay in Quảng Xương until 14 May 2015. ``parent_id`` is the
    district of that period (None: unchanged). Loaded from data/district_history.csv and
    data/commune_changes.csv by registry.units.load.
    """

    __tablename__ = "unit_alias"
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="admin_unit.id", index=True)
    name: str = Field(max_length=120)
    name_key: str = Field(max_length=120, index=True)
    kind: str = Field(max_length=16)
    parent_id: int | None = Field(default=None, foreign_key="admin_unit.id")
    valid_from: dt.date | None = None
    valid_to: dt.date
    source: str = Field(default="", max_length=80)

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and day <= self.valid_to


class UnitViewMap(SQLModel, table=True):
    """How a unit's records are attributed in each unit view (then / districts-2025 / new-units).

    A record at ``unit_id`` counts ``share`` towards ``target_id``; the shares of one unit in one
    view sum to 1, so every view gives the same total.
    """

    __tablename__ = "unit_view_map"
    view: str = Field(max_length=20, primary_key=True)
    unit_id: int = Field(foreign_key="admin_unit.id", primary_key=True)
    target_id: int = Field(foreign_key="admin_unit.id", primary_key=True)
    share: float = 1.0


class UnitLineage(SQLModel, table=True):
    """How the units of 1 Jul 2025 were formed from the communes of 2021–2025.

    ``share`` is the fraction of the new unit attributed to the former commune (the shares of one
    new unit sum to 1); ``forward_share`` is the fraction of the former commune that went to the
    new unit (the forward shares of one former commune sum to 1).
    """

    __tablename__ = "unit_lineage"
    new_unit_id: int = Field(foreign_key="admin_unit.id", primary_key=True)
    old_unit_id: int = Field(foreign_key="admin_unit.id", primary_key=True)
    district_id: int = Field(foreign_key="admin_unit.id", index=True)
    share: float
    forward_share: float
    basis: str = Field(default="communes", max_length=16)


class CodeTable(SQLModel):
    """The columns of a small table of codes (fields, blocs, programmes): a unique code, its name in
    each language and its place in lists. Not a table itself."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name_vi: str = Field(max_length=120)
    name_en: str = Field(max_length=120)
    sort: int = 0


class WorkField(CodeTable, table=True):
    """A field (lĩnh vực): economy, culture–society, …  Editable reference data."""

    __tablename__ = "work_field"
    colour: str = Field(default="#777777", max_length=9)


class Bloc(CodeTable, table=True):
    """The holder's bloc (khối). Editable reference data."""

    __tablename__ = "bloc"
    is_state: bool = False


class Programme(CodeTable, table=True):
    """A programme tag such as "Chính quyền thân thiện, vì nhân dân phục vụ"."""

    __tablename__ = "programme"
    name_vi: str = Field(max_length=200)
    name_en: str = Field(max_length=200)


# --------------------------------------------------------------------------- model examples
# The one declaration of the text limits: the column types below and the validation
# (registry.records.validation) both read it, so a limit is changed in one place. Description and
# results keep their line breaks (MULTILINE_FIELDS) and stay TEXT columns: their limit is checked
# by the validation only.
TEXT_LIMITS = {"title": 300, "holder_name": 300, "locality": 300, "description": 10_000, "results": 10_000}
MULTILINE_FIELDS = ("description", "results")
ORIGIN_TEXT_LIMIT = 300  # replicated_from_text
CODE_LENGTH = 16  # kind, stage, recognition level


def _precision_column() -> Column:
    return Column(String(8), nullable=False, server_default="day")


class ModelExampleBase(SQLModel):
    """What a person states about a record, shared by the table and both inputs.

    Constraints are column types (``sa_type``), not pydantic checks: an input that breaks one
    reaches the validation, which reports it in the user's language with every other problem of
    the row, instead of failing at construction with pydantic's English message."""

    kind: str = Field(sa_type=String(CODE_LENGTH))
    title: str = Field(sa_type=String(TEXT_LIMITS["title"]))
    holder_name: str = Field(default="", sa_type=String(TEXT_LIMITS["holder_name"]))
    locality: str = Field(default="", sa_type=String(TEXT_LIMITS["locality"]))
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    registered_on: dt.date
    # "year": the source gave only the year (the date is its 1 Jan), "month": only the month (its
    # first day), "day": the full date. Shown as "2023", "03/2023" (registry.i18n.fmt_date_precise).
    registered_precision: str = Field(default="day", sa_column=_precision_column())
    stage: str = Field(default="registered", sa_type=String(CODE_LENGTH))
    effective_on: dt.date | None = None
    recognised_on: dt.date | None = None
    outstanding_on: dt.date | None = None
    awarded_on: dt.date | None = None
    effective_precision: str = Field(default="day", sa_column=_precision_column())
    recognised_precision: str = Field(default="day", sa_column=_precision_column())
    outstanding_precision: str = Field(default="day", sa_column=_precision_column())
    awarded_precision: str = Field(default="day", sa_column=_precision_column())
    recognition_level: str | None = Field(default=None, sa_type=String(CODE_LENGTH))
    results: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    beneficiaries: int | None = None
    funds_vnd: int | None = None
    is_sample: bool = False
    # "Nhân rộng từ" as the source wrote it when it named no stored record (a title, "title (unit)",
    # "title – unit – year" that matched nothing or several): kept for staff, empty once linked
    replicated_from_text: str = Field(
        default="", sa_column=Column(String(ORIGIN_TEXT_LIMIT), nullable=False, server_default="")
    )


class ModelExample(ModelExampleBase, table=True):
    """One model (collective) or exemplar (individual). References are by id here; the
    validation resolves the codes and names of the inputs to ids."""

    __tablename__ = "model_example"
    __table_args__ = (
        Index("ix_example_year_field", "year", "field_id"),
        Index("ix_example_unit_year", "unit_id", "year"),
        Index("ix_example_registered_on", "registered_on"),
        Index("ix_example_origin", "origin_id"),
        Index("ix_example_replicated_from", "replicated_from_id"),
        Index("ix_example_title_key", "title_key"),
        Index("ix_example_match_key", "match_key"),
        Index("ix_example_kind_stage", "kind", "stage"),
    )
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="admin_unit.id")
    commune_id: int | None = Field(default=None, foreign_key="admin_unit.id")
    field_id: int = Field(foreign_key="work_field.id")
    bloc_id: int = Field(foreign_key="bloc.id")
    programme_id: int | None = Field(default=None, foreign_key="programme.id")
    replicated_from_id: int | None = Field(default=None, foreign_key="model_example.id")
    year: int = Field(sa_column=Column(Integer, nullable=False))
    title_key: str = Field(default="", sa_column=Column(String(300), nullable=False, server_default=""))  # sorting
    # duplicate matching: registry.text.title_match_key (no "mô hình", "Dân vận khéo", punctuation)
    match_key: str = Field(default="", sa_column=Column(String(300), nullable=False, server_default=""))
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    origin_id: int | None = Field(default=None)
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="system", max_length=80)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="system", max_length=80)
    version: int = 1
    deleted: bool = Field(default=False, index=True)
    deleted_at: dt.datetime | None = None
    deleted_by: str | None = Field(default=None, max_length=80)


class ModelExampleCreate(ModelExampleBase):
    """Input for a new record, as entered in a form, a file row or the CLI.

    Units, fields, blocs and programmes are given by code or name; the origin by record id (the
    entry points read what people write with registry.replication.origins first; a text that names
    no one record stays in ``replicated_from_text``).
    Text is canonicalised (NFC, trimmed, tone marks in the new place) by the validation.
    """

    unit: str
    commune: str | None = None
    field: str
    bloc: str
    programme: str | None = None
    award_form: str | None = None
    award_issuer: str | None = None
    replicated_from: int | None = None


class ModelExampleUpdate(SQLModel):
    """A partial edit: the fields of the base and the references, each optional (only the fields
    set are changed). ``version`` is the version the editor saw (optimistic locking). The stage
    and its dates change through ``change_stage``, not here."""

    version: int
    kind: str | None = None
    title: str | None = None
    holder_name: str | None = None
    locality: str | None = None
    description: str | None = None
    registered_on: dt.date | None = None
    registered_precision: str | None = None
    recognition_level: str | None = None
    results: str | None = None
    beneficiaries: int | None = None
    funds_vnd: int | None = None
    is_sample: bool | None = None
    unit: str | None = None
    commune: str | None = None
    field: str | None = None
    bloc: str | None = None
    programme: str | None = None
    replicated_from: int | None = None
    replicated_from_text: str | None = None


class Award(SQLModel, table=True):
    """A commendation (khen thưởng): form, issuer and date."""

    __tablename__ = "award"
    id: int | None = Field(default=None, primary_key=True)
    example_id: int = Field(foreign_key="model_example.id", index=True)
    form: str = Field(max_length=200)
    issuer: str = Field(max_length=200)
    awarded_on: dt.date
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="system", max_length=80)


class StageEvent(SQLModel, table=True):
    """One step of a record's review: the stage reached, when, by whom, and why."""

    __tablename__ = "stage_event"
    id: int | None = Field(default=None, primary_key=True)
    example_id: int = Field(foreign_key="model_example.id", index=True)
    stage: str = Field(max_length=16)
    reached_on: dt.date
    level: str | None = Field(default=None, max_length=16)
    reason: str = Field(default="", max_length=500)
    at: dt.datetime = Field(default_factory=utcnow)
    by: str = Field(default="system", max_length=80)


class AuditLog(SQLModel, table=True):
    """Who changed what and when, with the values before and after (JSON)."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    user: str = Field(max_length=80, index=True)
    action: str = Field(max_length=20)
    entity: str = Field(default="model_example", max_length=40)
    entity_id: int | None = Field(default=None, index=True)
    before: str | None = Field(default=None, sa_column=Column(Text))
    after: str | None = Field(default=None, sa_column=Column(Text))
    note: str = Field(default="", max_length=500)


class UserAccount(SQLModel, table=True):
    """A staff account: argon2 password hash (never the password), role, optional unit limit,
    failed sign-ins and the lockout they cause (registry/auth.py)."""

    __tablename__ = "user_account"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True, index=True)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=16)
    unit_id: int | None = Field(default=None, foreign_key="admin_unit.id")
    disabled: bool = False
    failed_attempts: int = 0
    locked_until: dt.datetime | None = None
    last_login_at: dt.datetime | None = None
    session_generation: int = 0  # bumped by sign-out, password reset and disable: old tokens die
    must_change_password: bool = False  # a one-time password handed over: a new one at first sign-in
    password_changed_at: dt.datetime = Field(default_factory=utcnow)
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="system", max_length=80)


class UserSession(SQLModel, table=True):
    """A signed-in browser (registry/staff/sessions.py). The browser's HttpOnly cookie holds a random
    id; only its SHA-256 is stored here. Sign-out, a password reset and disabling the account set
    ``revoked_at``; ``last_seen_at`` drives the idle timeout, ``expires_at`` the absolute lifetime."""

    __tablename__ = "user_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    last_seen_at: dt.datetime = Field(default_factory=utcnow)
    expires_at: dt.datetime
    user_agent: str = Field(default="", max_length=200)
    client: str = Field(default="", max_length=64)
    revoked_at: dt.datetime | None = None


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins from one client address, for the per-client back-off (registry/staff/signin.py)."""

    __tablename__ = "sign_in_throttle"
    id: int | None = Field(default=None, primary_key=True)
    client: str = Field(max_length=64, unique=True, index=True)
    failures: int = 0
    last_failure_at: dt.datetime = Field(default_factory=utcnow)
    blocked_until: dt.datetime | None = None


class DataVersion(SQLModel, table=True):
    """A change counter, bumped by every write in the same transaction. Caches key on it, so
    several app servers on one database see each other's writes without a restart."""

    __tablename__ = "data_version"
    id: int = Field(default=1, primary_key=True)
    counter: int = 0


# --------------------------------------------------------------------------- published figures
class PublishedFigure(SQLModel, table=True):
    """A figure the province has published (source, date, scope, measure, value), which the
    registry is checked against (registry/exports/published.py). Seeded from data/published_figures.csv."""

    __tablename__ = "published_figure"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=80, unique=True)
    source: str = Field(max_length=300)
    source_url: str = Field(default="", max_length=500)
    published_on: dt.date
    period_from: dt.date
    period_until: dt.date
    scope: str = Field(max_length=16)
    measure: str = Field(max_length=40)
    value: int
    note: str = Field(default="", max_length=500)


# The search index (SQLite FTS5 table and triggers, PostgreSQL pg_trgm index) lives outside the
# metadata; it is created with the records table, by create_all as by the migrations.
search_index.attach(ModelExample.__table__)
