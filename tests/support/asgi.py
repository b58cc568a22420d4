"""A tiny ASGI client (no httpx here): drive an app in-process, HTTP or a WebSocket handshake.

status, headers, body = http(app, "POST", "/auth/sign-in", body=b"...", headers={"origin": ...})
accepted = websocket(app, "/_stcore/stream", headers={"origin": "http://evil.example"})
"""

from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie


def _scope(kind: str, method: str, path: str, headers: dict | None, client: str, scheme: str) -> dict:
    path, _, query = path.partition("?")
    raw = [(k.lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in (headers or {}).items()]
    if not any(k == b"host" for k, _ in raw):
        raw.append((b"host", b"127.0.0.1:8501"))
    scope = {
        "type": kind,
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode("latin-1"),
        "headers": raw,
        "client": (client, 50000),
        "server": ("127.0.0.1", 8501),
        "scheme": scheme,
        "root_path": "",
        "http_version": "1.1",
        "asgi": {"version": "3.0"},
    }
    if kind == "http":
        scope["method"] = method
    return scope


def http(
    app,
    method: str,
    path: str,
    *,
    body: bytes = b"",
    headers: dict | None = None,
    client: str = "203.0.113.7",
    scheme: str = "http",
) -> tuple[int, list[tuple[str, str]], bytes]:
    """(status, headers as (lower name, value) pairs, body) of one request."""

    async def run():
        sent = False
        out = {"status": 0, "headers": [], "body": b""}

        async def receive():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.sleep(3600)

        async def send(message):
            if message["type"] == "http.response.start":
                out["status"] = message["status"]
                out["headers"] = [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in message["headers"]]
            elif message["type"] == "http.response.body":
                out["body"] += message.get("body", b"")

        await app(_scope("http", method, path, headers, client, scheme), receive, send)
        return out["status"], out["headers"], out["body"]

    return asyncio.run(run())


def websocket(app, path: str, *, headers: dict | None = None, client: str = "203.0.113.7", scheme: str = "ws") -> bool:
    """True when the app accepts the WebSocket handshake."""

    async def run():
        events = [{"type": "websocket.connect"}]
        result = {"accepted": False}

        async def receive():
            if events:
                return events.pop(0)
            return {"type": "websocket.disconnect", "code": 1000}

        async def send(message):
            if message["type"] == "websocket.accept":
                result["accepted"] = True

        await app(_scope("websocket", "GET", path, headers, client, scheme), receive, send)
        return result["accepted"]

    return asyncio.run(run())


def header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for k, v in headers if k == name), None)


def set_cookies(headers: list[tuple[str, str]]) -> dict[str, dict]:
    """Set-Cookie headers by cookie name: {"value": ..., "httponly": bool, "samesite": ..., ...}."""
    found = {}
    for k, v in headers:
        if k == "set-cookie":
            jar = SimpleCookie()
            jar.load(v)
            for name, morsel in jar.items():
                found[name] = {"value": morsel.value, "raw": v, **{a: morsel[a] for a in morsel.keys()}}
    return found
