"""The brief's HTML (web/brief.py serves it): phone first, no script, every value escaped.

One column that never exceeds the screen (the SVGs scale to it), the sample notice when sample
rows are counted, the headline figures, the key-figures sentence, each chart with its finding, its
partial-year note and a link to its page in the dashboard; at the end, ``<link rel="prefetch">`` of
the dashboard's scripts (fetched at idle priority once the page is drawn). Open Graph tags when the
dashboard is public.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any
from urllib.parse import urlencode

from registry.exports.keyfigures import KeyFigures
from registry.i18n import fmt_int, t
from registry.queries.filters import Filters
from web import signin_html

# No script runs; 'self' for script and style only lets the browser prefetch the app's own files.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_STYLE = """
*{box-sizing:border-box}body{font-family:system-ui,"Source Sans Pro",sans-serif;margin:0;background:#fafafa;
color:#262730;line-height:1.4}main{max-width:40rem;margin:0 auto;padding:.8rem}
h1{font-size:1.3rem;margin:.4rem 0}h2{font-size:1rem;margin:0 0 .4rem}
.top{display:flex;justify-content:space-between;gap:.5rem;font-size:.9rem;flex-wrap:wrap}
.notice{background:#e8f0fe;border-radius:.4rem;padding:.5rem .7rem;font-size:.9rem}
.figs{display:grid;grid-template-columns:1fr 1fr;gap:.5rem;margin:.6rem 0}
.fig{background:#fff;border-radius:.4rem;padding:.5rem .6rem;box-shadow:0 1px 2px rgba(0,0,0,.1)}
.fig b{display:block;font-size:1.5rem}.fig span{font-size:.85rem;color:#555}
p.key{background:#fff;border-left:4px solid #B71C1C;padding:.6rem .7rem;margin:.6rem 0}
section{background:#fff;border-radius:.4rem;padding:.6rem;margin:.7rem 0;box-shadow:0 1px 2px rgba(0,0,0,.1)}
section svg{display:block;max-width:100%;height:auto}.note{font-size:.8rem;color:#555;margin:.2rem 0}
a{color:#0b57d0}a.open{display:block;text-align:center;background:#B71C1C;color:#fff;padding:.7rem;
border-radius:.4rem;text-decoration:none;margin:1rem 0}
"""


def _link(path: str, query: dict[str, str], lang: str) -> str:
    params = {**query, **({"lang": lang} if lang != "vi" else {})}
    return path + ("?" + urlencode(params) if params else "")


def _og(title: str, sentence: str) -> str:
    return (
        f'<meta property="og:type" content="article"><meta property="og:title" content="{escape(title)}">'
        f'<meta property="og:description" content="{escape(sentence)}">'
    )


def page(
    lang: str,
    *,
    figures: KeyFigures,
    sentence: str,
    charts: Sequence[Any],
    query: dict[str, str],
    public: bool,
    filters: Filters,
) -> str:
    """The brief in ``lang``; ``charts`` are web/brief.Figure (finding, svg, note, href)."""
    title = t("brief.title", lang)
    other = "en" if lang == "vi" else "vi"
    numbers = (
        (figures.total, "brief.total"),
        (figures.collective, "brief.collective"),
        (figures.individual, "brief.individual"),
        (figures.replications, "brief.replications"),
    )
    figs = "".join(
        f"<div class=fig><b>{fmt_int(n, lang)}</b><span>{escape(t(k, lang))}</span></div>" for n, k in numbers
    )
    sections = "".join(
        f"<section><h2>{escape(c.finding)}</h2>{c.svg}{f'<p class=note>{escape(c.note)}</p>' if c.note else ''}"
        f'<a href="{escape(c.href)}">{escape(t("brief.see_chart", lang))} →</a></section>'
        for c in charts
    )
    notice = f'<p class="notice" role="note">{escape(t("sample.notice", lang))}</p>' if figures.sample else ""
    sign_out = escape(_link("/auth/sign-out", {"next": "/ban-tin"}, lang))
    account = "" if public else f'<a href="{sign_out}">{escape(t("brief.sign_out", lang))}</a>'
    switch = escape(_link("/ban-tin", query, other))
    return f"""<!doctype html>
<html lang="{escape(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>{escape(title)}</title>{_og(title, sentence) if public else ""}<style>{_STYLE}</style></head>
<body><main>
<div class="top"><a href="{switch}" hreflang="{other}">{escape(t("brief.other_language", lang))}</a>{account}</div>
<h1>{escape(title)}</h1>
{notice}
<div class="figs">{figs}</div>
<p class="key">{escape(sentence)}</p>
{sections}
<a class="open" href="{escape(_link("/", query, lang))}">{escape(t("brief.open_dashboard", lang))}</a>
</main>{signin_html.prefetch_links()}</body></html>"""
