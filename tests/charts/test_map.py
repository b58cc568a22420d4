"""The boundary map (registry/charts/maps.py): drawn by default on the approximate boundary layers
shipped in data/, the layer chosen from the view and the period; names, counts and rates on hover;
printed names of the largest units; the footnote on screen, in the PNG and in the exports'
metadata; BOUNDARIES_GEOJSON first; never the empty chart while records exist."""

import datetime as dt
import io
import json
import zipfile

import openpyxl
import pytest
from PIL import Image

from registry.charts import maps
from registry.charts.pipeline import build_chart
from registry.config import DATA_DIR
from registry.datafiles import read_csv
from registry.exports import bundle, images
from registry.permissions import SYSTEM
from registry.queries.filters import Filters
from tests.support.factories import make_example

FOOTNOTE = {
    "vi": "Ranh giới gần đúng, dựng từ tọa độ trung tâm các xã; không dùng để xác định địa giới",
    "en": "Approximate boundaries built from commune centres; not for determining boundaries",
}
NO_DATA = "Không có bản ghi nào với bộ lọc này"
REASON = images.unavailable_reason("en")


def layer_file(name: str) -> dict:
    """A shipped layer read straight from its file (not through the module's cache)."""
    return json.loads((DATA_DIR / f"boundaries_{name}.geojson").read_text(encoding="utf-8"))


def codes_of(geojson: dict) -> list[str]:
    return sorted(f["properties"]["code"] for f in geojson["features"])


def build(session, filters: Filters, lang: str = "vi", slug: str = "ban-do-ranh-gioi"):
    chart = build_chart(session, slug, filters, lang=lang, today=dt.date.today())
    return chart.frame, chart.figure


def plain(text: str) -> str:
    return (text or "").replace("<br>", " ")


def footnotes(fig) -> list[str]:
    return [plain(a.text) for a in fig.layout.annotations if a.name == "footnote"]


def names(fig) -> list:
    """The printed names of units (annotations, above every fill)."""
    return [a for a in fig.layout.annotations if a.name == maps.NAME_ANNOTATION]


def outlines(fig) -> list:
    """One filled SVG outline per unit on the map, its code and value in ``meta``."""
    return [tr for tr in fig.data if tr.type == "scatter" and isinstance(tr.meta, dict) and "code" in tr.meta]


def values(fig) -> dict:
    return {tr.meta["code"]: tr.meta["z"] for tr in outlines(fig)}


def hovers(fig) -> dict:
    return {tr.meta["code"]: tr.text for tr in outlines(fig)}


@pytest.fixture(autouse=True)
def no_custom_boundaries(monkeypatch):
    monkeypatch.delenv("BOUNDARIES_GEOJSON", raising=False)


@pytest.fixture
def filled(sqlite_session):
    s = sqlite_session
    for i in range(6):
        make_example(s, field="economy", unit="380", registered_on=dt.date(2023, 3, 1 + i))
    for i in range(4):
        make_example(s, field="culture_society", unit="405", registered_on=dt.date(2023, 4, 1 + i))
    make_example(s, field="political_system", unit="384", registered_on=dt.date(2022, 1, 5))
    make_example(s, field="economy", unit="38", registered_on=dt.date(2023, 6, 1))  # a provincial department
    make_example(s, field="economy", unit="380", registered_on=dt.date(2025, 3, 1))  # the 26 districts
    make_example(s, field="economy", unit="14797", registered_on=dt.date(2026, 2, 1))  # phường Hạc Thành
    return s


