"""Exports: CSV byte for byte, XLSX metadata, formula neutralisation, file names, roles, and the
chart exports agreeing with the dashboard figures."""

import csv
import datetime as dt
import io
import numbers
import zipfile

import openpyxl
import pandas as pd
import pytest
from sqlmodel import Session

from registry.errors import PermissionDenied
from registry.exports import bundle, formats
from registry.exports import records as registry_export
from registry.exports.formats import Metadata, Table, csv_bytes, file_name, neutralise, xlsx_bytes
from registry.permissions import SYSTEM, Actor
from registry.queries.filters import Filters
from registry.records import writes
from tests.support.factories import make_example

REPORTER, VIEWER, ADMIN = Actor("bao", "reporter"), Actor("xem", "viewer"), Actor("quan", "admin")
HOSTILE = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=y", '=HYPERLINK("http://x")']


def meta(**overrides):
    values = dict(
        title="Số mô hình theo lĩnh vực",
        as_of=dt.date(2024, 12, 31),
        filters_text="2021–2024 · tất cả",
        data_version=42,
        sample=True,
        lang="vi",
        exported_at=dt.datetime(2025, 1, 2, 3, 4),
    )
    return Metadata(**{**values, **overrides})


# --------------------------------------------------------------------------- cells and CSV
def test_neutralise_prefixes_formula_starts_and_keeps_numbers():
    for value in HOSTILE:
        assert neutralise(value) == "'" + value
    assert neutralise("Kinh tế") == "Kinh tế" and neutralise("a=b") == "a=b"
    assert neutralise(-5) == -5 and neutralise(3.5) == 3.5 and neutralise(None) is None


def test_csv_byte_for_byte_with_vietnamese_text_and_bom():
    df = pd.DataFrame(
        {
            "Lĩnh vực": ["Kinh tế", "Văn hóa – xã hội", "Quốc phòng, an ninh"],
            "Số mô hình": [3200, 2466, 1187],
            "Tỷ lệ": [0.38, 0.2929, 0.141],
        }
    )
    expected = (
        "\ufeffLĩnh vực,Số mô hình,Tỷ lệ\r\n"
        "Kinh tế,3200,0.38\r\n"
        "Văn hóa – xã hội,2466,0.2929\r\n"
        '"Quốc phòng, an ninh",1187,0.141\r\n'
    ).encode("utf-8")
    assert csv_bytes(df) == expected
    assert csv_bytes(df).startswith(b"\xef\xbb\xbf")


def test_csv_text_is_nfc():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Thanh Hóa")
    assert csv_bytes(Table(["a"], [[nfd]])) == "\ufeffa\r\nThanh Hóa\r\n".encode("utf-8")


def test_csv_neutralises_hostile_cells_and_keeps_numbers_numbers():
    data = csv_bytes(Table(["=tiêu đề", "n"], [[v, -3] for v in HOSTILE] + [[None, 2.0]]))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["'=tiêu đề", "n"]
    assert [r[0] for r in rows[1:-1]] == ["'" + v for v in HOSTILE]
    assert all(r[1] == "-3" for r in rows[1:-1])  # a negative number is a number, not a formula
    assert rows[-1] == ["", "2"]


# --------------------------------------------------------------------------- XLSX
def test_xlsx_has_data_and_metadata_sheets():
    df = pd.DataFrame({"Năm": [2023, 2024], "Số mô hình": [3700, 4100]})
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(df, meta())))
    assert book.sheetnames == ["Số liệu", "Thông tin"]
    data = book["Số liệu"]
    assert [c.value for c in data[1]] == ["Năm", "Số mô hình"]
    assert [[c.value for c in row] for row in data.iter_rows(min_row=2)] == [[2023, 3700], [2024, 4100]]
    assert data.freeze_panes == "A2" and data.print_title_rows == "$1:$1"
    assert data.page_setup.orientation == "landscape" and data.page_setup.paperSize == 9
    info = {row[0].value: row[1].value for row in book["Thông tin"].iter_rows(min_row=2) if row[0].value}
    assert info["Tiêu đề"] == "Số mô hình theo lĩnh vực"
    assert info["Nguồn"].startswith("Ban Dân vận Tỉnh ủy Thanh Hóa")
    assert "Số liệu tính đến ngày 31/12/2024" in info["Trích dẫn"]
    assert info["Số liệu tính đến ngày"] == "31/12/2024"
    assert info["Bộ lọc"] == "2021–2024 · tất cả"
    assert info["Phiên bản dữ liệu"] == "42"
    assert info["Dữ liệu mẫu"].startswith("Có")
    definitions = [row[1].value for row in book["Thông tin"].iter_rows(min_row=2)]
    assert any(d.startswith("Số mô hình, điển hình:") for d in definitions)
    assert any(d.startswith("Nhân rộng:") for d in definitions)


