"""`column IN (values)` as one bound parameter, however many values.

SQLAlchemy's `in_` sends each value as a parameter of its own and names each while compiling:
at a few thousand ids (the tenures of a leadership at 100x the data) that costs more than the
query, and SQLite refuses a statement past 32,766 parameters. `among` sends the list as one
value: a JSON array read by `json_each` on SQLite, an array read by `unnest` on PostgreSQL.
The statement's text is the same for any list, so it is compiled once and cached.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ARRAY, Dialect, Integer, String, Text, bindparam
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


class _Listed(ColumnElement[Any]):
    """The values as a one-column subquery, from one bound parameter."""

    inherit_cache = True
    _traverse_internals = [("values", InternalTraversal.dp_clauseelement)]

    def __init__(self, values: BindParameter[list[Any]]) -> None:
        self.values = values


def among(column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """True where `column` is one of `values` (ids: strings or integers, not mixed)."""
    kind = "integer" if column.type.python_type is int else "text"
    listed = _Listed(bindparam(None, sorted(set(values)), type_=_List(kind)))
    # a comparison operator, so that no dialect adds "= 1" (which would hide the index)
    return column.op("IN", is_comparison=True)(listed)  # type: ignore[no-any-return]


@compiles(_Listed, "sqlite")
def _sqlite(element: _Listed, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(SELECT value FROM json_each({compiler.process(element.values, **kw)}))"


@compiles(_Listed, "postgresql")
def _postgresql(element: _Listed, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(SELECT unnest({compiler.process(element.values, **kw)}))"
