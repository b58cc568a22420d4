"""The boundary map: the count (or rate per commune) of each unit drawn over its boundary, as
one filled SVG outline per unit on hidden axes (longitude, latitude at the province's scale), so
that it needs no internet, no base map and no WebGL (in the browser and in the PNG/SVG export
alike; plotly's maplibre map cost a WebGL context to draw and to tear down on every visit).
By default the boundaries are the approximate layers
shipped in data/ (data/boundaries_README.md): the 27 districts of 2021–2024, the 26 districts
from 1 Dec 2024, or the 166 communes and wards from 1 Jul 2025, chosen from the view and the
period; BOUNDARIES_GEOJSON names a file of real boundaries that replaces them."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import get_colorscale, sample_colorscale
from sqlmodel import Session

from registry.charts.spread import colourbar_below, new_units_shown
from registry.charts.theme import SEQUENTIAL, base_figure, empty_figure, finish, paper_note
from registry.charts.words import esc, unit_codes
from registry.config import DATA_DIR, get_settings
from registry.datafiles import read_csv
from registry.i18n import fmt_int, fmt_num, t
from registry.queries import labels as qlabels
from registry.queries.counts import count_by
from registry.queries.filters import Codes, Filters
from registry.queries.labels import Labels

# The built layers, in the order of time (data/boundaries_README.md).
LAYERS = {
    "districts-2021": "boundaries_districts_2021.geojson",
    "districts-2025": "boundaries_districts_2025.geojson",
    "units-2025": "boundaries_units_2025.geojson",
}
FOOTNOTE_KEY = "chart.boundary.footnote"  # "Ranh giới gần đúng, …": the built layers only
LABELS_SHOWN: dict[str | None, int] = {
    "districts-2021": 8,
    "districts-2025": 8,
    "units-2025": 10,
}  # printed names, largest first
LABELS_CUSTOM = 8
MAP_PX = 320  # height of the map itself: the province then fits a 360 px phone (it is 1.07 times as wide)
LAT_PAD = 0.04  # white above and below the province, as a share of its height
DARK = 0.72  # fills above this share of the scale carry white names
COLUMNS = ["unit_code", "on_map", "communes", "n", "per_commune"]
NAME_ANNOTATION = "unit-name"  # the printed names of units
PROVINCE_BOX = (104.4, 106.1, 19.3, 20.7)  # west, east, south, north: the view when no unit has a shape


# --------------------------------------------------------------------------- the boundary files
@lru_cache(maxsize=8)
def _read(path: str, stamp: tuple[int, int]) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise ValueError("not a GeoJSON FeatureCollection")
    return data


def read_geojson(path: str | Path) -> dict:
    """The GeoJSON at ``path``, read once per file version (cached on the path, its size and
    modification time, so a rerun never reads it again). Callers must not change it."""
    info = os.stat(path)
    return _read(str(path), (info.st_size, info.st_mtime_ns))


def layer_geojson(key: str) -> dict:
    """One of the built layers (``LAYERS``)."""
    return read_geojson(DATA_DIR / LAYERS[key])


def custom_geojson() -> tuple[dict | None, str | None]:
    """(the file named by BOUNDARIES_GEOJSON, None), (None, why it could not be read), or
    (None, None) when the setting is empty."""
    path = get_settings().boundaries_geojson
    if not path:
        return None, None
    try:
        return read_geojson(path), None
    except (OSError, ValueError) as exc:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
        return None, f"{Path(path).name}: {type(exc).__name__}"


def feature_code(feature: dict) -> str:
    props = feature.get("properties") or {}
    return str(props.get("code", feature.get("id", "")))


@lru_cache(maxsize=4)
def layer_codes(key: str) -> tuple[str, ...]:
    return tuple(feature_code(f) for f in layer_geojson(key)["features"])


@lru_cache(maxsize=1)
def merged_into() -> dict[str, str]:
    """District-level units merged into another before 2025: code -> code of the receiver."""
    return {r["code"]: r["merged_into"] for r in read_csv(DATA_DIR / "districts.csv") if r.get("merged_into")}


def layer_for(filters: Filters, existed: Callable[[str], bool]) -> str:
    """The built layer of a view and period: the 166 units for the new-units view (and for a
    "then" period that starts on 1 Jul 2025 or later); the 27 districts of 2021–2024 for a "then"
    period during which a unit since merged away (Đông Sơn) still ``existed``; else the 26."""
    if new_units_shown(filters):
        return "units-2025"
    if filters.view == "then" and any(existed(code) for code in merged_into()):
        return "districts-2021"
    return "districts-2025"


# --------------------------------------------------------------------------- data
def data_boundaries(session: Session, filters: Filters, codes: Codes, *, today: dt.date) -> pd.DataFrame:
    """Counts of the units on the map (every unit of the layer, zero where none) and, off the
    map, the other units holding records (the province level, or units of another time)."""
    counts = dict(count_by(session, filters=filters, group=("unit",), codes=codes))
    population = set(qlabels.view_units(session, view=filters.view, start=filters.start, end=filters.end))
    code_of = unit_codes(codes)
    custom, _problem = custom_geojson()
    if custom is not None:
        in_file = {feature_code(f) for f in custom["features"]}
        on_map = sorted(code_of[u] for u in population if code_of.get(u) in in_file)
    else:
        on_map = list(layer_codes(layer_for(filters, lambda c: codes.units.get(c) in population)))
    ids = {c: codes.units[c] for c in on_map if c in codes.units}
    merged = {c: into for c, into in merged_into().items() if into in ids and c not in ids and c in codes.units}
    under = qlabels.commune_counts(session, unit_ids=sorted({*ids.values(), *(codes.units[c] for c in merged)}))
    communes = {c: under.get(uid) for c, uid in ids.items()}
    for code, into in merged.items():  # a district merged away: its communes now count in the receiver
        current, extra = communes.get(into), under.get(codes.units[code])
        if current is not None and extra:
            communes[into] = current + extra
    rows = []
    for code in on_map:
        n = counts.get(ids[code], 0) if code in ids else 0
        c = communes.get(code)
        rows.append({"unit_code": code, "on_map": True, "communes": c, "n": n, "per_commune": n / c if c else None})
    placed = set(ids.values())
    for uid, n in sorted(counts.items()):
        if n and uid not in placed:
            code = code_of.get(uid, str(uid))
            rows.append({"unit_code": code, "on_map": False, "communes": None, "n": n, "per_commune": None})
    return pd.DataFrame(rows, columns=COLUMNS)


# --------------------------------------------------------------------------- figure
def _count_text(value, lang: str) -> str:
    """A count as it reads: whole, or with one decimal where a view splits records."""
    if value is None or value != value:
        return "–"
    return fmt_int(value, lang) if float(value).is_integer() else fmt_num(value, lang, 1)


def _geojson_for(df: pd.DataFrame) -> tuple[dict | None, str | None, bool]:
    """(geojson, problem with BOUNDARIES_GEOJSON, built?) for the units the frame puts on the map:
    the user's file when it reads, else the built layer those units make up."""
    custom, problem = custom_geojson()
    if custom is not None:
        return custom, None, False
    shown = set(df.loc[df["on_map"].astype(bool), "unit_code"])
    for key in LAYERS:
        if set(layer_codes(key)) == shown:
            return layer_geojson(key), problem, True
    return None, problem, True


