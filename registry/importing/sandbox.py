"""A sandbox that keeps a reader's crash away from the server: ``run_sandboxed`` runs the reader
in a child process under ``RLIMIT_AS`` and a timeout; results come back through a restricted
unpickler that can name no function and import no module; a child that dies (a signal, a
MemoryError, a non-zero exit) or runs out of time becomes an ``UploadRejected``.

Start method "forkserver": "fork" would copy a multi-threaded Streamlit server (held locks) and
"spawn" re-imports the reader's modules for every upload (250-400 ms per call here). The fork
server starts once (0.4-1.5 s, preloading python_calamine, this module and the first reader's
module), then forks a clean single-threaded child in 35-100 ms. Run the server as ``python -m
streamlit`` (Makefile, docs/deploy): started through the bin/streamlit script, every child would
re-import that script and so Streamlit (about 1.4 s).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import multiprocessing
import multiprocessing.spawn
import os
import pickle
import resource
import sys
import threading
import traceback
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

from registry.importing.guard import UploadRejected, shown

START_METHOD: Final = "forkserver"


# --------------------------------------------------------------------------- the sandbox
_preload_lock = threading.Lock()


_preloaded = False


_GRACE_S = 5.0


class _ChildTraceback(Exception):
    """The child's traceback, attached as ``__cause__`` of an exception raised there."""

    def __str__(self) -> str:
        return "\n" + str(self.args[0])


def run_sandboxed(func: Callable[..., Any], /, *args: Any, memory_mb: int, timeout_s: float, **kwargs: Any) -> Any:
    """``func(*args, **kwargs)`` in a child process limited to ``memory_mb`` MB of address space
    and ``timeout_s`` seconds; its result. ``func`` must be a top-level function, its result

    plain data (None, bool, numbers, str, bytes, containers, dates). ``memory_mb`` and
    ``timeout_s`` are never passed on to ``func``.

    A child that dies, runs out of memory or time becomes UploadRejected("upload.too_costly");
    an exception raised by ``func`` is raised again here with the same type and message (its
    class must be imported in this process; otherwise UploadRejected("upload.failed"))."""
    context = multiprocessing.get_context(START_METHOD)
    _preload(context, func)
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(sender, memory_mb, timeout_s, func, args, kwargs), name="upload-sandbox", daemon=True
    )
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        process.kill()

    timer = threading.Timer(timeout_s, expire)
    timer.daemon = True
    try:
        _start_without_main(process)
    except BaseException:  # func or an argument cannot be pickled, or no process can be had
        receiver.close()
        raise
    finally:
        sender.close()  # the child holds its own end now
    message = None
    try:
        timer.start()
        header = receiver.recv_bytes(maxlength=1 << 20)  # (kind, text, traceback), then the payload
        message = header, receiver.recv_bytes(maxlength=max(memory_mb, 1) << 20)
    except (EOFError, OSError):  # the child died, was killed, or sent more than it could hold
        message = None
    finally:
        timer.cancel()
        if timer.ident is not None:
            timer.join()  # a kill under way finishes before the process object is closed
        receiver.close()
        if message is None and process.exitcode is None:  # interrupted here: never leave it running
            process.kill()
        process.join(_GRACE_S)
        if process.exitcode is None:
            process.kill()
            process.join()
        exitcode = process.exitcode
        process.close()
    if message is None:
        reason = (
            "timeout"
            if expired.is_set()
            else (f"signal {-exitcode}" if exitcode and exitcode < 0 else f"exit {exitcode}")
        )
        raise _too_costly(memory_mb, timeout_s, reason)
    return _unpack(*message, memory_mb, timeout_s)


_start_lock = threading.Lock()


def _start_without_main(process) -> None:
    """Start the child without the parent's ``__main__``. multiprocessing has every child re-run
    the parent's main script first (as ``__mp_main__``); in a Streamlit server that is whichever
    page script is running (Streamlit puts it in ``sys.modules["__main__"]``): the import page
    itself, which died there without its upload, so every workbook was refused. The child needs
    nothing from it (``_child`` and the readers are importable), so the preparation data the
    child gets names no main module."""
    original = multiprocessing.spawn.get_preparation_data

    def without_main(name):
        data = original(name)
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
        return data

    with _start_lock:
        multiprocessing.spawn.get_preparation_data = without_main
        try:
            process.start()
        finally:
            multiprocessing.spawn.get_preparation_data = original


