"""A unit-limited editor's scope follows the 1 Jul 2025 reform, with the real Hậu Lộc communes:
the Hậu Lộc (district) editor edits the records of the five new communes formed from its
communes; the editor of a new commune edits its own records and, before the reform, those of the
former communes that went wholly into it, and nothing else."""

import datetime as dt

import pytest

from registry.errors import PermissionDenied
from registry.models import ModelExampleUpdate
from registry.permissions import Actor, lineage_scope
from registry.records import writes
from registry.units.index import UnitIndex
from tests.support.factories import example_input, make_example

HAU_LOC_NEW = {"16012", "16021", "16033", "16072", "16078"}  # data/lineage_2025.csv, old_district_code 400
AFTER = dt.date(2025, 8, 1)


def _edit(session, example, actor):
    edited = writes.update_example(session, example.id, ModelExampleUpdate(version=example.version, results="x"), actor)
    session.commit()
    return edited


def _refused(session, example, actor):
    with pytest.raises(PermissionDenied):
        writes.update_example(session, example.id, ModelExampleUpdate(version=example.version, results="x"), actor)
    session.rollback()


def test_the_hau_loc_editor_edits_the_new_communes_formed_from_hau_loc(session):
    units = UnitIndex.load(session)
    editor = Actor("hl", "editor", units.by_code["400"].id)
    assert {units.by_id[i].code for i in lineage_scope(units, editor.unit_id)} == HAU_LOC_NEW
    for code in sorted(HAU_LOC_NEW):
        record = make_example(session, unit=code, registered_on=AFTER, title=f"Sau cải cách {code}")
        assert _edit(session, record, editor).results == "x"
        writes.change_stage(session, record.id, "effective", on=dt.date(2025, 9, 1), actor=editor)
        session.commit()
    created = writes.create_example(session, example_input(unit="16078", registered_on=AFTER), editor)
    session.commit()
    assert created.unit_id == units.by_code["16078"].id
    before = make_example(session, unit="400", commune="L16021", registered_on=dt.date(2024, 3, 1))
    _edit(session, before, editor)  # as before the fix: the district's own records
    elsewhere = make_example(session, unit="15142", registered_on=AFTER)  # Cẩm Thạch, formed from Cẩm Thủy
    _refused(session, elsewhere, editor)
    with pytest.raises(PermissionDenied):
        writes.delete_example(session, elsewhere.id, editor)
    session.rollback()
    mine = make_example(session, unit="16012", registered_on=AFTER)
    with pytest.raises(PermissionDenied):  # nor move a record out of the scope
        writes.update_example(session, mine.id, ModelExampleUpdate(version=mine.version, unit="15142"), editor)
    session.rollback()


def test_the_editor_of_a_new_commune_edits_the_former_communes_that_went_wholly_into_it(session):
    units = UnitIndex.load(session)
    trieu_loc = Actor("tl", "editor", units.by_code["16021"].id)  # from Đại Lộc, Triệu Lộc, Tiến Lộc
    assert {units.by_id[i].code for i in lineage_scope(units, trieu_loc.unit_id)} >= {"L16018", "L16021", "L16027"}
    own = make_example(session, unit="16021", registered_on=AFTER)
    _edit(session, own, trieu_loc)
    former = make_example(session, unit="400", commune="L16021", registered_on=dt.date(2024, 3, 1))
    _edit(session, former, trieu_loc)
    gone = make_example(session, unit="400", commune="L16027", registered_on=dt.date(2024, 3, 1))
    writes.delete_example(session, gone.id, trieu_loc)
    session.commit()
    _refused(session, make_example(session, unit="16012", registered_on=AFTER), trieu_loc)  # a neighbour
    _refused(session, make_example(session, unit="400", commune="L16015", registered_on=dt.date(2024, 3, 1)), trieu_loc)
    _refused(session, make_example(session, unit="400", registered_on=dt.date(2024, 3, 1)), trieu_loc)  # the district
    with pytest.raises(PermissionDenied):  # nor move a former commune's record to another commune of the district
        writes.update_example(
            session, former.id, ModelExampleUpdate(version=former.version, commune="L16015"), trieu_loc
        )


def test_split_communes_stay_out_of_a_new_unit_scope(session):
    units = UnitIndex.load(session)
    split = {old for old, targets in units.forward.items() if len(targets) > 1}
    assert split, "the lineage has split communes"
    for old in split:
        for new, _share in units.forward[old]:
            assert old not in lineage_scope(units, new)


def test_the_city_keeps_the_new_units_formed_from_dong_son(session):
    units = UnitIndex.load(session)
    city = lineage_scope(units, units.by_code["380"].id)
    assert {"16378", "16417"} <= {units.by_id[i].code for i in city}  # formed from Đông Sơn and city communes
    assert units.by_code["15142"].id not in city
