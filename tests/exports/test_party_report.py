"""The report to the Standing Committee as a Word document: opened with python-docx, its heading
block, page, margins and fonts follow Hướng dẫn 36-HD/VPTW, and every number in it is the number of
``stats --json`` for the same filters, the reported ones and the recorded ones."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from docx import Document
from docx.shared import Mm, Pt
from sqlmodel import Session

from registry.db import make_engine
from registry.errors import PermissionDenied
from registry.exports.party_report import FONT, party_report_docx
from registry.i18n import fmt_date, fmt_int, fmt_pct
from registry.permissions import Actor
from registry.queries.counts import stats
from registry.queries.filters import Filters
from registry.reports.stats import reported_for
from tests.support.cli import run_cli

TODAY = dt.date(2026, 12, 8)
REPORTER = Actor("bao", "reporter")
CASES = {
    "province": Filters(year_from=2021, year_until=2024),
    "district": Filters(year_from=2024, year_until=2024, units=("394",)),
    "ward": Filters(year_from=2025, year_until=2025, units=("16531",)),
    "running": Filters(year_from=2026, year_until=2026),
}
FIELDS = ("economy", "culture_society", "defence_security", "political_system")


@pytest.fixture(scope="module")
def reports(demo_url):
    engine = make_engine(demo_url)
    out = {}
    with Session(engine) as s:
        for name, filters in CASES.items():
            data = party_report_docx(s, filters, "vi", actor=REPORTER, today=TODAY, charts=False)
            figures = stats(s, filters=filters)
            figures["reported"] = reported_for(s, filters=filters)
            out[name] = (data, Document(io.BytesIO(data)), figures)
        before = stats(s, filters=Filters(year_from=2017, year_until=2020))
        out["old_board"] = party_report_docx(
            s, CASES["province"], "vi", actor=REPORTER, today=dt.date(2025, 1, 10), charts=False
        )
    engine.dispose()
    out["before"] = before
    return out


def cli_stats(url: str, start: str, end: str) -> dict:
    done = run_cli(["stats", "--json", "--from", start, "--until", end], url)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def table_rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def find_table(doc, first_header: str):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first_header)


def num(value) -> str:
    return "–" if value is None else fmt_int(value, "vi")


# --------------------------------------------------------------------------- format
@pytest.mark.parametrize("name", list(CASES))
def test_a4_margins_fonts_and_no_fields(reports, name):
    data, doc, _ = reports[name]
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)
    normal = doc.styles["Normal"]
    assert normal.font.name == FONT and Pt(13) <= normal.font.size <= Pt(14)
    paragraphs = list(doc.paragraphs) + [
        p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]
    for p in paragraphs:
        style = p.style
        assert style.font.name == FONT or (style.base_style is not None and style.base_style.font.name == FONT), (
            style.name
        )
        for run in p.runs:
            assert run.font.name in (None, FONT)
            assert run.font.size is None or Pt(12) <= run.font.size <= Pt(16)
    xml = doc.element.xml
    assert "w:fldSimple" not in xml and "w:instrText" not in xml  # nothing Word would recompute
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert any(p.style.name == "Heading 2" for p in doc.paragraphs)
    assert any(p.style.name == "Caption" and p.text.startswith("Bảng 1.") for p in doc.paragraphs)
    counted = [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(counted) >= 4
    for table in counted[1:]:  # every count table closes with a totals row that adds up
        rows = table_rows(table)
        assert rows[-1][0] == "Tổng cộng"


@pytest.mark.parametrize("name", list(CASES))
def test_heading_block_number_date_title_and_signature(reports, name):
    _, doc, _ = reports[name]
    head = table_rows(doc.tables[0])[0]
    left, right = head[0].split("\n"), head[1].split("\n")
    assert right[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    date_par = doc.tables[0].rows[0].cells[1].paragraphs[-1]
    assert date_par.text.endswith("ngày 08 tháng 12 năm 2026") and all(r.italic for r in date_par.runs)
    expected = {
        "province": ("ĐẢNG BỘ TỈNH THANH HÓA", "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY", "Số …-BC/BTGDVTU", "Thanh Hóa"),
        "running": ("ĐẢNG BỘ TỈNH THANH HÓA", "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY", "Số …-BC/BTGDVTU", "Thanh Hóa"),
        "district": ("ĐẢNG BỘ HUYỆN YÊN ĐỊNH", "BAN DÂN VẬN HUYỆN ỦY", "Số …-BC/BDVHU", "Yên Định"),
        "ward": ("ĐẢNG BỘ TỈNH THANH HÓA", "ĐẢNG ỦY PHƯỜNG SẦM SƠN", "Số …-BC/ĐU", "Sầm Sơn"),
    }[name]
    assert (left[0], left[1], left[3]) == expected[:3]
    assert date_par.text.startswith(expected[3] + ", ")
    assert doc.tables[0].rows[0].cells[0].paragraphs[1].runs[0].bold
    lines = texts(doc)
    assert "BÁO CÁO" in lines
    summary = lines[lines.index("BÁO CÁO") + 1]
    assert summary.startswith("kết quả thực hiện phong trào thi đua “Dân vận khéo” từ ngày")
    assert any("DỮ LIỆU MẪU" in line for line in lines[: lines.index("BÁO CÁO")])  # sample data, first page
    sign = table_rows(doc.tables[-1])[0]
    assert sign[0].startswith("Nơi nhận:")
    if name == "ward":
        assert "T/M ĐẢNG ỦY\nBÍ THƯ" in sign[1]
        assert "Ban Tuyên giáo và Dân vận Tỉnh ủy (để báo cáo)" in sign[0]  # to the level above
    elif name == "district":
        assert "TRƯỞNG BAN" in sign[1] and "Ban Tuyên giáo và Dân vận Tỉnh ủy (để báo cáo)" in sign[0]
    else:
        assert "TRƯỞNG BAN" in sign[1] and "Ban Thường vụ Tỉnh ủy (để báo cáo)" in sign[0]


def test_the_board_is_the_one_of_the_documents_date(reports):
    doc = Document(io.BytesIO(reports["old_board"]))
    left = table_rows(doc.tables[0])[0][0].split("\n")
    assert left[1] == "BAN DÂN VẬN TỈNH ỦY" and left[3] == "Số …-BC/BDVTU"
    assert any(
        p.text.startswith("Thực hiện Công văn số 1470-CV/TU") and "Ban Dân vận Tỉnh ủy báo cáo" in p.text
        for p in doc.paragraphs
    )


def test_partial_period_says_so(reports):
    lines = texts(reports["running"][1])
    assert any("chưa kết thúc: số liệu tính đến ngày 08/12/2026" in line for line in lines)
    assert "từ ngày 01/01/2026 đến ngày 08/12/2026" in lines[lines.index("BÁO CÁO") + 1]
    # the year-end report is not due yet; the half-year's is
    assert any(line.startswith("Kỳ 01/01/2026–30/06/2026 (hạn gửi 15/07/2026)") for line in lines)


# --------------------------------------------------------------------------- numbers
def check_numbers(doc, figures: dict, before_total: float | None = None) -> None:
    rec, rep = figures, figures["reported"]
    compare = table_rows(find_table(doc, "Chỉ tiêu"))
    assert compare[0] == ["Chỉ tiêu", "Đơn vị báo cáo", "Sổ đăng ký ghi nhận"]
    expected = [
        [num(rep["total"]), num(rec["total"])],
        [num(rep["by_kind"]["collective"]), num(rec["by_kind"].get("collective", 0))],
        [num(rep["by_kind"]["individual"]), num(rec["by_kind"].get("individual", 0))],
        *[[num(rep["by_field"][f]), num(rec["by_field"].get(f, 0))] for f in FIELDS],
        [num(rep["replicated"]), num(rec["replications"])],
    ]
    assert [row[1:] for row in compare[1:]] == expected
    total = rec["total"]
    fields = table_rows(find_table(doc, "Lĩnh vực"))
    assert sorted(r[1] for r in fields[1:-1]) == sorted(num(rec["by_field"].get(f, 0)) for f in FIELDS)
    assert fields[-1][1] == num(total)
    stages = table_rows(find_table(doc, "Giai đoạn"))
    assert [r[1] for r in stages[1:-1]] == [
        num(rec["by_stage"].get(s, 0)) for s in ("registered", "effective", "recognised", "outstanding", "awarded")
    ]
    assert stages[-1][1] == num(total)
    blocs = table_rows(find_table(doc, "Khối"))
    assert fmt_int(sum(int(r[1].replace(".", "")) for r in blocs[1:-1]), "vi") == blocs[-1][1]
    body = " ".join(texts(doc))
    kinds = rec["by_kind"]
    assert (
        f"có {num(total)} mô hình, điển hình được xây dựng và nhân rộng, trong đó "
        f"{num(kinds.get('collective', 0))} mô hình tập thể và {num(kinds.get('individual', 0))} điển hình cá nhân"
    ) in body
    share = fmt_pct(rec["replications"] / total, "vi", 1)
    assert f"Có {num(rec['replications'])} mô hình, điển hình được nhân rộng" in body and share in body
    if rep["total"] is not None:
        assert f"có {num(rep['total'])} mô hình, điển hình “Dân vận khéo”" in body
        span = f"{fmt_date(dt.date.fromisoformat(rep['from']))}–{fmt_date(dt.date.fromisoformat(rep['until']))}"
        assert f"(số liệu đơn vị báo cáo, kỳ {span})" in body  # which days the reports cover
    else:
        assert "Chưa có báo cáo đã được duyệt" in body
    if before_total is not None:
        assert f"có {num(total)} mô hình, điển hình" in body and (
            f"({fmt_date(dt.date(2017, 1, 1))}–{fmt_date(dt.date(2020, 12, 31))}" in body
        )


def test_province_numbers_are_those_of_stats_json(reports, demo_url):
    _, doc, figures = reports["province"]
    printed = cli_stats(demo_url, "2021", "2024")  # the command line, as a user runs it
    assert "reported" in printed and printed["reported"]["total"] is not None
    assert printed["total"] == figures["total"] and printed["reported"] == json.loads(json.dumps(figures["reported"]))
    check_numbers(doc, {**figures, **{k: printed[k] for k in ("total", "by_kind", "by_field", "by_stage")}})


def test_running_year_numbers_are_those_of_stats_json(reports, demo_url):
    _, doc, figures = reports["running"]
    printed = cli_stats(demo_url, "2026-01-01", "2026-12-31")
    assert printed["total"] == figures["total"] and printed["by_field"] == figures["by_field"]
    check_numbers(doc, {**figures, "reported": printed["reported"]})


@pytest.mark.parametrize("name", ["district", "ward"])
def test_unit_numbers_are_those_of_stats_json_for_the_unit(reports, name):
    # stats --json prints queries.counts.stats and reports.stats.reported_for for the filters
    _, doc, figures = reports[name]
    assert figures["total"] > 0
    check_numbers(doc, figures)


def test_state_bloc_share_and_growth_sentence(reports):
    _, doc, figures = reports["province"]
    body = " ".join(texts(doc))
    blocs = table_rows(find_table(doc, "Khối"))
    state = next(r for r in blocs if r[0] == "Khối chính quyền")
    assert f"khối chính quyền có {state[1]} mô hình, điển hình, chiếm {state[2]} tổng số" in body
    before = reports["before"]["total"]
    assert ("chưa ghi nhận mô hình nào để so sánh" in body) == (before == 0)


def test_export_needs_the_export_right(demo_url):
    engine = make_engine(demo_url)
    with Session(engine) as s, pytest.raises(PermissionDenied):
        party_report_docx(s, CASES["province"], actor=Actor("xem", "viewer"), today=TODAY, charts=False)
    engine.dispose()
