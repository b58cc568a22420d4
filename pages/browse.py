"""Tra cứu: a searchable, sortable table of records (pagination in SQL) and one record's details."""

import pandas as pd
import streamlit as st

from registry.i18n import fmt_date_precise, fmt_int, t
from registry.queries.listing import SORTS, stage_precision
from ui import readers
from ui.core import choose, lang, tr
from ui.filters import link_params
from ui.layout import start_page
from ui.safe import md

PER_PAGE = 25

filters = start_page("browse.heading")
language = lang()
labels = readers.labels(language)


@st.fragment
def browse() -> None:
    """The search, sorting, paging, table and detail: using them reruns only this part (the
    sidebar's filters rerun the whole page)."""

    query = st.text_input(
        tr("browse.search"), value=st.query_params.get("q", ""), key="browse_q", icon=":material/search:"
    )
    if query.strip():
        st.query_params["q"] = query
    elif "q" in st.query_params:
        del st.query_params["q"]
    c1, c2, c3 = st.columns([2, 1, 1])
    sort = c1.selectbox(
        tr("browse.sort"),
        list(SORTS),
        format_func=lambda s: t(f"browse.sort.{s}", language),
        key="browse_sort",
        placeholder=choose(SORTS),
    )
    descending = c2.toggle(tr("browse.descending"), value=True, key="browse_desc")
    page_no = c3.number_input(tr("browse.page"), min_value=1, value=1, step=1, key="browse_page")

    page = readers.browse(filters, query=query, sort=sort, descending=descending, page=int(page_no), per_page=PER_PAGE)
    st.caption(
        tr(
            "browse.found",
            n=fmt_int(page.total, language),
            page=fmt_int(page.page, language),
            pages=fmt_int(page.pages, language),
        )
    )

    def unit_of(row: dict) -> str:
        name = labels.unit_name(row["unit_id"])
        if row.get("commune_id"):
            name = f"{labels.unit_name(row['commune_id'])}, {name}"
        return name

    chosen = None
    if page.rows:
        table = pd.DataFrame(
            [
                {
                    "id": r["id"],
                    tr("field_name.title"): r["title"],
                    tr("field_name.holder_name"): r["holder_name"],
                    tr("field_name.unit"): unit_of(r),
                    tr("field_name.field"): labels.field_name(r["field_id"]),
                    tr("field_name.kind"): tr(f"kind.{r['kind']}"),
                    tr("field_name.stage"): tr(f"stage.{r['stage']}"),
                    tr("field_name.registered_on"): fmt_date_precise(
                        r["registered_on"], r["registered_precision"], language
                    ),
                    tr("browse.col.copy"): r["replicated_from_id"] is not None,
                }
                for r in page.rows
            ]
        )
        event = st.dataframe(
            table,
            hide_index=True,
            on_select="rerun",
            selection_mode="single-row",
            key="browse_table",
            column_config={"id": st.column_config.NumberColumn("#", format="%d", width="small")},
        )
        selected = list(getattr(event, "selection", {}).get("rows", [])) if event is not None else []
        if selected:
            chosen = int(table.iloc[selected[0]]["id"])
        else:
            st.caption(tr("browse.pick"))
    else:
        st.info(tr("browse.none"), icon=":material/info:")

    url_id = st.query_params.get("id")
    if chosen is None and str(url_id or "").isdigit():
        chosen = int(url_id)

    if chosen is not None:
        found = readers.detail(chosen)
        st.divider()
        if found is None:
            st.warning(tr("browse.not_found", id=chosen), icon=":material/warning:")
        else:
            rec = found["record"]
            st.subheader(tr("browse.detail", id=rec["id"]) + f" · {md(rec['title'])}")
            info = {
                tr("field_name.kind"): tr(f"kind.{rec['kind']}"),
                tr("field_name.holder_name"): rec["holder_name"] or "–",
                tr("field_name.locality"): rec["locality"] or "–",
                tr("field_name.unit"): unit_of(rec),
                tr("field_name.field"): labels.field_name(rec["field_id"]),
                tr("field_name.bloc"): labels.blocs.get(rec["bloc_id"], ("", "–", False))[1],
                tr("field_name.programme"): labels.programmes.get(rec["programme_id"], ("", "–"))[1]
                if rec["programme_id"]
                else "–",
                tr("field_name.registered_on"): fmt_date_precise(
                    rec["registered_on"], rec["registered_precision"], language
                ),
                tr("field_name.stage"): tr(f"stage.{rec['stage']}"),
            }
            if rec.get("replicated_from_text"):
                # "Nhân rộng từ" as the source wrote it, kept while no record is linked to it
                info[tr("field_name.replicated_from_text")] = rec["replicated_from_text"]
            # st.table renders markdown: every value shown as text (ui/safe.py)
            st.table(pd.DataFrame({"": list(info), " ": [md(v) for v in info.values()]}).set_index(""))
            if rec.get("description"):
                st.markdown(f"**{tr('field_name.description')}**")
                st.text(rec["description"])
            if rec.get("results"):
                st.markdown(f"**{tr('field_name.results')}**")
                st.text(rec["results"])
            h1, h2 = st.columns(2)
            with h1:
                st.markdown(f"**{tr('browse.history')}**")
                st.dataframe(
                    pd.DataFrame(
                        [
                            {
                                tr("field_name.stage"): tr(f"stage.{e['stage']}"),
                                tr("browse.col.date"): fmt_date_precise(
                                    e["reached_on"], stage_precision(rec, e["stage"], e["reached_on"]), language
                                ),
                                tr("browse.col.level"): tr(f"level.{e['level']}") if e["level"] else "",
                                tr("browse.col.reason"): e["reason"],
                            }
                            for e in found["events"]
                        ]
                    ),
                    hide_index=True,
                )
            with h2:
                st.markdown(f"**{tr('browse.awards')}**")
                if found["awards"]:
                    st.dataframe(
                        pd.DataFrame(
                            [
                                {
                                    tr("browse.col.form"): a["form"],
                                    tr("browse.col.issuer"): a["issuer"],
                                    tr("browse.col.date"): fmt_date_precise(
                                        a["awarded_on"], stage_precision(rec, "awarded", a["awarded_on"]), language
                                    ),
                                }
                                for a in found["awards"]
                            ]
                        ),
                        hide_index=True,
                    )
                else:
                    st.caption(tr("browse.no_awards"))
            for key, other in (("browse.origin", found["origin"]), ("browse.root", found["root"])):
                if other and (key == "browse.origin" or other["id"] != (found["origin"] or {}).get("id")):
                    st.markdown(
                        f"**{tr(key)}:** #{other['id']} · {md(other['title'])} · {md(unit_of(other))} · "
                        f"{fmt_date_precise(other['registered_on'], other['registered_precision'], language)}"
                    )
            st.markdown(f"**{tr('browse.copies', n=fmt_int(len(found['copies']), language))}**")
            if found["copies"]:
                st.dataframe(
                    pd.DataFrame(
                        [
                            {
                                "#": c["id"],
                                tr("field_name.unit"): unit_of(c),
                                tr("field_name.registered_on"): fmt_date_precise(
                                    c["registered_on"], c["registered_precision"], language
                                ),
                            }
                            for c in found["copies"]
                        ]
                    ),
                    hide_index=True,
                )
            else:
                st.caption(tr("browse.no_copies"))
            if found["copies"] or found["root"]:
                params = link_params(filters)
                params["model"] = str(rec["id"])
                st.page_link(
                    "pages/replication.py",
                    label=tr("browse.family_link"),
                    icon=":material/account_tree:",
                    query_params=params,
                )


browse()
