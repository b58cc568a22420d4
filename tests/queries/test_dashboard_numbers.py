"""The numbers behind every dashboard chart equal counts computed here in plain Python over the
records the test creates, for several filter combinations and every unit view."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from sqlalchemy import select

from registry.charts.specs import CHARTS
from registry.models import STAGES, AdminUnit, Bloc, UnitViewMap, WorkField
from registry.queries import counts, labels, listing, replication
from registry.queries.filters import Codes, Filters
from tests.support.dashboard_data import COMBOS, build
from tests.support.factories import make_example


@pytest.fixture
def world(session):
    return build(session)


def refs(session):
    codes = {c: i for i, c in session.execute(select(WorkField.id, WorkField.code))}
    blocs = {c: i for i, c in session.execute(select(Bloc.id, Bloc.code))}
    units = {c: i for i, c in session.execute(select(AdminUnit.id, AdminUnit.code))}
    vmap = defaultdict(list)
    for view, unit_id, target, share in session.execute(
        select(UnitViewMap.view, UnitViewMap.unit_id, UnitViewMap.target_id, UnitViewMap.share)
    ):
        vmap[(view, unit_id)].append((target, share))
    return codes, blocs, units, vmap


def selected(records, f: Filters, session):
    codes, blocs, units, vmap = refs(session)
    field_ids = {codes[c] for c in f.fields}
    bloc_ids = {blocs[c] for c in f.blocs}
    unit_ids = {units[c] for c in f.units}
    out = []
    for r in records:
        if not (f.start <= r["registered_on"] <= f.end):
            continue
        if f.fields and r["field_id"] not in field_ids or f.blocs and r["bloc_id"] not in bloc_ids:
            continue
        if f.kinds and r["kind"] not in f.kinds or f.stages and r["stage"] not in f.stages:
            continue
        if not f.include_sample and r["is_sample"]:
            continue
        if f.units and not any(t in unit_ids for t, _s in vmap[(f.view, r["place"])]):
            continue
        out.append(r)
    return out


def attributed(records, view, session) -> Counter:
    vmap = refs(session)[3]
    out: Counter = Counter()
    for r in records:
        for target, share in vmap[(view, r["place"])]:
            out[target] += share
    return out


def chart(session, slug: str, f: Filters):
    """Chart ``slug``'s numbers (codes and counts) for ``f``."""
    return CHARTS[slug].data(session, f, Codes.load(session), today=dt.date.today())


def close(a, b):
    return abs(float(a) - float(b)) < 1e-6