def test_xlsx_metadata_in_english():
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(Table(["Year"], [[2024]]), meta(lang="en", sample=False))))
    assert book.sheetnames == ["Data", "About"]
    info = {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=2) if row[0].value}
    assert info["Data as of"] == "2024-12-31" and info["Sample data"] == "No"


def test_xlsx_neutralises_hostile_cells_and_keeps_numbers_numbers():
    table = Table(["tiêu đề", "n", "ngày"], [[v, -3, dt.date(2023, 10, 10)] for v in HOSTILE])
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table, meta())))["Số liệu"]
    for row, value in zip(sheet.iter_rows(min_row=2), HOSTILE, strict=False):
        # OOXML escapes a carriage return as _x000D_ (Excel reads it back as CR; openpyxl does not)
        assert row[0].data_type == "s" and row[0].value.replace("_x000D_", "\r") == "'" + value
        assert row[1].data_type == "n" and row[1].value == -3
        assert row[2].value == dt.datetime(2023, 10, 10)
    raw = zipfile.ZipFile(io.BytesIO(xlsx_bytes(table, meta()))).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in raw  # no formula anywhere


# --------------------------------------------------------------------------- file names
def test_file_names_are_ascii_and_say_what_is_inside():
    assert file_name("theo-linh-vuc", Filters(), "png") == "dvk_thanh-hoa_2021-2024_theo-linh-vuc.png"
    assert file_name("theo-nam", Filters(year_from=2023, year_until=2023), "csv") == "dvk_thanh-hoa_2023_theo-nam.csv"
    f = Filters(
        date_from=dt.date(2021, 1, 1),
        date_until=dt.date(2023, 10, 10),
        units=("394",),
        fields=("economy",),
        kinds=("individual",),
    )
    names = {"unit:394": "Yên Định", "field:economy": "Kinh tế"}
    assert (
        file_name("Sổ đăng ký", f, "xlsx", names=names)
        == "dvk_yen-dinh_20210101-20231010_kinh-te-ca-nhan_so-dang-ky.xlsx"
    )
    long = file_name("x" * 300, Filters(), "csv")
    assert long.isascii() and len(long) <= formats.MAX_NAME + 4 and long.endswith(".csv")


# --------------------------------------------------------------------------- the whole registry
def test_registry_export_needs_the_export_right(session):
    with pytest.raises(PermissionDenied):
        registry_export.registry_csv(session, Filters(), VIEWER)
    registry_export.registry_csv(session, Filters(), REPORTER)


def test_registry_export_never_holds_deleted_records_and_follows_filters(db):
    with Session(db) as s:
        kept = make_example(s, title="=Mô hình còn lại", unit="394", registered_on=dt.date(2023, 5, 1))
        gone = make_example(s, title="Mô hình đã xóa", registered_on=dt.date(2023, 6, 1))
        make_example(s, title="Mô hình năm 2020", registered_on=dt.date(2020, 6, 1))
        writes.delete_example(s, gone.id, actor=SYSTEM)
        s.commit()
        name, data = registry_export.registry_csv(s, Filters(), REPORTER)
        assert name == "dvk_thanh-hoa_2021-2024_so-dang-ky.csv"
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert [r["Tên mô hình, điển hình"] for r in rows] == ["'=Mô hình còn lại"]
        assert rows[0]["Mã số"] == str(kept.id) and rows[0]["Đơn vị"] == "Huyện Yên Định"
        assert rows[0]["Ngày đăng ký"] == "2023-05-01" and "Người tạo" not in rows[0]
        _, data = registry_export.registry_csv(s, Filters(units=("380",)), REPORTER)
        assert data.count(b"\r\n") == 1  # the header only
        name, data = registry_export.registry_xlsx(s, Filters(), ADMIN, "en")
        sheet = openpyxl.load_workbook(io.BytesIO(data))["Data"]
        header = [c.value for c in sheet[1]]
        assert "Created by" in header and sheet.max_row == 2
        assert sheet.cell(2, header.index("ID") + 1).value == kept.id  # a number stays a number


