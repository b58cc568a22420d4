"""PNG and SVG press images through kaleido and the system Chromium (skipped, with the reason,
where no Chromium is installed); and the clear reason where it is missing."""

import datetime as dt
import io
import struct
import zipfile

import pytest
from sqlmodel import Session

from registry.exports import bundle, images
from registry.permissions import SYSTEM, Actor
from registry.queries.filters import Filters

REASON = images.unavailable_reason("en")
needs_chromium = pytest.mark.skipif(REASON is not None, reason=f"no Chromium: {REASON}")
FOOTER = "Nguồn: Ban Dân vận Tỉnh ủy Thanh Hóa. Số liệu tính đến ngày 31/12/2024"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def renderer():
    if REASON:
        pytest.skip(f"no Chromium: {REASON}")
    with images.ImageRenderer() as r:
        yield r


@needs_chromium
def test_svg_holds_title_filters_and_footer(demo_sqlite, renderer):  # noqa: F811
    with Session(demo_sqlite) as s:
        export = bundle.prepare_chart(s, "theo-linh-vuc", Filters(), "vi", actor=SYSTEM)
        svg = export.image("svg", "landscape", renderer).decode("utf-8")
    assert svg.startswith("<svg") and 'width="1200"' in svg and 'height="675"' in svg
    assert export.meta.finding and export.meta.finding in svg  # the title states the finding
    assert "2021–2024" in svg and "gồm dữ liệu mẫu" in svg  # the subtitle states the filters
    assert FOOTER in svg and "Dữ liệu mẫu" in svg


@needs_chromium
def test_png_at_press_sizes_and_english_footer(demo_sqlite, renderer):  # noqa: F811
    with Session(demo_sqlite) as s:
        export = bundle.prepare_chart(s, "theo-nam", Filters(include_sample=True), "en", actor=SYSTEM)
        assert png_size(export.image("png", "landscape", renderer)) == (1200, 675)
        assert png_size(export.image("png", "square", renderer)) == (1080, 1080)
        svg = export.image("svg", "square", renderer).decode()
    assert "Data as of 2024-12-31" in svg and "Sample data" in svg


@needs_chromium
def test_no_sample_mark_without_sample_data(demo_sqlite, renderer):  # noqa: F811
    with Session(demo_sqlite) as s:
        export = bundle.prepare_chart(s, "theo-nam", Filters(include_sample=False), "vi", actor=SYSTEM)
        svg = export.image("svg", "landscape", renderer).decode()
    assert FOOTER in svg and "Dữ liệu mẫu" not in svg


@needs_chromium
def test_one_chromium_serves_a_batch(renderer):
    import plotly.graph_objects as go

    first = renderer._kaleido
    before = renderer.images
    for i in range(3):
        fig = go.Figure(go.Bar(x=["a", "b"], y=[i, i + 1]), layout=dict(title=f"Hình {i}"))
        images.chart_image(fig, "png", images.Frame(dt.date(2024, 12, 31), False), renderer=renderer)
    assert renderer.images == before + 3 and renderer._kaleido is first  # the same browser throughout


@needs_chromium
def test_bundle_holds_png_svg_csv_xlsx_per_chart(demo_sqlite, renderer):  # noqa: F811
    with Session(demo_sqlite) as s:
        _, data, reason = bundle.bundle_zip(
            s, ["theo-nam", "giai-doan"], Filters(), "vi", actor=Actor("b", "reporter"), renderer=renderer
        )
    assert reason is None
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    for slug in ("theo-nam", "giai-doan"):
        for ext in ("png", "svg", "csv", "xlsx"):
            assert f"dvk_thanh-hoa_2021-2024_{slug}.{ext}" in names


def test_missing_chromium_gives_a_clear_reason_and_data_still_work(demo_sqlite, monkeypatch, tmp_path):  # noqa: F811
    missing = str(tmp_path / "no-chromium")
    monkeypatch.setenv("BROWSER_PATH", missing)
    problem = images.unavailable()
    assert problem is not None and missing in problem.message("en") and "CSV" in problem.message("vi")
    with pytest.raises(images.ImagesUnavailable):
        images.ImageRenderer().render(__import__("plotly.graph_objects").graph_objects.Figure(), "png")
    with Session(demo_sqlite) as s:
        name, data = bundle.chart_export(s, "theo-nam", "csv", Filters(), "vi", actor=SYSTEM)
        assert data.startswith(b"\xef\xbb\xbf")
        _, zipped, reason = bundle.bundle_zip(s, ["theo-nam"], Filters(), "vi", actor=Actor("b", "reporter"))
    assert reason and missing in reason
    zf = zipfile.ZipFile(io.BytesIO(zipped))
    assert sorted(zf.namelist()) == [
        "README.txt",
        "dvk_thanh-hoa_2021-2024_theo-nam.csv",
        "dvk_thanh-hoa_2021-2024_theo-nam.xlsx",
    ]
    assert missing in zf.read("README.txt").decode("utf-8-sig")


def test_browser_path_prefers_the_setting(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert images.browser_path() == str(fake)
    monkeypatch.delenv("BROWSER_PATH")
    found = images.browser_path()
    assert found is None or found.endswith(
        ("chromium", "chromium-browser", "chrome", "google-chrome", "google-chrome-stable")
    )
