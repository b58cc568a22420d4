"""AppTest: the app starts and the overview renders on demo data and on an empty registry."""

import pytest
from streamlit.testing.v1 import AppTest

from registry.config import PROJECT_ROOT


@pytest.fixture
def app_env(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")
    return url


def test_overview_on_empty_registry(app_env):
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