# --------------------------------------------------------------------------- charts
CHART_FILTERS = [
    Filters(),
    Filters(year_from=2023, year_until=2023, fields=("economy",)),
    Filters(date_from=dt.date(2021, 1, 1), date_until=dt.date(2023, 10, 10), kinds=("individual",)),
    Filters(view="districts-2025", units=("380", "405", "399")),
]
# charts whose counts partition the records the filters select
PARTITIONS = {
    "theo-nam": "Số mô hình, điển hình",
    "theo-linh-vuc": "Số mô hình, điển hình",
    "theo-loai-hinh": "Số mô hình, điển hình",
    "theo-khoi": "Số mô hình, điển hình",
    "theo-giai-doan": "Số mô hình, điển hình",
    "don-vi-theo-nam": "Số mô hình, điển hình",
}


def _numbers(values) -> list[float]:
    out = []
    for v in values if values is not None else []:
        if isinstance(v, (list, tuple)) or hasattr(v, "__len__") and not isinstance(v, str):
            out += _numbers(v)
        elif isinstance(v, numbers.Real) and not isinstance(v, bool) and v == v:
            out.append(float(v))
    return out


def plotted(fig) -> list[list[float]]:
    """The numeric arrays each trace plots (the value axis, or z for a heatmap)."""
    arrays, units = [], []
    for trace in fig.data:
        if trace.type == "scatter" and isinstance(trace.meta, dict) and "code" in trace.meta:
            units.append(float(trace.meta["z"]))  # the boundary map: one outline per unit, its value in meta
        elif trace.hoverinfo == "skip":
            continue  # lines between points, printed names, the carrier of a colour bar
        elif trace.type == "heatmap":
            arrays.append(_numbers(trace.z))
        elif trace.type in ("bar", "scatter", "funnel"):
            horizontal = trace.type == "funnel" or getattr(trace, "orientation", None) == "h"
            values = trace.x if horizontal else trace.y
            if trace.type == "scatter" and trace.marker is not None and trace.marker.symbol == "square":
                values = trace.marker.color  # the tile map colours each tile by its value
            arrays.append(_numbers(values))
    arrays.append(units)
    return [a for a in arrays if a]


def _contains(column: list[float], values: list[float]) -> bool:
    pool = sorted(column)
    for v in sorted(values):
        match = next((i for i, c in enumerate(pool) if abs(c - v) < 1e-6), None)
        if match is None:
            return False
        pool.pop(match)
    return True


@pytest.mark.parametrize(
    "filters", CHART_FILTERS, ids=["default", "2023-economy", "to-cutoff-individual", "districts-2025"]
)
def test_every_chart_export_equals_the_dashboard_figure(demo_sqlite, filters):  # noqa: F811
    from registry.charts import pipeline
    from registry.charts.specs import CHARTS
    from registry.queries.counts import total
    from registry.queries.labels import Labels

    with Session(demo_sqlite) as s:
        expected_total = total(s, filters=filters)
        compared = 0
        for slug in CHARTS:
            export = bundle.prepare_chart(s, slug, filters, "vi", actor=REPORTER)
            # the dashboard draws the same spec: data, then figure
            names = Labels.load(s, "vi")
            frame = pipeline.chart_frame(s, slug, filters, names.codes, today=dt.date.today())
            figure = pipeline.chart_figure(slug, frame, filters, names, today=dt.date.today())
            rows = list(csv.reader(io.StringIO(export.csv().decode("utf-8-sig"))))
            header, body = rows[0], rows[1:]
            assert len(body) == len(frame), slug
            columns = {
                h: [float(r[i]) for r in body if r[i] not in ("",) and _is_number(r[i])] for i, h in enumerate(header)
            }
            compared += bool(plotted(figure))
            for values in plotted(figure):
                assert any(_contains(col, values) for col in columns.values() if col), (slug, values[:5])
                full = [c for c in columns.values() if len(c) == len(values) and _contains(c, values)]
                if full:
                    assert sum(values) == pytest.approx(sum(full[0])), slug
            if slug in PARTITIONS:
                assert sum(columns[PARTITIONS[slug]]) == pytest.approx(expected_total), slug
            book = openpyxl.load_workbook(io.BytesIO(export.xlsx()))
            sheet = book.worksheets[0]
            assert [c.value for c in sheet[1]] == header
            assert sheet.max_row == len(body) + 1
            assert "Thông tin" in book.sheetnames
        if filters == Filters():  # every chart plots numbers (the boundary maps too, on the built layers)
            assert compared == len(CHARTS)


