"""Issue 26 on made-up records: one direction per pair (the rule when dates tie), one default
origin per copy with the others as alternatives, honours shared by people never linked, generic
titles never linking independent holders, campaigns pointing to their first record or to the
provincial body's model."""

import datetime as dt

from sqlalchemy import select

from registry.models import AdminUnit
from registry.permissions import SYSTEM
from registry.replication import evidence, review
from registry.replication.store import recompute_all
from registry.suggestion_tables import ReplicationSuggestion
from tests.support.factories import make_example

DAY = dt.date(2022, 3, 1)
YEAR = dict(registered_on=dt.date(2023, 1, 1), registered_precision="year")


def pairs(found):
    return {(c.copy_id, c.origin_id) for c in found}


def defaults(found):
    return [c for c in found if c.rank == 0]


def districts(s, n):
    rows = s.execute(select(AdminUnit).where(AdminUnit.level == "district")).scalars()
    return [u.code for u in rows if u.valid_on(DAY.replace(2024))][:n]


def test_the_direction_rule_is_a_strict_order():
    day = dt.date(2023, 1, 1)
    a = evidence.Order(1, day, "year", 1, False)
    b = evidence.Order(2, dt.date(2023, 5, 4), "day", 1, False)
    assert evidence.precedes(a, b) and not evidence.precedes(b, a)  # same year: the lower id
    province = evidence.Order(9, dt.date(2023, 7, 1), "month", 0, False)
    assert evidence.precedes(province, a) and not evidence.precedes(a, province)  # the higher level
    says = evidence.Order(0, day, "year", 1, True)
    assert evidence.precedes(a, says) and not evidence.precedes(says, a)  # the one naming no origin
    earlier = evidence.Order(5, dt.date(2022, 12, 31), "day", 2, True)
    assert evidence.precedes(earlier, province)  # the dates first


def test_records_of_the_same_year_are_suggested_one_way_only(sqlite_session):
    s = sqlite_session
    a = make_example(s, unit="388", title="Bản sáng vùng biên", **YEAR)
    b = make_example(s, unit="384", title="Bản sáng vùng biên", **YEAR)
    found = recompute_all(s)
    assert pairs(found) == {(b.id, a.id)}  # the record entered first is the origin
    assert "cùng kỳ đăng ký" in found[0].reason


def test_never_the_reverse_of_a_rejected_pair_and_a_flip_is_remembered(sqlite_session):
    s = sqlite_session
    a = make_example(s, unit="388", title="Bản sáng vùng biên", **YEAR)
    b = make_example(s, unit="384", title="Bản sáng vùng biên", **YEAR)
    recompute_all(s)
    row = s.execute(select(ReplicationSuggestion)).scalar_one()
    review.flip(s, row.id, actor=SYSTEM)
    s.commit()
    assert s.get(type(a), a.id).replicated_from_id == b.id
    assert recompute_all(s) == []  # neither (b, a) again nor the reverse of the confirmed (a, b)
    rows = s.execute(select(ReplicationSuggestion)).scalars().all()
    assert [(r.copy_id, r.origin_id, r.status) for r in rows] == [(a.id, b.id, "confirmed")]


def test_one_default_origin_per_copy_the_others_behind_more(sqlite_session):
    s = sqlite_session
    units = districts(s, 4)
    first = make_example(s, unit=units[0], title="Đường tranh bích họa", registered_on=DAY)
    second = make_example(s, unit=units[1], title="Đường tranh bích họa", registered_on=DAY.replace(2023))
    copy = make_example(s, unit=units[2], title="Đường tranh bích họa", registered_on=DAY.replace(2024))
    found = [c for c in recompute_all(s) if c.copy_id == copy.id]
    assert [c.rank for c in found] == [0, 1]
    assert {c.origin_id for c in found} == {first.id, second.id}
    queue = [p for p in review.pending(s, actor=SYSTEM) if p.copy.id == copy.id]
    assert len(queue) == 1 and queue[0].origin.id == found[0].origin_id
    assert [a.origin.id for a in queue[0].alternatives] == [found[1].origin_id]
    assert review.pending_count(s) == len(review.pending(s, actor=SYSTEM))
    # confirming an alternative is allowed; the copy then leaves the queue
    review.confirm(s, queue[0].alternatives[0].id, actor=SYSTEM)
    assert all(p.copy.id != copy.id for p in review.pending(s, actor=SYSTEM))


