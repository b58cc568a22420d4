"""Cached readers of the staff pages: the choices of the forms, a record as the entry form's state,
the lists of the review and admin pages, the export page's key figures and the check of the
published figures. Every cached reader is keyed by the database and the change counter
(``_stamp``), which every write through ui.actions.perform advances, so that no cache outlives a
write; what changes without the counter (accounts, the audit trail) is read anew. Pages call
these and open no session of their own. No widgets in here."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from registry.config import get_settings
from registry.db import read_session
from registry.exports import keyfigures, published
from registry.i18n import catalog
from registry.importing import plan as import_plan
from registry.importing.results import ImportResult
from registry.importing.template import build_template
from registry.models import StageEvent
from registry.permissions import Actor
from registry.queries import staff as staff_queries
from registry.queries.filters import Filters
from registry.queries.staff import Change
from registry.records import writes
from registry.replication import origins
from registry.staff import accounts
from registry.units.index import UnitIndex
from ui import entry_form
from ui.core import data_version, engine, lang, tr
from ui.readers import filters_of, key_of

TTL = 3600
Stamp = tuple[str, int]  # the database URL and the change counter


def _stamp() -> Stamp:
    return get_settings().database_url, data_version()


# --------------------------------------------------------------------------- choices of the forms
@st.cache_data(ttl=TTL, show_spinner=False, max_entries=20)
def _choices(stamp: Stamp, language: str) -> dict[str, list[tuple[str, str]]]:
    with read_session(engine()) as session:
        return staff_queries.form_choices(session, lang=language)


def choices(kind: str) -> list[tuple[str, str]]:
    """(code, label) of ``unit``, ``commune``, ``field``, ``bloc``, ``programme``; (str(id), code)
    of ``unit_ids``, ``field_ids``, ``bloc_ids``, ``programme_ids``."""
    return _choices(_stamp(), lang())[kind]


def labels(kind: str) -> dict[str, str]:
    return dict(choices(kind))


def codes() -> dict[str, dict[int, str]]:
    """{id: code} of the units, fields, blocs and programmes (a stored record's references as codes)."""
    return {kind: {int(i): c for i, c in choices(f"{kind}_ids")} for kind in ("unit", "field", "bloc", "programme")}


def unit_ids() -> dict[str, int]:
    """{code: id} of the units."""
    return {c: i for i, c in codes()["unit"].items()}


def audit_label(action: str) -> str:
    """The catalog's name of an audit action, or the action code for actions of other areas."""
    key = f"audit.{action}"
    return tr(key) if key in catalog() else action


# --------------------------------------------------------------------------- the entry form
@st.cache_data(ttl=TTL, show_spinner=False, max_entries=200)
def _record(stamp: Stamp, example_id: int, allow_deleted: bool) -> tuple[dict[str, Any], int]:
    ref = codes()
    with read_session(engine()) as session:
        example = writes.get_live(session, example_id, allow_deleted=allow_deleted)
        award = staff_queries.latest_award(session, example_id=example_id)
        return entry_form.state_of(example, ref, award), example.version


def record(example_id: int, *, allow_deleted: bool = False) -> tuple[dict[str, Any], int]:
    """A record as the entry form's state, and its version; raises NotFound (not cached)."""
    return _record(_stamp(), int(example_id), allow_deleted)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=200)
def _search(stamp: Stamp, query: str) -> list[tuple[int, str]]:
    with read_session(engine()) as session:
        return staff_queries.search_records(session, query=query, limit=50)


def search_records(query: str) -> list[tuple[int, str]]:
    """(id, label) of at most 50 live records that match ``query``."""
    return _search(_stamp(), query) if query else []


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=200)
def _record_label(stamp: Stamp, example_id: int) -> str | None:
    with read_session(engine()) as session:
        return staff_queries.record_label(session, example_id=example_id)


def record_label(example_id: int) -> str | None:
    return _record_label(_stamp(), int(example_id))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=200)
def _origin(
    stamp: Stamp, written: str, before: dt.date | None, exclude: int | None
) -> tuple[str, int | None, list[tuple[int, str]]]:
    with read_session(engine()) as session:
        units = UnitIndex.load(session)
        found = origins.resolve(session, origins.Ask(written, before=before, exclude=exclude), units)
        return found.status, found.record_id, [(c.id, origins.describe(c, units)) for c in found.candidates]


