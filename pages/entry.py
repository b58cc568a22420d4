"""Nhập mô hình: create or edit one record, with validation next to the fields, a duplicate
warning, optimistic locking, soft delete, the record's history and the import template. The form's
state and its handlers are ui/entry_form.py and ui/entry.py; this page draws the widgets."""

import datetime as dt

import streamlit as st

from registry.errors import field_label
from registry.importing.template import FILE_NAME
from registry.models import (
    DATE_PRECISIONS,
    KINDS,
    LEVELS,
    MOVEMENT_START_YEAR,
    PRECISION_FIELDS,
    STAGE_DATE_FIELDS,
    STAGES,
)
from ui import entry, staff
from ui.auth import require
from ui.core import choose, lang, language_switch, tr
from ui.safe import md

actor = require("create")
language_switch()
S = st.session_state

# --------------------------------------------------------------------------- header
entry.start()
st.title(tr("entry.heading"))
top = st.columns([2, 1, 1, 2], vertical_alignment="bottom")
top[0].number_input(tr("entry.open_id"), min_value=1, step=1, value=None, key="entry_open_id")
top[1].button(
    tr("entry.open"),
    icon=":material/folder_open:",
    on_click=entry.open_asked,
)
top[2].button(tr("entry.new"), icon=":material/add:", on_click=entry.new_record)
top[3].download_button(
    tr("entry.template"),
    data=staff.template_bytes(lang()),
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


entry.conflict_table()

# --------------------------------------------------------------------------- origin search (outside the form)
origin_query = st.text_input(
    tr("entry.origin_search"), key="entry_origin_q", placeholder=tr("entry.origin_placeholder")
)
origin_labels = entry.origin_labels(origin_query)
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


if submitted:
    entry.save(actor, editing)
    st.rerun()

# --------------------------------------------------------------------------- delete and history
if editing:
    entry.delete_section(actor, editing)
    entry.history_section(editing)
