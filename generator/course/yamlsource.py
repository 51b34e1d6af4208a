"""Safe YAML loading that remembers the line of every key and list entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.errors import Problem

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader (several times faster) where PyYAML was built with it."""

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML file: its data and the 1-based line of each key path."""

    path: str
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def locate(self, loc: tuple[Any, ...]) -> tuple[int, str]:
        """Line and readable field name for a pydantic-style location.

        Location parts not found in the file (such as the ``single`` tag pydantic
        adds inside a tagged union) are skipped; a last part that is missing (a
        required key left out) is named but points at its parent's line.
        """
        path: KeyPath = ()
        named: list[str | int] = []
        for i, part in enumerate(loc):
            if path + (part,) in self.lines:
                path += (part,)
                named.append(self._entry_id(path) or part)
            elif i == len(loc) - 1:
                named.append(part)
        return self.lines.get(path, 1), field_name(named)

    def _entry_id(self, path: KeyPath) -> str | None:
        """``[nsp-q-equipment]`` when ``path`` ends at a list entry with an id."""
        if not isinstance(path[-1], int):
            return None
        value: Any = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        entry_id = value.get("id") if isinstance(value, dict) else None
        return f"[{entry_id}]" if isinstance(entry_id, str) and entry_id else None

    def line(self, *path: str | int) -> int:
        """Line of an exact key path, or of its nearest recorded parent."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def field_name(parts: list[str | int] | KeyPath) -> str:
    """``('items', 2, 'answer')`` → ``items[2].answer``; a part ``[id]`` (an entry named
    by its id) is kept as it is: ``items[nsp-q-equipment].answer``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.startswith("["):
            text += part
        else:
            text += f".{part}" if text else part
    return text


def load_yaml(text: str, display_path: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse one YAML document safely; on failure return the problems instead."""
    aliases = _aliases(text, display_path)
    if aliases:
        return None, aliases
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(display_path, None, {(): 1}), []
        lines: dict[KeyPath, int] = {(): node.start_mark.line + 1}
        problems: list[Problem] = []
        try:
            data = _Builder(loader, lines, display_path, problems).value(node, ())
        except _Unusual:  # merge keys, sets, ordered maps: PyYAML's own way
            lines = {(): node.start_mark.line + 1}
            problems = _walk(node, (), lines, display_path, set())
            aliased = any(p.message.startswith(ALIAS) for p in problems)
            data = None if aliased else loader.construct_document(node)
        if any(p.message.startswith(ALIAS) for p in problems):
            return None, problems  # never expanded: an alias can grow a file a billionfold
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, display_path)]
    except yaml.YAMLError as error:
        return None, [Problem(display_path, 1, "", f"cannot read this YAML file: {error}")]
    finally:
        loader.dispose()
    return YamlDoc(display_path, data, lines), problems


ALIAS = "YAML aliases (*name) are not allowed in course files"


def _aliases(text: str, where: str) -> list[Problem]:
    """Every ``*alias`` of the file, found before anything is built from it: a few hundred
    bytes of nested aliases would otherwise expand to gigabytes."""
    if "*" not in text:
        return []
    try:
        events = list(yaml.parse(text, Loader=SafeLoader))
    except yaml.YAMLError:
        return []  # the syntax error is reported when the file is loaded
    return [Problem(where, event.start_mark.line + 1, "",
                    f"{ALIAS} (*{event.anchor} repeats the value marked &{event.anchor})",
                    "write the value out in full here, and remove the &anchor")
            for event in events if isinstance(event, yaml.AliasEvent)]


STR, MAP, SEQ = (f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq"))


class _Unusual(Exception):
    """A node :class:`_Builder` leaves to PyYAML's constructor (a merge key, a set)."""


class _Builder:
    """The data of a composed YAML document, built in the same walk that records the line
    of every key path and reports repeated keys and aliases (see :func:`_walk`, which
    does the same for documents PyYAML must build itself). Plain mappings, lists and text
    are built here, other scalars (numbers, booleans, dates) by PyYAML's safe
    constructor; the result is what ``construct_document`` gives."""

    def __init__(self, loader: Any, lines: dict[KeyPath, int], where: str,
                 problems: list[Problem]) -> None:
        self.loader, self.lines, self.where, self.problems = loader, lines, where, problems
        self.visited: set[int] = set()

    def value(self, node: yaml.Node, path: KeyPath) -> Any:
        if id(node) in self.visited:  # an alias: _aliases refuses them first
            self.problems.append(_alias(self.where, node, path))
            return None
        self.visited.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.tag == STR else self.loader.construct_object(node)
        if isinstance(node, yaml.SequenceNode) and node.tag == SEQ:
            items = []
            for index, item in enumerate(node.value):
                self.lines[path + (index,)] = item.start_mark.line + 1
                items.append(self.value(item, path + (index,)))
            return items
        if isinstance(node, yaml.MappingNode) and node.tag == MAP:
            return self.mapping(node, path)
        raise _Unusual

    def mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(
                    (":merge", ":value")):
                raise _Unusual
            key, line = key_node.value, key_node.start_mark.line + 1
            if key in seen:
                self.problems.append(_given_twice(self.where, line, path + (key,), seen[key]))
            seen[key] = line
            self.lines[path + (key,)] = line
            value = self.value(value_node, path + (key,))
            mapping[key if key_node.tag == STR else self.loader.construct_object(key_node)] \
                = value
        return mapping


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], where: str,
          visited: set[int]) -> list[Problem]:
    """Record the line of every key path; report repeated keys and aliases (a node met
    twice), without ever following an alias, so a file cannot expand or recurse."""
    if id(node) in visited:  # an alias: _aliases refuses them first, this is a safety net
        return [_alias(where, node, path)]
    visited.add(id(node))
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(_given_twice(where, line, path + (key,), seen[key]))
            seen[key] = line
            lines[path + (key,)] = line
            problems += _walk(value_node, path + (key,), lines, where, visited)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            problems += _walk(item, path + (index,), lines, where, visited)
    return problems


def _alias(where: str, node: yaml.Node, path: KeyPath) -> Problem:
    return Problem(where, node.start_mark.line + 1, field_name(path), ALIAS,
                   "write the value out in full here, and remove the &anchor")


def _given_twice(where: str, line: int, path: KeyPath, first: int) -> Problem:
    return Problem(where, line, field_name(path),
                   f"'{path[-1]}' is given twice (first on line {first})",
                   "keep one of them: YAML would silently use the last one")


def _syntax_problem(error: yaml.MarkedYAMLError, where: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    if isinstance(error, yaml.constructor.ConstructorError) and "tag" in str(error.problem):
        return Problem(
            where, line, "", "YAML tags such as '!!python/…' are not allowed in course files",
            "remove the tag and write the value as plain text, a number, a list or a mapping",
        )
    message = " ".join(part for part in (error.context, error.problem) if part)
    return Problem(
        where, line, "", f"YAML syntax error: {message}",
        "check indentation and that text containing ': ' or starting with '[', '{', '*', '&', "
        "'!' or '#' is in quotes",
    )
