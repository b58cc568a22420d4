"""Entry point: page config and navigation over pages/."""
import streamlit as st

from registry.i18n import t
from ui.core import lang

st.set_page_config(page_title=t("app.title", lang()), layout="wide")
pages = [st.Page("pages/overview.py", title=t("nav.overview", lang()), url_path="overview", icon=":material/dashboard:",
                 default=True)]
st.navigation(pages).run()
