"""Issue 11 item 6: the example SECRET_KEY of docs/deploy/env.example, placeholders and short keys
are refused - by the key function and before the web server starts."""

from __future__ import annotations

import re

import pytest

from registry.config import PROJECT_ROOT
from registry.staff import accounts
from web import server

EXAMPLE = (
    re.search(r"^#?\s*SECRET_KEY=(.*)$", (PROJECT_ROOT / "docs/deploy/env.example").read_text(), re.M).group(1).strip()
)
STRONG = "Vq7Lr2Xx9Nc4Bm8Tp1Wd6Hs3Jf5Ga0KeZ"


@pytest.mark.parametrize(
    "key",
    [
        "CHANGE-ME-TO-A-LONG-RANDOM-STRING",
        EXAMPLE,
        "short-key",
        "a" * 64,
        "changeme" * 5,
        "your-secret-key-goes-here-0123456789",
    ],
)
def test_weak_keys_are_refused(monkeypatch, tmp_path, key):
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(accounts.WeakSecretKey):
        accounts.secret_key(tmp_path)
    with pytest.raises(SystemExit) as exc:
        server.check_start()
    assert "SECRET_KEY" in str(exc.value)


def test_a_long_random_key_and_the_generated_key_are_accepted(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", STRONG)
    assert accounts.secret_key(tmp_path) == STRONG
    server.check_start()
    monkeypatch.delenv("SECRET_KEY")
    assert len(accounts.secret_key(tmp_path)) >= 32
