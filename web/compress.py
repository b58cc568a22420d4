"""Compression by our own web server (brotli, else gzip) for every text response it sends.

Streamlit 1.67 deliberately sends its static assets (``/static/…``) and the root document
uncompressed: the 4,7 MB plotly chunk crossed a mobile link as it is (1,06 MB with brotli). This
pure-ASGI middleware (outermost in web/server.middleware) compresses:

- a file answer (one that carries an ETag: Streamlit's static files, ``/app/static/``) ONCE per
  (path, ETag, length, encoding): the ETag is made from the file's mtime and size, so the cache is
  keyed by path and mtime. The compressed bytes stay in memory; later requests never recompress.
  Files of 256 KB or more are then brotli-compressed once more at quality 11 in a background
  thread (the plotly chunk: 1,24 MB at quality 5, 1,06 MB at 11, 23 s of CPU) and kept on disk
  (DANVAN_COMPRESSED_DIR, default a folder in the temp dir), so that this happens once per install.
  Its immutable Cache-Control stays; its ETag becomes weak (it names the content, not the bytes);
- any other text answer (the app's index.html, the sign-in page, the brief): compressed per
  request, as it may carry a per-request form token; these are a few kilobytes.

It honours Accept-Encoding (``q=0`` refuses), adds ``Vary: Accept-Encoding`` to every answer it
could compress, and leaves alone ranges, non-200 answers, HEAD, and bodies already encoded.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import os
import tempfile
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import brotli
from starlette.concurrency import run_in_threadpool

Message = MutableMapping[str, Any]
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MIN_BYTES = 1024
TEXT_TYPES = (b"text/", b"application/javascript", b"application/json", b"image/svg+xml", b"application/xml")
BROTLI_QUALITY = 5  # 0,5 s for the plotly chunk, once; quality 11 saves 15 % more but takes 23 s
GZIP_LEVEL = 6

_cache: dict[tuple[str, str, int, str], bytes] = {}
_locks: dict[tuple[str, str, int, str], asyncio.Lock] = {}
_count_lock = threading.Lock()
stats = {"compressions": 0, "best": 0}
# brotli 11 of the big files, made once per install (web/compress._recompress_best)
DISK_DIR = Path(os.environ.get("DANVAN_COMPRESSED_DIR") or Path(tempfile.gettempdir()) / "danvan-compressed")
BEST_MIN_BYTES = 256 * 1024


def choose_encoding(accept_encoding: str | None) -> str | None:
    """ "br" or "gzip" (brotli first) as the client accepts them, or None."""
    accepted: dict[str, float] = {}
    for part in (accept_encoding or "").split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name:
            accepted[name.strip().lower()] = q
    for name in ("br", "gzip"):
        if accepted.get(name, accepted.get("*", 0.0)) > 0:
            return name
    return None


def compress(body: bytes, encoding: str) -> bytes:
    with _count_lock:
        stats["compressions"] += 1
    if encoding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY)
    return gzip.compress(body, GZIP_LEVEL, mtime=0)


def _compressible(headers: list[tuple[bytes, bytes]]) -> bool:
    names = {k.lower(): v for k, v in headers}
    if b"content-encoding" in names or b"content-range" in names:
        return False
    kind = names.get(b"content-type", b"").lower()
    return kind.startswith(TEXT_TYPES)


def _weak(etag: bytes) -> bytes:
    return etag if etag.startswith(b"W/") else b"W/" + etag


def _disk_path(key: tuple[str, str, int, str]) -> Path:
    digest = hashlib.sha256("\0".join(map(str, key)).encode()).hexdigest()[:32]
    return DISK_DIR / f"{digest}.{key[3]}"


def _recompress_best(key: tuple[str, str, int, str], body: bytes) -> None:
    """Brotli at quality 11 (23 s for the plotly chunk, in a background thread, once per install):
    written to the disk cache, then served in place of the quick one."""
    best = brotli.compress(body, quality=11)
    with _count_lock:
        stats["best"] += 1
    path = _disk_path(key)
    try:
        DISK_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(best)
        partial.replace(path)
    except OSError:
        pass
    _cache[key] = best


async def cached(key: tuple[str, str, int, str], body: bytes, encoding: str) -> bytes:
    """The compressed ``body`` of a file answer: made once per key (one request does it; others
    wait). A big brotli file is made quickly first (quality 5), then once at quality 11 in the
    background and kept on disk (keyed by path, ETag, length), so that a restart finds it."""
    if key in _cache:
        return _cache[key]
    lock = _locks.setdefault(key, asyncio.Lock())
    async with lock:
        if key not in _cache:
            path = _disk_path(key)
            if path.exists():
                _cache[key] = await run_in_threadpool(path.read_bytes)
            else:
                _cache[key] = await run_in_threadpool(compress, body, encoding)
                if encoding == "br" and len(body) >= BEST_MIN_BYTES:
                    threading.Thread(target=_recompress_best, args=(key, body), daemon=True).start()
    return _cache[key]


class CompressMiddleware:
    """See the module doc."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        if b"range" in headers:
            await self.app(scope, receive, send)
            return
        encoding = choose_encoding(headers.get(b"accept-encoding", b"").decode("latin-1"))
        held: dict[str, Any] = {}

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                start_headers = list(message.get("headers", []))
                if message.get("status") != 200 or not _compressible(start_headers):
                    await send(message)
                    return
                if encoding is None:
                    await send({**message, "headers": _with_vary(start_headers)})
                    return
                held["start"], held["chunks"] = message, []
                return
            if message["type"] == "http.response.body" and "start" in held and encoding is not None:
                held["chunks"].append(message.get("body", b""))
                if message.get("more_body"):
                    return
                await self._finish(scope, held, encoding, send)
                return
            await send(message)

        await self.app(scope, receive, wrapped)

    async def _finish(self, scope: Scope, held: dict[str, Any], encoding: str, send: Send) -> None:
        start = held["start"]
        body = b"".join(held["chunks"])
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        if len(body) < MIN_BYTES:
            out, encoded = body, False
        else:
            etag = dict((k.lower(), v) for k, v in headers).get(b"etag")
            if etag is not None:
                key = (scope.get("path", ""), etag.decode("latin-1"), len(body), encoding)
                out = await cached(key, body, encoding)
                headers = [(k, _weak(v) if k.lower() == b"etag" else v) for k, v in headers]
            else:
                out = (
                    await run_in_threadpool(compress, body, encoding) if len(body) > 65536 else compress(body, encoding)
                )
            encoded = True
        headers = _with_vary(headers)
        if encoded:
            headers.append((b"content-encoding", encoding.encode()))
        headers.append((b"content-length", str(len(out)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": out})


def _with_vary(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    for i, (k, v) in enumerate(headers):
        if k.lower() == b"vary":
            if b"accept-encoding" not in v.lower():
                headers = list(headers)
                headers[i] = (k, v + b", Accept-Encoding")
            return headers
    return list(headers) + [(b"vary", b"Accept-Encoding")]
