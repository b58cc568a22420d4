"""The review queue of suggested replication links, and the count of pending suggestions shown
apart on the replication page (never mixed into a figure)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlmodel import Session

from registry.db import read_session
from registry.i18n import fmt_date, fmt_int
from registry.permissions import Actor
from registry.replication import review
from ui.actions import perform
from ui.core import engine, lang, tr
from ui.safe import md


def pending_note() -> None:
    """“n gợi ý nhân rộng chưa xác nhận”, apart from the charts, when there are any."""
    with read_session(engine()) as session:
        n = review.pending_count(session)
    if n:
        st.caption(f"{tr('suggest.pending', n=fmt_int(n, lang()))} · {tr('suggest.pending_help')}")


def _record(side: review.Side) -> str:
    return md(
        tr("suggest.page.record", id=side.id, title=side.title, unit=side.unit, date=fmt_date(side.registered_on))
    )


def _act(action: Callable[[Session, list[int], Actor], None], ids: list[int], actor: Actor) -> None:
    outcome = perform(lambda session: action(session, ids, actor))
    if not outcome.ok:
        st.error(outcome.message, icon=":material/error:")
        return
    st.rerun()


def _confirm(session: Session, ids: list[int], actor: Actor) -> None:
    review.confirm_many(session, ids, actor=actor)


def _reject(session: Session, ids: list[int], actor: Actor) -> None:
    for sid in ids:
        review.reject(session, sid, actor=actor)


def _flip(session: Session, ids: list[int], actor: Actor) -> None:
    for sid in ids:
        review.flip(session, sid, actor=actor)


def _tagger(programme_id: int) -> Callable[[Session, list[int], Actor], None]:
    def tag(session: Session, ids: list[int], actor: Actor) -> None:
        for sid in ids:
            review.tag_programme(session, sid, programme_id, actor=actor)

    return tag


def _more(p: review.Pending, actor: Actor) -> None:
    """The copy's other suggested origins, and the programme tag its title names, behind "xem thêm"."""
    extra = len(p.alternatives) + (p.programme is not None)
    if not extra:
        return
    with st.expander(tr("replication.page.more", n=fmt_int(extra, lang()))):
        if p.programme is not None:
            programme_id, name = p.programme
            st.caption(tr("replication.page.tag_help"))
            if st.button(tr("replication.page.tag", name=name), key=f"tag_{p.id}"):
                _act(_tagger(programme_id), [p.id], actor)
        for alt in p.alternatives:
            st.markdown(md(tr("replication.page.alternative", score=f"{alt.score:.2f}", reason=alt.reason)))
            st.markdown(_record(alt.origin))
            if st.button(tr("replication.page.confirm_this"), key=f"ok_{alt.id}"):
                _act(_confirm, [alt.id], actor)


def review_page(actor: Actor) -> None:
    st.title(tr("suggest.page.title"))
    st.caption(tr("suggest.page.intro"))
    with read_session(engine()) as session:
        units = {u.id: u.name for u in review.unit_choices(session, actor=actor)}
        rows = review.pending(session, actor=actor)
        names = review.field_names(session, lang=lang())
    fields = sorted({p.copy.field_id for p in rows})
    c1, c2 = st.columns(2)
    unit = c1.selectbox(
        tr("suggest.page.filter_unit"),
        [None, *units],
        format_func=lambda u: tr("suggest.page.all") if u is None else units[u],
    )
    field_id = c2.selectbox(
        tr("suggest.page.filter_field"),
        [None, *fields],
        format_func=lambda f: tr("suggest.page.all") if f is None else names.get(f, str(f)),
    )
    rows = [
        p
        for p in rows
        if (unit is None or p.copy.unit_id == unit) and (field_id is None or p.copy.field_id == field_id)
    ]
    if not rows:
        st.info(tr("suggest.page.none"), icon=":material/info:")
        return
    st.caption(tr("suggest.page.count", n=fmt_int(len(rows), lang())))
    chosen = []
    for p in rows:
        with st.container(border=True):
            st.markdown(md(tr("suggest.page.score", score=f"{p.score:.2f}", reason=p.reason)))
            left, right = st.columns(2)
            left.caption(tr("suggest.page.copy"))
            left.markdown(_record(p.copy))
            right.caption(tr("suggest.page.origin"))
            right.markdown(_record(p.origin))
            a, b, c, d = st.columns(4)
            if a.checkbox(tr("suggest.page.select"), key=f"sel_{p.id}"):
                chosen.append(p.id)
            if b.button(tr("suggest.page.confirm"), key=f"ok_{p.id}"):
                _act(_confirm, [p.id], actor)
            if c.button(tr("suggest.page.reject"), key=f"no_{p.id}"):
                _act(_reject, [p.id], actor)
            if d.button(tr("replication.page.flip"), key=f"flip_{p.id}", help=tr("replication.page.flip_help")):
                _act(_flip, [p.id], actor)
            _more(p, actor)
    if st.button(tr("suggest.page.confirm_selected"), disabled=not chosen, type="primary"):
        _act(_confirm, chosen, actor)
