"""web/compress.py: our server sends Streamlit's static assets and our own pages compressed,
each static file compressed once, with Vary and Streamlit's immutable caching kept."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import brotli
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse
from starlette.routing import Route
from streamlit.web.server.starlette.starlette_static_routes import create_streamlit_static_assets_routes

from tests.support.asgi import header, http
from web import compress, signin_html

PLOTLY = next((signin_html.STATIC / "static" / "js").glob("PlotlyChart.*.js"))
PLOTLY_URL = f"/static/js/{PLOTLY.name}"
PAGE = "<html><body>" + "Bản tin " * 400 + "</body></html>"


@pytest.fixture
def app(monkeypatch, tmp_path):
    monkeypatch.setattr(compress, "DISK_DIR", tmp_path / "compressed")
    monkeypatch.setattr(compress, "BEST_MIN_BYTES", 10**9)  # no 23 s of brotli 11 in the tests

    async def page(request):
        return HTMLResponse(PAGE)

    return Starlette(
        routes=[Route("/page", page), *create_streamlit_static_assets_routes(None)],
        middleware=[Middleware(compress.CompressMiddleware)],
    )


def test_plotly_chunk_brotli_once_with_vary_and_immutable_caching(app):
    original = PLOTLY.read_bytes()
    status, headers, body = http(app, "GET", PLOTLY_URL, headers={"accept-encoding": "gzip, deflate, br, zstd"})
    assert status == 200
    assert header(headers, "content-encoding") == "br"
    assert "Accept-Encoding" in header(headers, "vary")
    assert "immutable" in header(headers, "cache-control")
    assert int(header(headers, "content-length")) == len(body) < len(original) // 3
    assert brotli.decompress(body) == original
    before = compress.stats["compressions"]
    for _ in range(2):
        status, headers, again = http(app, "GET", PLOTLY_URL, headers={"accept-encoding": "br"})
        assert again == body
    assert compress.stats["compressions"] == before  # served from the cache, never recompressed


def test_gzip_when_brotli_is_not_accepted_and_identity_when_nothing_is(app):
    original = PLOTLY.read_bytes()
    _, headers, body = http(app, "GET", PLOTLY_URL, headers={"accept-encoding": "gzip, br;q=0"})
    assert header(headers, "content-encoding") == "gzip"
    assert gzip.decompress(body) == original
    _, headers, body = http(app, "GET", PLOTLY_URL)
    assert header(headers, "content-encoding") is None
    assert body == original
    assert "Accept-Encoding" in header(headers, "vary")


def test_pages_are_compressed_per_request(app):
    _, headers, body = http(app, "GET", "/page", headers={"accept-encoding": "br"})
    assert header(headers, "content-encoding") == "br"
    assert brotli.decompress(body).decode() == PAGE


def test_accept_encoding_parsing():
    assert compress.choose_encoding("gzip, deflate, br") == "br"
    assert compress.choose_encoding("br;q=0, gzip;q=0.5") == "gzip"
    assert compress.choose_encoding("identity") is None
    assert compress.choose_encoding(None) is None
    assert compress.choose_encoding("*") == "br"


def test_wired_into_our_server_outermost():
    from web import server

    assert server.middleware()[0].cls is compress.CompressMiddleware
    assert Path(compress.__file__).parent == Path(server.__file__).parent


def test_big_files_are_recompressed_once_at_best_quality_and_kept_on_disk(app, monkeypatch):
    js = sorted((signin_html.STATIC / "static" / "js").glob("*.js"), key=lambda p: p.stat().st_size)
    middle = next(p for p in js if 40_000 < p.stat().st_size < 120_000)
    url = f"/static/js/{middle.name}"
    monkeypatch.setattr(compress, "BEST_MIN_BYTES", 1)
    _, _, quick = http(app, "GET", url, headers={"accept-encoding": "br"})
    deadline = time.monotonic() + 60
    while not list(compress.DISK_DIR.glob("*.br")) and time.monotonic() < deadline:
        time.sleep(0.1)
    _, _, best = http(app, "GET", url, headers={"accept-encoding": "br"})
    assert brotli.decompress(best) == brotli.decompress(quick) == middle.read_bytes()
    assert len(best) < len(quick)
    compress._cache.clear()  # a restart: the quality-11 bytes come from the disk, nothing is compressed
    before = dict(compress.stats)
    _, _, again = http(app, "GET", url, headers={"accept-encoding": "br"})
    assert again == best and compress.stats == before
