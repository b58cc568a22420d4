"""Figure builders: titles state the finding, subtitles the filters and the view, one colour per
field, Vietnamese number format, escaped user text, the tile map and the choropleth."""

import datetime as dt
import json

import pytest

from registry.charts.maps import figure_boundaries
from registry.charts.pipeline import build_chart, chart_table
from registry.charts.replication import family_tree_figure
from registry.charts.specs import CHARTS, ChartSpec
from registry.charts.spread import district_tiles
from registry.charts.words import describe_filters
from registry.config import DATA_DIR
from registry.datafiles import read_csv
from registry.queries import labels, replication
from registry.queries.filters import Codes, Filters
from tests.support.factories import make_example


def build(session, slug: str, filters: Filters, lang: str = "vi"):
    """Chart ``slug``'s frame and figure, as the dashboard and the exports build them."""
    chart = build_chart(session, slug, filters, lang=lang, today=dt.date.today())
    return chart.frame, chart.figure


@pytest.fixture
def filled(sqlite_session):
    s = sqlite_session
    for i in range(6):
        make_example(s, field="economy", unit="380", registered_on=dt.date(2023, 3, 1 + i))
    for i in range(4):
        make_example(s, field="culture_society", unit="405", registered_on=dt.date(2023, 4, 1 + i), kind="individual")
    o = make_example(
        s, field="political_system", unit="384", title="<script>x</script> Bản sáng", registered_on=dt.date(2022, 1, 5)
    )
    make_example(
        s,
        field="political_system",
        unit="388",
        title="<script>x</script> Bản sáng",
        registered_on=dt.date(2023, 1, 5),
        replicated_from=o.id,
    )
    return s


def test_every_spec_has_the_interface():
    assert {"theo-linh-vuc", "theo-nam", "giai-doan", "ban-do-don-vi", "xep-hang-don-vi", "nhan-rong-theo-nam"} <= set(
        CHARTS
    )
    for slug, spec in CHARTS.items():
        assert isinstance(spec, ChartSpec) and spec.slug == slug and slug.isascii()
        assert callable(spec.data) and callable(spec.figure)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("view", ["then", "districts-2025", "new-units"])
def test_every_chart_builds_with_title_and_subtitle(filled, lang, view):
    f = Filters(view=view)
    for slug in CHARTS:
        _df, fig = build(filled, slug, f, lang)
        assert fig.layout.title.text, slug
        sub = fig.layout.title.subtitle.text.replace("<br>", " ")
        assert "2021–2024" in sub, slug
        from registry.i18n import t

        assert t(f"view.{view}", lang).lower()[1:12] in sub.lower(), slug
        assert fig.layout.separators == (",." if lang == "vi" else ".,")
        assert "<script>" not in fig.to_json()


def test_empty_registry_gives_empty_figures(sqlite_session):
    for slug in CHARTS:
        _df, fig = build(sqlite_session, slug, Filters())
        assert fig.layout.title.text.replace("<br>", " ") == "Không có bản ghi nào với bộ lọc này", slug


def test_title_states_the_finding(filled):
    f = Filters(year_from=2023, year_until=2023)
    _df, fig = build(filled, "theo-linh-vuc", f)
    # 6 of 11 records of 2023 are in the economic field
    assert fig.layout.title.text.replace("<br>", " ") == "Kinh tế chiếm 55% mô hình, điển hình năm 2023"
    _df, fig_en = build(filled, "theo-linh-vuc", f, "en")
    assert fig_en.layout.title.text.replace("<br>", " ") == "Economy accounts for 55% of models and exemplars in 2023"


def test_one_colour_per_field_everywhere(filled):
    colours = {r["name_vi"]: r["colour"] for r in read_csv(DATA_DIR / "fields.csv")}
    assert len(set(colours.values())) == len(colours)
    f = Filters()
    _df, fig = build(filled, "theo-linh-vuc", f)
    assert {tr.name: tr.marker.color for tr in fig.data} == colours
    _df, cov = build(filled, "do-phu-linh-vuc", f)
    assert dict(zip(cov.data[0].y, cov.data[0].marker.color, strict=False)) == colours


def test_describe_filters_in_words(sqlite_session):
    vi, en = (labels.Labels.load(sqlite_session, lang).filter_names() for lang in ("vi", "en"))
    f = Filters(
        year_from=2022,
        year_until=2023,
        fields=("economy",),
        units=("405",),
        include_sample=False,
        view="districts-2025",
    )
    text = describe_filters(f, "vi", vi)
    assert text.startswith("2022–2023 · lĩnh vực: Kinh tế · đơn vị: Huyện Đông Sơn · không gồm dữ liệu mẫu")
    assert "26 huyện" in text
    assert describe_filters(Filters(), "en", en).startswith("2021–2024 · all fields")
    cut = Filters(date_from=dt.date(2023, 10, 10), date_until=dt.date(2024, 12, 31))
    assert describe_filters(cut, "vi", vi).startswith("10/10/2023–31/12/2024 · ")


