"""Data files read at C speed, each mapping and list knowing the line of every item.

libyaml (PyYAML's C parser) reads the document as a stream of events; the tree built from
them keeps the line each key and item starts on, which is what a `file:line: what` error
needs. Plain scalars are read by YAML 1.2's core schema, as the curators write them:
`true`/`false`, `null`/`~`, decimal numbers; `no`, `on` or an unquoted `1956-08-30` stay text
(YAML 1.1 would make them a boolean and a date).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)


class Map(dict[Any, Any]):
    """A mapping with the 0-based line of itself and of each key."""

    __slots__ = ("line", "lines")
    line: int
    lines: dict[Any, int]


class Seq(list[Any]):
    """A list with the 0-based line of itself and of each item."""

    __slots__ = ("line", "lines")
    line: int
    lines: list[int]


class YAMLSyntaxError(ValueError):
    """Not YAML: `line` is 1-based, or 0 when the parser gave none."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


# YAML 1.2's core schema, for plain scalars only (a quoted scalar is always text)
_NULL = {"~", "null", "Null", "NULL", ""}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_TYPED_START = frozenset("~nNtTfF-+.0123456789")


def _scalar(value: str, tag: str | None, style: str | None) -> Any:
    # one object for every copy of a value: ids, citations, dates and labels recur many
    # times over, and a loaded dataset keeps them all
    value = sys.intern(value)
    explicit = tag is not None and tag != "!"  # `!` alone is YAML's "no particular type"
    if style or explicit or (value and value[0] not in _TYPED_START):
        return value  # quoted, explicitly tagged, or a word
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.fullmatch(value):
        return int(value)
    if value[:2] in ("0o", "0x"):
        try:
            return int(value, 0)
        except ValueError:
            return value
    if _FLOAT.fullmatch(value):
        return float(value)
    if value.lower() in (".inf", "+.inf", "-.inf", ".nan"):
        return float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))
    return value


def _value(next_event: Callable[[], Any], event: Any, anchors: dict[str, Any]) -> Any:
    """The value that starts with `event`, its items read from `next_event` as they come:
    the parser's events are dropped as soon as they are read, so a file is never held as a
    graph of nodes beside the values made from it (at 100x the data that graph was five times
    the size of the values)."""
    kind = type(event)
    if kind is ScalarEvent:
        value = _scalar(event.value, event.tag, event.style)
    elif kind is SequenceStartEvent:
        value = Seq()
        value.line = event.start_mark.line
        value.lines = lines = []
        item = next_event()
        while type(item) is not SequenceEndEvent:
            lines.append(item.start_mark.line)
            value.append(_value(next_event, item, anchors))
            item = next_event()
    elif kind is MappingStartEvent:
        value = Map()
        value.line = event.start_mark.line
        value.lines = {}
        key_event = next_event()
        while type(key_event) is not MappingEndEvent:
            line = key_event.start_mark.line
            key = _value(next_event, key_event, anchors)
            if isinstance(key, list | dict):
                raise YAMLSyntaxError(line + 1, "a key must be a plain value")
            if key in value:  # the second would silently replace the first
                first = value.lines[key] + 1
                raise YAMLSyntaxError(line + 1, f"duplicate key {key!r} (first on line {first})")
            value[key] = _value(next_event, next_event(), anchors)
            value.lines[key] = line
            key_event = next_event()
    elif kind is AliasEvent:
        if event.anchor not in anchors:
            raise YAMLSyntaxError(event.start_mark.line + 1, "found undefined alias")
        return anchors[event.anchor]
    else:
        raise YAMLSyntaxError(event.start_mark.line + 1, f"unexpected {kind.__name__}")
    if event.anchor is not None:
        anchors[event.anchor] = value
    return value


def load(text: str) -> Any:
    """The document in `text` as plain values in `Map` and `Seq`; None for a document of
    comments only. Raises YAMLSyntaxError."""
    parser = CParser(text)
    next_event: Callable[[], Any] = parser.get_event
    try:
        next_event()  # the stream's start
        event = next_event()
        if type(event) is StreamEndEvent:
            return None
        found = _value(next_event, next_event(), {})  # after the document's start
        next_event()  # the document's end
        event = next_event()
        if type(event) is not StreamEndEvent:
            raise YAMLSyntaxError(event.start_mark.line + 1, "but found another document")
        return found
    except yaml.MarkedYAMLError as bad:
        mark = bad.problem_mark or bad.context_mark
        raise YAMLSyntaxError(mark.line + 1 if mark else 0, str(bad.problem)) from None
    except yaml.YAMLError as bad:
        raise YAMLSyntaxError(0, str(bad)) from None
    finally:
        parser.dispose()
