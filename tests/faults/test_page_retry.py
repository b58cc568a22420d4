"""The app's pages while the database does not answer (ui/outage.py ``guarded``, the script side of
dashboard.py): the page shows "Không kết nối được cơ sở dữ liệu, đang thử lại" instead of a
traceback and runs again by itself; once the database answers, the page is served."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from registry import health


def _script() -> None:
    import streamlit as st
    from sqlalchemy.exc import OperationalError

    from registry import health
    from ui import outage  # AppTest runs this function's body as its own script

    health.RETRY_SECONDS = 0
    runs = st.session_state.setdefault("runs", [])

    def main() -> None:
        runs.append(len(runs))
        if len(runs) <= 2:  # the database answers from the third run on
            raise OperationalError("SELECT 1", {}, Exception("connection refused"))
        st.write("Trang đã mở")

    outage.guarded(main, lambda: "vi")


def test_a_page_shows_the_message_and_runs_again_until_the_database_answers(monkeypatch):
    monkeypatch.setattr(health.OUTAGE, "down", False)
    at = AppTest.from_function(_script, default_timeout=30)
    at.run()
    assert not at.exception
    assert at.session_state["runs"] == [0, 1, 2]
    assert [m.value for m in at.markdown] == ["Trang đã mở"]
    assert health.OUTAGE.down is False


def test_the_message_names_the_fault():
    down = OperationalError("SELECT 1", {}, Exception("connection refused"))
    full = OperationalError("INSERT", {}, Exception("database or disk is full"))
    assert health.outage_message(down, "vi") == "Không kết nối được cơ sở dữ liệu, đang thử lại…"
    assert health.outage_message(down, "en") == "Cannot reach the database, retrying…"
    assert health.outage_message(full, "vi").startswith("Ổ đĩa đầy")
