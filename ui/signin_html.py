"""The server-rendered sign-in page (served by ui/web.py at /auth/sign-in, never by Streamlit).

Plain HTML with no script, every value escaped, Vietnamese by default (``?lang=en`` for English).
The form posts to the same address with a signed form token; the page's own Content-Security-Policy
allows nothing but its inline style and a form sent to this site.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from registry.i18n import t

CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

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
<title>{escape(t("auth.sign_in_heading", lang))}</title><style>{_STYLE}</style></head>
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