# --------------------------------------------------------------------------- the layer of each view
@pytest.mark.parametrize(
    ("filters", "layer"),
    [
        (Filters(), "districts_2021"),  # Đông Sơn existed until 30 Nov 2024
        (Filters(year_from=2023, year_until=2023), "districts_2021"),
        (Filters(date_from=dt.date(2024, 12, 1), date_until=dt.date(2025, 6, 30)), "districts_2025"),
        (Filters(view="districts-2025"), "districts_2025"),
        (Filters(view="districts-2025", year_from=2025, year_until=2026), "districts_2025"),
        (Filters(view="new-units"), "units_2025"),
        (Filters(view="new-units", year_from=2021, year_until=2026), "units_2025"),
        (Filters(year_from=2026, year_until=2026), "units_2025"),  # "then" after the reform: today's units
    ],
)
def test_default_map_draws_the_layer_of_the_view_and_period(filled, filters, layer):
    expected = codes_of(layer_file(layer))
    df, fig = build(filled, filters)
    shapes = outlines(fig)
    # SVG outlines on hidden axes: no base map, no WebGL, nothing fetched
    assert all(tr.fill == "toself" and tr.hoveron == "fills" for tr in shapes)
    assert not any(tr.type.endswith("map") or tr.type in ("choropleth", "scattergeo") for tr in fig.data)
    assert sorted(tr.meta["code"] for tr in shapes) == expected  # every unit of the layer, those without records too
    geometry = {f["properties"]["code"]: f["geometry"] for f in layer_file(layer)["features"]}
    for tr in shapes:  # each outline is its unit's boundary in the built layer
        ring = geometry[tr.meta["code"]]["coordinates"][0]
        ring = ring[0] if geometry[tr.meta["code"]]["type"] == "MultiPolygon" else ring
        assert list(tr.x)[: len(ring)] == [p[0] for p in ring] and list(tr.y)[: len(ring)] == [p[1] for p in ring]
    assert sorted(df.loc[df["on_map"], "unit_code"]) == expected
    assert min(values(fig).values()) >= 0
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio > 1  # the province keeps its shape


def test_counts_follow_the_view(filled):
    def z(filters):
        return values(build(filled, filters)[1])

    then = z(Filters())
    assert then["380"] == 6 and then["405"] == 4 and then["384"] == 1 and then["399"] == 0
    merged = z(Filters(view="districts-2025"))
    assert merged["380"] == 10 and "405" not in merged  # Đông Sơn counted in the city
    now = z(Filters(year_from=2026, year_until=2026))
    assert now["14797"] == 1 and sum(now.values()) == 1


# --------------------------------------------------------------------------- hover, labels, footnote
def test_hover_names_each_unit_with_its_count_and_rate(filled):
    vi = hovers(build(filled, Filters())[1])
    assert vi["380"] == "<b>Thành phố Thanh Hóa</b><br>6 mô hình, điển hình<br>0,18 mỗi xã (34 xã)"
    assert vi["399"].startswith("<b>Huyện Hoằng Hóa</b><br>0 mô hình, điển hình<br>0,00 mỗi xã")
    hover = hovers(build(filled, Filters(), "en")[1])
    assert hover["380"] == "<b>Thành phố Thanh Hóa</b><br>6 models and exemplars<br>0.18 per commune (34 communes)"
    # after the merge the city has Đông Sơn's records and its 14 communes too: 10 / 48
    merged = build(filled, Filters(view="districts-2025"))[1]
    assert hovers(merged)["380"].endswith("0,21 mỗi xã (48 xã)")
    assert all(tr.hoverinfo == "text" for tr in outlines(merged))


def test_new_units_hover_has_no_rate_and_per_commune_falls_back_to_count(filled):
    f = Filters(view="new-units", year_from=2021, year_until=2026)
    df, fig = build(filled, f, slug="ban-do-ranh-gioi-xa")
    hover = hovers(fig)
    assert hover["14797"].startswith("<b>Phường Hạc Thành</b><br>")
    assert "mỗi xã" not in hover["14797"]
    on_map = df[df["on_map"]]
    assert values(fig) == dict(zip(on_map["unit_code"], on_map["n"].astype(float), strict=True))
    assert "tô màu theo số mô hình" in plain(fig.layout.title.subtitle.text)


def test_per_commune_colours_by_rate(filled):
    df, fig = build(filled, Filters(), slug="ban-do-ranh-gioi-xa")
    z = values(fig)
    assert z["380"] == pytest.approx(6 / 34) and z["405"] == pytest.approx(4 / 14)
    assert plain(fig.layout.title.text) == "Huyện Đông Sơn dẫn đầu với 0,3 mô hình, điển hình mỗi xã"


