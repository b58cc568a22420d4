"""The one context the passes of a model-row import share (registry.importing.passes): the file,
who imports it and how, its table and header map, the session and reference data, every row with
what the passes found for it, and the result the user reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from registry import text
from registry.i18n import DEFAULT_LANG
from registry.importing.read import Table
from registry.importing.results import ImportResult, Progress, RowError
from registry.models import ModelExampleCreate
from registry.permissions import Actor
from registry.records.validation import References


@dataclass
class Row:
    """One data row and what the passes found for it: its input (``data``, None while a cell is
    refused), its cells by input field (``raw``), the id it names, its column values once
    validated, and its errors (each stamped with the pass that raised it)."""

    number: int
    data: ModelExampleCreate | None
    raw: dict[str, Any]
    record_id: int | None = None
    values: dict | None = None
    errors: list[RowError] = field(default_factory=list)


class Folds(dict):
    """text.fold of each distinct value once (holders, localities and unit names repeat)."""

    def __missing__(self, value: str) -> str:
        self[value] = folded = text.fold(value)
        return folded


@dataclass(frozen=True)
class ImportOptions:
    """How to import: the reader's language, whether to write (``dry_run`` checks only), whether
    to suggest origins for the new rows before writing, the score from which a new row is linked
    to its best suggestion (None: never), and the progress callback."""

    lang: str = DEFAULT_LANG
    dry_run: bool = True
    suggest: bool = True
    link_min_score: float | None = None
    progress: Progress | None = None

    def report(self, done: int, total: int, phase: str) -> None:
        if self.progress:
            self.progress(done, total, phase)


@dataclass
class ImportContext:
    """Everything the passes read and add, in the order they add it."""

    data: bytes
    filename: str
    actor: Actor
    options: ImportOptions = field(default_factory=ImportOptions)
    engine: Engine | None = None  # for the pass after the transaction
    session: Session | None = None  # the transaction of the checks and the writes
    halted: bool = False  # set by a pass after which nothing more is to be done
    table: Table | None = None  # read: the cells
    columns: dict[int, str] = field(default_factory=dict)  # headers: column index → input field
    labels: dict[str, str] = field(default_factory=dict)  # headers: input field → header as written
    rows: list[Row] = field(default_factory=list)  # cells: one per data row
    fold: Folds = field(default_factory=Folds)
    new: list[Row] = field(default_factory=list)  # classify: the rows to create
    updates: list[tuple[Row, Any, dict]] = field(default_factory=list)  # classify: (row, stored, changes)
    result: ImportResult = field(init=False)
    _refs: References | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.result = ImportResult(filename=self.filename, dry_run=self.options.dry_run)

    @property
    def lang(self) -> str:
        return self.options.lang

    @property
    def present(self) -> set[str]:
        """The input fields the file has a column for."""
        return set(self.columns.values())

    @property
    def db(self) -> Session:
        if self.session is None:
            raise RuntimeError("this pass runs inside a session")
        return self.session

    @property
    def cells(self) -> Table:
        if self.table is None:
            raise RuntimeError("this pass runs after the read")
        return self.table

    @property
    def refs(self) -> References:
        """The reference data, loaded once from the context's session when first needed."""
        if self._refs is None:
            self._refs = References(self.db)
        return self._refs

    def column(self, name: str) -> str:
        """The header of the input field ``name`` as the file writes it ("" when it has none)."""
        return self.labels.get(name, "")
