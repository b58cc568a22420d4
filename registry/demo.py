"""Deterministic demo data: believable records that reproduce the published Thanh Hóa figures.

Two published figures, both counting records registered from 1 Jan 2021 (data/published_figures.csv):

- to 10 Oct 2023 (provincial Party committee site, 10 Oct 2023): 8.419 in total, 4.810 collective
  and 3.609 individual, 3.200 in the economic field, and 1.064 collectives and 1.623 individuals
  awarded by then;
- to 31 Aug 2025 (Báo Thanh Hóa, 31 Aug 2025): 10.239 in total, 6.026 collective and 4.213
  individual; economy 4.398, culture–society 3.030, defence–security 1.696, political system 1.115.

Window A (1 Jan 2021 – 10 Oct 2023) and window B (11 Oct 2023 – 31 Aug 2025) each hold exact counts
by kind and by field, so both figures come out exactly. The published numbers imply a movement that
peaked in 2021–2023 and registered far fewer new models afterwards (420 in late 2023, 900 in 2024,
500 from January to August 2025). Window B crosses the reform of 1 Jul 2025:

- 1 Jan – 30 Jun 2025 on the 26 districts of that time (Đông Sơn is gone since 1 Dec 2024);
- from 1 Jul 2025 on the 166 new communes and wards, each new unit weighing the same (the number of
  models a commune registers does not grow with its area, and the mountain communes are the
  largest), the province level keeping its 8 %.

Window C (from 1 Sep 2025 to ``today``) goes on plausibly on the new units: ``ANNUAL`` records a
calendar year (830 in 2025 with window B's 500, 1.100 in 2026, 100 more each later year), pro rata
for the days up to ``today``.

About 60 % of the records held by a district also name a commune of that time (so that the
new-units view places them precisely). Every row carries the sample flag. A fixed seed and a fixed
``today`` give the same rows every time; the rows up to 31 Aug 2025 are drawn from their own random
stream, so they do not depend on ``today`` except for the stages reached by then.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, select

from registry.datafiles import read_csv
from registry.demo_words import FAMILY, GIVEN, GROUPS, MIDDLE, PROVINCE_HOLDERS, TITLES, VILLAGES
from registry.models import REFORM_DATE, AdminUnit, ModelExampleCreate, id_of
from registry.permissions import Actor
from registry.records.bulk import bulk_insert
from registry.records.validation import References
from registry.replication.variants import vary_families
from registry.reports.demo import seed_reports
from registry.units.load import PUBLISHED_FIGURES

SEED = 20231010


def _published(prefix: str) -> tuple[dt.date, dict[str, int]]:
    """One publication's figures in data/published_figures.csv (the codes ``prefix…``): the last day
    they count, and the value of each measure (``field:economy`` as ``economy``)."""
    rows = [row for row in read_csv(PUBLISHED_FIGURES) if row["code"].startswith(prefix)]
    (until,) = {row["period_until"] for row in rows}
    return dt.date.fromisoformat(until), {row["measure"].removeprefix("field:"): int(row["value"]) for row in rows}


# The figures the demo reproduces exactly, as published: 1 Jan 2021 – 10 Oct 2023 (the provincial
# Party committee), and 1 Jan 2021 – 31 Aug 2025 (Báo Thanh Hóa, 31 Aug 2025).
CUTOFF, CALIBRATION = _published("th-2023-10-10-")
CUTOFF_2025, CALIBRATION_2025 = _published("th-2025-08-31-")
FIELDS = ("economy", "culture_society", "defence_security", "political_system")
# Window A (2021-01-01 .. CUTOFF): the 2023 figure gives the economy only; the other fields leave
# room for window B under the 2025 figure.
FIELD_SPLIT_A = {"economy": 3200, "culture_society": 2700, "defence_security": 1516, "political_system": 1003}
# Window B (CUTOFF + 1 .. CUTOFF_2025): what the 2025 figure adds to the 2023 one.
LATER = {k: CALIBRATION_2025[k] - CALIBRATION[k] for k in ("collective", "individual")}
FIELD_SPLIT_B = {f: CALIBRATION_2025[f] - FIELD_SPLIT_A[f] for f in FIELDS}
# Records per period.
PERIODS_A = (
    (dt.date(2021, 1, 1), dt.date(2021, 12, 31), 2419),
    (dt.date(2022, 1, 1), dt.date(2022, 12, 31), 3000),
    (dt.date(2023, 1, 1), CUTOFF, 3000),
)
PERIODS_B = (
    (dt.date(2023, 10, 11), dt.date(2023, 12, 31), 420),
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31), 900),
    (dt.date(2025, 1, 1), CUTOFF_2025, 500),
)
# Window C: fields in the shares of the 2025 figure, kinds about as in it.
FIELD_WEIGHTS = {"economy": 43, "culture_society": 30, "defence_security": 17, "political_system": 11}
COLLECTIVE_SHARE = 0.59
BLOC_WEIGHTS = {"party": 10, "state": 26, "front": 30, "armed_forces": 8, "enterprise": 6, "community": 20}
REPLICATION_SHARE = 0.18
# Records per calendar year from 2025 (window B's part of 2025 included; later years add 100 a
# year), pro rata to ``today``.
ANNUAL = {2025: 830, 2026: 1100}
COMMUNE_SHARE = 0.6  # records held by a district that also name a commune of that time


@dataclass
class _Row:
    data: dict
    origin: int | None = None  # local index of the origin


def _rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _exact_list(rng: random.Random, counts: dict[str, int]) -> list[str]:
    items = [k for k, n in counts.items() for _ in range(n)]
    rng.shuffle(items)
    return items


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _person(rng: random.Random) -> str:
    sex = rng.choice("mf")
    return f"{'Ông' if sex == 'm' else 'Bà'} {rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def _group(rng: random.Random, unit: AdminUnit) -> str:
    group = rng.choice(GROUPS)
    return group.replace(" xã", " phường") if unit.kind == "phuong" else group


def _stage_chain(
    rng: random.Random, registered: dt.date, stage: str, latest: dt.date, awarded_after: dt.date | None = None
) -> dict | None:
    """Dates for each stage reached, in order, none after ``latest``; None when impossible."""
    order = ["effective_on", "recognised_on", "outstanding_on", "awarded_on"]
    steps = {"registered": 0, "effective": 1, "recognised": 2, "outstanding": 3, "awarded": 4}[stage]
    out, day = {}, registered
    for _i, name in enumerate(order[:steps]):
        day = day + dt.timedelta(days=rng.randint(20, 120))
        if name == "awarded_on" and awarded_after and day <= awarded_after:
            day = awarded_after + dt.timedelta(days=rng.randint(1, 200))
        if day > latest:
            return None
        out[name] = day
    return out


def generate(units: list[AdminUnit], *, seed: int = SEED, today: dt.date | None = None) -> list[_Row]:
    """The demo rows, deterministic for a seed and a ``today`` (database ids aside)."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    if today < CUTOFF_2025:
        raise ValueError(f"the demo reproduces figures up to {CUTOFF_2025}: today must not be earlier")
    districts = sorted((u for u in units if u.level == "district"), key=lambda u: u.code)
    new_units = sorted((u for u in units if u.level == "commune" and u.valid_from >= REFORM_DATE), key=lambda u: u.code)
    province = next(u for u in units if u.level == "province")
    by_code = {u.code: u for u in units}
    rows: list[_Row] = []
    live_on: dict[dt.date, list[AdminUnit]] = {}

    def pick_unit(rng: random.Random, day: dt.date) -> AdminUnit:
        if rng.random() < 0.08:
            return province
        if day >= REFORM_DATE:
            return rng.choice(new_units)
        if day not in live_on:
            live_on[day] = [u for u in districts if u.valid_on(day)]
        live = live_on[day]
        return rng.choices(live, weights=[u.communes or 10 for u in live])[0]

    def make(kind: str, field: str, day: dt.date, rng: random.Random = rng) -> dict:
        unit = pick_unit(rng, day)
        title = rng.choice(TITLES[field])
        bloc = _weighted(rng, {**BLOC_WEIGHTS, "state": BLOC_WEIGHTS["state"] * (1.6 if day.year >= 2024 else 1)})
        if unit.level == "province":
            holder = rng.choice(PROVINCE_HOLDERS) if kind == "collective" else _person(rng)
            locality = ""
            bloc = "state" if rng.random() < 0.7 else bloc
        else:
            holder = f"{_group(rng, unit)} ({unit.short_name})" if kind == "collective" else _person(rng)
            locality = f"{rng.choice(VILLAGES)} {rng.randint(1, 9)}"
        programme = None
        if field == "political_system" and title.startswith("Chính quyền thân thiện"):
            programme, bloc, kind = "friendly_government", "state", "collective"
        return dict(
            kind=kind,
            title=title,
            holder_name=holder,
            locality=locality,
            unit=unit.code,
            field=field,
            bloc=bloc,
            programme=programme,
            registered_on=day,
            is_sample=True,
            beneficiaries=rng.choice([None, rng.randint(20, 5000)]),
            results=rng.choice(
                [
                    "",
                    "Nhân dân đồng tình hưởng ứng",
                    "Thu nhập bình quân tăng rõ rệt",
                    "Giảm số vụ việc phức tạp ở cơ sở",
                ]
            ),
        )

    def window(
        kinds: dict[str, int], fields: dict[str, int], periods: tuple[tuple[dt.date, dt.date, int], ...]
    ) -> None:
        """Rows with exactly these numbers of each kind and field, on days drawn from ``periods``."""
        kind_list, field_list = _exact_list(rng, kinds), _exact_list(rng, fields)
        days = [_rand_date(rng, s, e) for s, e, n in periods for _ in range(n)]
        rng.shuffle(days)
        start = len(rows)
        for kind, field, day in zip(kind_list, field_list, days, strict=True):
            rows.append(_Row(make(kind, field, day)))
        # The programme tag may have flipped a kind: keep the calibration exact by flipping back others.
        _rebalance_kinds(rng, rows[start:], kinds["collective"])

    # Window A: 2021-01-01 .. 2023-10-10, calibrated exactly.
    window({"collective": CALIBRATION["collective"], "individual": CALIBRATION["individual"]}, FIELD_SPLIT_A, PERIODS_A)
    # Window B: 2023-10-11 .. 2025-08-31, calibrated exactly (the 2025 figure less the 2023 one).
    window(LATER, FIELD_SPLIT_B, PERIODS_B)
    rows.sort(key=lambda r: (r.data["registered_on"], r.data["title"], r.data["holder_name"]))
    # replications before stages: how many draws the stages take depends on ``today``
    _assign_replications(rng, rows, by_code)
    _assign_stages(rng, rows, today)
    # Window C: 2025-09-01 .. today, on the new units, from its own random stream.
    later = random.Random(seed * 31 + 2025)
    new_rows = [
        _Row(
            make(
                "collective" if later.random() < COLLECTIVE_SHARE else "individual",
                _weighted(later, FIELD_WEIGHTS),
                day,
                later,
            )
        )
        for day in _later_days(later, today)
    ]
    new_rows.sort(key=lambda r: (r.data["registered_on"], r.data["title"], r.data["holder_name"]))
    _assign_free_stages(later, new_rows, today)
    start_c = len(rows)
    rows += new_rows
    _assign_later_replications(later, rows, start_c)
    _assign_communes(random.Random(seed + 1), rows, units)
    # copies' titles vary as real ones do (own random streams; rows up to 31 Aug 2025 first: not on ``today``)
    places = [by_code[r.data["unit"]].short_name for r in rows]
    keep = {
        i for i, r in enumerate(rows) if r.data["title"] == "Bản sáng vùng biên" and r.data["unit"] in ("388", "384")
    }
    for n, stream in ((start_c, seed + 2), (len(rows), seed + 3)):
        old = [r.data["title"] for r in rows[:n]]
        new = vary_families(random.Random(stream), old, places, [r.origin for r in rows[:n]], VILLAGES, keep)
        for r, title in zip(rows[:n], new, strict=True):
            r.data["title"] = title
        keep |= set(range(n))
    return rows