@pytest.mark.parametrize(
    ("filters", "layer", "top"), [(Filters(), "districts_2021", 8), (Filters(view="new-units"), "units_2025", 10)]
)
def test_largest_units_carry_printed_names(filled, filters, layer, top):
    features = sorted(layer_file(layer)["features"], key=lambda f: -f["properties"]["area_km2"])[:top]
    source = "districts.csv" if layer.startswith("districts") else "units_2025.csv"
    short = {r["code"]: r["short_name"] for r in read_csv(DATA_DIR / source)}
    _df, fig = build(filled, filters)
    printed = names(fig)
    assert printed and all(a.showarrow is False and a.xref == "x" and a.font.shadow == "auto" for a in printed)
    assert sorted(a.text for a in printed) == sorted(short[f["properties"]["code"]] for f in features)
    points = {(a.x, a.y) for a in printed}
    assert points == {(f["properties"]["label_lon"], f["properties"]["label_lat"]) for f in features}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_footnote_in_both_languages(filled, lang):
    _df, fig = build(filled, Filters(), lang)
    assert footnotes(fig) == [FOOTNOTE[lang]]
    assert list(fig.layout.meta["note_keys"]) == [maps.FOOTNOTE_KEY]


# --------------------------------------------------------------------------- BOUNDARIES_GEOJSON first
def square(code: str, x: float, y: float) -> dict:
    ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
    return {"type": "Feature", "properties": {"code": code}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_boundaries_geojson_replaces_the_built_layers(filled, tmp_path, monkeypatch):
    path = tmp_path / "real.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": [square("380", 105.7, 19.8), square("405", 105.6, 19.8)]})
    )
    monkeypatch.setenv("BOUNDARIES_GEOJSON", str(path))
    df, fig = build(filled, Filters())
    assert values(fig) == {"380": 6, "405": 4}
    assert list(outlines(fig)[0].x) == [105.7, 105.8, 105.8, 105.7, 105.7]  # the file's own square
    assert footnotes(fig) == [] and list(fig.layout.meta["note_keys"]) == []  # real boundaries: no caveat
    assert set(df.loc[~df["on_map"], "unit_code"]) == {"384", "38"}  # the rest is off this map, and said so
    assert "2 mô hình, điển hình cấp tỉnh hoặc ngoài bản đồ" in plain(fig.layout.title.subtitle.text)


def test_malformed_shapes_in_boundaries_geojson_are_left_out(filled, tmp_path, monkeypatch):
    broken = [
        {"type": "Feature", "properties": {"code": "405"}, "geometry": {"type": "Polygon", "coordinates": [[1, 2]]}},
        {"type": "Feature", "properties": {"code": "384"}, "geometry": {"type": "Polygon", "coordinates": "x"}},
        {"type": "Feature", "properties": {"code": "399"}, "geometry": {"type": "Point", "coordinates": [105, 20]}},
    ]
    path = tmp_path / "odd.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [square("380", 105.7, 19.8), *broken]}))
    monkeypatch.setenv("BOUNDARIES_GEOJSON", str(path))
    _df, fig = build(filled, Filters())
    drawn = {tr.meta["code"]: list(tr.x) for tr in outlines(fig)}
    assert drawn["380"] == [105.7, 105.8, 105.8, 105.7, 105.7]
    assert drawn["405"] == drawn["384"] == drawn["399"] == []  # counted, hovered, nothing to fill
    assert values(fig)["405"] == 4
    assert list(fig.layout.xaxis.range)[0] < 105.7 < list(fig.layout.xaxis.range)[1]  # the view: the drawn square


def test_unreadable_boundaries_geojson_falls_back_and_says_so(filled, tmp_path, monkeypatch):
    path = tmp_path / "broken.geojson"
    path.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("BOUNDARIES_GEOJSON", str(path))
    _df, fig = build(filled, Filters())
    assert sorted(values(fig)) == codes_of(layer_file("districts_2021"))
    assert "không đọc được tệp ranh giới BOUNDARIES_GEOJSON (broken.geojson" in plain(fig.layout.title.subtitle.text)
    assert footnotes(fig) == [FOOTNOTE["vi"]]


