"""YAML loading that remembers the line of every value, so errors can name it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

Location = tuple  # a path of keys and indexes, e.g. ("sources", 1, "url")


class YamlSyntaxError(Exception):
    def __init__(self, line: int, problem: str):
        super().__init__(problem)
        self.line = line
        self.problem = problem


def load_with_lines(path: Path) -> tuple[Any, dict[Location, int]]:
    """Parse YAML; return the data and a map from location to 1-based line number."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlSyntaxError(mark.line + 1 if mark else 1, exc.problem or str(exc)) from exc
    lines: dict[Location, int] = {}
    if node is None:
        return None, lines
    return _convert(node, (), lines, {}), lines


def _convert(node: yaml.Node, where: Location, lines: dict[Location, int],
             done: dict[int, Any]) -> Any:
    """`done`: what each node became. An alias is the very node its anchor names: walked
    again, nine nested lists of nine aliases (300 bytes) would be expanded to 9**9 values,
    and an alias inside its own anchor would never end. So an alias gets the value made
    the first time (as yaml.safe_load does); what is inside it is located where it is
    written, and an error below a later use of it at the line of that use."""
    lines[where] = node.start_mark.line + 1
    if id(node) in done:
        return done[id(node)]
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        done[id(node)] = result  # before the values: one of them may be this very mapping
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlSyntaxError(key_node.start_mark.line + 1,
                                      "a key must be a name, not a list or a mapping")
            key = _scalar(key_node)
            if key in result:
                raise YamlSyntaxError(key_node.start_mark.line + 1, f"duplicate key {key!r}")
            lines[where + (key,)] = key_node.start_mark.line + 1
            result[key] = _convert(value_node, where + (key,), lines, done)
            lines[where + (key,)] = key_node.start_mark.line + 1  # report at the key's line
        return result
    if isinstance(node, yaml.SequenceNode):
        items: list = []
        done[id(node)] = items
        items.extend(_convert(item, where + (i,), lines, done) for i, item in enumerate(node.value))
        return items
    done[id(node)] = value = _scalar(node)  # type: ignore[arg-type]
    return value


def _scalar(node: yaml.ScalarNode) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def line_of(lines: dict[Location, int], where: Location) -> int:
    """The line of a location, or of its nearest enclosing one."""
    while where and where not in lines:
        where = where[:-1]
    return lines.get(where, 1)
