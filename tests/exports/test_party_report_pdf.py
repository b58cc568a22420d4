"""The Word report as staff forward it: ``python -m registry report --out FILE.docx`` writes it with
its charts (PNG, each with a caption and its source), and LibreOffice headless converts it to an
A4 PDF whose text holds the heading block, the figures and the signature block."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from docx import Document

from registry.exports import images
from tests.support.cli import run_cli


@pytest.fixture(scope="module")
def district_report(demo_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("party")
    out = folder / "bao-cao.docx"
    done = run_cli(["report", "--from", "2024", "--until", "2024", "--unit", "394", "--out", str(out)], demo_url)
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    return out


def test_cli_refuses_other_suffixes(demo_url, tmp_path):
    done = run_cli(["report", "--from", "2024", "--until", "2024", "--out", str(tmp_path / "x.pdf")], demo_url)
    assert done.returncode == 2 and ".docx" in done.stderr


def test_cli_report_has_two_or_three_charts_with_caption_and_source(district_report):
    doc = Document(str(district_report))
    captions = [p for p in doc.paragraphs if p.style.name == "Caption" and p.text.startswith("Hình ")]
    if images.unavailable() is not None:
        assert not doc.inline_shapes and any("Chưa chèn được biểu đồ" in p.text for p in doc.paragraphs)
        pytest.skip(f"no Chromium for the chart images: {images.unavailable_reason()}")
    assert 2 <= len(doc.inline_shapes) <= 3 and len(captions) == len(doc.inline_shapes)
    paragraphs = doc.paragraphs
    for caption in captions:
        i = next(k for k, p in enumerate(paragraphs) if p._p is caption._p)
        assert paragraphs[i - 1]._p.xpath(".//pic:pic")  # the image just above its caption
        source = paragraphs[i + 1].text
        assert source.startswith("Nguồn: Ban Dân vận Tỉnh ủy Thanh Hóa") and "31/12/2024" in source
    blip = doc.inline_shapes[0]._inline.xpath(".//a:blip/@r:embed")[0]
    assert doc.part.related_parts[blip].content_type == "image/png"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (make test installs Debian's libreoffice-writer-nogui and poppler-utils)")
    return path


def test_libreoffice_converts_it_to_an_a4_pdf_with_its_text(district_report, demo_url, tmp_path):
    soffice, pdftotext, pdfinfo = _tool("soffice"), _tool("pdftotext"), _tool("pdfinfo")
    profile = tmp_path / "lo-profile"  # its own profile: no clash with another soffice
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(district_report),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "bao-cao.pdf"
    assert pdf.exists()
    info = subprocess.run([pdfinfo, str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for needle in (
        "ĐẢNG BỘ HUYỆN YÊN ĐỊNH",
        "BAN DÂN VẬN HUYỆN ỦY",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số …-BC/BDVHU",
        "BÁO CÁO",
        "I. KẾT QUẢ CHUNG",
        "VII. MỘT SỐ MÔ HÌNH, ĐIỂN HÌNH TIÊU BIỂU",
        "Nơi nhận:",
        "TRƯỞNG BAN",
        "DỮ LIỆU MẪU",
    ):
        assert needle in text, needle
    doc = Document(str(district_report))
    total = next(t for t in doc.tables if t.rows[0].cells[0].text == "Chỉ tiêu").rows[1].cells[2].text
    assert total != "0" and total in text
