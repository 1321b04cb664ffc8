"""The console's words for why a YAML flow or a typed selector was refused.

The loader reports ``FILE:LINE: FIELD: REASON`` (``workers/flows/yaml_source.py``); the
CLI prints that English, a contract. The controllers hand the UI the location as it is
(file, line and field are names, not words) and the reason as a stable code plus its
values; this module words the reason in the language installed now. A value that is a
reason of its own arrives as a (code, values) pair and is worded in turn. A code it
does not know is worded as a generic problem, never as the English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.flow_fields import schema_problem
from ui.i18n import QT_TRANSLATE_NOOP
from ui.inspector.inspector_words import device_error

if TYPE_CHECKING:
    from collections.abc import Mapping

CONTEXT = "FileProblem"
# A reason as the controllers hand it up: its code and its values.
Said = tuple[str, "Mapping[str, object]"]
SCHEMA = "schema."  # a schema checker's (pydantic's) error type follows
DEVICE = "device."  # a device error code follows

# Keyed by the codes of workers/flows/yaml_source.py REASONS (tests/ui/i18n/
# test_file_problems.py checks both tables hold the same codes and values).
PROBLEMS: dict[str, str] = {
    "cannot_read": QT_TRANSLATE_NOOP("FileProblem", "the file cannot be read"),
    "too_large": QT_TRANSLATE_NOOP("FileProblem", "larger than {kib} KB: not read"),
    "not_utf8": QT_TRANSLATE_NOOP(
        "FileProblem", "not UTF-8 text (byte 0x{byte} at byte {offset}): save it as UTF-8"
    ),
    "too_deep": QT_TRANSLATE_NOOP("FileProblem", "nested more than {depth} levels deep"),
    "too_deep_aliases": QT_TRANSLATE_NOOP(
        "FileProblem", "nested more than {depth} levels deep (through aliases)"
    ),
    "bad_character": QT_TRANSLATE_NOOP(
        "FileProblem", "character {character} is not allowed (a binary file?)"
    ),
    "empty": QT_TRANSLATE_NOOP("FileProblem", "the file is empty"),
    "not_yaml": QT_TRANSLATE_NOOP("FileProblem", "not valid YAML here (check the indentation)"),
    "alias_cycle": QT_TRANSLATE_NOOP("FileProblem", "an alias refers to the value holding it"),
    "too_many_values": QT_TRANSLATE_NOOP(
        "FileProblem", "more than {count} values (counting what aliases repeat)"
    ),
    "keys_text": QT_TRANSLATE_NOOP("FileProblem", "keys must be text"),
    "twice": QT_TRANSLATE_NOOP("FileProblem", "appears twice"),
    "one_author": QT_TRANSLATE_NOOP("FileProblem", "only one parameter may be the author id"),
    "param_name": QT_TRANSLATE_NOOP(
        "FileProblem", "a parameter name has only letters, digits and '_'"
    ),
    "params_decl": QT_TRANSLATE_NOOP("FileProblem", "these parameters do not fit together"),
    "default_unfit": QT_TRANSLATE_NOOP(
        "FileProblem", "the default {default} does not fit: {reason}"
    ),
    "output_key": QT_TRANSLATE_NOOP("FileProblem", "{key} is not one of the output fields"),
    "no_profile": QT_TRANSLATE_NOOP("FileProblem", "no app profile {app} (known: {known})"),
    "step_not_mapping": QT_TRANSLATE_NOOP(
        "FileProblem", 'a step is a mapping such as `tapOn: "@search_button"`'
    ),
    "one_action": QT_TRANSLATE_NOOP(
        "FileProblem", "a step has exactly one action ({known}); found: {found}"
    ),
    "nothing": QT_TRANSLATE_NOOP("FileProblem", "nothing"),
    "undeclared_param": QT_TRANSLATE_NOOP("FileProblem", "${{{name}}} is not a declared parameter"),
    "needs_profile": QT_TRANSLATE_NOOP(
        "FileProblem", "'@{name}' needs an app profile: set `app:` at the top"
    ),
    "no_profile_selector": QT_TRANSLATE_NOOP(
        "FileProblem", "app profile {app} has no selector {name}"
    ),
    "no_selector": QT_TRANSLATE_NOOP("FileProblem", "no selector: give one of {known}"),
    "swipe_way": QT_TRANSLATE_NOOP(
        "FileProblem", "give either a direction or both 'from' and 'to' points"
    ),
    "unknown_action": QT_TRANSLATE_NOOP("FileProblem", "unknown action {action}"),
    "field_problem": QT_TRANSLATE_NOOP("FileProblem", "{field}: {reason}"),
    # the selector box of the inspector (workers/inspector_worker.py)
    "selector_empty": QT_TRANSLATE_NOOP(
        "FileProblem", "type a selector, e.g. {{text: 发现}} or //*[@text='发现']"
    ),
    "selector_not_mapping": QT_TRANSLATE_NOOP(
        "FileProblem", "a selector is a mapping such as {{id: search}} or an xpath"
    ),
    # the dry run's parameters box
    "params_not_mapping": QT_TRANSLATE_NOOP(
        "FileProblem", "write the parameters as a mapping, e.g. {{creator: c011}}"
    ),
    "bad_param": QT_TRANSLATE_NOOP("FileProblem", "parameter {field} of {flow}: {reason}"),
}

# A schema checker's problems that a flow file meets and the flow forms do not (those
# are worded by ui.flow_fields.schema_problem).
SCHEMA_PROBLEMS: dict[str, str] = {
    "extra_forbidden": QT_TRANSLATE_NOOP("FileProblem", "not a known field here"),
    "string_pattern_mismatch": QT_TRANSLATE_NOOP(
        "FileProblem", "does not have the form it needs ({pattern})"
    ),
    "string_type": QT_TRANSLATE_NOOP("FileProblem", "must be text"),
    "dict_type": QT_TRANSLATE_NOOP("FileProblem", "must be a mapping"),
    "model_type": QT_TRANSLATE_NOOP("FileProblem", "must be a mapping"),
    "model_attributes_type": QT_TRANSLATE_NOOP("FileProblem", "must be a mapping"),
    "bool_type": QT_TRANSLATE_NOOP("FileProblem", "must be true or false"),
    "missing": QT_TRANSLATE_NOOP("FileProblem", "must be given"),
    "none_required": QT_TRANSLATE_NOOP("FileProblem", "must be left empty"),
    "nul_character": QT_TRANSLATE_NOOP("FileProblem", "contains a NUL character (\\0)"),
}
UNKNOWN = QT_TRANSLATE_NOOP("FileProblem", "not accepted here ({code})")
GENERIC = QT_TRANSLATE_NOOP("FileProblem", "not accepted (the command line says why)")


def located_problem(where: str, said: Said) -> str:
    """``FILE:LINE: FIELD: reason``, the reason in the console's language."""
    return f"{where}: {problem_text(said)}" if where else problem_text(said)


def problem_text(said: Said) -> str:
    """A reason (code and values) in the console's language; nested reasons too."""
    code, values = said
    words = {key: _value(value) for key, value in values.items()}
    if code.startswith(DEVICE):
        return device_error(code.removeprefix(DEVICE))
    if code.startswith(SCHEMA):
        return _schema_text(code.removeprefix(SCHEMA), values)
    source = PROBLEMS.get(code)
    if source is None:
        return _translate(GENERIC) if not code else _translate(UNKNOWN).format(code=code)
    try:
        return _translate(source).format(**words)
    except (KeyError, IndexError):
        return _translate(UNKNOWN).format(code=code)


def _schema_text(kind: str, context: Mapping[str, object]) -> str:
    unknown = _translate(UNKNOWN).format(code=kind)
    source = SCHEMA_PROBLEMS.get(kind)
    if source is None:
        return schema_problem(kind, context, unknown)
    try:
        return _translate(source).format(**{k: _value(v) for k, v in context.items()})
    except (KeyError, IndexError):
        return unknown


def _translate(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


def _value(value: object) -> str:
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        return problem_text(value)
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)