def test_geojson_is_read_once_per_file_version(tmp_path):
    assert maps.layer_geojson("units-2025") is maps.layer_geojson("units-2025")
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [square("380", 105.7, 19.8)]}))
    first = maps.read_geojson(path)
    assert maps.read_geojson(path) is first
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": [square("380", 105.7, 19.8), square("405", 1, 1)]})
    )
    assert len(maps.read_geojson(path)["features"]) == 2  # a new version of the file is read again


# --------------------------------------------------------------------------- never empty with records
def test_records_off_the_map_never_give_the_empty_chart(sqlite_session):
    make_example(sqlite_session, field="economy", unit="38", registered_on=dt.date(2023, 6, 1))
    df, fig = build(sqlite_session, Filters())
    title = plain(fig.layout.title.text)
    assert title != NO_DATA and "1 mô hình, điển hình ở cấp tỉnh" in title
    assert len(values(fig)) == 27 and not any(values(fig).values())


def test_with_records_the_map_states_the_leader(filled):
    _df, fig = build(filled, Filters())
    assert plain(fig.layout.title.text) == "Thành phố Thanh Hóa dẫn đầu với 6 mô hình, điển hình"
    _df, fig = build(filled, Filters(year_from=2026, year_until=2026))
    assert plain(fig.layout.title.text) == "Phường Hạc Thành dẫn đầu với 1 mô hình, điển hình"


def test_tile_map_after_the_reform_shows_the_new_units(filled):
    """A "then" period after 1 Jul 2025 has no districts: the overview map shows the new units."""
    df, fig = build(filled, Filters(year_from=2026, year_until=2026), slug="ban-do-don-vi")
    assert len(df) == 166 and df["in_view"].all()
    assert plain(fig.layout.title.text) == "Phường Hạc Thành dẫn đầu với 1 mô hình, điển hình"


def test_empty_only_without_records(sqlite_session):
    _df, fig = build(sqlite_session, Filters())
    assert plain(fig.layout.title.text) == NO_DATA and not fig.data


# --------------------------------------------------------------------------- exports
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_export_metadata_carries_the_footnote(filled, lang):
    export = bundle.prepare_chart(filled, "ban-do-ranh-gioi", Filters(), lang, actor=SYSTEM)
    assert FOOTNOTE[lang] in export.meta.notes
    assert (("Ghi chú" if lang == "vi" else "Note"), FOOTNOTE[lang]) in export.meta.rows()
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx()))
    values = [c.value for sheet in book.worksheets[1:] for row in sheet.iter_rows() for c in row]
    assert FOOTNOTE[lang] in values
    other = bundle.prepare_chart(filled, "theo-nam", Filters(), lang, actor=SYSTEM)
    assert other.meta.notes == []


def test_bundle_readme_carries_the_footnote_in_both_languages(filled):
    _name, data, _reason = bundle.bundle_zip(
        filled, ["ban-do-ranh-gioi", "theo-nam"], Filters(), "vi", actor=SYSTEM, images=False
    )
    readme = zipfile.ZipFile(io.BytesIO(data)).read("README.txt").decode("utf-8-sig")
    assert FOOTNOTE["vi"] in readme and FOOTNOTE["en"] in readme


@pytest.mark.skipif(REASON is not None, reason=f"no Chromium: {REASON}")
def test_png_export_draws_the_shapes_offline(filled):
    export = bundle.prepare_chart(filled, "ban-do-ranh-gioi", Filters(), "vi", actor=SYSTEM)
    with images.ImageRenderer() as renderer:
        png = export.image("png", "landscape", renderer)
        svg = export.image("svg", "landscape", renderer).decode("utf-8")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (1200, 675)
    # the middle of the image (no title, no footer) is the map: shapes filled with the blues of
    # the scale, the lightest (no record) included, and their outlines; a map that failed to
    # draw leaves it white
    middle = image.crop((300, 170, 900, 560))
    bluish = sum(1 for r, g, b in middle.get_flattened_data() if r < 250 and b - r >= 6)
    assert bluish > 60_000, bluish  # the province covers about a third of the middle
    assert "Ranh giới gần đúng" in svg
