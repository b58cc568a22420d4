"""Tests for the test-support modules: a real PostgreSQL and a real Streamlit in Chromium."""

from __future__ import annotations

import urllib.request

import psycopg
import pytest
import sqlalchemy as sa

from tests.support.appserver import (
    StreamlitServer,
    chromium_skip_reason,
    launch_chromium,
    port_open,
    save_failure_artifacts,
    settle,
)
from tests.support.pg import PostgresServer, pg_skip_reason

needs_pg = pytest.mark.skipif(pg_skip_reason() is not None, reason=pg_skip_reason() or "")
needs_chromium = pytest.mark.skipif(chromium_skip_reason() is not None, reason=chromium_skip_reason() or "")


@pytest.fixture(scope="module")
def pg():
    if pg_skip_reason():
        pytest.skip(pg_skip_reason())
    with PostgresServer() as server:
        yield server


@needs_pg
def test_postgres_select_and_utf8_roundtrip(pg):
    engine = sa.create_engine(pg.url)
    try:
        with engine.begin() as conn:
            assert conn.execute(sa.text("SELECT 1")).scalar_one() == 1
            assert conn.execute(sa.text("SHOW server_encoding")).scalar_one() == "UTF8"
            conn.execute(sa.text("CREATE TABLE province (name text)"))
            conn.execute(sa.text("INSERT INTO province VALUES (:n)"), {"n": "Thanh Hóa"})
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT name FROM province")).scalar_one() == "Thanh Hóa"
            # lower()/upper() go through the collation: must handle Vietnamese letters too
            assert conn.execute(sa.text("SELECT upper('Thanh Hóa')")).scalar_one() == "THANH HÓA"
    finally:
        engine.dispose()


@needs_pg
def test_two_databases_are_independent(pg):
    other_url = pg.create_database("other")
    assert other_url.endswith(f":{pg.port}/other") and pg.url.endswith(f":{pg.port}/test")
    a, b = sa.create_engine(pg.url), sa.create_engine(other_url)
    try:
        with a.begin() as conn:
            conn.execute(sa.text("CREATE TABLE only_in_a (x int)"))
        assert sa.inspect(a).has_table("only_in_a")
        assert not sa.inspect(b).has_table("only_in_a")
    finally:
        a.dispose()
        b.dispose()


@needs_pg
def test_postgres_stop_closes_port_and_cleans_up():
    server = PostgresServer().start()
    port, base = server.port, server.base
    with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="test") as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    server.stop()
    assert not port_open(port)
    assert not base.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="test", connect_timeout=2)
    server.stop()  # idempotent


@pytest.fixture
def hello_app(tmp_path):
    app = tmp_path / "hello.py"
    app.write_text('import streamlit as st\n\nst.title("Xin chào")\n', encoding="utf-8")
    return app


def test_streamlit_health_and_stop(hello_app):
    with StreamlitServer(app=hello_app, cwd=hello_app.parent) as server:
        port = server.port
        with urllib.request.urlopen(f"{server.url}_stcore/health", timeout=5) as resp:
            assert resp.read().decode() == "ok"
    assert not port_open(port)


@needs_chromium
def test_streamlit_in_chromium(hello_app):
    from playwright.sync_api import expect, sync_playwright

    with StreamlitServer(app=hello_app, cwd=hello_app.parent) as server, sync_playwright() as pw:
        port = server.port
        browser = launch_chromium(pw)
        try:
            page = browser.new_page()
            page.goto(server.url)
            settle(page)
            try:
                expect(page.get_by_role("heading", name="Xin chào")).to_be_visible(timeout=30_000)
            except AssertionError as exc:
                folder = save_failure_artifacts(page, "test_streamlit_in_chromium")
                raise AssertionError(f"{exc}\nartifacts: {folder}") from exc
        finally:
            browser.close()
    assert not port_open(port)
