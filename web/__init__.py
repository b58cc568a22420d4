"""The sign-in web server: the HTTP routes and the security middleware that dashboard.py's ``st.App``
serves beside Streamlit's own (Starlette). It imports registry/, never ui/ or pages/."""
