"""Xét duyệt: move selected records through registered → effective → recognised → outstanding →
awarded. The rules (one step; skipping only by an admin with a reason; backwards with a reason;
recognition needs a level; an award its form, issuer and date) are enforced by
registry.records.writes.change_stage (through ui.actions), which also checks the role on the server side."""

import datetime as dt

import streamlit as st

from registry.i18n import fmt_date_precise, fmt_int
from registry.models import LEVELS, MOVEMENT_START_YEAR, STAGES
from ui import actions, staff
from ui.auth import require
from ui.core import choose, lang, language_switch, tr
from ui.safe import md

actor = require("stage")
language_switch()
S = st.session_state
st.title(tr("review.heading"))
st.caption(tr("review.rules"))

units = staff.labels("unit")
f1, f2, f3, f4 = st.columns(4)
stage = f1.selectbox(
    tr("field_name.stage"),
    STAGES,
    format_func=lambda s: tr(f"stage.{s}"),
    key="review_stage",
    placeholder=choose(STAGES),
)
unit = f2.selectbox(
    tr("field_name.unit"),
    [None, *units],
    key="review_unit",
    format_func=lambda c: tr("review.all_units") if c is None else units.get(c, c),
    placeholder=tr("review.all_units"),
)
year = f3.selectbox(
    tr("review.year"),
    [None, *range(dt.date.today().year, MOVEMENT_START_YEAR - 1, -1)],
    key="review_year",
    format_func=lambda y: tr("review.all_years") if y is None else str(y),
    placeholder=tr("review.all_years"),
)
query = f4.text_input(tr("review.search"), key="review_q")
rows = staff.review_list(stage=stage, unit_id=staff.unit_ids().get(unit) if unit else None, year=year, query=query)
st.caption(tr("review.count", n=fmt_int(len(rows), lang())))
table = [
    {
        "#": r["id"],
        tr("field_name.title"): r["title"],
        tr("field_name.unit"): r["unit"],
        tr("field_name.kind"): tr(f"kind.{r['kind']}"),
        tr("field_name.registered_on"): fmt_date_precise(r["registered_on"], r.get("registered_precision"), lang()),
        tr("field_name.stage"): tr(f"stage.{r['stage']}"),
    }
    for r in rows
]
picked = st.dataframe(
    table, hide_index=True, width="stretch", on_select="rerun", selection_mode="multi-row", key="review_table"
)
selected = [rows[i] for i in picked.selection.rows] if picked and picked.selection else []
st.caption(tr("review.selected", n=fmt_int(len(selected), lang())))

with st.form("review_form", enter_to_submit=False):
    c1, c2, c3 = st.columns(3)
    current = STAGES.index(stage)
    default_target = STAGES[min(current + 1, len(STAGES) - 1)]
    target = c1.selectbox(
        tr("review.target"),
        STAGES,
        index=STAGES.index(default_target),
        format_func=lambda s: tr(f"stage.{s}"),
        key="review_target",
        placeholder=choose(STAGES),
    )
    on = c2.date_input(
        tr("review.on"), value=dt.date.today(), max_value=dt.date.today(), format="DD/MM/YYYY", key="review_on"
    )
    level = c3.selectbox(
        tr("field_name.recognition_level"),
        [None, *LEVELS],
        key="review_level",
        format_func=lambda v: tr("entry.none") if v is None else tr(f"level.{v}"),
        placeholder=tr("entry.none"),
    )
    a1, a2 = st.columns(2)
    award_form = a1.text_input(tr("field_name.award_form"), key="review_award_form")
    award_issuer = a2.text_input(tr("field_name.award_issuer"), key="review_award_issuer")
    reason = st.text_input(tr("review.reason"), key="review_reason", help=tr("review.reason_help"))
    go = st.form_submit_button(tr("review.move"), type="primary", icon=":material/move_up:")

if go:
    if not selected:
        st.warning(tr("review.pick_first"))
    else:
        done, failed = [], []
        for r in selected:  # one transaction each: one refused record does not hold up the others
            outcome = actions.change_stage(
                r["id"],
                target,
                version=r["version"],
                on=on,
                actor=actor,
                level=level,
                reason=reason,
                award_form=award_form or None,
                award_issuer=award_issuer or None,
            )
            if outcome.ok:
                done.append(r["id"])
            else:
                failed.append((r["id"], outcome.message))
        if done:
            st.success(tr("review.moved", n=fmt_int(len(done), lang()), stage=tr(f"stage.{target}")))
        for example_id, message in failed:
            st.error(f"#{example_id}: {md(message)}")
