"""The entry form's handlers (pages/entry.py draws the widgets): open a record or start a new one,
save (the origin written in words, the duplicate warning, a conflict), delete, and the conflict and
history tables. The form's state lives in ``st.session_state`` under ``f_<name>``; what it means
and the inputs made of it are ui/entry_form.py; every write goes through ui.actions.perform."""

from __future__ import annotations

import streamlit as st

from registry.errors import Conflict, NotFound, ValidationFailed, field_label
from registry.i18n import fmt_date_precise
from registry.permissions import Actor
from registry.queries.listing import stage_precision
from registry.records import writes
from registry.replication import origins
from registry.replication import store as suggestions_store
from ui import entry_form, staff
from ui.actions import failed, perform
from ui.core import engine, lang, tr
from ui.entry_form import ALL, State
from ui.safe import md

S = st.session_state
MESSAGES = ("entry_errors", "entry_conflict", "entry_dups", "entry_message", "entry_origin_asked")


def put_in_form(values: State) -> None:
    for name, value in values.items():
        S[f"f_{name}"] = value


def form_values() -> State:
    return {name: S.get(f"f_{name}") for name in ALL}


def open_record(example_id: int) -> None:
    """Load a record into the form (a button callback, before the widgets exist)."""
    for key in MESSAGES:
        S.pop(key, None)
    try:
        values, version = staff.record(int(example_id))
    except NotFound as exc:
        S["entry_message"] = ("error", exc.message(lang()))
        return
    put_in_form(values)
    S["entry_id"], S["entry_version"], S["entry_opened"] = int(example_id), version, values


def open_asked() -> None:
    """The "Mở" button: open the record whose id was typed beside it."""
    if S.get("entry_open_id"):
        open_record(S["entry_open_id"])


def new_record() -> None:
    for key in ("entry_id", "entry_version", "entry_opened", *MESSAGES):
        S.pop(key, None)
    put_in_form(entry_form.blank())


def rebase_on_latest() -> None:
    """After a conflict: take the latest saved version as the base. Fields the user did not touch
    take the other person's values; fields the user changed keep the user's input."""
    conflict = S.pop("entry_conflict", None)
    if not conflict:
        return
    put_in_form(entry_form.rebased(form_values(), S["entry_opened"], conflict["latest"]))
    S["entry_version"], S["entry_opened"] = conflict["version"], conflict["latest"]


def start() -> None:
    """Before the widgets: a blank form on the first visit, the record saved or the blank form after
    a save or delete (widgets can change only now), the record named by ``?id=``."""
    if "f_kind" not in S:
        put_in_form(entry_form.blank())
    pending = S.pop("entry_pending", None)
    if pending is not None:
        what, example_id, message = pending
        open_record(example_id) if what == "open" else new_record()
        S["entry_message"] = ("success", message)
    wanted = st.query_params.get("id")
    if wanted and str(S.get("entry_loaded_param")) != wanted and wanted.isdigit():
        S["entry_loaded_param"] = wanted
        open_record(int(wanted))


def origin_labels(query: str) -> dict[int, str]:
    """The records offered as "Nhân rộng từ": the candidates of an origin written in words that
    matched several records first, then those found by ``query``, and the one picked now."""
    asked = S.get("entry_origin_asked")
    labels = dict(asked["candidates"]) if asked else {}
    labels.update(staff.search_records(query))
    current = S.get("f_replicated_from")
    if current and current not in labels:
        labels[current] = staff.record_label(current) or f"#{current}"
    return labels


