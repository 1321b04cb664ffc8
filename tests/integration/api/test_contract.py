"""The OpenAPI contract: the committed document is the generated one, and schemathesis
(every check) finds no failure against the app on both backends, per operation and
following the document's links from valid submits."""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, rule
from schemathesis.checks import positive_data_acceptance
from schemathesis.generation import GenerationMode
from schemathesis.generation.meta import TestPhase
from schemathesis.generation.stateful.state_machine import (
    DEFAULT_STATE_MACHINE_SETTINGS,
    StepInput,
    StepOutput,
)

from app.api.application import openapi_document
from workers.flows.catalog import load_catalog

if TYPE_CHECKING:
    from schemathesis import Case

    from tests.support.api import ApiServer

COMMITTED = Path(__file__).parents[3] / "docs" / "openapi.json"


def test_the_committed_openapi_document_is_the_generated_one() -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == openapi_document(), (
        "docs/openapi.json differs from the API: review the change, then run "
        "`python main.py api openapi > docs/openapi.json`"
    )


schema = schemathesis.openapi.from_dict(openapi_document())


@schema.parametrize()
@settings(
    max_examples=10,  # x 28 operations x 2 backends; the suite must stay fast
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_contract(case: Any, shared_api: ApiServer) -> None:
    case.call_and_validate(
        base_url=shared_api.base,
        headers={"Authorization": f"Bearer {shared_api.token}"},
        verify=str(shared_api.cert),
        excluded_checks=excluded_checks(case),
    )


def excluded_checks(case: Any) -> list[Any]:
    """Every check, but "schema-valid data is accepted" for the two submits."""
    if case.operation.path in ("/v1/batches", "/v1/schedules") and case.method == "POST":
        # A batch's tasks are typed per flow in the document, but rules across tasks
        # (an `after` naming an earlier task, a `map` field the upstream emits) and
        # a schedule's recurrence and limits are checked by the request layer the
        # command line shares (one set of rules), not restated in the document.
        return [positive_data_acceptance]
    return []


def test_a_cursor_past_any_row_id_is_refused_not_a_server_error(shared_api: ApiServer) -> None:
    """Found by a stateful schemathesis run: an `after` of 3e20 reached SQLite (500)."""
    huge = str(2**68)
    with shared_api.client() as client:
        batch = client.post("/v1/batches", json={"client_batch_id": "CUR", "tasks": [
            {"client_task_id": "CUR-1", "flow": "device.health"}]})  # fmt: skip
        assert batch.status_code in (200, 201), batch.text
        for url in (
            f"/v1/events?after={huge}",
            f"/v1/batches/CUR/tasks?cursor={huge}",
            f"/v1/tasks/CUR-1/outputs?cursor={huge}",
        ):
            answer = client.get(url)
            assert answer.status_code == 422, (url, answer.text)
            assert answer.headers["content-type"].startswith("application/problem+json")


# ------------------------------------------------------------------ stateful, by the links

# Schema-valid calls only: the per-operation run above sends schema-violating ones.
chains = schemathesis.openapi.from_dict(openapi_document())
chains.config.generation.update(modes=[GenerationMode.POSITIVE])
chains.config.phases.stateful.inference.algorithms = []  # the document's links only
SUBMIT = chains["/v1/batches"]["POST"]
ADD_SCHEDULE = chains["/v1/schedules"]["POST"]
PHONES = ("SER000", "SER001", "SER002")  # shared_api's fleet, logged in as u0, u1, u2
ACCOUNTS = ("u0", "u1", "u2")
_FLOWS = load_catalog().registry
HOST_FLOWS = {name for name in _FLOWS.names() if not _FLOWS.get(name).needs_device}
NUMBERS = itertools.count(1)
MIN_ROUNDS, MAX_ROUNDS = 2, 6


@st.composite
def valid_submits(draw: st.DrawFn) -> StepInput:
    """A schema-valid submit of 1-3 tasks, made to keep the rules across tasks and
    fields that the document does not state, so the server must store it (201)."""
    case = draw(
        SUBMIT.as_strategy(generation_mode=GenerationMode.POSITIVE, phase=TestPhase.STATEFUL)
    )
    tasks = case.body["tasks"][:3]
    for number, task in enumerate(tasks):
        # Each flow's parameters as its published schema draws them, but for NUL, which
        # no stored text may hold (any field of any flow; not stated in the document).
        task["params"] = without_nul(task.get("params", {}))
        task.pop("map", None)  # fields an upstream's items carry: not drawn here
        if task["flow"] in HOST_FLOWS:  # a flow that needs no phone runs in the pool
            task["mode"] = "pool"
            task.pop("target", None)
        if "after" in task:  # an earlier task of the batch, named when sent
            task["after"] = draw(st.integers(0, number - 1)) if number else None
        target = task.get("target") or {}
        if target.get("devices"):  # known phones; devices and accounts do not mix
            target.pop("accounts", None)
            target["devices"] = draw(st.lists(st.sampled_from(PHONES), min_size=1, unique=True))
        elif target.get("accounts"):
            target["accounts"] = draw(st.lists(st.sampled_from(ACCOUNTS), min_size=1, unique=True))
        if task.get("roster") == "grow" and (task.get("mode") != "each-device" or target):
            task["roster"] = "fixed"  # only an each-device task on every phone grows
        if "successes" in task:  # no more distinct accounts than may run it
            listed = target.get("devices") or target.get("accounts") or PHONES
            task["successes"] = min(task["successes"], len(listed))
    case.body["tasks"] = tasks
    return StepInput.initial(case)


def without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\0", "0")  # as long, and not blank
    if isinstance(value, dict):
        return {without_nul(key): without_nul(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [without_nul(inner) for inner in value]
    return value


def name_submit(body: dict[str, Any]) -> None:
    """Client ids are permanent: each submit gets new ones when it is sent."""
    batch = f"SF{next(NUMBERS)}"
    body["client_batch_id"] = batch
    for number, task in enumerate(body["tasks"]):
        task["client_task_id"] = f"{batch}-{number}"
        if task.get("after") is not None:
            task["after"] = f"{batch}-{task['after']}"


@st.composite
def valid_schedules(draw: st.DrawFn) -> StepInput:
    """A schedule the server must store: a recurrence, an overlap policy, a priority."""
    body: dict[str, Any] = {"flow": "device.health", "name": "stateful"}
    if draw(st.booleans()):
        body["every"] = draw(st.sampled_from(["15m", "2h", "1d", 3600]))
    else:
        body["cron"] = draw(st.sampled_from(["*/15 8-22 * * *", "0 3 * * 1"]))
    body["overlap"] = draw(st.sampled_from(["skip", "allow", "cancel"]))
    body["priority"] = draw(st.integers(0, 9))
    case = draw(
        ADD_SCHEDULE.as_strategy(
            generation_mode=GenerationMode.POSITIVE, phase=TestPhase.STATEFUL, body=body
        )
    )
    return StepInput.initial(case)


def linked_operations() -> set[str]:
    """Every operation some link of the document leads to, as "METHOD /path"."""
    document = openapi_document()
    labels = {
        op["operationId"]: f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method, op in item.items()
    }
    return {
        labels[link["operationId"]]
        for item in document["paths"].values()
        for op in item.values()
        for response in op["responses"].values()
        for link in response.get("links", {}).values()
    }


Links = chains.as_state_machine()


class LinkedCalls(Links):  # type: ignore[misc,valid-type]
    """Schemathesis' state machine over the document's links, starting from a valid
    submit or a valid schedule only. (Schemathesis does not start from a submit: it takes
    client_batch_id for a foreign key. Its own starts, drawn list, create and cancel
    calls, mostly answer 4xx; the per-operation run above sends those.) Counts the 2xx
    answers of calls made with an id a link took from an earlier answer."""

    server: ClassVar[ApiServer]
    reached: ClassVar[Counter[str]]
    submitted: ClassVar[Counter[str]]  # tasks stored (201), by flow

    @rule(target=Bundle("made valid"), input=valid_submits())
    def submit_a_valid_batch(self, input: StepInput) -> StepOutput:
        name_submit(input.case.body)
        output = self._start(input, expected=201)
        self.submitted.update(task["flow"] for task in input.case.body["tasks"])
        return output

    @rule(target=Bundle("made valid"), input=valid_schedules())
    def add_a_valid_schedule(self, input: StepInput) -> StepOutput:
        return self._start(input, expected=201)

    def _start(self, input: StepInput, expected: int) -> StepOutput:
        # As schemathesis' own starting rules do: links from this answer find it here.
        self.recorder.record_case(case=input.case)
        self.control.record_step(input, self.recorder)
        output = self._step(input)
        status = output.response.status_code
        assert status == expected, (input.case.body, status, output.response.text)
        return output

    def step(self, input: StepInput) -> StepOutput:
        output = super().step(input)
        if input.transition is not None and input.is_applied and output.response.status_code < 300:
            self.reached[input.case.operation.label] += 1
        return output

    def get_call_kwargs(self, case: Case) -> dict[str, Any]:
        # Our token replaces the generated one; every check runs on every answer (the
        # default validate_response), positive_data_acceptance on the submits too.
        return {
            "base_url": self.server.base,
            "headers": {"Authorization": f"Bearer {self.server.token}"},
            "verify": str(self.server.cert),
        }


for _name in Links.root_rules:  # schemathesis' own starts are no rules here
    setattr(LinkedCalls, _name, None)


def test_every_link_leads_to_a_working_call(shared_api: ApiServer) -> None:
    """Scenarios of calls chained by the document's links (every check on each answer);
    every operation a link leads to answers 2xx at least once with the linked id."""
    LinkedCalls.server = shared_api
    LinkedCalls.reached, LinkedCalls.submitted = Counter(), Counter()
    started = time.monotonic()
    # Rounds of 20 scenarios of up to 12 calls (~6 s each): two, then more (up to six)
    # until every linked operation has answered 2xx; a retry or a schedule's resume needs
    # a cancel or a pause before it in the same scenario, which a round may not draw.
    rounds, missing = 0, linked_operations()
    while rounds < MAX_ROUNDS and (rounds < MIN_ROUNDS or missing):
        # Not derandomized, though Hypothesis derandomizes under CI=true: each round
        # must draw new scenarios, not replay the first round's (CI then never drew a
        # schedule's pause before its resume, however many rounds it ran).
        budget = {"max_examples": 20, "stateful_step_count": 12, "derandomize": False}
        LinkedCalls.run(settings=settings(DEFAULT_STATE_MACHINE_SETTINGS, **budget))
        missing = linked_operations() - set(LinkedCalls.reached)
        rounds += 1
    took = time.monotonic() - started
    print(f"stateful: {rounds} round(s), {took:.1f} s; 2xx through a link:")
    print(sorted(LinkedCalls.reached.items()))
    print("tasks stored, by flow (parameters drawn from its schema):")
    print(sorted(LinkedCalls.submitted.items()))
    assert not missing, f"never answered 2xx through a link: {sorted(missing)}"
