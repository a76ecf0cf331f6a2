"""Data files read at C speed, each mapping and list knowing the line of every item.

libyaml (PyYAML's C parser) composes the document; the tree built from its nodes keeps the line
each key and item starts on, which is what a `file:line: what` error needs. Plain scalars are
read by YAML 1.2's core schema, as the curators write them: `true`/`false`, `null`/`~`,
decimal numbers; `no`, `on` or an unquoted `1956-08-30` stay text (YAML 1.1 would make them a
boolean and a date).
"""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


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


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

# YAML 1.2's core schema, for plain scalars only (a quoted scalar is always text)
_NULL = {"~", "null", "Null", "NULL", ""}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_TYPED_START = frozenset("~nNtTfF-+.0123456789")


class _Loader(CParser):
    """libyaml's composer with every node tagged by its kind only: the types of plain scalars
    are read afterwards, by YAML 1.2's rules (`_scalar`), not by PyYAML's YAML 1.1 resolver."""

    def descend_resolver(self, parent: Any, index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


def _scalar(node: ScalarNode) -> Any:
    # one object for every copy of a value: ids, citations, dates and labels recur many
    # times over, and a loaded dataset keeps them all
    value: str = sys.intern(node.value)
    if node.style or node.tag != _STR or (value and value[0] not in _TYPED_START):
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


def _tree(node: Node) -> Any:
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        seq = Seq([_tree(item) for item in node.value])
        seq.line = node.start_mark.line
        seq.lines = [item.start_mark.line for item in node.value]
        return seq
    if isinstance(node, MappingNode):
        found = Map()
        found.line = node.start_mark.line
        found.lines = {}
        for key_node, value_node in node.value:
            key = _tree(key_node)
            if isinstance(key, list | dict):
                raise YAMLSyntaxError(key_node.start_mark.line + 1, "a key must be a plain value")
            if key in found:  # the second would silently replace the first
                first = found.lines[key] + 1
                raise YAMLSyntaxError(
                    key_node.start_mark.line + 1, f"duplicate key {key!r} (first on line {first})"
                )
            found[key] = _tree(value_node)
            found.lines[key] = key_node.start_mark.line
        return found
    raise YAMLSyntaxError(node.start_mark.line + 1, f"unexpected node {type(node).__name__}")


def load(text: str) -> Any:
    """The document in `text` as plain values in `Map` and `Seq`; None for a document of
    comments only. Raises YAMLSyntaxError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as bad:
        mark = bad.problem_mark or bad.context_mark
        raise YAMLSyntaxError(mark.line + 1 if mark else 0, str(bad.problem)) from None
    except yaml.YAMLError as bad:
        raise YAMLSyntaxError(0, str(bad)) from None
    finally:
        loader.dispose()
    return None if node is None else _tree(node)