def test_exemplars_sharing_an_honour_are_not_copies(sqlite_session):
    s = sqlite_session
    units = districts(s, 5)
    person = dict(kind="individual", holder_name="Ông Lê Văn A")
    for title in ("Nông dân sản xuất kinh doanh giỏi", "Người tốt việc tốt tiêu biểu"):
        for j in range(2):
            make_example(s, unit=units[j], title=title, registered_on=DAY.replace(2021 + j), **person)
    runs = make_example(s, unit=units[2], title="Mô hình nuôi ong lấy mật rừng", registered_on=DAY, **person)
    follows = make_example(
        s, unit=units[3], title="Mô hình nuôi ong lấy mật rừng", registered_on=DAY.replace(2023), **person
    )
    stated = make_example(
        s, unit=units[4], title="Nông dân sản xuất kinh doanh giỏi", registered_on=DAY.replace(2024),
        description="Học tập mô hình nông dân sản xuất kinh doanh giỏi của xã bạn.", **person,
    )  # fmt: skip
    found = recompute_all(s)
    assert evidence.is_honour("Nông dân sản xuất kinh doanh giỏi") and not evidence.is_honour("Mô hình nuôi ong")
    assert (follows.id, runs.id) in pairs(found)  # a model the person runs
    honours = [c for c in found if c.copy_id != follows.id]
    assert {c.copy_id for c in honours} == {stated.id}  # only where the text says so
    assert all("nguồn ghi rõ" in c.reason for c in honours)


def test_a_generic_title_links_no_independent_holders(sqlite_session):
    s = sqlite_session
    units = districts(s, 12)
    for i, code in enumerate(units[:-1]):
        make_example(s, unit=code, title="Trồng rau an toàn", registered_on=DAY + dt.timedelta(days=i))
    late = make_example(s, unit=units[-1], title="Mô hình trồng rau an toàn", registered_on=DAY.replace(2024))
    found = recompute_all(s)
    assert found == [] and late.id
    # five holders: still suggested, and the reason says how common the title is
    s2_units = units[:5]
    for i, code in enumerate(s2_units):
        make_example(s, unit=code, title="Tủ sách pháp luật thôn bản", registered_on=DAY.replace(2021 + i % 3))
    found = recompute_all(s)
    assert found and all("tên phổ biến: 5 đơn vị dùng" in c.reason for c in found)


def test_a_campaign_points_to_its_first_record_and_the_tag_is_offered(sqlite_session):
    s = sqlite_session
    pilot = make_example(
        s, unit="405", title="Mô hình thí điểm “Chính quyền thân thiện, vì Nhân dân phục vụ”",
        registered_on=dt.date(2020, 6, 1), bloc="state",
    )  # fmt: skip
    make_example(s, unit="380", title="Chính quyền thân thiện, vì Nhân dân phục vụ phường", registered_on=DAY)
    copy = make_example(
        s,
        unit="399",
        title="Mô hình điểm “Chính quyền thân thiện, vì Nhân dân phục vụ”",
        registered_on=DAY.replace(2023),
    )
    best = next(c for c in recompute_all(s) if c.copy_id == copy.id and c.rank == 0)
    assert best.origin_id == pilot.id and "chương trình" in best.reason
    item = next(p for p in review.pending(s, actor=SYSTEM) if p.copy.id == copy.id)
    assert item.programme is not None and "Chính quyền thân thiện" in item.programme[1]
    review.tag_programme(s, item.id, item.programme[0], actor=SYSTEM)
    s.commit()
    assert s.get(type(copy), copy.id).programme_id == item.programme[0]


def test_a_provincial_model_is_the_origin_not_the_first_neighbour(sqlite_session):
    s = sqlite_session
    neighbour = make_example(s, unit="388", title="Bản sáng vùng biên", **YEAR)
    province = make_example(
        s,
        unit="38",
        title="Mô hình “Bản sáng vùng biên”",
        registered_on=dt.date(2023, 7, 1),
        registered_precision="month",
    )
    copy = make_example(s, unit="384", title="Bản sáng vùng biên", registered_on=dt.date(2023, 10, 2))
    found = recompute_all(s)
    best = next(c for c in found if c.copy_id == copy.id and c.rank == 0)
    assert best.origin_id == province.id and "cấp tỉnh" in best.reason
    assert (neighbour.id, province.id) in pairs(found)  # same year: the province is the origin
    assert (province.id, neighbour.id) not in pairs(found)
