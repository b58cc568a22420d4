"""Số lượng: models per year stacked by field (or kind, bloc, stage), the stage funnel, growth."""

import streamlit as st

from registry.i18n import t
from ui.charts import show_chart
from ui.core import lang, tr
from ui.layout import start_page

language = lang()

STACKS = {"field": "theo-linh-vuc", "kind": "theo-loai-hinh", "bloc": "theo-khoi", "stage": "theo-giai-doan"}

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
    show_chart("giai-doan", filters, key="number_funnel", half=True)
with right:
    show_chart("tang-truong", filters, key="number_growth", half=True)