def _later_days(rng: random.Random, today: dt.date) -> list[dt.date]:
    """Registration days from 1 Sep 2025 to ``today``: ANNUAL records a calendar year less what
    window B holds of it, spread over the rest of the year and pro rata for the days up to ``today``."""
    start = CUTOFF_2025 + dt.timedelta(days=1)
    days = []
    for year in range(start.year, today.year + 1):
        first, year_end = max(dt.date(year, 1, 1), start), dt.date(year, 12, 31)
        last = min(year_end, today)
        if last < first:
            continue
        annual = ANNUAL.get(year, ANNUAL[2026] + 100 * (year - 2026))
        annual -= sum(n for s, e, n in PERIODS_B if s.year == year)
        n = round(annual * ((last - first).days + 1) / ((year_end - first).days + 1))
        days += sorted(_rand_date(rng, first, last) for _ in range(n))
    return days


def _assign_communes(rng: random.Random, rows: list[_Row], units: list[AdminUnit]) -> None:
    """Give about COMMUNE_SHARE of the records held by a district a commune of that time inside it."""
    by_code = {u.code: u for u in units}
    communes: dict[int, list[AdminUnit]] = {}
    for u in sorted(units, key=lambda u: u.code):
        if u.level == "commune" and u.valid_from < REFORM_DATE and u.parent_id:
            communes.setdefault(u.parent_id, []).append(u)
    for r in rows:
        unit = by_code[r.data["unit"]]
        if unit.level != "district" or rng.random() >= COMMUNE_SHARE:
            continue
        choices = [c for c in communes.get(id_of(unit), []) if c.valid_on(r.data["registered_on"])]
        if choices:
            commune = rng.choice(choices)
            r.data["commune"] = commune.code
            r.data["locality"] = f"{r.data['locality']}, {commune.name}".strip(", ")


