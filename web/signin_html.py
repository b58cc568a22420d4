"""The server-rendered sign-in page (served by web/server.py at /auth/sign-in, never by Streamlit).

Plain HTML with no script, every value escaped, Vietnamese by default (``?lang=en`` for English).
The form posts to the same address with a signed form token; the page's own Content-Security-Policy
allows nothing but its inline style and a form sent to this site.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from pathlib import Path
from urllib.parse import urlencode

import streamlit

from registry.i18n import t

# The page runs no script; ``script-src``/``style-src 'self'`` only let the browser prefetch the
# app's own files (below) while the user types.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
STATIC = Path(streamlit.__file__).parent / "static"


@lru_cache(maxsize=1)
def app_assets() -> tuple[tuple[str, str], ...]:
    """The files the dashboard's first page needs after sign-in, as (path, kind): the scripts and
    styles of Streamlit's index.html, and the plotly chunk (4,7 MB) that every chart page loads.
    Fetched while the user types, they come from the browser's cache when the page opens."""
    index = (STATIC / "index.html").read_text(encoding="utf-8")
    found = [
        (m.group(1).lstrip("."), "style" if m.group(1).endswith(".css") else "script")
        for m in re.finditer(r'(?:src|href)="(\./static/[^"]+\.(?:js|css))"', index)
    ]
    found += [(f"/static/js/{p.name}", "script") for p in sorted((STATIC / "static" / "js").glob("PlotlyChart.*.js"))]
    return tuple(dict.fromkeys(found))


def prefetch_links() -> str:
    links = (f'<link rel="prefetch" href="{escape(path)}" as="{kind}" crossorigin>' for path, kind in app_assets())
    return "".join(links)


_STYLE = """
body{font-family:"Source Sans Pro",system-ui,sans-serif;background:#fafafa;color:#262730;margin:0}
main{max-width:26rem;margin:8vh auto;padding:2rem;background:#fff;border-radius:.75rem;
box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.6rem;margin:0 0 .5rem}p.intro{color:#555;font-size:.95rem}
label{display:block;margin:1rem 0 .3rem;font-weight:600}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #ccc;
border-radius:.4rem;font-size:1rem}
button{margin-top:1.4rem;width:100%;padding:.65rem;border:0;border-radius:.4rem;background:#B71C1C;color:#fff;
font-size:1rem;cursor:pointer}
.error{background:#fdecea;color:#8a1c1c;border-radius:.4rem;padding:.7rem;margin:1rem 0}
.lang{float:right;font-size:.9rem}
"""


def page(lang: str, *, next_path: str, form_token: str, error: str | None = None, name: str = "") -> str:
    """The sign-in page in ``lang``; ``error`` is a message already translated."""
    other = "en" if lang == "vi" else "vi"
    switch = "/auth/sign-in?" + urlencode({"lang": other, "next": next_path})
    error_html = f'<div class="error" role="alert">{escape(error)}</div>' if error else ""
    return f"""<!doctype html>
<html lang="{escape(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>{escape(t("auth.sign_in_heading", lang))}</title><style>{_STYLE}</style>{prefetch_links()}</head>
<body><main>
<a class="lang" href="{escape(switch)}">{escape(t("auth.other_language", lang))}</a>
<h1>{escape(t("auth.sign_in_heading", lang))}</h1>
<p class="intro">{escape(t("auth.sign_in_intro", lang))}</p>
{error_html}
<form method="post" action="/auth/sign-in" autocomplete="on">
<input type="hidden" name="form_token" value="{escape(form_token)}">
<input type="hidden" name="next" value="{escape(next_path)}">
<input type="hidden" name="lang" value="{escape(lang)}">
<label for="username">{escape(t("field_name.name", lang))}</label>
<input type="text" id="username" name="username" value="{escape(name)}" autocomplete="username" required autofocus>
<label for="password">{escape(t("field_name.password", lang))}</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">{escape(t("auth.sign_in", lang))}</button>
</form></main></body></html>"""


def bounce(url: str, lang: str) -> str:
    """A page that reopens ``url`` from this site: after a link from another site (mail, chat) the
    browser withholds SameSite=Strict cookies; a navigation started by our own page sends them."""
    return f"""<!doctype html>
<html lang="{escape(lang)}"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0;url={escape(url)}">
<title>{escape(t("auth.continue", lang))}</title></head>
<body><p><a href="{escape(url)}">{escape(t("auth.continue", lang))}</a></p></body></html>"""
