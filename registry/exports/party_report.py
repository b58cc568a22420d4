"""The report to the Standing Committee (dispatch 1470-CV/TU, point 10) as the Word document staff
send: the Party's format of Hướng dẫn 36-HD/VPTW (Văn phòng Trung ương Đảng, 03/4/2018; see
docs/party_report.md): A4, margins in the guide's ranges, Times New Roman, the heading block
("ĐẢNG BỘ TỈNH THANH HÓA" over the issuing board, "ĐẢNG CỘNG SẢN VIỆT NAM"), "Số …-BC/…" with the
number left blank, place and date in italics, "BÁO CÁO" and its summary line, numbered sections,
"Nơi nhận" and the signature block.

Staff edit it: real styles (Heading 1/2, Caption, "Table Grid"), Word tables with a totals row, no
field Word would recompute (captions are numbered as text). The issuing board is the one of the
document's date (data/boards.csv); a district (before 1 Jul 2025) or a commune or ward (since)
gets its own heading, addressed to the level above.
"""

from __future__ import annotations

import datetime as dt
import io
import threading

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from sqlmodel import Session

from registry.exports import images
from registry.exports.boards import board_on, source_name
from registry.exports.bundle import prepare_chart
from registry.exports.formats import file_name
from registry.exports.party_sections import PartyFigures, Scope, compute
from registry.exports.party_text import Block, body, period_words
from registry.i18n import fmt_date, t
from registry.permissions import Actor, authorize
from registry.queries.filters import Filters
from registry.queries.labels import Labels

FONT = "Times New Roman"
PAGE = (Mm(210), Mm(297))  # A4
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(17)}  # 36-HD: 20-25, 20-25, 30-35, 15-20
BODY_PT = 14
TEXT_WIDTH = Mm(163)
IMAGE_WIDTH = Mm(155)
# custom paragraph styles: name -> (size, bold, italic, alignment)
STYLES = {
    "Party Heading": (14, False, False, WD_ALIGN_PARAGRAPH.CENTER),
    "Party Title": (16, True, False, WD_ALIGN_PARAGRAPH.CENTER),
    "Party Summary": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER),
    "Party Notice": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER),
    "Party Table": (13, False, False, WD_ALIGN_PARAGRAPH.LEFT),
    "Party Source": (12, False, True, WD_ALIGN_PARAGRAPH.CENTER),
    "Party Recipients": (12, False, False, WD_ALIGN_PARAGRAPH.LEFT),
    "Party Figure": (14, False, False, WD_ALIGN_PARAGRAPH.CENTER),
}


# --------------------------------------------------------------------------- who writes to whom
def heading_lines(scope: Scope, day: dt.date, lang: str) -> dict[str, str]:
    """The heading block, place, addressee, signature and recipients of ``scope`` on ``day``."""
    board = board_on(day)
    board_name = board.name_vi if lang == "vi" else board.source_en
    if scope.province:
        return {
            "superior": t("party.head.province", lang),
            "issuer": board_name.upper() if lang == "vi" else board_name,
            "symbol": board.symbol,
            "place": t("party.place.province", lang),
            "board": board_name,
            "to": t("party.to.standing", lang),
            "sign_for": "",
            "signer": t("party.sign.board_head", lang),
            "recipients": t("party.recipients.province", lang),
        }
    kind = (
        scope.kind
        if scope.kind in ("huyen", "thi_xa", "thanh_pho", "xa", "phuong")
        else ("huyen" if scope.level == "district" else "xa")
    )
    name = scope.short_name
    if scope.level == "district":
        return {
            "superior": t(f"party.head.{kind}", lang, name=name.upper() if lang == "vi" else name),
            "issuer": t(f"party.issuer.{kind}", lang),
            "symbol": t(f"party.symbol.{kind}", lang),
            "place": name,
            "board": t(f"party.board.{kind}", lang, name=name),
            "to": board_name,
            "sign_for": "",
            "signer": t("party.sign.board_head", lang),
            "recipients": t(
                "party.recipients.district", lang, board=board_name, committee=t(f"party.committee.{kind}", lang)
            ),
        }
    return {
        "superior": t("party.head.province", lang),
        "issuer": t(f"party.issuer.{kind}", lang, name=name.upper() if lang == "vi" else name),
        "symbol": t("party.symbol.commune", lang),
        "place": name,
        "board": t(f"party.board.{kind}", lang, name=name),
        "to": board_name,
        "sign_for": t("party.sign.for_committee", lang),
        "signer": t("party.sign.secretary", lang),
        "recipients": t("party.recipients.commune", lang, board=board_name),
    }


