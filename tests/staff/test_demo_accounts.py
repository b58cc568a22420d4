"""Issue 11 item 3: `make run` no longer creates an admin with a password printed in the README.
Demo accounts come only on request, each with a random password printed once."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from registry.config import PROJECT_ROOT
from registry.db import make_engine, read_session
from registry.staff import accounts, signin
from tests.support.signin import parse_demo_passwords

OLD_PASSWORDS = ("xem-bieu-do-2024", "nhap-lieu-2024", "nhap-hau-loc-2024", "bao-chi-2024", "quan-tri-2024")


def run(args, url):
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "registry", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A registry as `make run` leaves it: init, then the Makefile's own seed line."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo-accounts') / 'r.db'}"
    init = run(["init"], url)
    assert init.returncode == 0, init.stderr
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    seed_line = next(line for line in run_recipe.splitlines() if "seed" in line)
    seed_args = seed_line.split("-m registry", 1)[1].split()
    seed = run(seed_args, url)
    assert seed.returncode == 0, seed.stderr
    return url, init, seed


def test_make_run_creates_no_admin_only_a_printed_viewer_and_says_how_to_make_the_first_admin(fresh):
    url, init, seed = fresh
    assert "python -m registry user add" in init.stdout and "--role admin" in init.stdout
    printed = parse_demo_passwords(seed.stdout)
    assert list(printed) == ["demo-viewer"]
    engine = make_engine(url)
    with read_session(engine) as s:
        users = {u.name: u.role for u in accounts.list_users(s)}
    assert users == {"demo-viewer": "viewer"}
    assert signin.sign_in(engine, "demo-viewer", printed["demo-viewer"]).ok
    assert not any(signin.sign_in(engine, "demo-admin", p, client=p).ok for p in OLD_PASSWORDS)
    engine.dispose()
    again = run(["seed", "--demo", "--if-empty", "--viewer"], url)
    assert printed["demo-viewer"] not in again.stdout  # printed once only


def test_seed_accounts_prints_five_random_passwords_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    assert run(["init"], url).returncode == 0
    first = run(["seed", "--demo", "--accounts"], url)
    printed = parse_demo_passwords(first.stdout)
    assert sorted(printed) == sorted(name for name, _role in accounts.DEMO_ACCOUNTS)
    assert len(set(printed.values())) == 5 and not set(printed.values()) & set(OLD_PASSWORDS)
    engine = make_engine(url)
    for name, password in printed.items():
        assert signin.sign_in(engine, name, password, client=name).ok
    engine.dispose()


def test_readme_no_longer_prints_demo_passwords():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert not [p for p in OLD_PASSWORDS if p in readme]
    assert "seed --demo --accounts" in readme and "make demo" in readme