def _rebalance_kinds(rng: random.Random, rows: list[_Row], collectives: int) -> None:
    have = sum(r.data["kind"] == "collective" for r in rows)
    free = [r for r in rows if r.data["programme"] is None]
    rng.shuffle(free)
    for r in free:
        if have == collectives:
            break
        if have > collectives and r.data["kind"] == "collective":
            r.data["kind"], r.data["holder_name"], have = "individual", _person(rng), have - 1
        elif have < collectives and r.data["kind"] == "individual":
            r.data["kind"], have = "collective", have + 1


def _assign_stages(rng: random.Random, rows: list[_Row], today: dt.date) -> None:
    """Awards by 10 Oct 2023 exactly as published; every other stage spread plausibly."""
    window = [r for r in rows if r.data["registered_on"] <= CUTOFF]
    for kind in ("collective", "individual"):
        target = CALIBRATION[f"awarded_{kind}"]
        eligible = [
            r for r in window if r.data["kind"] == kind and r.data["registered_on"] <= CUTOFF - dt.timedelta(days=200)
        ]
        rng.shuffle(eligible)
        done = 0
        for r in eligible:
            if done == target:
                break
            chain = _stage_chain(rng, r.data["registered_on"], "awarded", CUTOFF)
            if chain:
                _set_stage(rng, r, "awarded", chain)
                done += 1
        assert done == target, "demo calibration could not place every award"
    _assign_free_stages(rng, rows, today)


