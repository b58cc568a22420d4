"""PNG and SVG images of charts, for the press, through kaleido and the system Chromium.

- Chromium is the ``BROWSER_PATH`` setting, else /usr/bin/chromium, else the first Chromium on the
  PATH. kaleido's Chrome download is never used: the path is always passed explicitly.
- An image carries the chart's title, the subtitle stating the filters, and a footer with the
  source and the as-of date (plus "Dữ liệu mẫu" when sample data is included).
- One kaleido process serves every image: ``ImageRenderer`` keeps a Chromium open in a background
  thread with its own event loop, so a batch pays the start-up (seconds) once and each later image
  costs a fraction of a second. ``shared_renderer()`` is the process-wide one (CLI, Streamlit).
- Where Chromium is missing, ``unavailable_reason`` says why, and the data exports still work.
"""

from __future__ import annotations

import asyncio
import atexit
import copy
import datetime as dt
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from registry.charts.theme import paper_note
from registry.config import get_settings
from registry.exports.boards import source_name
from registry.i18n import fmt_date, t

FORMATS = ("png", "svg")
SIZES: dict[str, tuple[int, int]] = {"landscape": (1200, 675), "square": (1080, 1080)}
DEFAULT_SIZE = "landscape"
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
FOOTER_COLOUR = "#555555"
SAMPLE_COLOUR = "#B00020"
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 60.0


