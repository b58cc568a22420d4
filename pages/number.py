"""Số lượng: models per year stacked by field (or kind, bloc, stage), the stage funnel, growth."""

import streamlit as st

from registry.i18n import t
from ui.charts import PAGE_CHARTS, show_chart
from ui.core import lang, tr
from ui.layout import start_page

language = lang()

*stacks, funnel, growth = PAGE_CHARTS["number"]
STACKS = dict(zip(("field", "kind", "bloc", "stage"), stacks, strict=True))

filters = start_page("number.heading")


@st.fragment
def stacked() -> None:
    """The "Chia theo" control and its chart: choosing another split reruns only this part."""
    by = (
        st.segmented_control(
            tr("number.stack_by"),
            list(STACKS),
            default="field",
            format_func=lambda k: t(f"number.by.{k}", language),
            key="number_stack",
        )
        or "field"
    )
    show_chart(STACKS[by], filters, key="number_stack_chart")


stacked()
left, right = st.columns(2)
with left:
    show_chart(funnel, filters, key="number_funnel", half=True)
with right:
    show_chart(growth, filters, key="number_growth", half=True)
