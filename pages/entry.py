"""Nhập mô hình: create or edit one record, with validation next to the fields, a duplicate
warning, optimistic locking, soft delete, the record's history and the import template."""

import datetime as dt

import streamlit as st

from registry.db import read_session
from registry.errors import Conflict, NotFound, PermissionDenied, ValidationFailed, field_label
from registry.i18n import fmt_date_precise
from registry.importing.template import FILE_NAME, build_template
from registry.models import (
    DATE_PRECISIONS,
    KINDS,
    LEVELS,
    MOVEMENT_START_YEAR,
    PRECISION_FIELDS,
    STAGE_DATE_FIELDS,
    STAGES,
    Bloc,
    ModelExample,
    ModelExampleCreate,
    ModelExampleUpdate,
    Programme,
    WorkField,
)
from registry.queries import staff as staff_queries
from registry.queries.listing import stage_precision
from registry.records import writes
from registry.replication import store as suggestions_store
from ui import staff
from ui.auth import require
from ui.core import choose, engine, lang, language_switch, tr, writing
from ui.safe import md

actor = require("create")
language_switch()
S = st.session_state

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
STAGE_FIELDS = (
    "stage",
    *STAGE_DATE_FIELDS.values(),
    *(PRECISION_FIELDS[name] for name in STAGE_DATE_FIELDS.values()),
    "recognition_level",
    "award_form",
    "award_issuer",
)
ALL = tuple(dict.fromkeys(EDITABLE + STAGE_FIELDS))


def blank() -> dict:
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
        "registered_on": dt.date.today(),
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


def values_of(example: ModelExample) -> dict:
    out = blank()
    for name in (
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
    ):
        out[name] = getattr(example, name)
    out["unit"] = staff.unit_code_of(example.unit_id)
    out["commune"] = staff.unit_code_of(example.commune_id)
    out["field"] = staff.code_of_id("field", WorkField, example.field_id)
    out["bloc"] = staff.code_of_id("bloc", Bloc, example.bloc_id)
    out["programme"] = staff.code_of_id("programme", Programme, example.programme_id)
    out["replicated_from"] = example.replicated_from_id
    out["replicated_from_text"] = example.replicated_from_text
    return out


def put_in_form(values: dict) -> None:
    for name, value in values.items():
        S[f"f_{name}"] = value


def form_values() -> dict:
    return {name: S.get(f"f_{name}") for name in ALL}


def open_record(example_id: int) -> None:
    """Load a record into the form (a button callback, before the widgets exist)."""
    for key in ("entry_errors", "entry_conflict", "entry_dups", "entry_message", "entry_origin_asked"):
        S.pop(key, None)
    try:
        with read_session(engine()) as session:
            example = writes.get_live(session, int(example_id))
            values = values_of(example)
            version = example.version
    except NotFound as exc:
        S["entry_message"] = ("error", exc.message(lang()))
        return
    put_in_form(values)
    S["entry_id"], S["entry_version"], S["entry_opened"] = int(example_id), version, values


def new_record() -> None:
    for key in (
        "entry_id",
        "entry_version",
        "entry_opened",
        "entry_errors",
        "entry_conflict",
        "entry_dups",
        "entry_message",
        "entry_origin_asked",
    ):
        S.pop(key, None)
    put_in_form(blank())


def rebase_on_latest() -> None:
    """After a conflict: take the latest saved version as the base. Fields the user did not touch
    take the other person's values; fields the user changed keep the user's input."""
    conflict = S.pop("entry_conflict", None)
    if not conflict:
        return
    mine, opened, latest = form_values(), S["entry_opened"], conflict["latest"]
    for name in ALL:
        if mine.get(name) == opened.get(name):
            S[f"f_{name}"] = latest.get(name)
    S["entry_version"], S["entry_opened"] = conflict["version"], latest


@st.cache_data(ttl=3600, show_spinner=False)
def template_bytes(language: str) -> bytes:
    with read_session(engine()) as session:
        return build_template(session, language)


# --------------------------------------------------------------------------- header
if "f_kind" not in S:
    put_in_form(blank())
pending = S.pop("entry_pending", None)  # set after a save or delete; widgets can change only now
if pending is not None:
    what, example_id, message = pending
    open_record(example_id) if what == "open" else new_record()
    S["entry_message"] = ("success", message)
wanted = st.query_params.get("id")
if wanted and str(S.get("entry_loaded_param")) != wanted and wanted.isdigit():
    S["entry_loaded_param"] = wanted
    open_record(int(wanted))