_LOWER_STAGE = {
    "awarded": "outstanding",
    "outstanding": "recognised",
    "recognised": "effective",
    "effective": "registered",
}


def _assign_free_stages(rng: random.Random, rows: list[_Row], today: dt.date) -> None:
    """Stages spread plausibly over the rows that have none yet, no date after ``today``."""
    weights = {"registered": 30, "effective": 35, "recognised": 18, "outstanding": 9, "awarded": 8}
    for r in rows:
        if "stage" in r.data:
            continue
        stage = _weighted(rng, weights)
        day, awarded_after = r.data["registered_on"], CUTOFF if r.data["registered_on"] <= CUTOFF else None
        chain = _stage_chain(rng, day, stage, today, awarded_after=awarded_after)
        while chain is None:  # a stage too late for the dates left: one stage lower
            stage = _LOWER_STAGE[stage]
            chain = _stage_chain(rng, day, stage, today, awarded_after=awarded_after)
        _set_stage(rng, r, stage, chain)


def _set_stage(rng: random.Random, r: _Row, stage: str, chain: dict) -> None:
    r.data.update(chain)
    r.data["stage"] = stage
    if stage in ("recognised", "outstanding", "awarded"):
        # no district level from 1 Jul 2025 (one draw either way, so the random stream stays the same)
        district_weight = 5 if r.data["recognised_on"] < REFORM_DATE else 0
        r.data["recognition_level"] = rng.choices(["commune", "district", "province"], weights=[3, district_weight, 2])[
            0
        ]
    if stage == "awarded":
        province_level = r.data["recognition_level"] == "province"
        r.data["award_form"] = "Bằng khen" if province_level else "Giấy khen"
        r.data["award_issuer"] = (
            "Chủ tịch UBND tỉnh Thanh Hóa"
            if province_level
            else "Ban Dân vận Tỉnh ủy"
            if r.data["unit"] == "38"
            else "Ban Thường vụ Đảng ủy xã, phường"
            if r.data["awarded_on"] >= REFORM_DATE
            else "Ban Thường vụ Huyện ủy"
        )


