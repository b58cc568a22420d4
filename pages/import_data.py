"""Nhập từ Excel: upload, dry run with every error, error download, then commit all or nothing."""

import hashlib

import streamlit as st

from registry.config import get_settings
from registry.errors import PermissionDenied
from registry.i18n import fmt_date, fmt_int, fmt_num
from registry.importing import plan as import_plan
from registry.importing import report as import_report
from registry.importing import results as import_results
from registry.importing.template import FILE_NAME
from ui import actions, staff
from ui.auth import require
from ui.core import lang, language_switch, tr
from ui.safe import md

actor = require("import")
language_switch()
S = st.session_state
st.title(tr("importpage.heading"))
st.caption(
    tr("importpage.intro", mb=get_settings().import_max_mb, rows=fmt_int(get_settings().import_max_rows, lang()))
)


st.download_button(
    tr("entry.template"),
    data=staff.template_bytes(lang()),
    file_name=FILE_NAME,
    icon=":material/download:",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
upload = st.file_uploader(tr("importpage.upload"), type=["xlsx", "xls", "csv", "txt"], key="import_file")
if S.get("import_done"):
    st.success(S["import_done"], icon=":material/task_alt:")
    for note in S.get("import_done_notes", [])[:500]:  # each link made from a suggestion
        st.caption(md(note))
if upload is None:
    st.stop()

data = upload.getvalue()
digest = hashlib.sha256(data).hexdigest()
if S.get("import_checked", {}).get("digest") != digest:
    S.pop("import_done", None)
    S.pop("import_done_notes", None)
    with st.spinner(tr("importpage.checking")):
        try:
            S["import_checked"] = {
                "digest": digest,
                "result": staff.check_import(data, upload.name, actor),
                "rejected": None,
            }
        except import_results.FileRejected as exc:
            S["import_checked"] = {"digest": digest, "result": None, "rejected": exc.message(lang())}
        except PermissionDenied as exc:
            st.error(md(exc.message(lang())))
            st.stop()
checked = S["import_checked"]
if checked["rejected"]:
    st.error(md(checked["rejected"]), icon=":material/block:")
    st.stop()
result: import_results.ImportResult = checked["result"]

cols = st.columns(5)
cols[0].metric(tr("importpage.rows"), fmt_int(result.rows, lang()))
cols[1].metric(tr("importpage.to_create"), fmt_int(result.to_create, lang()))
cols[2].metric(tr("importpage.to_update"), fmt_int(result.to_update, lang()))
cols[3].metric(tr("importpage.unchanged"), fmt_int(result.unchanged, lang()))
cols[4].metric(tr("importpage.errors"), fmt_int(len(result.errors), lang()))

for line in import_report.rule_lines(result, lang()):
    st.caption(line)
if result.errors or result.notices:
    report = import_report.error_rows(result, lang())
    headers = [tr("import.col_row"), tr("import.col_column"), tr("import.col_kind"), tr("import.col_message")]
    st.dataframe([dict(zip(headers, row, strict=False)) for row in report[:5000]], hide_index=True, width="stretch")
    d1, d2 = st.columns(2)
    stem = upload.name.rsplit(".", 1)[0]
    d1.download_button(
        tr("importpage.download_csv"),
        data=import_report.error_report_csv(result, lang()),
        file_name=f"{stem}_loi.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    d2.download_button(
        tr("importpage.download_xlsx"),
        data=import_report.error_report_xlsx(result, lang()),
        file_name=f"{stem}_loi.xlsx",
        icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
if result.errors:
    st.error(tr("importpage.fix_first", n=fmt_int(len(result.errors), lang())), icon=":material/error:")
    st.stop()
if result.preview:
    st.subheader(tr("importpage.preview"))
    st.dataframe(
        [
            {
                tr("import.col_row"): p["row"],
                tr("field_name.title"): p["title"],
                tr("field_name.unit"): p["unit"],
                tr("field_name.registered_on"): fmt_date(p["registered_on"], lang()),
                tr("field_name.kind"): tr(f"kind.{p['kind']}"),
                tr("field_name.stage"): tr(f"stage.{p['stage']}"),
            }
            for p in result.preview
        ],
        hide_index=True,
        width="stretch",
    )
link_score = None  # "link the suggestions with score ≥ S": off unless chosen
if result.suggestions:
    st.subheader(tr("importpage.suggestions"))
    st.caption(tr("importpage.suggestions_help"))
    st.dataframe(
        [
            {
                tr("import.col_row"): s.row,
                tr("importpage.col_origin"): f"#{s.origin_id}"
                if s.origin_id is not None
                else tr("importpage.origin_row", row=s.origin_row),
                tr("field_name.title"): s.title,
                tr("field_name.unit"): s.unit,
                tr("field_name.registered_on"): str(s.year),
                tr("importpage.col_score"): fmt_num(s.score, lang(), 2),
                tr("importpage.col_reason"): s.reason,
            }
            for s in result.suggestions[:5000]
        ],
        hide_index=True,
        width="stretch",
    )
    if st.checkbox(tr("importpage.link"), key="import_link"):
        link_score = st.number_input(
            tr("importpage.link_score"), min_value=0.0, max_value=1.0, value=0.8, step=0.05, key="import_link_score"
        )
if not (result.to_create or result.to_update):
    st.info(tr("importpage.nothing_to_do"))
    st.stop()
if st.button(
    tr("importpage.commit", created=fmt_int(result.to_create, lang()), updated=fmt_int(result.to_update, lang())),
    type="primary",
    icon=":material/upload:",
    key="import_commit",
):
    bar = st.progress(0.0, text=tr("importpage.progress"))

    def progress(done: int, total: int, phase: str) -> None:
        bar.progress(min(1.0, done / total) if total else 1.0, text=tr(f"importpage.phase_{phase}"))

    filename = upload.name
    outcome = actions.perform_on_engine(
        lambda engine: import_plan.run_import(
            engine, data, filename, actor, lang=lang(), progress=progress, link_min_score=link_score
        )
    )
    if actions.failed(outcome) or outcome.value is None:
        st.stop()
    final = outcome.value
    if final.errors:  # the registry changed since the dry run
        S["import_checked"] = {"digest": digest, "result": final, "rejected": None}
        st.rerun()
    S.pop("import_checked", None)
    S["import_done"] = tr(
        "importpage.done",
        created=fmt_int(len(final.created_ids), lang()),
        updated=fmt_int(len(final.updated_ids), lang()),
    )
    S["import_done_notes"] = [
        n.message(lang()) for n in final.notices if n.key in ("import.origin_linked", "import.origin_not_linked")
    ]
    if link_score is not None:
        S["import_done"] += " " + tr(
            "importpage.linked", n=fmt_int(len(final.linked), lang()), score=fmt_num(link_score, lang(), 2)
        )
    st.rerun()