def _too_costly(memory_mb: int, timeout_s: float, reason: str) -> UploadRejected:
    error = UploadRejected("upload.too_costly", memory_mb=memory_mb, timeout_s=timeout_s)
    error.reason = reason
    return error


def _preload(context, func: Callable) -> None:
    """Name the modules the fork server imports once (ignored once it runs)."""
    global _preloaded
    with _preload_lock:
        if not _preloaded:
            modules = {"python_calamine", __name__, getattr(func, "__module__", None) or __name__} - {"__main__"}
            context.set_forkserver_preload(sorted(modules))
            _preloaded = True


def _limit_resources(memory_mb: int, timeout_s: float) -> None:
    def lower(kind: int, value: int) -> None:
        soft, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(kind, (value, value))

    lower(resource.RLIMIT_AS, memory_mb << 20)
    lower(resource.RLIMIT_CPU, math.ceil(timeout_s) + 2)  # a backstop if the parent is gone
    lower(resource.RLIMIT_CORE, 0)
    os.environ["RUST_BACKTRACE"] = "0"  # an aborting reader prints one line, not a backtrace


def _child(sender, memory_mb: int, timeout_s: float, func: Callable, args: tuple, kwargs: dict) -> None:
    _limit_resources(memory_mb, timeout_s)
    try:
        result = func(*args, **kwargs)
        header, payload = pickle.dumps(("ok", "", "")), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        del result  # pickled once, sent as is: the largest result fits in the limit with one copy
    except MemoryError:
        header, payload = pickle.dumps(("limit", "MemoryError", "")), b""
    except Exception as exc:
        header, payload = _pack_error(exc)
    sender.send_bytes(header)
    sender.send_bytes(payload)
    sender.close()


def _pack_error(exc: Exception) -> tuple[bytes, bytes]:
    text = f"{type(exc).__qualname__}: {exc}"[:300]
    trace = "".join(traceback.format_exception(exc))[-20_000:]
    blob = b""
    try:
        whole = pickle.dumps(exc)
        clone = _ErrorUnpickler(io.BytesIO(whole)).load()
        if type(clone) is type(exc) and str(clone) == str(exc) and vars(clone) == vars(exc):
            blob = pickle.dumps(("object", exc))
    except Exception:
        pass
    if not blob:
        try:
            blob = pickle.dumps(("state", (type(exc), exc.args, dict(vars(exc)))))
        except Exception:
            blob = b""
    return pickle.dumps(("error", text, trace)), blob


def _unpack(header: bytes, blob: bytes, memory_mb: int, timeout_s: float) -> Any:
    try:
        kind, text, trace = _DataUnpickler(io.BytesIO(header)).load()
        if kind == "ok":
            return _DataUnpickler(io.BytesIO(blob)).load()
    except Exception as exc:
        raise UploadRejected("upload.failed", error=shown(f"{type(exc).__name__}: {exc}", 200)) from None
    if kind == "limit":
        raise _too_costly(memory_mb, timeout_s, str(text))
    raise _rebuild(blob, str(text)) from _ChildTraceback(str(trace))


def _rebuild(blob: bytes, text: str) -> BaseException:
    try:
        mode, value = _ErrorUnpickler(io.BytesIO(blob)).load()
        if mode == "object" and isinstance(value, Exception):
            return value
        if mode == "state":
            cls, args, state = value
            if isinstance(cls, type) and issubclass(cls, Exception):
                error = cls.__new__(cls)
                error.args = tuple(args)
                error.__dict__.update(state)
                return error
    except Exception:
        pass
    return UploadRejected("upload.failed", error=shown(text, 200))


_SAFE_GLOBALS = {
    ("datetime", "datetime"): dt.datetime,
    ("datetime", "date"): dt.date,
    ("datetime", "time"): dt.time,
    ("datetime", "timedelta"): dt.timedelta,
    ("datetime", "timezone"): dt.timezone,
    ("decimal", "Decimal"): Decimal,
}


class _DataUnpickler(pickle.Unpickler):
    """Plain data and dates: no function, no class of ours, no module import."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE_GLOBALS:
            return _SAFE_GLOBALS[module, name]
        raise pickle.UnpicklingError(f"refused {module}.{name}")


class _ErrorUnpickler(_DataUnpickler):
    """Also exception classes that this process has already imported."""

    def find_class(self, module: str, name: str) -> Any:
        found = getattr(sys.modules.get(module), name, None) if "." not in name else None
        if isinstance(found, type) and issubclass(found, Exception):
            return found
        return super().find_class(module, name)
