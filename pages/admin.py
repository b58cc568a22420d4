"""Quản trị: accounts, recent changes filterable by user and date, restore deleted records."""

import datetime as dt

import streamlit as st

from registry.errors import field_label
from registry.i18n import fmt_int
from registry.models import utcnow
from registry.staff import accounts
from registry.staff.sessions import aware
from ui import actions, staff
from ui.auth import require
from ui.core import choose, lang, language_switch, tr
from ui.safe import md

actor = require("audit")
language_switch()
st.title(tr("admin.heading"))
users_tab, changes_tab, deleted_tab = st.tabs([tr("admin.users"), tr("admin.changes"), tr("admin.deleted")])

with users_tab:
    users = staff.users()
    unit_codes = staff.codes()["unit"]
    now = utcnow()
    st.dataframe(
        [
            {
                tr("field_name.name"): u["name"],
                tr("field_name.role"): tr(f"role.{u['role']}"),
                tr("field_name.unit"): unit_codes.get(u["unit_id"], "") if u["unit_id"] else "",
                tr("admin.col_status"): tr("user.status_disabled")
                if u["disabled"]
                else tr("user.status_locked")
                if aware(u["locked"]) and aware(u["locked"]) > now
                else tr("user.status_active"),
            }
            for u in users
        ],
        hide_index=True,
        width="stretch",
    )
    units = staff.labels("unit")
    with st.form("admin_add_user", clear_on_submit=True, enter_to_submit=False):
        st.subheader(tr("admin.add_user"))
        c1, c2, c3, c4 = st.columns(4)
        name = c1.text_input(tr("field_name.name"))
        password = c2.text_input(tr("field_name.password"), type="password")
        role = c3.selectbox(
            tr("field_name.role"),
            accounts.ROLES,
            format_func=lambda r: tr(f"role.{r}"),
            placeholder=choose(accounts.ROLES),
        )
        unit = c4.selectbox(
            tr("admin.limit_unit"),
            [None, *units],
            format_func=lambda c: tr("entry.none") if c is None else units[c],
            placeholder=tr("entry.none"),
        )
        if st.form_submit_button(tr("admin.add"), icon=":material/person_add:"):
            added = actions.perform(lambda s: accounts.create_user(s, name, password, role, unit, actor=actor))
            if not actions.failed(added):
                st.success(tr("user.added", name=md(name), role=role))
    names = [u["name"] for u in users]
    if names:
        st.subheader(tr("admin.manage_user"))
        m1, m2 = st.columns(2)
        who = m1.selectbox(tr("field_name.name"), names, key="admin_who", placeholder=choose(names))
        new_password = m2.text_input(tr("admin.new_password"), type="password", key="admin_new_password")
        b1, b2, b3 = st.columns(3)
        for button, done, write in (
            (
                b1.button(tr("admin.reset_password"), key="admin_reset", icon=":material/password:"),
                "user.password_done",
                lambda s: accounts.reset_password(s, who, new_password, actor=actor),
            ),
            (
                b2.button(tr("admin.disable"), key="admin_disable", icon=":material/block:"),
                "user.disabled_done",
                lambda s: accounts.set_disabled(s, who, True, actor=actor),
            ),
            (
                b3.button(tr("admin.enable"), key="admin_enable", icon=":material/check_circle:"),
                "admin.enabled_done",
                lambda s: accounts.set_disabled(s, who, False, actor=actor),
            ),
        ):
            if button and not actions.failed(actions.perform(write)):
                st.success(tr(done, name=md(who)))

with changes_tab:
    people = staff.audit_users()
    f1, f2, f3 = st.columns(3)
    person = f1.selectbox(
        tr("admin.col_user"),
        [None, *people],
        key="admin_person",
        format_func=lambda p: tr("admin.everyone") if p is None else p,
        placeholder=tr("admin.everyone"),
    )
    start = f2.date_input(
        tr("admin.from"), value=dt.date.today() - dt.timedelta(days=30), format="DD/MM/YYYY", key="admin_from"
    )
    end = f3.date_input(tr("admin.until"), value=dt.date.today(), format="DD/MM/YYYY", key="admin_until")
    changes = staff.recent_changes(user=person, start=start, end=end)
    st.caption(tr("admin.changes_count", n=fmt_int(len(changes), lang())))
    st.dataframe(
        [
            {
                tr("admin.col_at"): c.at.strftime("%d/%m/%Y %H:%M"),
                tr("admin.col_user"): c.user,
                tr("admin.col_action"): staff.audit_label(c.action),
                "#": c.entity_id,
                tr("admin.col_changes"): "; ".join(
                    f"{field_label(k, lang())}: {b} → {a}" for k, (b, a) in c.fields.items()
                )[:500],
                tr("admin.col_note"): c.note,
            }
            for c in changes
        ],
        hide_index=True,
        width="stretch",
    )

with deleted_tab:
    deleted = staff.deleted_records()
    if not deleted:
        st.info(tr("admin.none_deleted"))
    else:
        picked = st.dataframe(
            [
                {
                    "#": d["id"],
                    tr("field_name.title"): d["title"],
                    tr("admin.col_user"): d["deleted_by"],
                    tr("admin.col_at"): d["deleted_at"].strftime("%d/%m/%Y %H:%M") if d["deleted_at"] else "",
                }
                for d in deleted
            ],
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="multi-row",
            key="admin_deleted",
        )
        chosen = [deleted[i]["id"] for i in picked.selection.rows] if picked and picked.selection else []
        if st.button(
            tr("admin.restore", n=len(chosen)), disabled=not chosen, key="admin_restore", icon=":material/restore:"
        ):
            for example_id in chosen:
                actions.failed(actions.restore(example_id, actor), prefix=f"#{example_id}: ")
            st.rerun()