def _assign_replications(rng: random.Random, rows: list[_Row], by_code: dict[str, AdminUnit]) -> None:
    """About a fifth of the records copy an earlier record of the same title in another unit."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i].data["registered_on"], i))
    seen: dict[str, list[int]] = {}
    for i in order:
        r = rows[i]
        earlier = [
            j
            for j in seen.get(r.data["title"], [])
            if rows[j].data["unit"] != r.data["unit"] and rows[j].data["registered_on"] <= r.data["registered_on"]
        ]
        if earlier and rng.random() < REPLICATION_SHARE * 1.6:
            # mostly copy an origin, sometimes a copy (families grow transitively)
            originals = [j for j in earlier if rows[j].origin is None]
            r.origin = rng.choice(originals if originals and rng.random() < 0.8 else earlier)
        seen.setdefault(r.data["title"], []).append(i)
    # "Bản sáng vùng biên" (2024): Lang Chánh, replicated in Mường Lát.
    bansang = [
        i for i in order if rows[i].data["title"] == "Bản sáng vùng biên" and rows[i].data["registered_on"].year == 2024
    ]
    if len(bansang) >= 2:
        first, second = bansang[0], bansang[1]
        rows[first].data["unit"], rows[first].origin = "388", None
        rows[second].data["unit"], rows[second].origin = "384", first
        for j in order:
            if rows[j].origin == second and rows[j].data["unit"] == "384":
                rows[j].origin = first


def _assign_later_replications(rng: random.Random, rows: list[_Row], start: int) -> None:
    """The rows from ``start`` on (all later than the others) copy an earlier record of the same
    title in another unit about as often as before."""
    seen: dict[str, list[int]] = {}
    for i in range(start):
        seen.setdefault(rows[i].data["title"], []).append(i)
    for i in range(start, len(rows)):
        r = rows[i]
        # rows are in date order: every row seen is no later; the 100 latest of a title are enough
        earlier = [j for j in seen.get(r.data["title"], [])[-100:] if rows[j].data["unit"] != r.data["unit"]]
        if earlier and rng.random() < REPLICATION_SHARE * 1.6:
            originals = [j for j in earlier if rows[j].origin is None]
            r.origin = rng.choice(originals if originals and rng.random() < 0.8 else earlier)
        seen.setdefault(r.data["title"], []).append(i)


def seed_demo(session: Session, *, actor: Actor, seed: int = SEED, today: dt.date | None = None) -> int:
    """Insert the demo rows in one transaction: origins first, then their copies."""
    units = list(session.exec(select(AdminUnit)).all())
    rows = generate(units, seed=seed, today=today)
    refs = References(session)
    ids: dict[int, int] = {}
    pending = list(range(len(rows)))
    while pending:
        ready = [i for i in pending if rows[i].origin is None or rows[i].origin in ids]
        inputs = []
        for i in ready:
            data = dict(rows[i].data)
            origin = rows[i].origin
            if origin is not None:
                data["replicated_from"] = ids[origin]
            inputs.append(ModelExampleCreate(**data))
        for i, new_id in zip(ready, bulk_insert(session, inputs, actor, refs=refs, note="demo"), strict=False):
            ids[i] = new_id
        pending = [i for i in pending if i not in ids]
    seed_reports(session, actor=actor)  # the units' reports beside the records (registry/reports/demo.py)
    return len(ids)
