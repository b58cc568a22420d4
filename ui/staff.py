"""Shared helpers of the staff pages: reference choices for dropdowns (cached), labels, and the
entry form's reading of "Nhân rộng từ" written in words."""

from __future__ import annotations

import streamlit as st
from sqlmodel import col, select

from registry.config import get_settings
from registry.db import read_session
from registry.i18n import catalog
from registry.models import REFORM_DATE, AdminUnit, Bloc, Programme, WorkField
from registry.replication import origins
from registry.units.index import UnitIndex
from ui.core import engine, lang, tr


@st.cache_data(ttl=600, show_spinner=False)
def _choices(url: str, language: str) -> dict[str, list[tuple[str, str]]]:
    name = "name_en" if language == "en" else "name_vi"
    with read_session(engine()) as session:
        units = session.exec(select(AdminUnit).order_by(col(AdminUnit.level), col(AdminUnit.code))).all()
        by_id = {u.id: u for u in units}
        holders = [
            (u.code, f"{u.name} ({u.code})")
            for u in units
            if u.level in ("province", "district") or u.valid_from >= REFORM_DATE
        ]
        communes = []
        for u in units:
            if u.level == "commune" and u.valid_from < REFORM_DATE:
                parent = by_id.get(u.parent_id)
                communes.append((u.code, f"{u.name} ({parent.short_name if parent else ''}, {u.code})"))
        return {
            "unit": holders,
            "commune": communes,
            "field": [
                (f.code, getattr(f, name)) for f in session.exec(select(WorkField).order_by(col(WorkField.sort))).all()
            ],
            "bloc": [(b.code, getattr(b, name)) for b in session.exec(select(Bloc).order_by(col(Bloc.sort))).all()],
            "programme": [
                (p.code, getattr(p, name)) for p in session.exec(select(Programme).order_by(col(Programme.sort))).all()
            ],
            "unit_ids": [(str(u.id), u.code) for u in units],
        }


def choices(kind: str) -> list[tuple[str, str]]:
    return _choices(get_settings().database_url, lang())[kind]


def labels(kind: str) -> dict[str, str]:
    return dict(choices(kind))


def unit_code_of(unit_id: int | None) -> str | None:
    if unit_id is None:
        return None
    return dict(choices("unit_ids")).get(str(unit_id))


def code_of_id(kind: str, model, ident: int | None) -> str | None:
    if ident is None:
        return None
    with read_session(engine()) as session:
        row = session.get(model, ident)
        return row.code if row else None


def audit_label(action: str) -> str:
    """The catalog's name of an audit action, or the action code for actions of other areas."""
    key = f"audit.{action}"
    return tr(key) if key in catalog() else action


def read_origin(values: dict, editing: int | None) -> str | None:
    """ "Nhân rộng từ" written in words (new, or changed on an edit) unless a record was just picked:
    an id or the one matching record links (``values`` changed); several matching records are
    offered to pick (None: do not save yet, unless the user saves the same text again); nothing
    matched keeps the text without a link. Returns the note said after saving. (The entry form's
    save; ``editing`` is the id of the record edited, None for a new one.)"""
    S = st.session_state
    opened = S.get("entry_opened") or {} if editing else {}
    written = (values.get("replicated_from_text") or "").strip()
    picked = values["replicated_from"] is not None and values["replicated_from"] != opened.get("replicated_from")
    if not written or picked or written == (opened.get("replicated_from_text") or "").strip():
        S.pop("entry_origin_asked", None)
        return ""
    with read_session(engine()) as session:
        units = UnitIndex.load(session)
        ask = origins.Ask(written, before=values["registered_on"], exclude=editing)
        found = origins.resolve(session, ask, units)
        described = [(c.id, origins.describe(c, units)) for c in found.candidates]
    if found.status in (origins.ID, origins.ONE):
        values["replicated_from"], values["replicated_from_text"] = found.record_id, ""
        S.pop("entry_origin_asked", None)
        return tr("entry.origin_found", value=written, record=described[0][1]) if described else ""
    if found.status == origins.MANY and (S.get("entry_origin_asked") or {}).get("text") != written:
        S["entry_origin_asked"] = {"text": written, "candidates": described}
        records = "; ".join(label for _, label in described[:10])
        S["entry_message"] = ("warning", tr("entry.origin_many", value=written, n=len(described), records=records))
        return None
    values["replicated_from"] = None  # the text as written replaces the link
    return tr("entry.origin_kept" if found.status == origins.MANY else "entry.origin_none", value=written)
