"""The suggester's title matching finds an origin's key by the subsets of its copy's words; that
must give exactly what comparing with every title that shares a rare word gives (the slow way,
still taken for long titles), also for titles written with a tiny vocabulary, where the slow way
was quadratic."""

import random

from registry.replication import suggest

WORDS = "tuyến phố văn minh sạch đẹp an toàn chăn nuôi bò trồng rừng thực phẩm xanh".split()


def _titles(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return sorted({" ".join(rng.sample(WORDS, rng.randint(1, 7))) for _ in range(n)})


def _as_sets(found):
    return [sorted(row) for row in found]


def test_subsets_find_what_the_scan_finds(monkeypatch):
    keys = _titles(1500, 4)
    queries = keys[::7] + ["tuyến phố văn minh sạch đẹp an toàn xanh", "bò", "không có từ nào chung"]
    fast = suggest._close_keys(queries, keys)
    monkeypatch.setattr(suggest, "SUBSET_WORDS", 0)  # every query the slow way
    slow = suggest._close_keys(queries, keys)
    assert _as_sets(fast) == _as_sets(slow)
    assert sum(map(len, fast)) > len(queries)  # the titles do find each other, not only themselves


def test_an_origin_is_a_subset_and_an_exact_title_is_one():
    keys = ["phố văn minh", "phố văn minh sạch", "văn minh", "chăn nuôi bò"]
    found = dict(suggest._close_keys(["phố văn minh sạch"], keys)[0])
    assert found[1] == 1.0  # the same key
    assert 0 in found  # its words all in the copy's
    assert 3 not in found  # no word in common