@pytest.mark.parametrize("view", ["then", "districts-2025", "new-units"])
@pytest.mark.parametrize("combo", range(len(COMBOS)))
def test_chart_numbers_match_plain_counts(session, world, view, combo):
    f = COMBOS[combo].with_(view=view)
    recs = selected(world, f, session)
    codes, blocs, units, _ = refs(session)
    years = list(range(f.start.year, f.end.year + 1))

    df = chart(session, "theo-nam", f)
    assert dict(zip(df["year"], df["n"], strict=False)) == {y: sum(1 for r in recs if r["year"] == y) for y in years}

    df = chart(session, "theo-linh-vuc", f)
    expect = Counter((r["year"], r["field_id"]) for r in recs)
    got = {(y, codes[c]): n for y, c, n in zip(df["year"], df["field_code"], df["n"], strict=False)}
    assert {k: v for k, v in got.items() if v} == dict(expect)

    df = chart(session, "theo-khoi", f)
    got = {(y, blocs[c]): n for y, c, n in zip(df["year"], df["bloc_code"], df["n"], strict=False) if n}
    assert got == dict(Counter((r["year"], r["bloc_id"]) for r in recs))

    df = chart(session, "theo-loai-hinh", f)
    assert {(y, c): n for y, c, n in zip(df["year"], df["kind"], df["n"], strict=False) if n} == dict(
        Counter((r["year"], r["kind"]) for r in recs)
    )

    df = chart(session, "giai-doan", f)
    reached = {s: sum(1 for r in recs if STAGES.index(r["stage"]) >= STAGES.index(s)) for s in STAGES}
    assert dict(zip(df["stage"], df["n"], strict=False)) == reached

    per_unit = attributed(recs, view, session)
    df = chart(session, "xep-hang-don-vi", f)
    got = {units[c]: n for c, n in zip(df["unit_code"], df["n"], strict=False)}
    assert set(got) == {u for u, n in per_unit.items() if n}
    assert all(close(got[u], per_unit[u]) for u in got)
    assert close(sum(df["n"]), len(recs))  # every view gives the same total

    df = chart(session, "don-vi-theo-nam", f)
    assert close(df["n"].sum(), len(recs))

    df = chart(session, "ban-do-don-vi", f)
    for code, n, in_view in zip(df["unit_code"], df["n"], df["in_view"], strict=False):
        if in_view:
            assert close(n, per_unit.get(units[code], 0))

    reps = [r for r in recs if r["parent"] is not None]
    df = chart(session, "nhan-rong-theo-nam", f)
    assert dict(zip(df["year"], df["n"], strict=False)) == {y: sum(1 for r in reps if r["year"] == y) for y in years}
    assert df["cumulative"].iloc[-1] == len(reps)

    h = counts.headline(session, filters=f, labels=labels.Labels.load(session))
    assert h["total"] == len(recs)
    assert h["replications"] == len(reps)
    assert h["collective"] == sum(1 for r in recs if r["kind"] == "collective")
    state = blocs["state"]
    assert h["state_n"] == sum(1 for r in recs if r["bloc_id"] == state)

    df = chart(session, "do-phu-linh-vuc", f)
    population = set(labels.view_units(session, view=view, start=f.start, end=f.end))
    for code, n_units in zip(df["field_code"], df["units"], strict=False):
        hit = {
            t
            for r in recs
            if r["field_id"] == codes[code]
            for t, s in refs(session)[3][(view, r["place"])]
            if t in population
        }
        assert n_units == len(hit)

    # flows: origin unit of the family -> unit of the copy, both through the view
    by_id = {r["id"]: r for r in world}
    vmap = refs(session)[3]
    flows: Counter = Counter()
    for r in reps:
        for a, sa in vmap[(view, by_id[r["origin"]]["place"])]:
            for b, sb in vmap[(view, r["place"])]:
                flows[(a, b)] += sa * sb
    df = chart(session, "luong-nhan-rong", f)
    got = {(units[a], units[b]): n for a, b, n in zip(df["origin_code"], df["target_code"], df["n"], strict=False)}
    assert set(got) == {k for k, v in flows.items() if v}
    assert all(close(got[k], flows[k]) for k in got)

    df = chart(session, "nhan-rong-nhieu-nhat", f)
    copies = Counter(r["origin"] for r in reps)
    for origin_id, n in zip(df["origin_id"], df["copies"], strict=False):
        assert copies[origin_id] == n
    if copies:
        assert df["copies"].iloc[0] == max(copies.values())


def test_districts_2025_counts_dong_son_in_thanh_hoa_city(session, world):
    units = refs(session)[2]
    f = Filters(view="districts-2025")
    df = chart(session, "xep-hang-don-vi", f)
    got = dict(zip(df["unit_code"], df["n"], strict=False))
    recs = selected(world, f, session)
    dong_son = {units["405"], units["L16381"]}
    city = sum(1 for r in recs if r["place"] in dong_son or r["place"] == units["380"])
    assert got.get("380") == city and "405" not in got
    then = dict(zip(*[chart(session, "xep-hang-don-vi", Filters())[c] for c in ("unit_code", "n")], strict=False))
    assert then.get("405", 0) == sum(1 for r in recs if r["place"] in dong_son)


def test_time_to_first_copy(session, world):
    f = Filters()
    first = {}
    for r in world:
        if r["origin"] is not None:
            first[r["origin"]] = min(first.get(r["origin"], r["registered_on"]), r["registered_on"])
    by_id = {r["id"]: r for r in world}
    expect = Counter((day - by_id[o]["registered_on"]).days for o, day in first.items())
    assert dict(replication.days_to_first_copy(session, filters=f)) == dict(expect)
    df = chart(session, "thoi-gian-nhan-rong", f)
    assert df["families"].sum() == len(first)


