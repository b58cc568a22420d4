"""Dates as sources give them (issue 12, item 5): "2023", "năm 2023", "03/2023", "tháng 3/2023",
"T3/2023", a full date in any usual shape or an Excel date. The record keeps the precision beside
the date (a year on its 1 Jan, a month on its first day), counts by year are unchanged, and the
browse table, the record detail and the export show "2023" or "03/2023", never "01/01/2023"."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata

import pytest
from sqlmodel import Session, select

from registry import permissions
from registry.db import read_session
from registry.errors import ValidationFailed
from registry.exports.records import registry_csv, registry_table
from registry.i18n import fmt_date_precise, t
from registry.importing import cells as import_cells
from registry.importing import plan as import_plan
from registry.models import ModelExample, ModelExampleUpdate
from registry.queries.filters import Filters
from registry.queries.listing import browse, record_detail, stage_precision
from registry.records import writes
from tests.support.factories import example_input, make_example
from tests.support.import_rows import GOOD, HEADER, csv_bytes

ADMIN = permissions.SYSTEM
D = dt.date

# value as written -> (date stored, precision)
SHAPES = [
    ("2023", D(2023, 1, 1), "year"),
    (" 2023 ", D(2023, 1, 1), "year"),
    ("năm 2023", D(2023, 1, 1), "year"),
    ("Năm 2023", D(2023, 1, 1), "year"),
    (unicodedata.normalize("NFD", "năm 2023"), D(2023, 1, 1), "year"),
    ("NĂM 2016", D(2016, 1, 1), "year"),
    ("n¨m 2023", D(2023, 1, 1), "year"),  # TCVN3 read as Unicode
    (2023, D(2023, 1, 1), "year"),  # a number cell: a year, not Excel's day 2023 (1905)
    (2023.0, D(2023, 1, 1), "year"),
    ("03/2023", D(2023, 3, 1), "month"),
    ("3/2023", D(2023, 3, 1), "month"),
    ("3-2023", D(2023, 3, 1), "month"),
    ("03.2023", D(2023, 3, 1), "month"),
    ("12 / 2022", D(2022, 12, 1), "month"),
    ("tháng 3/2023", D(2023, 3, 1), "month"),
    ("Tháng 03/2023", D(2023, 3, 1), "month"),
    ("tháng 3 năm 2023", D(2023, 3, 1), "month"),
    ("tháng 3, 2023", D(2023, 3, 1), "month"),
    ("T3/2023", D(2023, 3, 1), "month"),
    ("t11/2024", D(2024, 11, 1), "month"),
    ("T 3-2023", D(2023, 3, 1), "month"),
    ("2023-03", D(2023, 3, 1), "month"),
    ("15/03/2023", D(2023, 3, 15), "day"),
    ("5/3/2023", D(2023, 3, 5), "day"),
    ("05-03-2023", D(2023, 3, 5), "day"),
    ("05.03.2023", D(2023, 3, 5), "day"),
    ("2023-03-15", D(2023, 3, 15), "day"),
    ("2023-03-15 08:30:00", D(2023, 3, 15), "day"),
    ("ngày 5 tháng 3 năm 2023", D(2023, 3, 5), "day"),
    ("Ngày 05 tháng 03 năm 2023", D(2023, 3, 5), "day"),
    ("ngày 5/3/2023", D(2023, 3, 5), "day"),
    ("5 tháng 3 năm 2023", D(2023, 3, 5), "day"),
    (44986, D(2023, 3, 1), "day"),  # Excel serial
    (44986.75, D(2023, 3, 1), "day"),  # with a time of day
    ("44986", D(2023, 3, 1), "day"),
    (dt.datetime(2023, 3, 15, 8), D(2023, 3, 15), "day"),
    (D(2023, 3, 15), D(2023, 3, 15), "day"),
]
BAD = [
    "31/02/2023",
    "15/13/2023",
    "13/2023",
    "0/2023",
    "tháng 13/2023",
    "T13/2023",
    "năm hai nghìn",
    "hôm qua",
    "2023/15/03",
    "23",
    "3/23",
    "quý 1/2023",
    True,
]


@pytest.mark.parametrize("value, day, precision", SHAPES)
def test_every_shape_gives_its_date_and_precision(value, day, precision):
    assert import_cells.parse_date_precise(value) == (day, precision)
    assert import_cells.parse_date(value) == day


@pytest.mark.parametrize("value", BAD)
def test_what_is_not_a_date_is_refused(value):
    with pytest.raises(ValueError):
        import_cells.parse_date_precise(value)


@pytest.mark.parametrize("value", ["", None])
def test_an_empty_cell_is_no_date(value):
    assert import_cells.parse_date_precise(value) is None


@pytest.mark.parametrize(
    "day, precision, lang, shown",
    [
        (D(2023, 1, 1), "year", "vi", "2023"),
        (D(2023, 1, 1), "year", "en", "2023"),
        (D(2023, 3, 1), "month", "vi", "03/2023"),
        (D(2023, 3, 1), "month", "en", "03/2023"),
        (D(2023, 3, 15), "day", "vi", "15/03/2023"),
        (D(2023, 3, 15), "day", "en", "2023-03-15"),
        (None, "year", "vi", "–"),
    ],
)
def test_the_formatter_shows_what_the_source_gave(day, precision, lang, shown):
    assert fmt_date_precise(day, precision, lang) == shown


# --------------------------------------------------------------------------- validation and writes
def test_a_year_or_a_month_is_stored_as_its_first_day_with_its_precision(session):
    year = make_example(session, registered_on=D(2023, 7, 9), registered_precision="year")
    month = make_example(session, title="Chợ văn minh", registered_on=D(2023, 3, 20), registered_precision="month")
    day = make_example(session, title="Bếp ăn bán trú", registered_on=D(2023, 3, 20))
    assert (year.registered_on, year.registered_precision, year.year) == (D(2023, 1, 1), "year", 2023)
    assert (month.registered_on, month.registered_precision) == (D(2023, 3, 1), "month")
    assert (day.registered_on, day.registered_precision) == (D(2023, 3, 20), "day")


def test_an_unknown_precision_is_refused_with_a_message(session):
    with pytest.raises(ValidationFailed) as caught:
        writes.create_example(session, example_input(registered_precision="week"), ADMIN)
    messages = caught.value.by_field("vi")["registered_on"]
    assert messages == ["Ngày đăng ký: độ chính xác “week” không hợp lệ (năm, tháng hoặc ngày)."]


def test_a_stage_in_the_registration_year_is_not_before_a_registration_by_year(session):
    """Registered "2023" (stored 1 Jan) and effective "2023": not "before the registration"; a stage
    given by its year only is compared by year with a full registration date too."""
    data = example_input(
        registered_on=D(2023, 6, 15),
        stage="effective",
        effective_on=D(2023, 1, 1),
        effective_precision="year",
    )
    example = writes.create_example(session, data, ADMIN)
    assert (example.effective_on, example.effective_precision) == (D(2023, 1, 1), "year")
    with pytest.raises(ValidationFailed) as caught:
        writes.create_example(
            session,
            example_input(
                title="Khác",
                registered_on=D(2023, 6, 15),
                stage="effective",
                effective_on=D(2022, 1, 1),
                effective_precision="year",
            ),
            ADMIN,
        )
    assert "2022" in caught.value.by_field("vi")["effective_on"][0]
    assert "01/01/2022" not in caught.value.by_field("vi")["effective_on"][0]


def test_an_edit_of_the_date_alone_makes_it_a_full_date_and_precision_can_change_alone(session):
    example = make_example(session, registered_on=D(2023, 1, 1), registered_precision="year")
    edited = writes.update_example(
        session, example.id, ModelExampleUpdate(version=example.version, registered_on=D(2023, 4, 2)), ADMIN
    )
    assert (edited.registered_on, edited.registered_precision) == (D(2023, 4, 2), "day")
    again = writes.update_example(
        session, example.id, ModelExampleUpdate(version=edited.version, registered_precision="month"), ADMIN
    )
    assert (again.registered_on, again.registered_precision) == (D(2023, 4, 1), "month")
    untouched = writes.update_example(
        session, example.id, ModelExampleUpdate(version=again.version, title="Tên mới"), ADMIN
    )
    assert untouched.registered_precision == "month"


def test_a_stage_change_sets_a_full_date(session):
    example = make_example(session)
    moved = writes.change_stage(session, example.id, "effective", on=D(2024, 2, 3), actor=ADMIN)
    assert (moved.effective_on, moved.effective_precision) == (D(2024, 2, 3), "day")


# --------------------------------------------------------------------------- import
def _row(date: str, title: str) -> list[str]:
    row = list(GOOD[0])
    row[1], row[6] = title, date
    return row


def test_import_stores_the_precision_of_each_row_and_counts_by_year(db):
    rows = [_row("2023", "Một"), _row("tháng 3/2023", "Hai"), _row("T11/2022", "Ba"), _row("5/3/2023", "Bốn")]
    result = import_plan.run_import(db, csv_bytes(rows), "f.csv", ADMIN)
    assert result.ok, result.errors
    with read_session(db) as s:
        got = {
            e.title: (e.registered_on, e.registered_precision, e.year)
            for e in s.exec(select(ModelExample).where(ModelExample.id.in_(result.created_ids)))
        }
    assert got == {
        "Một": (D(2023, 1, 1), "year", 2023),
        "Hai": (D(2023, 3, 1), "month", 2023),
        "Ba": (D(2022, 11, 1), "month", 2022),
        "Bốn": (D(2023, 3, 5), "day", 2023),
    }


def test_a_bad_date_names_the_forms_it_accepts(db):
    result = import_plan.run_import(db, csv_bytes([_row("tháng 13/2023", "Một")]), "f.csv", ADMIN, dry_run=True)
    assert [(e.column, e.key) for e in result.errors] == [("Ngày đăng ký", "upload.bad_date")]
    message = result.errors[0].message("vi")
    assert "tháng 13/2023" in message and "03/2023" in message and "2023" in message


def test_stage_dates_keep_their_precision_on_import(db):
    header = HEADER
    row = _row("2022", "Một")
    row[7], row[8] = "Hiệu quả", "tháng 6/2023"
    result = import_plan.run_import(db, csv_bytes([row], header=header), "f.csv", ADMIN)
    assert result.ok, result.errors
    with read_session(db) as s:
        example = s.get(ModelExample, result.created_ids[0])
        assert (example.effective_on, example.effective_precision) == (D(2023, 6, 1), "month")


# --------------------------------------------------------------------------- display and export
def _export_rows(session, lang="vi") -> list[dict]:
    table = registry_table(session, Filters(year_from=2021, year_until=2025), ADMIN, lang)
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def test_browse_rows_and_the_export_show_the_year_or_the_month_not_an_invented_day(session):
    make_example(session, title="Theo năm", registered_on=D(2023, 1, 1), registered_precision="year")
    make_example(session, title="Theo tháng", registered_on=D(2023, 3, 1), registered_precision="month")
    make_example(session, title="Theo ngày", registered_on=D(2023, 3, 15))
    page = browse(session, filters=Filters(year_from=2023, year_until=2023), query="", per_page=10)
    shown = {r["title"]: fmt_date_precise(r["registered_on"], r["registered_precision"], "vi") for r in page.rows}
    assert shown == {"Theo năm": "2023", "Theo tháng": "03/2023", "Theo ngày": "15/03/2023"}
    rows = {r[t("export.col.title", "vi")]: r[t("export.col.registered_on", "vi")] for r in _export_rows(session)}
    assert rows == {"Theo năm": "2023", "Theo tháng": "03/2023", "Theo ngày": D(2023, 3, 15)}
    _name, data = registry_csv(session, Filters(year_from=2023, year_until=2023), ADMIN)
    text = data.decode("utf-8-sig")
    assert "03/2023" in text and "01/03/2023" not in text and "01/01/2023" not in text


def test_record_detail_history_shows_the_registration_as_given(session):
    example = make_example(session, registered_on=D(2023, 3, 20), registered_precision="month")
    found = record_detail(session, example_id=example.id)
    record = found["record"].model_dump()  # as ui/readers.py hands it to the page
    (event,) = [e.model_dump() for e in found["events"]]
    shown = fmt_date_precise(event["reached_on"], stage_precision(record, event["stage"], event["reached_on"]), "vi")
    assert shown == "03/2023"
    assert fmt_date_precise(record["registered_on"], record["registered_precision"], "en") == "03/2023"
    assert stage_precision(record, "registered", D(2023, 3, 2)) == "day"  # another day: not that date
    assert stage_precision(record, "effective", None) == "day"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_exported_month_or_year_reimports_with_its_precision_and_nothing_changes(db, lang):
    with Session(db) as s:
        make_example(s, title="Theo năm", registered_on=D(2023, 1, 1), registered_precision="year")
        make_example(s, title="Theo tháng", registered_on=D(2023, 3, 1), registered_precision="month")
        # a record stored at day precision, changed to the month in the file: re-import updates it
        day = make_example(s, title="Theo ngày", registered_on=D(2023, 3, 15))
        day_id = day.id
        _name, data = registry_csv(s, Filters(year_from=2023, year_until=2023), ADMIN, lang)
    checked = import_plan.run_import(db, data, "registry.csv", ADMIN, dry_run=True)
    assert checked.errors == [] and (checked.to_create, checked.to_update, checked.unchanged) == (0, 0, 3)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    date_col = header.index(t("export.col.registered_on", lang))
    title_col = header.index(t("export.col.title", lang))
    for row in rows[1:]:
        if row[title_col] == "Theo ngày":
            row[date_col] = "03/2023"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    done = import_plan.run_import(db, out.getvalue().encode("utf-8-sig"), "registry.csv", ADMIN)
    assert done.ok and done.summary() == {"created": 0, "updated": 1, "errors": 0}, done.errors
    with read_session(db) as s:
        example = s.get(ModelExample, day_id)
        assert (example.registered_on, example.registered_precision) == (D(2023, 3, 1), "month")
