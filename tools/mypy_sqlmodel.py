"""A mypy plugin for one fact SQLModel's types leave out: a table model (``class X(SQLModel,
table=True)``) has ``__table__``, the SQLAlchemy ``Table`` its metaclass builds. The registry
reads it for Core queries (``ModelExample.__table__.c.unit_id``); without the plugin every such
line would need a cast or an ignore. Models without ``table=True`` get nothing, as at run time.

Read by mypy only (``[tool.mypy] plugins`` in pyproject.toml); never imported by the project."""

from __future__ import annotations

from collections.abc import Callable

from mypy.nodes import NameExpr, TypeInfo
from mypy.plugin import ClassDefContext, Plugin
from mypy.plugins.common import add_attribute_to_class

SQLMODEL = "sqlmodel.main.SQLModel"
TABLE = "sqlalchemy.sql.schema.Table"


class SQLModelTables(Plugin):
    def get_base_class_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        sym = self.lookup_fully_qualified(fullname)
        if sym is not None and isinstance(sym.node, TypeInfo) and sym.node.has_base(SQLMODEL):
            return _add_table
        return None


def _add_table(ctx: ClassDefContext) -> None:
    table = ctx.cls.keywords.get("table")
    if not (isinstance(table, NameExpr) and table.fullname == "builtins.True"):
        return
    table_type = ctx.api.named_type_or_none(TABLE)
    if table_type is None:  # sqlalchemy's module not analysed yet: ask mypy to come back
        if not ctx.api.final_iteration:
            ctx.api.defer()
        return
    add_attribute_to_class(ctx.api, ctx.cls, "__table__", table_type, is_classvar=True)


def plugin(version: str) -> type[Plugin]:
    return SQLModelTables