def read_origin(values: State, editing: int | None) -> str | None:
    """ "Nhân rộng từ" written in words (new, or changed on an edit) unless a record was just picked:
    an id or the one matching record links (``values`` changed); several matching records are
    offered to pick (None: do not save yet, unless the user saves the same text again); nothing
    matched keeps the text without a link. Returns the note said after saving."""
    opened = S.get("entry_opened") or {} if editing else {}
    written = (values.get("replicated_from_text") or "").strip()
    picked = values["replicated_from"] is not None and values["replicated_from"] != opened.get("replicated_from")
    if not written or picked or written == (opened.get("replicated_from_text") or "").strip():
        S.pop("entry_origin_asked", None)
        return ""
    status, record_id, described = staff.resolve_origin(written, before=values["registered_on"], exclude=editing)
    if status in (origins.ID, origins.ONE):
        values["replicated_from"], values["replicated_from_text"] = record_id, ""
        S.pop("entry_origin_asked", None)
        return tr("entry.origin_found", value=written, record=described[0][1]) if described else ""
    if status == origins.MANY and (S.get("entry_origin_asked") or {}).get("text") != written:
        S["entry_origin_asked"] = {"text": written, "candidates": described}
        records = "; ".join(label for _, label in described[:10])
        S["entry_message"] = ("warning", tr("entry.origin_many", value=written, n=len(described), records=records))
        return None
    values["replicated_from"] = None  # the text as written replaces the link
    return tr("entry.origin_kept" if status == origins.MANY else "entry.origin_none", value=written)


def save(actor: Actor, editing: int | None) -> None:
    """The form's save: a new record or the changes of the one opened."""
    values = form_values()
    S.pop("entry_errors", None)
    S.pop("entry_message", None)
    note = read_origin(values, editing)
    if note is None:
        return
    opened = S["entry_opened"] if editing else None
    unit_id = staff.unit_ids().get(values["unit"]) if values["unit"] else None
    if (
        entry_form.needs_duplicate_check(values, opened)
        and values["title"]
        and unit_id
        and values["registered_on"]
        and not S.get("f_save_anyway")
    ):
        dups = staff.possible_duplicates(
            title=values["title"], unit_id=unit_id, year=values["registered_on"].year, exclude_id=editing
        )
        if dups:
            S["entry_dups"] = dups
            return
    S.pop("entry_dups", None)
    if editing:
        update = entry_form.update_input(values, S["entry_opened"], S["entry_version"])
        if update is None:
            S["entry_message"] = ("info", tr("entry.nothing_changed"))
            return
        outcome = perform(lambda session: writes.update_example(session, editing, update, actor).id)
    else:
        create = entry_form.create_input(values)
        outcome = perform(lambda session: writes.create_example(session, create, actor).id)
    if isinstance(outcome.error, ValidationFailed):
        S["entry_errors"] = outcome.error.by_field(lang())
        return
    if isinstance(outcome.error, Conflict) and editing:
        latest, version = staff.record(editing, allow_deleted=True)
        S["entry_conflict"] = {
            "message": outcome.message,
            "latest": latest,
            "version": version,
            "opened": S["entry_opened"],
            "mine": values,
            "fields": entry_form.conflict_fields(values, S["entry_opened"], latest),
        }
        return
    if not outcome.ok:
        S["entry_message"] = ("error", outcome.message)
        return
    example_id = int(outcome.value or 0)
    # suggested origins of the saved record, after the save's commit (a failure there never undoes it)
    suggestions_store.refresh_after_write(engine(), [example_id])
    S.pop("entry_origin_asked", None)
    message = tr("entry.updated" if editing else "entry.created", id=example_id)
    S["entry_pending"] = ("open", example_id, f"{message} {note}".strip())


def delete_section(actor: Actor, editing: int) -> None:
    with st.expander(tr("entry.delete_section"), icon=":material/delete:"):
        sure = st.checkbox(tr("entry.delete_confirm"), key="entry_delete_sure")
        if st.button(tr("entry.delete"), disabled=not sure, key="entry_delete"):
            version = S["entry_version"]
            outcome = perform(lambda session: writes.delete_example(session, editing, actor, version=version))
            if not failed(outcome):
                S["entry_pending"] = ("new", None, tr("entry.deleted", id=editing))
                st.rerun()


def conflict_table() -> None:
    """What changed on both sides since the record was opened, and the button that keeps the user's
    changes on the latest version."""
    conflict = S.get("entry_conflict")
    if not conflict:
        return
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


def history_section(editing: int) -> None:
    """The record's changes and its stage history."""
    with st.expander(tr("entry.history"), icon=":material/history:"):
        changes, events = staff.history(editing)
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
