"""`column IN (values)` as one bound parameter, however many values.

SQLAlchemy's `in_` sends each value as a parameter of its own and names each while compiling:
at a few thousand ids (the tenures of a leadership at 100x the data) that costs more than the
query, and SQLite refuses a statement past 32,766 parameters. `among` sends the list as one
value: a JSON array read by `json_each` on SQLite, an array on PostgreSQL.
The statement's text is the same for any list, so it is compiled once and cached.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ARRAY, Boolean, Dialect, Integer, String, Text, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import TypeDecorator, TypeEngine


class _List(TypeDecorator[list[Any]]):
    """A list of ids bound as one value: JSON text on SQLite, an array of `kind` on
    PostgreSQL."""

    impl = String
    cache_ok = True

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind  # "integer" or "text"

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(ARRAY(Integer if self.kind == "integer" else Text))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: list[Any] | None, dialect: Dialect) -> Any:
        if dialect.name == "sqlite":
            return json.dumps(value)
        return value


class _Among(ColumnElement[bool]):
    """`column` is one of the values of one bound parameter."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True  # a comparison: no dialect adds "= 1" (which hides the index)
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("values", InternalTraversal.dp_clauseelement),
        ("few", InternalTraversal.dp_boolean),  # two statements, each cached
    ]

    def __init__(
        self, column: ColumnElement[Any], values: BindParameter[list[Any]], few: bool
    ) -> None:
        self.column = column
        self.values = values
        self.few = few

    @property
    def _from_objects(self) -> list[Any]:  # the column's table joins the query's FROM
        return self.column._from_objects


def among(column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """True where `column` is one of `values` (ids: strings or integers, not mixed)."""
    kind = "integer" if column.type.python_type is int else "text"
    listed = sorted(set(values))
    return _Among(column, bindparam(None, listed, type_=_List(kind)), len(listed) <= FEW)


@compiles(_Among, "sqlite")
def _sqlite(element: _Among, compiler: SQLCompiler, **kw: Any) -> str:
    column, values = compiler.process(element.column, **kw), compiler.process(element.values, **kw)
    return f"({column} IN (SELECT value FROM json_each({values})))"


# PostgreSQL plans each form well for some lists only. `= ANY` for a few values: it reads
# the column's index for each, where `IN (SELECT unnest(...))` was planned as a join that
# scanned and hashed the 51,700 tenures of a scope for the 100 posts of a page (9.6 ms against
# 0.2). The subquery for many: it is joined value by value through the index, where `= ANY`
# of the 800 holdings a page of a year list cites was planned as a scan of all 82,400 (18 ms
# against 8).
FEW = 200


@compiles(_Among, "postgresql")
def _postgresql(element: _Among, compiler: SQLCompiler, **kw: Any) -> str:
    column, values = compiler.process(element.column, **kw), compiler.process(element.values, **kw)
    if element.few:
        return f"({column} = ANY ({values}))"
    return f"({column} IN (SELECT unnest({values})))"
