"""Workbooks built by hand with zipfile, for the upload tests: the four parts calamine needs and
nothing else, with cells wherever a hostile file would put them."""

from __future__ import annotations

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def cell(ref: str | None, value: str = "x") -> str:
    r = f' r="{ref}"' if ref else ""
    return f'<c{r} t="inlineStr"><is><t>{value}</t></is></c>'


def row(number: int | None, *cells: str) -> str:
    r = f' r="{number}"' if number else ""
    return f"<row{r}>{''.join(cells)}</row>"


def sheet_xml(*rows: str, dimension: str | None = None, after: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}">{dim}'
        f"<sheetData>{''.join(rows)}</sheetData>{after}</worksheet>"
    )


def xlsx(
    *sheets: tuple[str, str], target: str = "worksheets/sheet{n}.xml", extra: dict[str, bytes] | None = None
) -> bytes:
    """A workbook of (name, worksheet XML) pairs: [Content_Types].xml, _rels/.rels, xl/workbook.xml,
    xl/_rels/workbook.xml.rels and one xl/worksheets/sheetN.xml each."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    listed = "".join(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, (name, _) in enumerate(sheets, 1))
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        f"<sheets>{listed}</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="{target.format(n=n)}"/>'
        for n in range(1, len(sheets) + 1)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr(
            "xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG}">{rels}</Relationships>'
        )
        for n, (_, xml) in enumerate(sheets, 1):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", xml)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def one_far_cell(ref: str, dimension: str | None = None) -> bytes:
    return xlsx(
        (
            "Mô hình",
            sheet_xml(
                row(1, cell("A1", "Tên")),
                row(int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), cell(ref)),
                dimension=dimension,
            ),
        )
    )
