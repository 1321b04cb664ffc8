"""Drive the inspector's controller with flows, selectors and dry runs that are refused,
the way an operator typing them would, and collect what the console says about each."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.controllers.inspector_controller import EDITED_FLOW, InspectorController
from workers.flows.declarative.loader import load_flow_text
from workers.flows.declarative.steps import ACTIONS
from workers.flows.sdk import InvalidParams
from workers.flows.yaml_source import YamlError
from workers.inspector_worker import SelectorError, parse_selector

if TYPE_CHECKING:
    from ui.inspector.inspector_view import InspectorView
    from workers.flows.catalog import FlowCatalog

_HEAD = "name: demo.check\ndescription: d\n"
# Flow texts an author gets wrong, one mistake each (the loader's codes, schema types).
BAD_FLOWS = {
    "not_yaml": _HEAD + "steps: [\n",
    "string_pattern_mismatch": "name: Demo\ndescription: d\nsteps:\n  - back: {}\n",
    "missing": "name: demo.check\nsteps:\n  - back: {}\n",
    "extra_forbidden": _HEAD + "colour: red\nsteps:\n  - back: {}\n",
    "one_action": _HEAD + "steps:\n  - back: {}\n    home: {}\n",
    "nothing": _HEAD + "steps:\n  - name: only a name\n",
    "undeclared_param": _HEAD + "steps:\n  - inputText: ${who}\n",
    "needs_profile": _HEAD + 'steps:\n  - tapOn: "@search"\n',
    "default_unfit": _HEAD
    + "params:\n  n: {type: int, label: N, default: many}\nsteps:\n  - back: {}\n",
    "no_selector": _HEAD + "steps:\n  - tapOn: {timeout: 3}\n",
    "dict_type": _HEAD + "steps:\n  - 3\n",
    "swipe_way": _HEAD + "steps:\n  - swipe: {}\n",
    "twice": _HEAD + "steps:\n  - back: {}\nsteps:\n  - back: {}\n",
    "output_key": _HEAD + "output: {key: id, fields: {title: str}}\nsteps:\n  - back: {}\n",
}
# Names and examples the words quote as they are written in a flow.
EXAMPLES = (
    "'from'", "'to'", '`tapOn: "@search_button"`', "`app:`", "'many'", "'id'",
    "text, text_contains, id, description, class, xpath", "{id: search}", "{creator: c011}",
    "{text: 发现}", "//*[@text='发现']",
)  # fmt: skip
BAD_SELECTORS = ("", "[1, 2]", "{colour: red}", "{text: [", "{text: 1, timeout: x}")


def problem_texts(view: InspectorView, catalog: FlowCatalog) -> list[str]:
    """What the editor, the selector box and the dry run say of each mistake, without
    the data those texts show (locations, action names, the flow's own names)."""
    controller = InspectorController(view, None, catalog)
    shown: list[str] = []
    data = {*ACTIONS, *EXAMPLES, "demo.check", "colour", "timeout", "search", "who", "'n'"}
    for text in BAD_FLOWS.values():
        try:
            load_flow_text(text, Path(EDITED_FLOW), controller.profiles)
        except YamlError as exc:
            data.add(exc.where)
        controller.validate(text)
        shown.append(view.editor.problem.text())
    for query in BAD_SELECTORS:
        try:
            parse_selector(query)
        except SelectorError as exc:
            controller.worker.selector_tested.emit(query, [], exc.said.said())
        shown.append(view.test_result.text())
    view.editor.output.clear()
    view.set_phones([("127.0.0.1:5555", "SimPhone 1")])
    view.editor.params.setText("[1, 2]")  # parameters that are not a mapping
    view.editor.run_button.setEnabled(True)
    controller._on_editor_dry_run_requested("steps: []", "[1, 2]", False)
    refused = InvalidParams("demo.check", "n", "Input should be a valid integer", "int_parsing")
    controller.dry_run.finished.emit("invalid", "", str(refused), *_invalid(refused))
    controller.dry_run.finished.emit("failed", "ui_not_found", "no input field has the focus", None)
    shown.extend(view.editor.output.toPlainText().splitlines())
    data.update({"parameters", "ui_not_found"})
    # Leave the widgets as the walk found them: its own texts are checked there.
    controller.validate("")
    controller.worker.selector_tested.emit("{text: 发现}", [2], None)
    controller.shutdown()
    for word in sorted(data, key=len, reverse=True):
        shown = [text.replace(word, " ") for text in shown]
    return shown


def _invalid(exc: InvalidParams) -> tuple[object]:
    from workers.dry_run import invalid_params

    return (("", invalid_params(exc).said()),)