def test_tile_map_covers_all_27_units(filled):
    tiles = district_tiles()
    districts = [r["code"] for r in read_csv(DATA_DIR / "districts.csv") if r["level"] == "district"]
    assert sorted(tiles) == sorted(districts) and len(tiles) == 27
    assert len({(c, r) for c, r, _s in tiles.values()}) == 27  # no two tiles overlap
    for view in ("then", "districts-2025"):
        f = Filters(view=view)
        df, fig = build(filled, "ban-do-don-vi", f)
        assert sorted(df["unit_code"]) == sorted(districts)
        tiles_drawn = sum(1 for row in fig.data[0].text for cell in row if cell)
        assert tiles_drawn == 27
    # Đông Sơn's records count in Thanh Hóa city in the 2025 view, its tile is greyed
    df = build(filled, "ban-do-don-vi", Filters(view="districts-2025"))[0].set_index("unit_code")
    assert df.loc["380", "n"] == 10 and not df.loc["405", "in_view"]
    per = build(filled, "ban-do-don-vi-xa", Filters())[0].set_index("unit_code")
    assert per.loc["380", "per_commune"] == pytest.approx(6 / 34)


def test_dot_map_of_new_units(filled):
    f = Filters(view="new-units")
    df, fig = build(filled, "ban-do-don-vi", f)
    assert len(df) == 166
    assert len(fig.data[0].x) == 166 and all(x == x for x in fig.data[0].x)  # every unit has its centre
    assert fig.layout.yaxis.scaleanchor == "x"


def test_choropleth_with_synthetic_geojson(filled, tmp_path, monkeypatch):
    def square(code, x, y):
        return {
            "type": "Feature",
            "properties": {"code": code},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]],
            },
        }

    geo = {
        "type": "FeatureCollection",
        "features": [square("380", 105.7, 19.8), square("405", 105.6, 19.8), square("384", 104.5, 20.5)],
    }
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps(geo), encoding="utf-8")
    monkeypatch.setenv("BOUNDARIES_GEOJSON", str(path))
    f = Filters()
    df, fig = build(filled, "ban-do-ranh-gioi", f)
    z = {tr.meta["code"]: tr.meta["z"] for tr in fig.data if isinstance(tr.meta, dict)}
    assert z["380"] == 6 and z["405"] == 4 and z["384"] == 1
    outline = next(tr for tr in fig.data if isinstance(tr.meta, dict) and tr.meta["code"] == "380")
    assert outline.fill == "toself" and list(outline.x)[:2] == [105.7, 105.8]  # the file's square
    drawn = figure_boundaries(df, f, labels.Labels.load(filled), today=dt.date.today(), geojson=geo)
    assert {tr.meta["code"] for tr in drawn.data if isinstance(tr.meta, dict)} == {"380", "405", "384"}


def test_family_tree_figure(filled):
    rows = replication.family_tree(filled, example_id=12, view="then")
    fig = family_tree_figure(rows, Filters(), labels.Labels.load(filled))
    assert "&lt;script&gt;" in fig.layout.title.text.replace("<br>", " ")
    assert [tr.name for tr in fig.data[1:]] == ["Mô hình gốc", "Bản nhân rộng"]


def test_chart_data_is_the_same_in_every_language_and_names_come_with_the_labels(filled):
    """One cached frame serves Vietnamese and English: it holds codes and numbers; the names are
    put beside the codes from the labels of the language asked."""
    codes = Codes.load(filled)
    vi, en = labels.Labels.load(filled, "vi"), labels.Labels.load(filled, "en")
    for slug, spec in CHARTS.items():
        df = spec.data(filled, Filters(), codes, today=dt.date.today())
        assert not df.attrs, slug  # nothing travels beside the numbers
        named_vi, named_en = (chart_table(df, Filters(), names, today=dt.date.today()) for names in (vi, en))
        assert list(named_vi.columns) == list(named_en.columns), slug
        for column in df.columns:
            assert named_vi[column].equals(df[column]), (slug, column)
    stack = CHARTS["theo-linh-vuc"].data(filled, Filters(), codes, today=dt.date.today())
    assert set(stack.columns) == {"year", "field_code", "n"}
    vi_names = set(chart_table(stack, Filters(), vi, today=dt.date.today())["field"])
    en_names = set(chart_table(stack, Filters(), en, today=dt.date.today())["field"])
    assert "Kinh tế" in vi_names and "Economy" in en_names