def _is_number(value: str) -> bool:
    try:
        float(value)
        return True
    except ValueError:
        return False


def test_chart_export_names_and_roles(demo_sqlite):  # noqa: F811
    with Session(demo_sqlite) as s:
        name, data = bundle.chart_export(s, "theo-linh-vuc", "csv", Filters(), "vi", actor=VIEWER)
        assert name == "dvk_thanh-hoa_2021-2024_theo-linh-vuc.csv" and data.startswith(b"\xef\xbb\xbf")
        with pytest.raises(PermissionDenied):
            bundle.chart_export(s, "theo-linh-vuc", "csv", Filters(), "vi", actor=Actor("x", "nobody"))
        with pytest.raises(PermissionDenied):
            bundle.bundle_zip(s, ["theo-nam"], Filters(), "vi", actor=VIEWER, images=False)


def test_bundle_without_images_holds_data_and_a_bilingual_readme(demo_sqlite):  # noqa: F811
    with Session(demo_sqlite) as s:
        name, data, reason = bundle.bundle_zip(
            s,
            ["theo-nam", "theo-linh-vuc"],
            Filters(year_from=2022),
            "vi",
            actor=REPORTER,
            images=False,
            today=dt.date(2025, 3, 1),
        )
    assert name == "dvk_thanh-hoa_2022-2024_bo-bieu-do.zip" and reason is None
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(zf.namelist()) == [
        "README.txt",
        "dvk_thanh-hoa_2022-2024_theo-linh-vuc.csv",
        "dvk_thanh-hoa_2022-2024_theo-linh-vuc.xlsx",
        "dvk_thanh-hoa_2022-2024_theo-nam.csv",
        "dvk_thanh-hoa_2022-2024_theo-nam.xlsx",
    ]
    readme = zf.read("README.txt").decode("utf-8-sig")
    assert "Nguồn: Ban Dân vận Tỉnh ủy Thanh Hóa" in readme and "Số liệu tính đến ngày 31/12/2024" in readme
    assert "Source: Mass Mobilisation Commission" in readme and "Data as of 2024-12-31" in readme
    assert "2022–2024" in readme and "Nhân rộng:" in readme and "Replication:" in readme
    assert "dữ liệu mẫu" in readme.lower()


def test_a_chart_export_loads_the_labels_once_and_names_its_codes(sqlite_session, monkeypatch):
    """The data step needs only the codes, the figure and the table the labels of the language:
    one load serves them all, and the CSV carries names beside the codes."""
    from registry.queries.labels import Labels

    make_example(sqlite_session, field="economy", unit="380", registered_on=dt.date(2023, 3, 1))
    loads = []
    real = Labels.load.__func__

    def counting(cls, session, lang="vi"):
        loads.append(lang)
        return real(cls, session, lang)

    monkeypatch.setattr(Labels, "load", classmethod(counting))
    export = bundle.prepare_chart(sqlite_session, "theo-linh-vuc", Filters(), "en", actor=REPORTER)
    assert loads == ["en"]
    header, *body = list(csv.reader(io.StringIO(export.csv().decode("utf-8-sig"))))
    assert header[:4] == ["Year", "Field (code)", "Field", "Models and exemplars"]
    assert ["2023", "economy", "Economy", "1"] in body
