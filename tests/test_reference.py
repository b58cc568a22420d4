"""One reference-data snapshot per data version: read once, shared by its views (Codes, Labels,
the URL's valid codes, the unit choices, the CLI's lookups), and read again after any write."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from registry import reference
from registry.dimensions import FIELD, KIND, PROGRAMME, UNIT
from registry.models import Programme, WorkField
from registry.queries import labels as qlabels
from registry.queries.filters import Codes
from registry.records import rollups
from registry.records.validation import References
from tests.support.factories import make_example


def test_views_share_one_snapshot_until_a_write(sqlite_session):
    first = reference.snapshot(sqlite_session)
    assert reference.snapshot(sqlite_session) is first
    assert Codes.load(sqlite_session) is first.codes
    assert qlabels.Labels.load(sqlite_session, "en") is first.labels("en")
    make_example(sqlite_session)  # a write bumps the change counter
    second = reference.snapshot(sqlite_session)
    assert second is not first and second.version == first.version + 1


def test_a_new_code_is_seen_after_the_write_that_adds_it(sqlite_session):
    before = reference.snapshot(sqlite_session)
    assert "new_programme" not in Codes.load(sqlite_session).programmes
    sqlite_session.add(Programme(code="new_programme", name_vi="Chương trình mới", name_en="New programme", sort=99))
    rollups.bump_version(sqlite_session)
    sqlite_session.commit()
    after = reference.snapshot(sqlite_session)
    assert after.version == before.version + 1
    assert "new_programme" in Codes.load(sqlite_session).programmes
    assert "new_programme" in qlabels.known_codes(sqlite_session)["programmes"]
    assert after.choices(PROGRAMME, "en")["new_programme"] == "New programme"
    assert after.choices(PROGRAMME, "vi")["new_programme"] == "Chương trình mới"
    assert after.lookup(PROGRAMME)["chuongtrinhmoi"] == "new_programme"
    new_id = Codes.load(sqlite_session).programmes["new_programme"]
    assert qlabels.Labels.load(sqlite_session, "vi").programmes[new_id] == ("new_programme", "Chương trình mới")


def test_the_snapshot_holds_what_the_tables_hold(sqlite_session):
    snap = reference.snapshot(sqlite_session)
    fields = sqlite_session.execute(select(WorkField.code, WorkField.name_en, WorkField.colour)).all()
    labels = snap.labels("en")
    assert sorted(labels.fields.values()) == sorted(tuple(r) for r in fields)
    assert len(snap.units) == sqlite_session.execute(select(func.count()).select_from(qlabels.AdminUnit)).scalar()
    assert snap.choices(FIELD, "en") == {code: name for code, name, _colour in labels.fields.values()}
    assert list(snap.choices(KIND, "en")) == ["collective", "individual"]
    units = snap.choices(UNIT, "vi")
    assert next(iter(units)) == "38" and "380" in units  # the province first, then the districts
    assert snap.file_names("vi")["unit:380"] == snap.labels("vi").unit_by_code("380").short_name


def test_the_validation_s_references_are_views_of_the_snapshot(sqlite_db):
    with Session(sqlite_db) as first:
        refs = References(first)
        unit = refs.units.by_code["380"]
        assert refs.fields["economy"] == Codes.load(first).fields["economy"]
    with Session(sqlite_db) as second:
        again = References(second)
        assert again.units is refs.units and again.fields is refs.fields  # read once per version
    assert unit.name and unit.valid_on(unit.valid_from)  # the index outlives the session that read it
    with Session(sqlite_db) as third:
        make_example(third)
        assert References(third).units is not refs.units  # a write: read again
