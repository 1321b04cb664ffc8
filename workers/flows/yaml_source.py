"""YAML files that remember where each value came from, for errors an operator can act on.

A malformed flow, profile, pipeline or parameters file is reported as
``FILE:LINE: FIELD: REASON``. Every file is read within limits (size, nesting depth,
values after alias expansion), so a hostile or broken file costs a bounded time and
memory and becomes a YamlError like any other mistake, never a RecursionError or a
MemoryError that would take the command down.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

Loc = tuple[str | int, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)

# code -> English template of a reason (the CLI prints it; a contract). The console words
# the code and its values in its own language (ui/file_problems.py, which keeps the same
# codes: tests/ui/i18n/test_file_problems.py). A schema checker's problem keeps pydantic's
# error type as its code, prefixed "schema."; a flow's own validators raise
# PydanticCustomError with a code of this table.
REASONS: dict[str, str] = {
    "cannot_read": "cannot read: {error}",
    "too_large": "larger than {kib} KiB: not read",
    "not_utf8": "not UTF-8 text (byte 0x{byte} at byte {offset}): save the file as UTF-8",
    "too_deep": "nested more than {depth} levels deep",
    "too_deep_aliases": "nested more than {depth} levels deep (through aliases)",
    "bad_character": (
        "character {character} is not allowed in YAML "
        "(a binary file, or UTF-16 text without its byte-order mark?)"
    ),
    "empty": "the file is empty",
    "not_yaml": "not valid YAML: {problem}",
    "alias_cycle": "an alias refers to the value that contains it",
    "too_many_values": "more than {count} values (counting what aliases repeat)",
    "keys_text": "keys must be text",
    "twice": "appears twice",
    "one_author": "only one parameter may be the author id",
    "param_name": "parameter names are letters, digits and '_'",
    "params_decl": "{problem}",
    "default_unfit": "{default} does not fit: {reason}",
    "output_key": "{key} is not one of the output fields",
    "no_profile": "no app profile {app} (known: {known})",
    "step_not_mapping": 'a step is a mapping such as `tapOn: "@search_button"`',
    "one_action": "a step has exactly one action ({known}); found {found}",
    "nothing": "nothing",
    "undeclared_param": "${{{name}}} is not a declared parameter",
    "needs_profile": "'@{name}' needs an app profile: set `app:` at the top",
    "no_profile_selector": "app profile {app} has no selector {name}",
    "no_selector": "no selector: give one of {known} (found {keys})",
    "swipe_way": "give either a direction or both 'from' and 'to' points",
    "unknown_action": "unknown action {action}",
    "field_problem": "{field}: {reason}",
    # the selector inspector's boxes
    "selector_empty": "type a selector, e.g. {{text: 发现}} or //*[@text='发现']",
    "selector_not_mapping": "a selector is a mapping such as {{id: search}} or an xpath",
    "params_not_mapping": "write a mapping, e.g. {{creator: c011}}",
    "bad_param": "{flow}: parameter {field}: {reason}",
}


@dataclass(frozen=True)
class Reason:
    """Why a file was refused: a stable code, its values (some are Reasons of their own)
    and the English the CLI prints. Code "" is a reason no table knows."""

    code: str
    values: dict[str, object]
    english: str

    def said(self) -> tuple[str, dict[str, object]]:
        """The code and values, nested reasons as (code, values) too: what the UI words."""
        values = {k: v.said() if isinstance(v, Reason) else v for k, v in self.values.items()}
        return self.code, values


def reason(code: str, **values: object) -> Reason:
    """Reason ``code`` with its values, its English made from the template."""
    english = {k: v.english if isinstance(v, Reason) else v for k, v in values.items()}
    return Reason(code, values, REASONS[code].format(**english))


def plain(english: str) -> Reason:
    """A reason no table knows yet: the console words it as a generic problem."""
    return Reason("", {}, english)


def schema_reason(error: Mapping[str, Any]) -> Reason:
    """A schema checker's (pydantic's) error as a Reason."""
    kind = str(error["type"])
    code = kind if kind in REASONS else f"schema.{kind}"
    context = {str(k): v for k, v in (error.get("ctx") or {}).items() if k != "error"}
    return Reason(code, context, str(error["msg"]).removeprefix("Value error, "))


class YamlError(ValueError):
    """A problem in a YAML file, located by file, line and field."""

    def __init__(self, path: Path | str, line: int, field: str, reason: str | Reason) -> None:
        said = reason if isinstance(reason, Reason) else Reason("", {}, reason)
        where = f"{path}:{line}" if line else str(path)
        text = said.english
        super().__init__(f"{where}: {field}: {text}" if field else f"{where}: {text}")
        self.path = str(path)
        self.line = line
        self.field = field
        self.reason = text
        self.said = said

    @property
    def where(self) -> str:
        """FILE:LINE: FIELD, as the English message starts (locations and names)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}" if self.field else where


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

    def error(self, loc: Loc, code: str | Reason, **values: object) -> YamlError:
        """A YamlError pointing at ``loc``: reason ``code`` of REASONS with its values."""
        said = code if isinstance(code, Reason) else reason(code, **values)
        return YamlError(self.path, self.line_of(loc), format_loc(loc), said)

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
        return self.error(full, schema_reason(first))


