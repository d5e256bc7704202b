"""Reading YAML text safely, remembering the line of every key.

Only PyYAML's pure-Python ``SafeLoader`` is used: it builds plain data, never
Python objects, and (unlike the C loader) lets us stop deep nesting before it
exhausts the stack. Anchors and aliases are refused outright, which also rules
out "billion laughs" alias bombs. Timestamps stay strings so that dates such as
``published: 2023-09-01`` keep the spelling the editor typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .problems import AssumptionsError, PathPart, Problem, format_path

__all__ = ["MAX_BYTES", "MAX_DEPTH", "YamlDocument", "read_yaml"]

MAX_BYTES = 1_000_000
MAX_DEPTH = 64
MAX_NUMBER_CHARS = 40


class _Refused(Exception):
    def __init__(self, message: str, mark: yaml.Mark | None, path: tuple[PathPart, ...] = ()):
        self.message = message
        self.mark = mark
        self.path = path


class _KcostLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and nesting deeper than ``MAX_DEPTH``."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str):
        super().__init__(stream)
        self._path: list[PathPart] = []

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        # index is the key node inside a mapping, the position inside a sequence.
        if parent is not None:
            self._path.append(index.value if isinstance(index, yaml.ScalarNode) else index)
        try:
            event = self.peek_event()
            where = tuple(self._path)
            if isinstance(event, yaml.AliasEvent):
                raise _Refused("aliases (*name) are not allowed; write the value out", event.start_mark, where)
            if getattr(event, "anchor", None) is not None:
                raise _Refused("anchors (&name) are not allowed; write the value out", event.start_mark, where)
            if len(self._path) >= MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep", event.start_mark, where[:8])
            return super().compose_node(parent, index)
        finally:
            if parent is not None:
                self._path.pop()


    def construct_yaml_int(self, node):  # noqa: ANN001, ANN201 - PyYAML's signature
        # Python refuses to convert integers of more than 4,300 digits (a ValueError, not a YAML
        # error); no figure of kcost needs more than a few, so anything long is refused up front.
        if len(node.value) > MAX_NUMBER_CHARS:
            raise _Refused(f"a number of more than {MAX_NUMBER_CHARS} characters", node.start_mark)
        return super().construct_yaml_int(node)


_KcostLoader.add_constructor("tag:yaml.org,2002:int", _KcostLoader.construct_yaml_int)


@dataclass(frozen=True)
class YamlDocument:
    """Plain data read from YAML, and the 1-based line of each key or list item by path."""

    data: Any
    lines: dict[tuple[PathPart, ...], int]

    def line_of(self, path: tuple[PathPart, ...]) -> int | None:
        """Line of ``path``, or of its nearest ancestor that the file contains."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:cut]))
            if line is not None:
                return line
        return None


def read_yaml(text: str | bytes, *, max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Parse ``text`` as one YAML document, or raise :class:`AssumptionsError`.

    Refuses input over ``max_bytes`` before parsing, anything that is not UTF-8,
    anchors/aliases, nesting over ``MAX_DEPTH``, duplicate keys, non-string keys
    and any tag that would build a Python object.
    """
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw) > max_bytes:
        raise AssumptionsError(
            [Problem("", f"file is {len(raw):,} bytes; the limit is {max_bytes:,} bytes")]
        )
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AssumptionsError([Problem("", f"not UTF-8 text (byte {exc.start})")]) from None

    try:
        # The reader checks every character as the loader is made: a control character raises here.
        loader = _KcostLoader(decoded)
    except yaml.reader.ReaderError as exc:
        line = decoded.count("\n", 0, exc.position) + 1
        problem = Problem("", f"not valid YAML: the character U+{ord(exc.character) if isinstance(exc.character, str) else exc.character:04X} is not allowed", line)
        raise AssumptionsError([problem]) from None
    lines: dict[tuple[PathPart, ...], int] = {}
    try:
        node = loader.get_single_node()
        if node is None:
            raise AssumptionsError([Problem("", "the file is empty")])
        lines[()] = node.start_mark.line + 1
        problems: list[Problem] = []
        _index_lines(node, (), lines, problems)
        if problems:
            raise AssumptionsError(problems)
        data = loader.construct_document(node)
    except _Refused as exc:
        line = _line(exc.mark)
        where = format_path(exc.path) if exc.path else _path_on_line(lines, line)
        raise AssumptionsError([Problem(where, exc.message, line)]) from None
    except yaml.MarkedYAMLError as exc:
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        line = _line(exc.problem_mark)
        where = _path_on_line(lines, line)  # empty until the document is composed
        raise AssumptionsError([Problem(where, f"not valid YAML: {message}", line)]) from None
    except yaml.YAMLError as exc:
        raise AssumptionsError([Problem("", f"not valid YAML: {exc}")]) from None
    except RecursionError:
        # Belt and braces: MAX_DEPTH should stop nesting long before this.
        raise AssumptionsError([Problem("", "nested too deeply to read")]) from None
    finally:
        loader.dispose()
    return YamlDocument(data=data, lines=lines)


def _path_on_line(lines: dict[tuple[PathPart, ...], int], line: int | None) -> str:
    """The deepest path whose key sits on ``line`` ("" if none does)."""
    on_line = [path for path, at in lines.items() if at == line and path and isinstance(path[-1], str)]
    return format_path(max(on_line, key=len)) if on_line else ""


def _line(mark: yaml.Mark | None) -> int | None:
    return None if mark is None else mark.line + 1


def _index_lines(
    node: yaml.Node,
    path: tuple[PathPart, ...],
    lines: dict[tuple[PathPart, ...], int],
    problems: list[Problem],
) -> None:
    # Depth is bounded by MAX_DEPTH, checked while composing, so recursion is safe here.
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(format_path(path), "keys must be plain text", key_node.start_mark.line + 1)
                )
                continue
            key = key_node.value
            child = (*path, key)
            if key in seen:
                problems.append(
                    Problem(format_path(child), "duplicate key (it appears twice)", key_node.start_mark.line + 1)
                )
                continue
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1
            _index_lines(value_node, child, lines, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*path, i)] = item.start_mark.line + 1
            _index_lines(item, (*path, i), lines, problems)
