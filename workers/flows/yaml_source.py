"""YAML files that remember where each value came from, for errors an operator can act on.

A malformed flow or profile is reported as ``FILE:LINE: FIELD: REASON``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from pathlib import Path

Loc = tuple[str | int, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)


class YamlError(ValueError):
    """A problem in a YAML file, located by file, line and field."""

    def __init__(self, path: Path | str, line: int, field: str, reason: str) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {field}: {reason}" if field else f"{where}: {reason}")
        self.path = str(path)
        self.line = line
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML data plus the line of every key and item (1-based)."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known part of ``loc``."""
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.lines:
                return self.lines[loc[:cut]]
        return 0

    def error(self, loc: Loc, reason: str) -> YamlError:
        """A YamlError pointing at ``loc``."""
        return YamlError(self.path, self.line_of(loc), format_loc(loc), reason)

    def validate(self, model: type[ModelT], loc: Loc = (), data: Any = None) -> ModelT:
        """Validate (part of) the document; a failure names the first bad field and line."""
        value = self.data if data is None else data
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            raise self.from_validation(exc, loc) from None

    def from_validation(self, exc: ValidationError, loc: Loc = ()) -> YamlError:
        """Turn pydantic's first error into a located YamlError."""
        first = exc.errors()[0]
        full = loc + tuple(first["loc"])
        return self.error(full, first["msg"].removeprefix("Value error, "))


def format_loc(loc: Loc) -> str:
    """``('steps', 2, 'tapOn')`` → ``steps[2].tapOn``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_yaml(path: Path) -> YamlDocument:
    """Read and parse one YAML file, keeping line numbers; raise YamlError on any problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlError(path, 0, "", f"cannot read: {exc}") from None
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path) -> YamlDocument:
    """Parse YAML text as if it came from ``path``."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlError(path, 1, "", "the file is empty")
        lines: dict[Loc, int] = {(): node.start_mark.line + 1}
        data = _build(loader, node, (), lines, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlError(path, line, "", f"not valid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlError(path, 0, "", f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, lines)


def _build(
    loader: yaml.SafeLoader, node: yaml.Node, loc: Loc, lines: dict[Loc, int], path: Path
) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                raise YamlError(
                    path, key_node.start_mark.line + 1, format_loc(loc), "keys must be text"
                )
            if key in result:
                where = format_loc((*loc, key))
                raise YamlError(path, key_node.start_mark.line + 1, where, "appears twice")
            lines[(*loc, key)] = key_node.start_mark.line + 1
            result[key] = _build(loader, value_node, (*loc, key), lines, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item_node in enumerate(node.value):
            lines[(*loc, index)] = item_node.start_mark.line + 1
            items.append(_build(loader, item_node, (*loc, index), lines, path))
        return items
    return loader.construct_object(node, deep=True)