def format_loc(loc: Loc) -> str:
    """``('steps', 2, 'tapOn')`` → ``steps[2].tapOn``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass(frozen=True)
class YamlLimits:
    """What one file may be: bytes on disk, nesting depth, values once aliases expand."""

    max_bytes: int = 256 * 1024
    max_depth: int = 64
    max_values: int = 50_000


# Flows, profiles and pipelines are written by hand: a few KiB, a dozen levels deep.
DEFAULT_LIMITS = YamlLimits()

# Byte-order marks of the Unicode encodings a Windows editor may save in.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def load_yaml(
    path: Path, limits: YamlLimits = DEFAULT_LIMITS, *, allow_empty: bool = False
) -> YamlDocument:
    """Read and parse one YAML file, keeping line numbers; raise YamlError on any problem.

    An empty file is an error unless ``allow_empty`` (then its data is None).
    """
    return parse_yaml(read_text(path, limits.max_bytes), path, limits, allow_empty=allow_empty)


def read_text(path: Path, max_bytes: int) -> str:
    """A text file's content: UTF-8 (or UTF-16 with its BOM), at most ``max_bytes``.

    Anything else is a YamlError saying where the first undecodable byte is.
    """
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as exc:
        error = exc.strerror or str(exc)
        raise YamlError(path, 0, "", reason("cannot_read", error=error)) from None
    if len(data) > max_bytes:
        raise YamlError(path, 0, "", reason("too_large", kib=max_bytes // 1024))
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = f"{data[exc.start]:02x}"
        raise YamlError(path, line, "", reason("not_utf8", byte=byte, offset=exc.start)) from None


def parse_yaml(
    text: str, path: Path, limits: YamlLimits = DEFAULT_LIMITS, *, allow_empty: bool = False
) -> YamlDocument:
    """Parse YAML text as if it came from ``path``."""
    deep_line = _too_deep_brackets(text, limits.max_depth)
    if deep_line is not None:
        raise YamlError(path, deep_line, "", reason("too_deep", depth=limits.max_depth))
    try:
        loader = _BoundedLoader(text, limits)  # its reader refuses control characters here
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        character = f"{exc.character:#06x}"
        raise YamlError(path, line, "", reason("bad_character", character=character)) from None
    try:
        node = loader.get_single_node()
        if node is None:
            if allow_empty:
                return YamlDocument(path, None)
            raise YamlError(path, 1, "", reason("empty"))
        _measure(node, limits)
        lines: dict[Loc, int] = {(): node.start_mark.line + 1}
        data = _build(loader, node, (), lines, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        if isinstance(exc, _LimitExceeded):
            raise YamlError(path, line, "", exc.reason) from None
        problem = exc.problem or str(exc)
        raise YamlError(path, line, "", reason("not_yaml", problem=problem)) from None
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise YamlError(path, 0, "", reason("not_yaml", problem=first)) from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, lines)


def _too_deep_brackets(text: str, max_depth: int) -> int | None:
    """The line where [ and { nest deeper than ``max_depth``, or None; one pass.

    PyYAML's scanner looks ahead up to 1,024 characters for each possible key inside
    flow collections, so a line of a few thousand '[' costs it a second before the
    composer's own depth limit is reached. Brackets inside quotes and comments do not
    count; a stray '[' in a plain scalar does, which only errs on a file no one writes.
    """
    depth, line, quote = 0, 1, ""
    at_line_start_or_space = True
    index, end = 0, len(text)
    while index < end:
        char = text[index]
        if char == "\n":
            line += 1
        if quote:
            if char == quote:
                quote = ""
        elif char == "#" and at_line_start_or_space:
            newline = text.find("\n", index)
            index = end if newline < 0 else newline
            continue
        elif char in "'\"" and depth > 0:
            quote = char
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                return line
        elif char in "]}":
            depth = max(depth - 1, 0)
        at_line_start_or_space = char in " \t\n"
        index += 1
    return None


class _LimitExceeded(yaml.MarkedYAMLError):
    """A file beyond its YamlLimits, at the node where the limit was crossed."""

    def __init__(self, problem: Reason, mark: yaml.Mark | None) -> None:
        super().__init__(problem=problem.english, problem_mark=mark)
        self.reason = problem


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with the nesting depth bounded while it composes nodes.

    The composer recurses once per level: unbounded, a file nested a few thousand
    levels deep ends in RecursionError.
    """

    def __init__(self, text: str, limits: YamlLimits) -> None:
        super().__init__(text)
        self._limits = limits
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > self._limits.max_depth:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _LimitExceeded(reason("too_deep", depth=self._limits.max_depth), mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _measure(root: yaml.Node, limits: YamlLimits) -> None:
    """Refuse a document whose values, once its aliases are expanded, exceed the limits.

    An alias reuses its anchor's node, so a few lines can stand for billions of values
    ("billion laughs"), and aliases can nest deeper than the text does. The walk is
    memoised per node, so it costs the size of the text, not of the expansion.
    """
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth below)
    active: set[int] = set()

    def walk(node: yaml.Node, depth: int) -> tuple[int, int]:
        if depth > limits.max_depth:
            raise _LimitExceeded(
                reason("too_deep_aliases", depth=limits.max_depth), node.start_mark
            )
        known = sizes.get(id(node))
        if known is not None:
            if depth + known[1] > limits.max_depth:
                too_deep = reason("too_deep_aliases", depth=limits.max_depth)
                raise _LimitExceeded(too_deep, node.start_mark)
            return known
        if id(node) in active:
            raise _LimitExceeded(reason("alias_cycle"), node.start_mark)
        active.add(id(node))
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        values, below = 1, 0
        for child in children:
            child_values, child_depth = walk(child, depth + 1)
            values += child_values
            below = max(below, child_depth + 1)
            if values > limits.max_values:
                too_many = reason("too_many_values", count=limits.max_values)
                raise _LimitExceeded(too_many, node.start_mark)
        active.discard(id(node))
        sizes[id(node)] = (values, below)
        return values, below

    walk(root, 1)


def _build(
    loader: yaml.SafeLoader, node: yaml.Node, loc: Loc, lines: dict[Loc, int], path: Path
) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                line = key_node.start_mark.line + 1
                raise YamlError(path, line, format_loc(loc), reason("keys_text"))
            if key in result:
                where = format_loc((*loc, key))
                raise YamlError(path, key_node.start_mark.line + 1, where, reason("twice"))
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
