"""The suggester: close titles in other units, generic titles low, rejections remembered."""

import datetime as dt

from sqlalchemy import select

from registry.models import AdminUnit
from registry.permissions import SYSTEM
from registry.replication import review
from registry.replication.store import recompute_all, suggest_for
from registry.replication.suggest import match_key
from registry.suggestion_tables import ReplicationSuggestion
from tests.support.factories import make_example

DAY = dt.date(2022, 3, 1)


def top(found, copy_id):
    mine = sorted((c for c in found if c.copy_id == copy_id), key=lambda c: -c.score)
    return mine[0] if mine else None


def test_match_key_drops_generic_words_and_expands_abbreviations():
    assert match_key("Mô hình “Xây dựng NTM kiểu mẫu”") == match_key("nông thôn mới kiểu mẫu")
    assert match_key("Bếp ăn ATTP") == "bep an an toan thuc pham"


def test_close_title_in_another_unit_is_suggested(sqlite_session):
    s = sqlite_session
    origin = make_example(s, unit="388", title="Bản sáng vùng biên", registered_on=DAY)
    copy = make_example(s, unit="384", title="Mô hình “Bản sáng vùng biên” Mường Lát", registered_on=DAY.replace(2023))
    same_unit = make_example(s, unit="388", title="Bản sáng vùng biên", registered_on=DAY.replace(2024))
    later = make_example(s, unit="380", title="Bản sáng vùng biên", registered_on=DAY.replace(2025))
    found = recompute_all(s)
    best = top(found, copy.id)
    assert best is not None and best.origin_id == origin.id and best.score >= 0.5
    assert "Bản sáng vùng biên" in best.reason
    # never a later record, never the same unit, never a link: only a suggestion
    assert all(c.origin_id != later.id for c in found if c.copy_id == copy.id)
    assert all(c.origin_id != same_unit.id for c in found if c.copy_id == origin.id)
    s.refresh(copy)
    assert copy.replicated_from_id is None


def test_generic_titles_rank_low(sqlite_session):
    s = sqlite_session
    districts = s.execute(select(AdminUnit).where(AdminUnit.level == "district")).scalars()
    units = [u.code for u in districts if u.valid_on(DAY.replace(2024))][:14]
    for i, code in enumerate(units[:-1]):
        make_example(s, unit=code, title="Camera an ninh", registered_on=DAY + dt.timedelta(days=i))
    generic_copy = make_example(s, unit=units[-1], title="Camera an ninh", registered_on=DAY.replace(2024))
    origin = make_example(s, unit=units[0], title="Đèn đường năng lượng mặt trời", registered_on=DAY)
    copy = make_example(s, unit=units[1], title="Đèn đường năng lượng mặt trời", registered_on=DAY.replace(2024))
    found = recompute_all(s)
    specific = top(found, copy.id)
    generic = top(found, generic_copy.id)
    assert specific.origin_id == origin.id and specific.score > 0.5
    assert generic is None or generic.score < 0.5


def test_a_generic_title_with_a_shared_programme_still_counts(sqlite_session):
    s = sqlite_session
    districts = s.execute(select(AdminUnit).where(AdminUnit.level == "district")).scalars()
    units = [u.code for u in districts if u.valid_on(DAY.replace(2024))][:14]
    for i, code in enumerate(units[:-2]):
        make_example(s, unit=code, title="Một cửa thân thiện", registered_on=DAY + dt.timedelta(days=i))
    tagged = dict(programme="friendly_government")
    origin = make_example(s, unit=units[-2], title="Một cửa thân thiện", registered_on=DAY.replace(2023), **tagged)
    copy = make_example(s, unit=units[-1], title="Một cửa thân thiện", registered_on=DAY.replace(2024), **tagged)
    best = top(recompute_all(s), copy.id)
    assert best is not None and best.origin_id == origin.id
    assert "cùng chương trình" in best.reason and "phổ biến" in best.reason


def test_a_shared_programme_is_strong_evidence(sqlite_session):
    s = sqlite_session
    a = make_example(s, unit="380", title="Một cửa thân thiện", registered_on=DAY)
    b = make_example(s, unit="384", title="Một cửa thân thiện", registered_on=DAY, programme="friendly_government")
    copy = make_example(
        s, unit="388", title="Một cửa thân thiện", registered_on=DAY.replace(2023), programme="friendly_government"
    )
    best = top(recompute_all(s), copy.id)
    assert best.origin_id == b.id != a.id


def test_a_rejection_is_remembered(sqlite_session):
    s = sqlite_session
    origin = make_example(s, unit="388", title="Bản sáng vùng biên", registered_on=DAY)
    copy = make_example(s, unit="384", title="Bản sáng vùng biên", registered_on=DAY.replace(2023))
    recompute_all(s)
    row = s.execute(select(ReplicationSuggestion).where(ReplicationSuggestion.copy_id == copy.id)).scalar_one()
    review.reject(s, row.id, actor=SYSTEM)
    assert all(c.origin_id != origin.id for c in recompute_all(s) if c.copy_id == copy.id)
    assert suggest_for(s, [copy.id]) == []
    rows = s.execute(select(ReplicationSuggestion).where(ReplicationSuggestion.copy_id == copy.id)).scalars().all()
    assert [(r.status, r.decided_by) for r in rows] == [("rejected", "system")]
    assert review.pending_count(s) == 0