st.title(tr("entry.heading"))
top = st.columns([2, 1, 1, 2], vertical_alignment="bottom")
top[0].number_input(tr("entry.open_id"), min_value=1, step=1, value=None, key="entry_open_id")
top[1].button(
    tr("entry.open"),
    icon=":material/folder_open:",
    on_click=lambda: S.get("entry_open_id") and open_record(S["entry_open_id"]),
)
top[2].button(tr("entry.new"), icon=":material/add:", on_click=new_record)
top[3].download_button(
    tr("entry.template"),
    data=template_bytes(lang()),
    file_name=FILE_NAME,
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
)

editing = S.get("entry_id")
st.subheader(tr("entry.editing", id=editing, version=S.get("entry_version")) if editing else tr("entry.creating"))
if S.get("entry_message"):
    level, message = S["entry_message"]
    getattr(st, level)(md(message))  # messages may quote what was typed (ui/safe.py)
errors: dict = S.get("entry_errors", {})


def show_errors(*names: str) -> None:
    for name in names:
        for message in errors.get(name, []):
            st.error(md(message), icon=":material/error:")


# --------------------------------------------------------------------------- conflict
conflict = S.get("entry_conflict")
if conflict:
    st.error(md(conflict["message"]), icon=":material/sync_problem:")
    rows = [
        {
            tr("entry.col_field"): field_label(name, lang()),
            tr("entry.col_opened"): str(conflict["opened"].get(name) or ""),
            tr("entry.col_theirs"): str(conflict["latest"].get(name) or ""),
            tr("entry.col_yours"): str(conflict["mine"].get(name) or ""),
        }
        for name in conflict["fields"]
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
    st.button(tr("entry.rebase"), on_click=rebase_on_latest, icon=":material/merge:", type="primary")

# --------------------------------------------------------------------------- origin search (outside the form)
origin_query = st.text_input(
    tr("entry.origin_search"), key="entry_origin_q", placeholder=tr("entry.origin_placeholder")
)
with read_session(engine()) as session:
    found = staff_queries.search_records(session, query=origin_query, limit=50) if origin_query else []
    current_origin = S.get("f_replicated_from")
    # the candidates of an origin written in words that matched several records come first
    asked = S.get("entry_origin_asked")
    origin_labels = dict(asked["candidates"]) if asked else {}
    origin_labels.update(found)
    if current_origin and current_origin not in origin_labels:
        origin_labels[current_origin] = (
            staff_queries.record_label(session, example_id=current_origin) or f"#{current_origin}"
        )
origin_options = [None, *origin_labels]
if S.get("f_replicated_from") not in origin_options:
    S["f_replicated_from"] = None

# --------------------------------------------------------------------------- the form
units, communes = staff.labels("unit"), staff.labels("commune")
fields, blocs, programmes = staff.labels("field"), staff.labels("bloc"), staff.labels("programme")
none_label = tr("entry.none")


def required_choice(name: str, options: dict[str, str]) -> None:
    """A required reference (unit, field, bloc): nothing picked until the user picks."""
    st.selectbox(
        field_label(name, lang()) + " *",
        list(options),
        format_func=options.get,
        index=None,
        key=f"f_{name}",
        placeholder=tr("entry.pick"),
    )
    show_errors(name)


def optional_choice(name: str, options: dict[str, str]) -> None:
    """An optional reference (commune, programme): "(không)" is a choice of its own."""
    st.selectbox(
        field_label(name, lang()),
        [None, *options],
        key=f"f_{name}",
        format_func=lambda c: none_label if c is None else options.get(c, c),
        placeholder=none_label,
    )
    show_errors(name)


with st.form("entry_form", enter_to_submit=False):
    c1, c2 = st.columns(2)
    with c1:
        st.selectbox(
            field_label("kind", lang()),
            KINDS,
            format_func=lambda k: tr(f"kind.{k}"),
            key="f_kind",
            placeholder=choose(KINDS),
        )
        show_errors("kind")
        st.text_input(field_label("title", lang()) + " *", key="f_title", max_chars=300)
        show_errors("title")
        st.text_input(field_label("holder_name", lang()), key="f_holder_name", max_chars=300)
        show_errors("holder_name")
        st.text_input(field_label("locality", lang()), key="f_locality", max_chars=300)
        show_errors("locality")
        required_choice("unit", units)
        optional_choice("commune", communes)
    with c2:
        required_choice("field", fields)
        required_choice("bloc", blocs)
        optional_choice("programme", programmes)
        st.date_input(
            field_label("registered_on", lang()) + " *",
            key="f_registered_on",
            format="DD/MM/YYYY",
            min_value=dt.date(MOVEMENT_START_YEAR, 1, 1),
            max_value=dt.date.today(),
        )
        # a source that gives only the year or the month: the date is kept as its first day and
        # shown as "2023" or "03/2023"
        st.selectbox(
            tr("entry.precision"),
            DATE_PRECISIONS[::-1],
            key="f_registered_precision",
            format_func=lambda p: tr(f"entry.precision.{p}"),
            placeholder=choose(DATE_PRECISIONS),
        )
        show_errors("registered_on", "registered_precision")
        st.selectbox(
            field_label("replicated_from", lang()),
            origin_options,
            key="f_replicated_from",
            format_func=lambda i: none_label if i is None else origin_labels.get(i, f"#{i}"),
            placeholder=none_label,
        )
        st.text_input(
            field_label("replicated_from_text", lang()),
            key="f_replicated_from_text",
            max_chars=300,
            help=tr("entry.origin_text_help"),
        )
        show_errors("replicated_from", "replicated_from_text")
        n1, n2 = st.columns(2)
        n1.number_input(field_label("beneficiaries", lang()), min_value=0, step=1, value=None, key="f_beneficiaries")
        n2.number_input(field_label("funds_vnd", lang()), min_value=0, step=1_000_000, value=None, key="f_funds_vnd")
        show_errors("beneficiaries", "funds_vnd")
    st.text_area(field_label("description", lang()), key="f_description")
    st.text_area(field_label("results", lang()), key="f_results")
    with st.expander(tr("entry.stage_section"), expanded=not editing and S.get("f_stage") != "registered"):
        if editing:
            st.caption(tr("entry.stage_readonly"))
        s1, s2, s3 = st.columns(3)
        s1.selectbox(
            field_label("stage", lang()),
            STAGES,
            format_func=lambda s: tr(f"stage.{s}"),
            key="f_stage",
            disabled=bool(editing),
            placeholder=choose(STAGES),
        )
        s2.selectbox(
            field_label("recognition_level", lang()),
            [None, *LEVELS],
            key="f_recognition_level",
            format_func=lambda v: none_label if v is None else tr(f"level.{v}"),
            placeholder=none_label,
        )
        show_errors("stage", "recognition_level")
        dates = st.columns(4)
        for col, name in zip(dates, STAGE_DATE_FIELDS.values(), strict=False):
            col.date_input(
                field_label(name, lang()),
                value=None,
                key=f"f_{name}",
                format="DD/MM/YYYY",
                min_value=dt.date(MOVEMENT_START_YEAR, 1, 1),
                max_value=dt.date.today(),
                disabled=bool(editing),
            )
            # as for the registration: a stage the source dates by its year or month alone
            col.selectbox(
                tr("entry.precision"),
                DATE_PRECISIONS[::-1],
                key=f"f_{PRECISION_FIELDS[name]}",
                format_func=lambda p: tr(f"entry.precision.{p}"),
                placeholder=choose(DATE_PRECISIONS),
                disabled=bool(editing),
            )
        show_errors(*STAGE_DATE_FIELDS.values(), *(PRECISION_FIELDS[n] for n in STAGE_DATE_FIELDS.values()))
        a1, a2 = st.columns(2)
        a1.text_input(field_label("award_form", lang()), key="f_award_form", disabled=bool(editing))
        a2.text_input(field_label("award_issuer", lang()), key="f_award_issuer", disabled=bool(editing))
        show_errors("award_form", "award_issuer")
    dups = S.get("entry_dups")
    if dups:
        st.warning(
            tr("entry.duplicates", records=", ".join(f"#{i} {md(t)}" for i, t in dups)), icon=":material/content_copy:"
        )
        st.checkbox(tr("entry.save_anyway"), key="f_save_anyway")
    submitted = st.form_submit_button(tr("entry.save"), type="primary", icon=":material/save:")


def unit_id_of(code: str | None) -> int | None:
    ids = {c: int(i) for i, c in staff.choices("unit_ids")}
    return ids.get(code) if code else None


def save() -> None:
    values = form_values()
    S.pop("entry_errors", None)
    S.pop("entry_message", None)
    note = staff.read_origin(values, editing)
    if note is None:
        return
    unit_id = unit_id_of(values["unit"])
    check_dups = not editing or any(values[k] != S["entry_opened"].get(k) for k in ("title", "unit", "registered_on"))
    if check_dups and values["title"] and unit_id and values["registered_on"] and not S.get("f_save_anyway"):
        with read_session(engine()) as session:
            dups = staff_queries.possible_duplicates(
                session, title=values["title"], unit_id=unit_id, year=values["registered_on"].year, exclude_id=editing
            )
        if dups:
            S["entry_dups"] = dups
            return
    S.pop("entry_dups", None)
    try:
        with writing() as session:
            if editing:
                changes = {k: values[k] for k in EDITABLE if values[k] != S["entry_opened"].get(k)}
                if "registered_on" in changes:  # a new date keeps the precision chosen beside it
                    changes["registered_precision"] = values["registered_precision"]
                if not changes:
                    S["entry_message"] = ("info", tr("entry.nothing_changed"))
                    return
                for k in ("title", "holder_name", "locality", "description", "results"):
                    if k in changes and changes[k] is None:
                        changes[k] = ""
                example = writes.update_example(
                    session, editing, ModelExampleUpdate(version=S["entry_version"], **changes), actor
                )
            else:
                data = {k: values[k] for k in ModelExampleCreate.model_fields if k in values}
                for k in ("unit", "field", "bloc"):
                    data[k] = data[k] or ""
                for k in TEXT + ("award_form", "award_issuer"):
                    data[k] = data.get(k) or ("" if k in TEXT else None)
                data["replicated_from_text"] = data.get("replicated_from_text") or ""
                example = writes.create_example(session, ModelExampleCreate(**data), actor)
            example_id, _version = example.id, example.version
    except ValidationFailed as exc:
        S["entry_errors"] = exc.by_field(lang())
        return
    except PermissionDenied as exc:
        S["entry_message"] = ("error", exc.message(lang()))
        return
    except Conflict as exc:
        with read_session(engine()) as session:
            latest = writes.get_live(session, editing, allow_deleted=True)
            latest_values, latest_version = values_of(latest), latest.version
        opened = S["entry_opened"]
        fields_changed = [k for k in ALL if latest_values.get(k) != opened.get(k) or values.get(k) != opened.get(k)]
        S["entry_conflict"] = {
            "message": exc.message(lang()),
            "latest": latest_values,
            "version": latest_version,
            "opened": opened,
            "mine": values,
            "fields": fields_changed,
        }
        return
    # suggested origins of the saved record, after the save's commit (a failure there never undoes it)
    suggestions_store.refresh_after_write(engine(), [example_id])
    S.pop("entry_origin_asked", None)
    message = tr("entry.updated" if editing else "entry.created", id=example_id)
    S["entry_pending"] = ("open", example_id, f"{message} {note}".strip())


if submitted:
    save()
    st.rerun()

# --------------------------------------------------------------------------- delete and history
if editing:
    with st.expander(tr("entry.delete_section"), icon=":material/delete:"):
        sure = st.checkbox(tr("entry.delete_confirm"), key="entry_delete_sure")
        if st.button(tr("entry.delete"), disabled=not sure, key="entry_delete"):
            try:
                with writing() as session:
                    writes.delete_example(session, editing, actor, version=S["entry_version"])
            except (Conflict, PermissionDenied, NotFound, ValidationFailed) as exc:
                st.error(md(exc.message(lang())))
            else:
                S["entry_pending"] = ("new", None, tr("entry.deleted", id=editing))
                st.rerun()
    with st.expander(tr("entry.history"), icon=":material/history:"):
        with read_session(engine()) as session:
            changes = staff_queries.history(session, example_id=editing)
            events = staff_queries.stage_events(session, example_id=editing)
        st.dataframe(
            [
                {
                    tr("admin.col_at"): c.at.strftime("%d/%m/%Y %H:%M"),
                    tr("admin.col_user"): c.user,
                    tr("admin.col_action"): staff.audit_label(c.action),
                    tr("admin.col_changes"): "; ".join(
                        f"{field_label(k, lang())}: {b} → {a}" for k, (b, a) in c.fields.items()
                    ),
                    tr("admin.col_note"): c.note,
                }
                for c in changes
            ],
            hide_index=True,
            width="stretch",
        )
        st.caption(tr("entry.stage_history"))
        st.dataframe(
            [
                {
                    field_label("stage", lang()): tr(f"stage.{e.stage}"),
                    tr("admin.col_at"): fmt_date_precise(
                        e.reached_on, stage_precision(S["entry_opened"], e.stage, e.reached_on), lang()
                    ),
                    tr("admin.col_user"): e.by,
                    field_label("recognition_level", lang()): tr(f"level.{e.level}") if e.level else "",
                    tr("admin.col_note"): e.reason,
                }
                for e in events
            ],
            hide_index=True,
            width="stretch",
        )