def test_programme_coverage(session, world):
    f = Filters(view="then")
    units = refs(session)[2]
    vmap = refs(session)[3]
    prog = [r for r in world if r["programme_id"] is not None]
    population = set(labels.view_units(session, view="then", start=f.start, end=f.end))
    df = chart(session, "do-phu-chuong-trinh", f)
    for year, n in zip(df["year"], df["units"], strict=False):
        hit = {t for r in prog if r["year"] <= year for t, _s in vmap[("then", r["place"])] if t in population}
        assert n == len(hit)
    assert set(df["units_total"]) == {27}
    assert units["38"] not in population


def test_view_units(session):
    f = Filters()
    assert len(labels.view_units(session, view="then", start=f.start, end=f.end)) == 27
    assert len(labels.view_units(session, view="districts-2025", start=f.start, end=f.end)) == 26
    assert len(labels.view_units(session, view="new-units", start=f.start, end=f.end)) == 166


def test_browse_search_sort_and_pages(session):
    make_example(session, title="Tuyến phố văn minh", unit="405", registered_on=dt.date(2022, 2, 1))
    make_example(session, title="Bản sáng vùng biên", unit="388", registered_on=dt.date(2023, 2, 1))
    make_example(
        session,
        title="Dòng họ <b>kiểu mẫu</b>",
        unit="380",
        locality="thôn Đông Sơn",
        registered_on=dt.date(2024, 2, 1),
    )
    for i in range(23):
        make_example(session, title=f"Mô hình {i:02d}", unit="399", registered_on=dt.date(2021, 3, 1 + i))
    found = listing.browse(session, filters=Filters(), query="dong son")
    assert found.total == 2 and {r["title"] for r in found.rows} == {"Tuyến phố văn minh", "Dòng họ <b>kiểu mẫu</b>"}
    assert listing.browse(session, filters=Filters(), query="DONG  Sơn").total == 2
    assert listing.browse(session, filters=Filters(), query="ban sang").rows[0]["title"] == "Bản sáng vùng biên"
    assert listing.browse(session, filters=Filters(), query="100%").total == 0
    pages = [
        listing.browse(session, filters=Filters(), sort="title", descending=False, page=p, per_page=10)
        for p in (1, 2, 3)
    ]
    assert [p.total for p in pages] == [26, 26, 26] and pages[0].pages == 3
    ids = [r["id"] for p in pages for r in p.rows]
    assert len(ids) == len(set(ids)) == 26
    titles = [r["title"] for p in pages for r in p.rows]
    keys = [t.casefold() for t in titles]
    assert titles[0] == "Bản sáng vùng biên" and len(keys) == 26
    newest = listing.browse(session, filters=Filters(), sort="registered_on", descending=True, per_page=1).rows[0]
    assert newest["registered_on"] == dt.date(2024, 2, 1)
    only = listing.browse(session, filters=Filters(units=("380",), view="districts-2025"))
    assert only.total == 2  # Đông Sơn counts in Thanh Hóa city


def test_record_detail_and_family_tree(session):
    origin = make_example(session, title="Bản sáng vùng biên", unit="388", registered_on=dt.date(2022, 1, 1))
    copy = make_example(
        session, title="Bản sáng vùng biên", unit="384", registered_on=dt.date(2023, 1, 1), replicated_from=origin.id
    )
    copy2 = make_example(
        session, title="Bản sáng vùng biên", unit="405", registered_on=dt.date(2024, 1, 1), replicated_from=copy.id
    )
    found = listing.record_detail(session, example_id=copy.id)
    assert found["origin"].id == origin.id and found["root"].id == origin.id
    assert [c.id for c in found["copies"]] == [copy2.id]
    assert [e.stage for e in found["events"]] == ["registered"]
    tree = replication.family_tree(session, example_id=copy2.id, view="districts-2025")
    assert [r["id"] for r in tree] == [origin.id, copy.id, copy2.id]
    assert [r["parent_id"] for r in tree] == [None, origin.id, copy.id]
    units = refs(session)[2]
    assert tree[2]["view_unit_id"] == units["380"]
    assert listing.record_detail(session, example_id=999999) is None
