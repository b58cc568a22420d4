"""CLI: exit codes and one-line messages on bad input, in a real subprocess."""

import json

import pytest

from tests.support.cli import run_cli as run


@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'r.db'}"
    assert run(["init"], url).returncode == 0
    return url


def one_line_error(proc):
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    return lines[0]


def test_help_on_every_command(db_url):
    for cmd in ([], ["init"], ["seed"], ["synth"], ["stats"]):
        proc = run([*cmd, "--help"], db_url)
        assert proc.returncode == 0 and "Usage" in proc.stdout, cmd


def test_init_is_idempotent_and_says_what_it_loaded(db_url):
    proc = run(["init"], db_url)
    assert proc.returncode == 0 and "đơn vị" in proc.stdout


def test_bad_date(db_url):
    proc = run(["stats", "--json", "--from", "2023-13-45"], db_url)
    assert proc.returncode == 2
    assert "2023-13-45" in one_line_error(proc)


def test_bad_view_value(db_url):
    proc = run(["stats", "--view", "provinces"], db_url, lang="en")
    assert proc.returncode == 2
    line = one_line_error(proc)
    assert "provinces" in line and "then" in line and line.startswith("Error")


def test_unknown_option(db_url):
    proc = run(["stats", "--colour"], db_url)
    assert proc.returncode == 2 and "--colour" in one_line_error(proc)


def test_range_reversed(db_url):
    proc = run(["stats", "--from", "2024-01-01", "--until", "2023-01-01"], db_url)
    assert proc.returncode == 2 and one_line_error(proc)


def test_unreachable_database():
    proc = run(["stats", "--json"], "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert proc.returncode == 1
    assert "cơ sở dữ liệu" in one_line_error(proc)


def test_uninitialised_database(tmp_path):
    proc = run(["stats"], f"sqlite:///{tmp_path / 'empty.db'}")
    assert proc.returncode == 1 and "init" in one_line_error(proc)


def test_synth_rejects_non_positive(db_url):
    proc = run(["synth", "--models", "0"], db_url)
    assert proc.returncode == 2 and one_line_error(proc)


def test_seed_refuses_on_real_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'real.db'}"
    assert run(["init"], url).returncode == 0
    from sqlmodel import Session

    from registry.db import make_engine
    from tests.support.factories import make_example

    engine = make_engine(url)
    with Session(engine) as s:
        make_example(s)
    engine.dispose()
    proc = run(["seed", "--demo"], url)
    assert proc.returncode == 1 and "1" in one_line_error(proc)
    assert run(["seed", "--demo", "--if-empty"], url).returncode == 0
    stats = json.loads(run(["stats", "--json"], url).stdout)
    assert stats["total"] == 1  # nothing was added


def test_synth_then_stats(tmp_path):
    url = f"sqlite:///{tmp_path / 'syn.db'}"
    assert run(["init"], url).returncode == 0
    proc = run(["synth", "--models", "5000", "--seed", "3"], url)
    assert proc.returncode == 0, proc.stderr
    stats = json.loads(run(["stats", "--json", "--from", "2009-01-01"], url).stdout)
    assert stats["total"] == 5000 and sum(stats["by_year"].values()) == 5000
    assert 0 < stats["replications"] < 5000