def resolve_origin(
    written: str, *, before: dt.date | None, exclude: int | None
) -> tuple[str, int | None, list[tuple[int, str]]]:
    """ "Nhân rộng từ" written in words, read against the registry: the status (origins.ID, ONE,
    MANY, NONE), the record linked (ID, ONE) and the candidates as (id, description)."""
    return _origin(_stamp(), written, before, exclude)


def possible_duplicates(*, title: str, unit_id: int, year: int, exclude_id: int | None) -> list[tuple[int, str]]:
    """Read at the moment of saving, never from a cache (the registry may have changed since)."""
    with read_session(engine()) as session:
        return staff_queries.possible_duplicates(
            session, title=title, unit_id=unit_id, year=year, exclude_id=exclude_id
        )


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=200)
def _history(stamp: Stamp, example_id: int) -> tuple[list[Change], list[StageEvent]]:
    with read_session(engine()) as session:
        return (
            staff_queries.history(session, example_id=example_id),
            staff_queries.stage_events(session, example_id=example_id),
        )


def history(example_id: int) -> tuple[list[Change], list[StageEvent]]:
    """A record's audit rows (newest first) and its stage events."""
    return _history(_stamp(), int(example_id))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=20)
def _template(url: str, language: str) -> bytes:
    # the units, fields, blocs and programmes of the template change with the reference data only
    with read_session(engine()) as session:
        return build_template(session, language)


def template_bytes(language: str) -> bytes:
    """The import template (.xlsx) in ``language``."""
    return _template(get_settings().database_url, language)


# --------------------------------------------------------------------------- review, admin
@st.cache_data(ttl=TTL, show_spinner=False, max_entries=200)
def _review_list(stamp: Stamp, stage: str, unit_id: int | None, year: int | None, query: str) -> list[dict]:
    with read_session(engine()) as session:
        return staff_queries.review_list(session, stage=stage, unit_id=unit_id, year=year, query=query, limit=500)


def review_list(*, stage: str, unit_id: int | None, year: int | None, query: str) -> list[dict]:
    return _review_list(_stamp(), stage, unit_id, year, query)


# The accounts and the audit trail also change where the counter does not move (a sign-in that
# locks an account, the account commands of the CLI): they are read anew on every run, uncached.
def users() -> list[dict[str, Any]]:
    """The accounts: name, role, unit_id, disabled and locked (until when); never the password hash."""
    with read_session(engine()) as session:
        return [
            {"name": u.name, "role": u.role, "unit_id": u.unit_id, "disabled": u.disabled, "locked": u.locked_until}
            for u in accounts.list_users(session)
        ]


def audit_users() -> list[str]:
    with read_session(engine()) as session:
        return staff_queries.audit_users(session)


def recent_changes(*, user: str | None, start: dt.date, end: dt.date) -> list[Change]:
    with read_session(engine()) as session:
        return staff_queries.recent_changes(session, user=user, date_from=start, date_until=end, limit=1000)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=20)
def _deleted(stamp: Stamp) -> list[dict]:
    with read_session(engine()) as session:
        return staff_queries.deleted_records(session)


def deleted_records() -> list[dict]:
    return _deleted(_stamp())


# --------------------------------------------------------------------------- import, export, published
def check_import(data: bytes, filename: str, actor: Actor) -> ImportResult:
    """The dry run of an uploaded file (the page keeps it by the file's digest); raises FileRejected
    or PermissionDenied."""
    with read_session(engine()) as session:
        return import_plan.check(session, data, filename, actor, lang())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=200)
def _key_paragraphs(stamp: Stamp, key: tuple, today: dt.date) -> dict[str, str]:
    filters = filters_of(key)
    with read_session(engine()) as session:
        figures = keyfigures.compute(session, filters, today)
        return {
            code: keyfigures.paragraph(session, filters, code, figures, today)
            + " "
            + keyfigures.citation(filters, code, today)
            for code in ("vi", "en")
        }


def key_paragraphs(filters: Filters) -> dict[str, str]:
    """The key figures of ``filters`` as a paragraph with its citation, in each language."""
    return _key_paragraphs(_stamp(), key_of(filters), dt.date.today())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=100)
def _published(
    stamp: Stamp, tolerance: float, actor: Actor, language: str
) -> tuple[list[published.CheckRow], list[dict]]:
    with read_session(engine()) as session:
        rows = published.check(session, tolerance, actor=actor)
        return rows, published.table(session, rows, language)


def published_check(tolerance: float, actor: Actor, language: str) -> tuple[list[published.CheckRow], list[dict]]:
    """Each published figure against the registry (rows), and the table shown and downloaded."""
    return _published(_stamp(), tolerance, actor, language)