class ImagesUnavailable(Exception):
    """No Chromium could be started; ``message(lang)`` says why in words."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(t(key, "en", **params))

    def message(self, lang: str = "vi") -> str:
        return t(self.key, lang, **self.params)


# --------------------------------------------------------------------------- finding Chromium
def _executable(path: str | None) -> bool:
    return path is not None and bool(path) and Path(path).is_file() and os.access(path, os.X_OK)


def browser_path() -> str | None:
    """The Chromium to use: BROWSER_PATH, /usr/bin/chromium, or one on the PATH; None if none."""
    configured = get_settings().browser_path
    if configured:
        return configured if _executable(configured) else None
    if _executable("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if _executable(found):
            return found
    return None


def unavailable() -> ImagesUnavailable | None:
    """Why images cannot be made here, or None when a Chromium is available."""
    configured = get_settings().browser_path
    if configured and not _executable(configured):
        return ImagesUnavailable("images.no_browser_at", path=configured)
    if browser_path() is None:
        return ImagesUnavailable("images.no_browser")
    return None


def unavailable_reason(lang: str = "vi") -> str | None:
    problem = unavailable()
    return problem.message(lang) if problem else None


# --------------------------------------------------------------------------- the press frame
@dataclass(frozen=True)
class Frame:
    """What goes around the chart on a press image."""

    as_of: dt.date
    sample: bool
    lang: str = "vi"


def footer_text(as_of: dt.date, lang: str = "vi") -> str:
    """ "Nguồn: Ban Dân vận Tỉnh ủy Thanh Hóa. Số liệu tính đến ngày DD/MM/YYYY" (the board of that day)."""
    date = as_of.strftime("%d/%m/%Y") if lang == "vi" else fmt_date(as_of, lang)
    return t("export.footer", lang, date=date, board=source_name(as_of, lang))


def press_figure(fig, frame: Frame, size: str = DEFAULT_SIZE):
    """A copy of ``fig`` laid out for print at ``size``: fixed width and height, room for the
    title, the filter subtitle and the footer. The input figure is not changed."""

    width, height = SIZES[size]
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    margin = out.layout.margin
    legend = out.layout.showlegend is not False and sum(1 for tr in out.data if getattr(tr, "name", None)) > 1
    top = max(margin.t or 0, 160 if legend else 120)  # title, subtitle, then the legend row
    bottom = max(margin.b or 0, 90)
    out.update_layout(
        width=width,
        height=height,
        autosize=False,
        font_family=FONT,
        margin=dict(t=top, b=bottom, l=max(margin.l or 0, 70), r=max(margin.r or 0, 40)),
        paper_bgcolor="white",
    )
    if out.layout.title.text:
        # the screen wraps titles for half-width charts; a press image is wide enough for one line
        subtitle = (out.layout.title.subtitle.text or "").replace("<br>", " ")
        out.update_layout(
            title=dict(
                text=out.layout.title.text.replace("<br>", " "),
                subtitle=dict(text=subtitle),
                x=0.02,
                xanchor="left",
                y=1 - 18 / height,
                yanchor="top",
                yref="container",
                font=dict(size=22),
            )
        )
    if legend:
        out.update_layout(legend=dict(orientation="h", x=0, xanchor="left", y=1.01, yanchor="bottom"))
    annotations = list(out.layout.annotations or ())
    shift = -(bottom - 28)
    footer = footer_text(frame.as_of, frame.lang)
    annotations.append(
        paper_note(footer, x=0, xanchor="left", yshift=shift, colour=FOOTER_COLOUR, name="footer", align="left")
    )
    if frame.sample:
        mark = t("export.sample_mark", frame.lang)
        annotations.append(paper_note(mark, x=1, xanchor="right", yshift=shift, colour=SAMPLE_COLOUR, name="sample"))
    out.update_layout(annotations=annotations)
    return out


# --------------------------------------------------------------------------- one kaleido process
class ImageRenderer:
    """One Chromium (kaleido) kept open in a background thread; thread-safe.

    ``render`` starts it on first use (seconds) and reuses it afterwards (a fraction of a second
    per image). If the browser dies, the next call starts a new one once.
    """

    def __init__(self, path: str | None = None):
        self.path = path
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None  # kaleido's Kaleido, once started (kaleido ships no types)
        self.started_at: float | None = None
        self.images = 0

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> ImageRenderer:
        with self._lock:
            if self._kaleido is not None:
                return self
            problem = (
                unavailable()
                if self.path is None
                else (None if _executable(self.path) else ImagesUnavailable("images.no_browser_at", path=self.path))
            )
            if problem:
                raise problem
            path = self.path or browser_path()
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="kaleido-renderer", daemon=True)
            thread.start()

            async def open_browser():
                import kaleido  # deferred: it starts Chromium machinery; only image exports need it

                k = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT, mathjax=False, path=path)
                await k.open()
                return k

            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(START_TIMEOUT)
            except Exception as exc:  # noqa: BLE001 - any start-up failure becomes one clear reason
                loop.call_soon_threadsafe(loop.stop)
                thread.join(5)
                raise ImagesUnavailable(
                    "images.start_failed", error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                ) from exc
            self._loop, self._thread = loop, thread
            self.started_at = time.perf_counter()
        return self

    def _render_once(self, fig, fmt: str, width: int, height: int) -> bytes:
        opts = {"format": fmt, "width": width, "height": height, "scale": 1}
        if self._loop is None:
            raise RuntimeError("the image renderer is not started")
        future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(fig, opts=opts), self._loop)
        return future.result(RENDER_TIMEOUT + 5)

    def render(self, fig, fmt: str = "png", width: int = 1200, height: int = 675) -> bytes:
        """The image of ``fig`` as bytes (``fmt`` png or svg)."""
        if fmt not in FORMATS:
            raise ValueError(fmt)
        self.start()
        try:
            data = self._render_once(fig, fmt, width, height)
        except ImagesUnavailable:
            raise
        except Exception:  # noqa: BLE001 - the browser may have died: restart it once
            self.close()
            self.start()
            data = self._render_once(fig, fmt, width, height)
        self.images += 1
        return data

    def close(self) -> None:
        with self._lock:
            k, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
        if k is None or loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(k.close(), loop).result(15)
        except Exception:  # noqa: BLE001 - closing a dead browser
            pass
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(5)

    def __enter__(self) -> ImageRenderer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


_SHARED: ImageRenderer | None = None
_SHARED_LOCK = threading.Lock()


def shared_renderer() -> ImageRenderer:
    """The process-wide renderer (one Chromium for every image this process makes)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = ImageRenderer()
            atexit.register(_SHARED.close)
        return _SHARED


def close_shared() -> None:
    """Close the process-wide renderer (a CLI run ends with it; atexit does it otherwise)."""
    with _SHARED_LOCK:
        renderer = _SHARED
    if renderer is not None:
        renderer.close()


def chart_image(fig, fmt: str, frame: Frame, size: str = DEFAULT_SIZE, renderer: ImageRenderer | None = None) -> bytes:
    """The press image of ``fig``: title, filter subtitle, footer, at a press size."""
    if size not in SIZES:
        raise ValueError(size)
    width, height = SIZES[size]
    return (renderer or shared_renderer()).render(press_figure(fig, frame, size), fmt, width, height)