def _point(p) -> bool:
    return isinstance(p, list) and len(p) >= 2 and all(isinstance(c, (int, float)) for c in p[:2])


def _outline(geometry: dict) -> tuple[list, list]:
    """x (longitude) and y (latitude) of every ring of a Polygon or MultiPolygon, rings apart by
    None (plotly fills each ring; a hole is drawn as a ring inside). What is not a ring of
    [lon, lat] points (a malformed BOUNDARIES_GEOJSON) is left out, as the browser would."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    coordinates = coordinates if isinstance(coordinates, list) else []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    xs: list = []
    ys: list = []
    for polygon in polygons:
        for ring in polygon if isinstance(polygon, list) else []:
            points = [p for p in ring if _point(p)] if isinstance(ring, list) else []
            if len(points) < 3:
                continue
            if xs:
                xs.append(None)
                ys.append(None)
            xs += [p[0] for p in points]
            ys += [p[1] for p in points]
    return xs, ys


def _label_points(geojson: dict, shown: pd.DataFrame, top: int) -> pd.DataFrame:
    """The ``top`` largest units (by area, else by their number of vertices) with a point inside
    each for its printed name: large units have room for a name, small ones would overlap."""
    rows = []
    for feature in geojson.get("features", []):
        props = feature.get("properties") or {}
        lon, lat = props.get("label_lon"), props.get("label_lat")
        if lon is None or lat is None:
            continue
        size = props.get("area_km2") or 0
        rows.append({"unit_code": feature_code(feature), "lon": lon, "lat": lat, "size": size})
    points = pd.DataFrame(rows, columns=["unit_code", "lon", "lat", "size"])
    points = points[points["unit_code"].isin(shown["unit_code"])]
    return points.sort_values(["size", "unit_code"], ascending=[False, True]).head(top)


def figure_boundaries(
    df: pd.DataFrame,
    filters: Filters,
    labels: Labels,
    *,
    today: dt.date,
    measure: str = "n",
    geojson: dict | None = None,
) -> go.Figure:
    """The boundary map of ``df`` (``data_boundaries``), coloured by ``measure`` ("n" or
    "per_commune"); ``geojson`` replaces the boundaries the settings and the frame choose."""
    lang = labels.lang
    if df.empty or not df["n"].fillna(0).sum():
        return empty_figure(filters, labels)  # only when the filters select no record at all
    if geojson is not None:
        built, problem = False, None
    else:
        geojson, problem, built = _geojson_for(df)
    if geojson is None:
        return empty_figure(filters, labels)
    on_map = df["on_map"].astype(bool)
    shown, off = df[on_map].copy(), df[~on_map]
    units = [labels.unit_by_code(c) for c in shown["unit_code"]]
    shown["unit"] = [labels.unit_name(u.id) if u else c for u, c in zip(units, shown["unit_code"], strict=True)]
    shown["short"] = [u.short_name if u else c for u, c in zip(units, shown["unit_code"], strict=True)]
    notes = []
    if measure == "per_commune" and shown["per_commune"].isna().all():
        measure = "n"
        notes.append(t("chart.boundary.no_rate", lang))
    z = shown[measure].astype(float).fillna(0)
    zmax = float(z.max()) or 1.0
    # counts start at 0; rates at the lowest, so that their differences show (the bar says where)
    zmin = 0.0 if measure == "n" else min(float(z.min()), zmax * 0.99)
    fig = base_figure(lang, height=MAP_PX + 180)
    colours = sample_colorscale(get_colorscale(SEQUENTIAL), [(v - zmin) / ((zmax - zmin) or 1.0) for v in z])
    shapes = {feature_code(f): f.get("geometry") or {} for f in geojson.get("features", [])}
    lons: list[float] = []
    lats: list[float] = []
    for row, value, colour in zip(shown.itertuples(), z, colours, strict=True):
        xs, ys = _outline(shapes.get(row.unit_code, {}))
        lons += [x for x in xs if x is not None]
        lats += [y for y in ys if y is not None]
        fig.add_scatter(  # one filled outline per unit: SVG, no WebGL context, no base map to fetch
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor=colour,
            line=dict(color="#8c9aab", width=0.7),  # outlines show on white fills too
            hoveron="fills",
            hoverinfo="text",
            text=_hover(row, lang),
            name=row.unit_code,
            meta=dict(code=row.unit_code, z=float(value)),
            showlegend=False,
        )
    west, east, south, north = (min(lons), max(lons), min(lats), max(lats)) if lats else PROVINCE_BOX
    fig.add_scatter(  # the colour bar, carried by two invisible points
        x=[west, east],
        y=[south, north],
        mode="markers",
        marker=dict(
            size=0.1,
            opacity=0,
            color=[zmin, zmax],
            cmin=zmin,
            cmax=zmax,
            colorscale=SEQUENTIAL,
            showscale=True,
            colorbar=dict(
                colourbar_below(t("chart.map.per_commune" if measure == "per_commune" else "chart.records", lang)),
                tickformat=",d" if measure == "n" else ",.1f",
            ),
        ),
        hoverinfo="skip",
        name="",
        showlegend=False,
    )
    dark = zmin + DARK * (zmax - zmin)
    _add_names(fig, geojson, shown.assign(z=list(z)), dark, LABELS_SHOWN.get(_key_of(shown), LABELS_CUSTOM))
    pad = LAT_PAD * (north - south or 0.1)
    fig.update_xaxes(visible=False, range=[west - pad, east + pad], fixedrange=True)
    # a degree of longitude is cos(latitude) of a degree of latitude: the province keeps its shape
    ratio = 1 / math.cos(math.radians((south + north) / 2))
    fig.update_yaxes(
        visible=False, range=[south - pad, north + pad], scaleanchor="x", scaleratio=ratio, fixedrange=True
    )
    fig.update_layout(
        dragmode=False,  # a swipe over the map scrolls the page on a phone
        showlegend=False,
        plot_bgcolor="#fff",
        hovermode="closest",
        margin=dict(l=0, r=0, b=116),
        meta=dict(note_keys=[FOOTNOTE_KEY] if built else []),
    )
    if built:
        fig.add_annotation(
            paper_note(
                esc(t(FOOTNOTE_KEY, lang)).replace("; ", ";<br>"),  # two lines that fit a phone
                x=0.5,
                xanchor="center",
                yshift=-54,
                colour="#555",
                name="footnote",
                size=11,
                align="center",
            )
        )
    if problem:
        notes.append(t("chart.boundary.bad_file", lang, reason=problem))
    off_n = off["n"].fillna(0).sum()
    if off_n:
        notes.append(t("chart.boundary.off_note", lang, n=_count_text(off_n, lang)))
    return finish(fig, _title(shown, off_n, lang, measure), filters, labels, note="; ".join(notes) or None)


def _key_of(shown: pd.DataFrame) -> str | None:
    codes = set(shown["unit_code"])
    return next((key for key in LAYERS if set(layer_codes(key)) == codes), None)


def _hover(row, lang: str) -> str:
    """Name, count and (for a unit with communes under it) the rate per commune."""
    lines = [f"<b>{esc(row.unit)}</b>", t("chart.boundary.hover_n", lang, n=_count_text(row.n, lang))]
    if pd.notna(row.communes) and row.communes and pd.notna(row.per_commune):
        rate = fmt_num(row.per_commune, lang, 2)
        lines.append(t("chart.boundary.hover_rate", lang, v=rate, c=fmt_int(row.communes, lang)))
    return "<br>".join(lines)


def _add_names(fig: go.Figure, geojson: dict, shown: pd.DataFrame, dark: float, top: int) -> None:
    """The printed names of the largest units: dark on light fills, white on dark ones (only the
    largest, which have room for a name)."""
    points = _label_points(geojson, shown, top).merge(shown[["unit_code", "short", "z"]], on="unit_code")
    for on_dark, colour in ((False, "#1a1a1a"), (True, "#ffffff")):
        part = points[(points["z"] > dark) == on_dark]
        for r in part.itertuples():  # annotations: above every unit's fill, never clipped by one
            fig.add_annotation(
                x=r.lon,
                y=r.lat,
                xref="x",
                yref="y",
                text=esc(r.short),
                showarrow=False,
                font=dict(size=11, color=colour, shadow="auto"),  # a halo: legible off the shape too
                name=NAME_ANNOTATION,
            )


def _title(shown: pd.DataFrame, off_n: float, lang: str, measure: str) -> str:
    if not shown["n"].fillna(0).sum():
        return t("chart.boundary.title_off", lang, n=_count_text(off_n, lang))
    if measure == "per_commune" and shown["per_commune"].notna().any():
        best = shown.sort_values(["per_commune", "unit_code"], ascending=[False, True]).iloc[0]
        return t("chart.map.title_per", lang, unit=best["unit"], v=fmt_num(best["per_commune"], lang, 1))
    best = shown.sort_values(["n", "unit_code"], ascending=[False, True]).iloc[0]
    return t("chart.map.title", lang, unit=best["unit"], n=_count_text(best["n"], lang))
