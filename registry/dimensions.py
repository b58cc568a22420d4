"""The filter dimensions, each declared once: field, kind, bloc, unit, stage, programme and the
sample flag. Everything that lists dimensions loops over ``DIMENSIONS``: the conditions on the
records and on the rollups and the choice of rollup (registry.queries.counts, .replication), the URL
codec (registry.queries.filters), the wording (registry.charts.words, exports.formats.filters_slug,
exports.keyfigures), the CLI options (registry.cli.filters), the sidebar (ui/filters.py), the
reference-data snapshot's choices (registry.reference) and the full-grain rollup tables
(registry.rollup_tables). tests/queries/test_dimensions.py checks each dimension on every path.

How to add a dimension (on a column the records already have). Declare it here, in
``DIMENSIONS`` (its place there is its place in the sidebar, the words and the URL): its URL
parameter and CLI option (``param``), its Filters attribute (``attr``: a tuple of codes, added to
``registry.queries.filters.Filters`` under that name with the default ``()``), the rollup column and
how the records table gives it (``column``, ``record_expr``), the code table of its codes (``table``:
a reference table with code, name_vi, name_en and sort, read by ``registry.reference``) or its fixed
words (``words``: the catalog's ``<words>.<code>`` names them), the catalog key of its label (with
its Vietnamese and English text in registry/catalog) and the CLI help. Then write one migration
that adds ``column`` to the full-grain rollups (summary_full, summary_noplace, summary_flow,
summary_family, summary_first_copy; ``registry.rollup_tables`` adds it to their tuples and
classes by itself), widens their unique constraints and rebuilds them. Still written by hand
today: the record's summary key in ``registry.records.rollups`` (``key_of``, ``rebuild``,
``_copy_dims``), and, for a new code table, its model and its line in ``registry.reference``
(``TABLES`` and ``Codes``). The dimension then filters every chart, export and command, and shows in the
sidebar, the URL, the CLI options and the words; tests/queries/test_dimensions.py runs every check
on it once it has a value in its ``VALUES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, cast, func

# How the records table gives a rollup column: a function of the table (or an alias of it).
RecordExpr = Callable[[Any], Any]


def _plain(name: str) -> RecordExpr:
    return lambda ex: ex.c[name]


@dataclass(frozen=True)
class Dimension:
    """One filter dimension, with every name it goes by."""

    param: str  # URL query parameter and CLI option ("field": ?field=…, --field)
    attr: str  # the Filters attribute ("fields"; "include_sample" for the flag)
    column: str  # the rollup column ("field_id")
    record_expr: RecordExpr  # the same value on the records table
    label_key: str  # catalog key of the filter's name ("filters.fields")
    help: str  # the CLI option's help (Vietnamese, like every CLI help)
    table: str = ""  # the reference table of its codes (Codes/Labels attribute: "fields"), "" for words
    words: str = ""  # catalog prefix naming its fixed codes ("kind": "kind.collective")
    sql_type: type = int  # the rollup column's type
    max_length: int | None = None  # for a text column
    flag: bool = False  # a yes/no filter (the sample rows), not a list of codes
    in_file_name: bool = False  # a file name says its values ("…_kinh-te.png")

    @property
    def widget_key(self) -> str:
        """The sidebar widget's session-state key."""
        return f"flt_{self.param if self.flag else self.attr}"

    @property
    def option(self) -> str:
        """The CLI option ("--field"; "--sample/--no-sample" for the flag)."""
        return f"--{self.param}/--no-{self.param}" if self.flag else f"--{self.param}"

    def active(self, filters: Any) -> bool:
        """True when ``filters`` restrict this dimension (the flag: sample rows left out)."""
        value = getattr(filters, self.attr)
        return (not value) if self.flag else bool(value)

    def values(self, filters: Any) -> tuple[str, ...]:
        return () if self.flag else tuple(getattr(filters, self.attr))


FIELD = Dimension(
    "field",
    "fields",
    "field_id",
    _plain("field_id"),
    "filters.fields",
    "Lĩnh vực (mã hoặc tên), lặp lại hoặc ngăn bằng dấu phẩy.",
    table="fields",
    in_file_name=True,
)
KIND = Dimension(
    "kind",
    "kinds",
    "kind",
    _plain("kind"),
    "filters.kinds",
    "Loại: collective, individual.",
    words="kind",
    sql_type=str,
    max_length=16,
    in_file_name=True,
)
BLOC = Dimension("bloc", "blocs", "bloc_id", _plain("bloc_id"), "filters.blocs", "Khối (mã hoặc tên).", table="blocs")
UNIT = Dimension(
    "unit",
    "units",
    "place_id",
    lambda ex: func.coalesce(ex.c.commune_id, ex.c.unit_id),  # the most specific unit of the record
    "filters.units",
    "Đơn vị (mã hoặc tên), lặp lại hoặc ngăn bằng dấu phẩy.",
    table="units",
)
STAGE = Dimension(
    "stage",
    "stages",
    "stage",
    _plain("stage"),
    "filters.stages",
    "Giai đoạn: registered, effective, recognised, outstanding, awarded.",
    words="stage",
    sql_type=str,
    max_length=16,
)
PROGRAMME = Dimension(
    "programme",
    "programmes",
    "programme_id",
    lambda ex: func.coalesce(ex.c.programme_id, 0),  # 0: no programme
    "filters.programme",
    "Chương trình (mã hoặc tên).",
    table="programmes",
)
SAMPLE = Dimension(
    "sample",
    "include_sample",
    "is_sample",
    lambda ex: cast(ex.c.is_sample, Integer),
    "filters.sample",
    "Tính cả dữ liệu mẫu hay không.",
    flag=True,
)

DIMENSIONS: tuple[Dimension, ...] = (FIELD, KIND, BLOC, UNIT, STAGE, PROGRAMME, SAMPLE)
LISTS: tuple[Dimension, ...] = tuple(d for d in DIMENSIONS if not d.flag)  # the list-valued filters
BY_PARAM: dict[str, Dimension] = {d.param: d for d in DIMENSIONS}
BY_ATTR: dict[str, Dimension] = {d.attr: d for d in DIMENSIONS}
