"""A tiny SVG writer for the brief (web/brief.py): bars drawn on the server from a chart's table,
no browser and no plotly. Every chart scales to the width of its box (viewBox, width 100 %), so
nothing scrolls sideways on a 360 px phone; labels are escaped; the partial year is drawn lighter
and hatched, as on the dashboard."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from registry.i18n import fmt_int

COLOUR = "#0072B2"
WIDTH = 340
BAR_GAP = 0.25


def _text(x: float, y: float, value: str, *, anchor: str = "middle", size: int = 11, fill: str = "#333") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}">{escape(value)}</text>'
    )


def columns(
    labels: Sequence[str], values: Sequence[float], *, lang: str, partial: Sequence[bool] = (), title: str = ""
) -> str:
    """Vertical bars, one a label (years): the value above each bar, the label under it."""
    height, top, bottom = 170, 18, 22
    n = max(len(values), 1)
    step = WIDTH / n
    peak = max([float(v) for v in values] + [1.0])
    hatch = (
        '<defs><pattern id="p" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{COLOUR}" opacity=".45"/><line x1="0" y1="0" x2="0" y2="6" '
        'stroke="#fff" stroke-width="2"/></pattern></defs>'
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}">{hatch}'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = (height - top - bottom) * float(value) / peak
        x = i * step + step * BAR_GAP / 2
        y = height - bottom - h
        fill = "url(#p)" if i < len(partial) and partial[i] else COLOUR
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * (1 - BAR_GAP):.1f}" height="{h:.1f}" fill="{fill}"/>'
        )
        parts.append(_text(x + step * (1 - BAR_GAP) / 2, y - 4, fmt_int(value, lang), size=10))
        parts.append(_text(i * step + step / 2, height - 6, str(label)))
    parts.append("</svg>")
    return "".join(parts)


def rows(labels: Sequence[str], values: Sequence[float], *, lang: str, title: str = "") -> str:
    """Horizontal bars, one a row (names): the name above its bar, the value at its end."""
    row = 30
    height = row * max(len(values), 1) + 4
    peak = max([float(v) for v in values] + [1.0])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}">'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = i * row
        w = (WIDTH - 60) * float(value) / peak
        parts.append(_text(0, y + 11, str(label)[:48], anchor="start"))
        parts.append(f'<rect x="0" y="{y + 15:.1f}" width="{w:.1f}" height="11" fill="{COLOUR}"/>')
        parts.append(_text(w + 4, y + 25, fmt_int(value, lang), anchor="start", size=10))
    parts.append("</svg>")
    return "".join(parts)
