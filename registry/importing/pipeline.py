"""Named passes over one context: the machinery of an import, for any kind of row.

A pass is an object with a ``name`` and one ``run(ctx)``; ``Step`` makes one of a function.
``run_passes`` runs passes in order over a context, stops after a pass that sets ``ctx.halted``,
and stamps every error and notice a pass added (to a row or to the result) with the pass's name
(``RowError.pass_name``), so that "which pass refused row 17, and why" is read from the result:
``result.for_row(17)``. registry.importing.passes declares the passes of the model rows; another
kind of row declares its own context (anything shaped as ``PassContext``) and passes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from registry.importing.results import RowError


class _Collected(Protocol):
    errors: list[RowError]
    notices: list[RowError]


class _RowWithErrors(Protocol):
    errors: list[RowError]


class PassContext(Protocol):
    """What ``run_passes`` needs of a context: the result's errors and notices, the rows (each
    with its own errors until a pass collects them) and the flag that stops the run."""

    @property
    def result(self) -> _Collected: ...

    @property
    def rows(self) -> Sequence[_RowWithErrors]: ...

    halted: bool


C = TypeVar("C", bound=PassContext)
C_contra = TypeVar("C_contra", contravariant=True)


class Pass(Protocol[C_contra]):
    @property
    def name(self) -> str: ...

    def run(self, ctx: C_contra) -> None: ...


@dataclass(frozen=True)
class Step(Generic[C]):
    """A pass made of a function of the context."""

    name: str
    fn: Callable[[C], None]

    def run(self, ctx: C) -> None:
        self.fn(ctx)


def run_passes(ctx: C, passes: Sequence[Pass[C]]) -> C:
    """Run ``passes`` in order over ``ctx`` until one halts it; each error and notice is stamped
    with the pass that added it."""
    for step in passes:
        if ctx.halted:
            break
        step.run(ctx)
        _stamp(ctx.result.errors, step.name)
        _stamp(ctx.result.notices, step.name)
        for row in ctx.rows:
            if row.errors:
                _stamp(row.errors, step.name)
    return ctx


def _stamp(items: list[RowError], name: str) -> None:
    """Name the pass on each item that carries none yet: it was added by this pass (a pass that
    moves a row's errors to the result moves them already stamped)."""
    for i, item in enumerate(items):
        if not item.pass_name:
            items[i] = dataclasses.replace(item, pass_name=name)