def date_line(place: str, day: dt.date, lang: str) -> str:
    """ "Thanh Hóa, ngày 08 tháng 12 năm 2026" (36-HD: day and month below 10 with a leading 0)."""
    return t("party.date", lang, place=place, d=f"{day.day:02d}", m=f"{day.month:02d}", y=day.year)


# --------------------------------------------------------------------------- styles
def _fonts(element, size: float | None = None) -> None:
    """Times New Roman for every script of a style or run (no theme font left to override it)."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _style(style, size: float, bold: bool = False, italic: bool = False) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = RGBColor(0, 0, 0)
    _fonts(style.element)


def setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    styles = doc.styles
    normal = styles["Normal"]
    _style(normal, BODY_PT)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.first_line_indent = Mm(10)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for name, italic in (("Heading 1", False), ("Heading 2", False)):
        _style(styles[name], BODY_PT, bold=True, italic=italic)
        fmt = styles[name].paragraph_format
        fmt.space_before, fmt.space_after, fmt.first_line_indent = Pt(6), Pt(6), Mm(10)
    _style(styles["Caption"], 13, italic=True)
    styles["Caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Caption"].paragraph_format.first_line_indent = Mm(0)
    _style(styles["List Bullet"], BODY_PT)
    for name, (size, bold, italic, align) in STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        _style(style, size, bold, italic)
        style.paragraph_format.alignment = align
        style.paragraph_format.first_line_indent = Mm(0)
        style.paragraph_format.space_after = Pt(
            0 if name in ("Party Heading", "Party Table", "Party Recipients") else 6
        )
        style.paragraph_format.line_spacing = 1.0
    _style(styles["Table Grid"], 13)


def _para(
    container, text: str, style: str, *, bold: bool | None = None, italic: bool | None = None, underline: bool = False
):
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline or None
    return p


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _widths(table, widths: list) -> None:
    """Fixed column widths that Word and LibreOffice both keep (the grid and every cell)."""
    table.autofit = False
    for j, width in enumerate(widths):
        table.columns[j].width = width
        for cell in table.columns[j].cells:
            cell.width = width


def _cell(cell) -> object:
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)  # start empty
    return cell


# --------------------------------------------------------------------------- parts of the document
def heading_block(doc, head: dict[str, str], day: dt.date, lang: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [Mm(75), Mm(88)])
    left, right = _cell(table.rows[0].cells[0]), _cell(table.rows[0].cells[1])
    _para(left, head["superior"], "Party Heading")
    _para(left, head["issuer"], "Party Heading", bold=True)
    _para(left, "*", "Party Heading")
    _para(left, t("party.number", lang, symbol=head["symbol"]), "Party Heading")
    _para(right, t("party.head.party", lang), "Party Heading", bold=True, underline=True).runs[0].font.size = Pt(15)
    _para(right, "", "Party Heading")
    _para(right, date_line(head["place"], day, lang), "Party Heading", italic=True)


def title(doc, fig: PartyFigures, lang: str) -> None:
    if fig.sample:
        p = _para(doc, t("party.sample", lang), "Party Notice")
        p.runs[0].font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
        p.paragraph_format.space_before = Pt(12)
    _para(doc, t("party.title", lang), "Party Title").paragraph_format.space_before = Pt(12)
    _para(doc, t("party.summary", lang, period=period_words(fig, lang)), "Party Summary")
    _para(doc, "-----", "Party Heading").paragraph_format.space_after = Pt(12)


def table_block(doc, block: Block, number: int, lang: str) -> None:
    _para(
        doc, t("party.table.caption", lang, n=number, title=block.text), "Caption"
    ).paragraph_format.keep_with_next = True
    rows = [block.headers, *block.rows, *([block.totals] if block.totals else [])]
    table = doc.add_table(rows=len(rows), cols=len(block.headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    first = Mm(75 if len(block.headers) <= 3 else 50)
    other = (TEXT_WIDTH - first) // max(1, len(block.headers) - 1)
    _widths(table, [first, *[other] * (len(block.headers) - 1)])
    for i, values in enumerate(rows):
        strong = i == 0 or (block.totals is not None and i == len(rows) - 1)
        for j, value in enumerate(values):
            p = table.rows[i].cells[j].paragraphs[0]
            p.style = doc.styles["Party Table"]
            if i == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif j > 0:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = p.add_run(str(value))
            run.bold = strong or None
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    _para(doc, "", "Party Table")


def chart_png(session: Session, slug: str, filters: Filters, lang: str, *, actor: Actor, today: dt.date) -> bytes:
    """The PNG of one chart, the report's one call into the chart pipeline (registry.exports.bundle
    turns registry.charts.pipeline.build_chart's chart into its bytes, as for every export)."""
    return prepare_chart(session, slug, filters, lang, actor=actor, today=today).image("png")


