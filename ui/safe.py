"""User and URL text shown through Streamlit's markdown (st.markdown, subheader, caption, warning,
info, table...): as text, never as markup.

Streamlit already shows raw HTML as text (``unsafe_allow_html`` stays off everywhere) and drops
``javascript:`` links, but markdown links and images, bare URLs (GFM autolinks), emphasis,
headings, ``:red[...]`` directives, ``:material/...:`` icons and ``$...$`` formulas get through.
``md(text)`` backslash-escapes every ASCII punctuation character (CommonMark lets any of them be
escaped, and an escaped character starts no construct) and puts an invisible word joiner into
bare addresses (GFM's autolinks are found in the text after escapes), so
"[Đăng nhập lại](https://evil.example)" shows as exactly that text, with no link. ``code(text)``
shows a value as an inline code span whatever backticks it holds (the bad values of a link's
filters).

Places that use it (docs/security.md): the record's title in the heading of the detail on the
browse page; the holder, locality and unit names in the detail's table (st.table renders
markdown); the origin and root lines of the detail (title, unit); the titles in the duplicates
warning of the entry form; the bad filter values of a link (ui/filters.py, as code).
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_BACKTICKS = re.compile("`+")
# GFM turns bare "https://…", "www.…" and "name@host" into links after escapes are read: a word
# joiner (U+2060, invisible) inside each of them stops that.
_WJ = "\u2060"
_AUTOLINKS = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?=@)")


def md(text: object) -> str:
    """``text`` for a markdown surface: every ASCII punctuation backslash-escaped, line breaks a
    space (one line of text: no heading, list or code block can start)."""
    value = "" if text is None else str(text)
    value = " ".join(value.splitlines())
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINKS.sub(_WJ, value))


def code(text: object) -> str:
    """``text`` as an inline code span (shown verbatim, never a link), fenced by more backticks than
    it holds in a row."""
    value = " ".join(("" if text is None else str(text)).splitlines())
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or not value.strip() else ""
    return f"{fence}{pad}{value}{pad}{fence}"
