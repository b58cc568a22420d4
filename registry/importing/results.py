"""What an import tells its user: a file refused as a whole, a problem or notice in one cell, and
the result of a check or an import."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from registry.errors import Problem, RegistryError
from registry.i18n import DEFAULT_LANG

Progress = Callable[[int, int, str], None]


class FileRejected(RegistryError):
    """The file as a whole cannot be imported (unreadable, too big, empty, no sheet with our
    headers, an unknown encoding). The CLI exits 2."""

    key = "import.unreadable"


@dataclass(frozen=True)
class RowError:
    """One problem in one cell: the row number as the spreadsheet shows it, the column as the file
    names it, and a catalog message; ``pass_name`` is the pass of the import that raised it
    (registry.importing.passes; never shown to the user)."""

    row: int
    column: str
    key: str
    params: dict = field(default_factory=dict)
    field: str = ""
    pass_name: str = ""

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return Problem(self.field or self.column, self.key, self.params).message(lang)


@dataclass(frozen=True)
class Suggestion:
    """A suggested origin of a new row: a stored record (``origin_id``) or another new row of the
    file (``origin_row``), with the suggester's score and reason."""

    row: int
    origin_id: int | None
    origin_row: int | None
    title: str
    unit: str
    year: int
    score: float
    reason: str


@dataclass
class ImportResult:
    """What a check or an import found and did: the rows read, the errors (any refuses the whole
    file) and notices, what would be or was created, updated or left unchanged, and the origins
    suggested and linked."""

    filename: str
    errors: list[RowError] = field(default_factory=list)
    notices: list[RowError] = field(default_factory=list)
    dry_run: bool = True
    rows: int = 0
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    preview: list[dict] = field(default_factory=list)  # the first new rows, as the page shows them
    committed: bool = False
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)
    rules: Counter = field(default_factory=Counter)  # placement rule -> rows it placed
    suggestions: list[Suggestion] = field(default_factory=list)  # origins suggested for new rows
    linked: list[tuple[int, int]] = field(default_factory=list)  # (copy id, origin id) linked by score

    @property
    def ok(self) -> bool:
        return not self.errors

    def for_row(self, row: int) -> list[RowError]:
        """The errors, then the notices, of one row of the file: why it was refused, by which pass
        (``pass_name``), and what was read or done for it."""
        return [e for e in self.errors if e.row == row] + [n for n in self.notices if n.row == row]

    def summary(self) -> dict[str, int]:
        """{"created", "updated", "errors"}: what was written, or in a dry run what would be."""
        if self.errors:
            return {"created": 0, "updated": 0, "errors": len(self.errors)}
        return {"created": self.to_create, "updated": self.to_update, "errors": 0}