def chart_block(doc, block: Block, number: int, png: bytes, source: str, lang: str) -> None:
    p = doc.add_paragraph(style="Party Figure")
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(png), width=IMAGE_WIDTH)
    _para(
        doc, t("party.chart.caption", lang, n=number, title=block.text), "Caption"
    ).paragraph_format.keep_with_next = True
    _para(doc, source, "Party Source")


def signature(doc, head: dict[str, str], lang: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    _widths(table, [Mm(85), Mm(78)])
    left, right = _cell(table.rows[0].cells[0]), _cell(table.rows[0].cells[1])
    _para(left, t("party.recipients", lang), "Party Recipients", underline=True).runs[0].font.size = Pt(14)
    for line in head["recipients"].split("\n"):
        _para(left, line, "Party Recipients")
    if head["sign_for"]:
        _para(right, head["sign_for"], "Party Heading", bold=True)
    _para(right, head["signer"], "Party Heading", bold=True)
    for _ in range(4):
        _para(right, "", "Party Heading")
    _para(right, t("party.sign.name", lang), "Party Heading")


def render(session: Session, fig: PartyFigures, lang: str, *, actor: Actor, charts: bool = True) -> bytes:
    labels = Labels.load(session, lang)
    head = heading_lines(fig.scope, fig.today, lang)
    doc = Document()
    setup(doc)
    props = doc.core_properties
    props.title = t("party.title", lang) + " " + t("party.summary", lang, period=period_words(fig, lang))
    props.author = head["board"]
    props.created = props.modified = dt.datetime.combine(fig.today, dt.time())
    heading_block(doc, head, fig.today, lang)
    title(doc, fig, lang)
    source = t("party.source", lang, board=source_name(fig.as_of, lang), date=fmt_date(fig.as_of, lang))
    n_table = n_chart = 0
    problem = images.unavailable() if charts else None
    for block in body(fig, lang, labels.filter_names(), head["board"], head["to"]):
        if block.kind == "h1":
            doc.add_paragraph(block.text, style="Heading 1")
        elif block.kind == "h2":
            doc.add_paragraph(block.text, style="Heading 2")
        elif block.kind == "bullet":
            doc.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "note":
            _para(doc, block.text, "Normal", italic=True)
        elif block.kind == "table":
            n_table += 1
            table_block(doc, block, n_table, lang)
        elif block.kind == "chart":
            if not charts:
                continue
            if problem is not None:
                _para(doc, t("party.chart.missing", lang, reason=problem.message(lang)), "Normal", italic=True)
                continue
            try:
                png = chart_png(session, block.slug, fig.filters, lang, actor=actor, today=fig.today)
            except images.ImagesUnavailable as exc:  # Chromium would not start: the tables stay
                problem = exc
                _para(doc, t("party.chart.missing", lang, reason=exc.message(lang)), "Normal", italic=True)
                continue
            n_chart += 1
            chart_block(doc, block, n_chart, png, source, lang)
        else:
            doc.add_paragraph(block.text, style="Normal")
    _para(doc, source, "Party Source")
    signature(doc, head, lang)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def party_report_docx(
    session: Session,
    filters: Filters,
    lang: str = "vi",
    *,
    actor: Actor,
    today: dt.date | None = None,
    charts: bool = True,
) -> bytes:
    """The report for ``filters`` as .docx bytes, dated ``today`` (the real day by default). Needs
    "export". ``charts=False`` leaves the chart images out (the tables and sentences stay)."""
    authorize(actor, "export")
    if charts and images.unavailable() is None:  # Chromium starts (seconds) while the figures are read
        threading.Thread(target=_start_renderer, name="party-report-renderer", daemon=True).start()
    fig = compute(session, filters, lang, today)
    return render(session, fig, lang, actor=actor, charts=charts)


def _start_renderer() -> None:
    try:
        images.shared_renderer().start()
    except images.ImagesUnavailable:
        pass  # the first chart asks again and the report says why it has no chart


def party_report_file_name(filters: Filters, lang: str = "vi") -> str:
    return file_name(t("party.slug", lang), filters, "docx", lang)
