"""The entry form's state and the inputs made of it, as pure functions (no Streamlit, no database):
a stored record becomes the form's state (``state_of``), the state becomes a new record's input
(``create_input``) or an edit's (``update_input``), and after a conflict the user's input is laid
over the latest saved version (``rebased``). The state is a dict of field name -> widget value;
references are codes in the form and ids in the record (``Codes`` maps one to the other). The page
keeps the state in ``st.session_state`` under ``f_<name>`` (ui/entry.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from registry.models import (
    PRECISION_FIELDS,
    STAGE_DATE_FIELDS,
    ModelExample,
    ModelExampleCreate,
    ModelExampleUpdate,
)

State = dict[str, Any]
# "unit" (communes too), "field", "bloc", "programme" -> {id: code}
Codes = Mapping[str, Mapping[int, str]]

TEXT = ("title", "holder_name", "locality", "description", "results")
EDITABLE = (
    "kind",
    "title",
    "holder_name",
    "locality",
    "unit",
    "commune",
    "field",
    "bloc",
    "programme",
    "description",
    "registered_on",
    "registered_precision",
    "recognition_level",
    "results",
    "beneficiaries",
    "funds_vnd",
    "replicated_from",
    "replicated_from_text",
)
# set when a record is created, then changed only through the review (registry.records.writes.change_stage)
STAGE_FIELDS = (
    "stage",
    *STAGE_DATE_FIELDS.values(),
    *(PRECISION_FIELDS[name] for name in STAGE_DATE_FIELDS.values()),
    "recognition_level",
    "award_form",
    "award_issuer",
)
ALL = tuple(dict.fromkeys(EDITABLE + STAGE_FIELDS))
# a change of one of these on an edit looks again for a record with the same title, unit and year
DUPLICATE_KEYS = ("title", "unit", "registered_on")
_STORED = (
    "kind",
    "title",
    "holder_name",
    "locality",
    "description",
    "registered_on",
    "stage",
    "recognition_level",
    "results",
    "beneficiaries",
    "funds_vnd",
    *STAGE_DATE_FIELDS.values(),
    *PRECISION_FIELDS.values(),
    "replicated_from_text",
)


def blank(today: dt.date | None = None) -> State:
    """The state of a new record: registered today, every date to the day, nothing picked."""
    return {
        "kind": "collective",
        "title": "",
        "holder_name": "",
        "locality": "",
        "unit": None,
        "commune": None,
        "field": None,
        "bloc": None,
        "programme": None,
        "description": "",
        "registered_on": today or dt.date.today(),
        **dict.fromkeys(PRECISION_FIELDS.values(), "day"),
        "stage": "registered",
        "effective_on": None,
        "recognised_on": None,
        "outstanding_on": None,
        "awarded_on": None,
        "recognition_level": None,
        "award_form": "",
        "award_issuer": "",
        "results": "",
        "beneficiaries": None,
        "funds_vnd": None,
        "replicated_from": None,
        "replicated_from_text": "",
    }


def _code(codes: Codes, kind: str, ident: int | None) -> str | None:
    return None if ident is None else codes.get(kind, {}).get(ident)


def state_of(example: ModelExample, codes: Codes, award: tuple[str, str] | None = None) -> State:
    """The form's state of a stored record; ``award`` is its latest award's (form, issuer)."""
    out = blank()
    for name in _STORED:
        out[name] = getattr(example, name)
    out["unit"] = _code(codes, "unit", example.unit_id)
    out["commune"] = _code(codes, "unit", example.commune_id)
    out["field"] = _code(codes, "field", example.field_id)
    out["bloc"] = _code(codes, "bloc", example.bloc_id)
    out["programme"] = _code(codes, "programme", example.programme_id)
    out["replicated_from"] = example.replicated_from_id
    if award:
        out["award_form"], out["award_issuer"] = award
    return out


def create_input(state: State) -> ModelExampleCreate:
    """A new record's input: what was left empty goes as "" (a required one is then refused by the
    validation, next to its field), an empty award as None."""
    data = {k: state[k] for k in ModelExampleCreate.model_fields if k in state}
    for k in ("unit", "field", "bloc"):
        data[k] = data[k] or ""
    for k in TEXT:
        data[k] = data.get(k) or ""
    for k in ("award_form", "award_issuer"):
        data[k] = data.get(k) or None
    data["replicated_from_text"] = data.get("replicated_from_text") or ""
    return ModelExampleCreate(**data)


def changes(state: State, opened: State) -> dict[str, Any]:
    """The editable fields the user changed since the record was opened; a new registration date
    takes the precision chosen beside it, a text emptied becomes ""."""
    out = {k: state.get(k) for k in EDITABLE if state.get(k) != opened.get(k)}
    if "registered_on" in out:
        out["registered_precision"] = state.get("registered_precision")
    for k in TEXT:
        if k in out and out[k] is None:
            out[k] = ""
    return out


def update_input(state: State, opened: State, version: int) -> ModelExampleUpdate | None:
    """An edit's input (``version``: the one the user opened), None when nothing changed."""
    found = changes(state, opened)
    return ModelExampleUpdate(version=version, **found) if found else None


def needs_duplicate_check(state: State, opened: State | None) -> bool:
    """A new record, or an edit of its title, unit or registration date."""
    return opened is None or any(state.get(k) != opened.get(k) for k in DUPLICATE_KEYS)


def conflict_fields(mine: State, opened: State, latest: State) -> list[str]:
    """The fields that someone else or the user changed since the record was opened."""
    return [k for k in ALL if latest.get(k) != opened.get(k) or mine.get(k) != opened.get(k)]


def rebased(mine: State, opened: State, latest: State) -> State:
    """After a conflict, the latest version as the new base: the fields the user did not touch take
    the other person's values (returned, to put in the form); the ones the user changed keep the
    user's input (left out)."""
    return {name: latest.get(name) for name in ALL if mine.get(name) == opened.get(name)}
