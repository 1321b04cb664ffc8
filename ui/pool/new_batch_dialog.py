"""The new-batch dialog: a flow, its parameters, where and how its tasks run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.flow_words import flow_text
from ui.pool.after_batch_box import AfterBatchBox
from ui.pool.batch_settings import BatchSettings
from ui.pool.import_panel import ImportPanel
from ui.pool.param_form import ERROR_STYLE, ParamForm, keep_place
from ui.pool.pool_data import NAME_MAX_LENGTH, BatchSpec, Mode, NewBatchMemory
from ui.pool.repeat_box import RepeatBox
from ui.prompts import Prompts

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ui.flow_fields import FlowInfo, ValidateParams
    from ui.pool.pool_data import UpstreamChoice


class NewBatchDialog(QDialog):
    """Builds a ``BatchSpec``; stays open until the controller says the batch exists.

    ``validate`` is called on the GUI thread on every change (it must be a fast, pure
    schema check) and on a pool thread for imported rows.

    Signals:
        batch_submitted(BatchSpec): create this batch; answer with ``submit_succeeded``
            or ``submit_failed`` (on the GUI thread).
    """

    batch_submitted = Signal(object)

    def __init__(
        self,
        flows: Sequence[FlowInfo],
        validate: ValidateParams | None = None,
        *,
        serials: Sequence[str] = (),
        accounts: Sequence[str] = (),
        upstream: Sequence[UpstreamChoice] = (),
        prompts: Prompts | None = None,
        remembered: NewBatchMemory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newBatchDialog")
        self._flows = {flow.name: flow for flow in flows}
        self._validate = validate
        self._prompts = prompts or Prompts()
        self._remembered = remembered or NewBatchMemory()
        self._from_upstream: dict[str, object] = {}  # fields filled from the upstream batch
        self._submitting = False
        self._build(serials, accounts, upstream)
        self._connect()
        if self._remembered.last_flow in self._flows:
            self.flow_box.setCurrentIndex(self.flow_box.findData(self._remembered.last_flow))
        self._on_flow_box_changed()
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language; the form keeps what was typed."""
        self.setWindowTitle(self.tr("New batch"))
        self._create_button.setText(
            self.tr("Create schedule") if self.repeat_box.isChecked() else self.tr("Create batch")
        )
        self._flow_label.setText(self.tr("Flow:"))
        self._name_label.setText(self.tr("Batch name:"))
        # Left empty, the batch is named after its flow and its id, which is unique; a
        # name stamped when the dialog opened gave two batches the same name.
        self.name_edit.setPlaceholderText(self.tr("empty: the flow's name and the batch id"))
        self._params_box.setTitle(self.tr("Parameters"))
        self._runs_box.setTitle(self.tr("Where and how"))
        flow = self.current_flow()
        if flow is not None:
            self.description.setText(flow_text(flow.description))
        self._on_after_box_changed()
        self._fit_width()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ slots (GUI thread)
    @Slot(int)
    def submit_succeeded(self, _batch_id: int) -> None:
        """The batch exists: close."""
        self._submitting = False
        self.accept()

    @Slot(str)
    def submit_failed(self, message: str) -> None:
        """The batch was not created: say why and let the operator try again."""
        self._submitting = False
        self.problem_label.setText(self.tr("Not created: {reason}").format(reason=message))
        self.problem_label.show()
        self._revalidate(keep_message=True)

    # ------------------------------------------------------------------ API
    def choose_flow(self, name: str) -> None:
        """Select flow ``name`` (its form replaces the current one)."""
        index = self.flow_box.findData(name)
        if index < 0:
            raise KeyError(name)
        self.flow_box.setCurrentIndex(index)

    def current_flow(self) -> FlowInfo | None:
        """Return the chosen flow."""
        if self.flow_box.currentIndex() < 0:
            return None
        return self._flows.get(self.flow_box.currentData())

    def problems(self) -> list[str]:
        """Return everything that blocks OK (empty when the batch can be submitted)."""
        return list(self._problems)

    def spec(self) -> BatchSpec:
        """Return the batch the dialog describes now."""
        flow = self.current_flow()
        assert flow is not None
        task_params = self.import_panel.task_params()
        mode = self.settings.mode()
        after = self.after_box.after()
        count = len(task_params) or self.settings.count_box.value()
        return BatchSpec(
            flow=flow.name,
            name=self.name_edit.text().strip(),
            mode=mode,
            params=self.form.values(),
            targets=self.settings.targets(),
            count=0 if mode is Mode.EACH_DEVICE or after else count,
            priority=self.settings.priority_box.value(),
            max_attempts=self.settings.attempts_box.value(),
            timeout_s=self.settings.timeout_box.value(),
            task_params=task_params,
            after=after,
            repeat=self.repeat_box.repeat(),
            roster_grows=self.settings.roster_grows(),
        )

    def memory(self) -> NewBatchMemory:
        """What to remember of this dialog: its flow, mode and parameters as now."""
        return self._remembered.remembering(self.spec())

    def accept_button(self) -> QWidget:
        """Return the OK button."""
        return self._create_button

    # ------------------------------------------------------------------ building
    def _build(
        self, serials: Sequence[str], accounts: Sequence[str], upstream: Sequence[UpstreamChoice]
    ) -> None:
        self.flow_box = QComboBox()
        self.flow_box.setObjectName("flowBox")
        for name in sorted(self._flows):
            self.flow_box.addItem(name, name)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("batchName")
        self.name_edit.setMaxLength(NAME_MAX_LENGTH)
        self.form = ParamForm()
        self.settings = BatchSettings(serials, accounts)
        self.after_box = AfterBatchBox(upstream)
        self.repeat_box = RepeatBox()
        self.import_panel = ImportPanel()
        self.problem_label = QLabel()
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setStyleSheet(ERROR_STYLE)
        self.problem_label.setWordWrap(True)
        keep_place(self.problem_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        # Our own button, not the standard Ok: the box words its standard buttons again
        # on LanguageChange (after our retranslate) and would say OK instead.
        self._create_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self._flow_label, self._name_label = QLabel(), QLabel()
        self._params_box, self._runs_box = QGroupBox(), QGroupBox()
        self._lay_out()
        self._problems: list[str] = []

    def _lay_out(self) -> None:
        head = QFormLayout()
        head.addRow(self._flow_label, self.flow_box)
        head.addRow("", self.description)
        head.addRow(self._name_label, self.name_edit)
        params = self._params_box
        params_layout = QVBoxLayout(params)
        params_layout.addWidget(self.form)
        params_layout.addWidget(self.import_panel)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(head)
        body_layout.addWidget(params)
        runs = self._runs_box
        QVBoxLayout(runs).addWidget(self.settings)
        body_layout.addWidget(runs)
        body_layout.addWidget(self.after_box)
        body_layout.addWidget(self.repeat_box)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        # Never scroll sideways: the dialog is kept wide enough for its widest row, so
        # help texts wrap to the width shown instead of running off its right edge.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.resize(720, 820)

    def _connect(self) -> None:
        self.flow_box.currentIndexChanged.connect(self._on_flow_box_changed)
        self.form.values_changed.connect(self._on_form_values_changed)
        self.settings.settings_changed.connect(self._revalidate)
        self.after_box.after_changed.connect(self._on_after_box_changed)
        self.repeat_box.repeat_changed.connect(self._on_repeat_box_changed)
        self.import_panel.import_changed.connect(self._on_import_panel_changed)
        self.import_panel.import_button.clicked.connect(self._on_import_button_clicked)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------------ reactions
    @Slot()
    def _on_flow_box_changed(self) -> None:
        flow = self.current_flow()
        if flow is None:
            self._revalidate()
            return
        self.description.setText(flow_text(flow.description))
        self.form.set_fields(flow.fields)
        self.after_box.set_fields(flow.fields)
        self.settings.set_runs_on_host(not flow.needs_device)
        self._from_upstream = {}
        self._recall(flow)
        self.import_panel.check_with(flow.name, flow.fields, self.form.values(), self._validate)
        self._on_after_box_changed()
        self._fit_width()

    def _recall(self, flow: FlowInfo) -> None:
        """Fill in what this flow ran with last time; else its natural mode."""
        known = {spec.name for spec in flow.fields}
        for name, value in self._remembered.params.get(flow.name, {}).items():
            if name in known and value is not None:
                self.form.set_value(name, value)
        if self.settings.mode_chosen():
            return  # the operator's choice (or the phones the dialog was opened for)
        remembered = self._remembered.modes.get(flow.name)
        if remembered in {mode.value for mode in Mode}:
            self.settings.set_mode(Mode(remembered))
        else:
            self.settings.set_mode(Mode.EACH_DEVICE if flow.runs_per_device else Mode.POOL)

    def _fill_from_upstream(self) -> None:
        """Carry the upstream batch's parameters over (e.g. its creator) where the form
        is empty; a mapped parameter comes from each item instead."""
        choice = self.after_box.current_choice() if self.after_box.isChecked() else None
        flow = self.current_flow()
        if choice is None or flow is None:
            return
        mapped = self.after_box.mapped_params()
        filled = self.form.filled_names()
        for spec in flow.fields:
            value = choice.params.get(spec.name)
            if value is None or spec.name in mapped:
                continue
            current = self.form.values().get(spec.name)
            ours = spec.name in self._from_upstream and self._from_upstream[spec.name] == current
            if spec.name not in filled or current == spec.default or ours:
                self.form.set_value(spec.name, value)
                self._from_upstream[spec.name] = value

    def _fit_width(self) -> None:
        """Be at least as wide as the widest row of the form (it depends on the flow)."""
        body, layout = self._scroll.widget(), self.layout()
        if body is None or layout is None:
            return
        margins = layout.contentsMargins()
        frame = 2 * self._scroll.frameWidth() + self._scroll.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(
            body.minimumSizeHint().width() + frame + margins.left() + margins.right()
        )

    @Slot()
    def _on_form_values_changed(self) -> None:
        self.import_panel.set_base_values(self.form.values())
        self._revalidate()

    @Slot()
    def _on_after_box_changed(self) -> None:
        self.form.set_locked(
            self.after_box.mapped_params(), self.tr("filled from each upstream item")
        )
        self.import_panel.setEnabled(not self.after_box.isChecked())
        self.settings.set_runs_after(self.after_box.isChecked())
        self._fill_from_upstream()
        self._revalidate()

    @Slot()
    def _on_import_panel_changed(self) -> None:
        tasks = self.import_panel.task_params()
        imported = self.import_panel.result is not None
        if imported and self.settings.mode() is Mode.EACH_DEVICE:
            self.settings.set_mode(Mode.POOL)  # each imported row is one task
        self.settings.set_count_fixed(len(tasks) if imported else None)
        self.after_box.setEnabled(self.import_panel.result is None and self.after_box.isEnabled())
        self._revalidate()

    @Slot()
    def _on_import_button_clicked(self) -> None:
        path = self._prompts.open_file(
            self,
            self.tr("Import task parameters"),
            self.tr("Spreadsheets (*.xlsx *.xlsm *.csv);;All files (*)"),
        )
        if path:
            self.import_panel.import_file(Path(path))

    @Slot()
    def _on_repeat_box_changed(self) -> None:
        self.retranslate()
        self._revalidate()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self._revalidate()
        if self._problems or self._submitting:
            return
        self._submitting = True
        self.accept_button().setEnabled(False)
        self.problem_label.setText(
            self.tr("Creating the schedule…")
            if self.repeat_box.isChecked()
            else self.tr("Creating the batch…")
        )
        self.problem_label.show()
        self.batch_submitted.emit(self.spec())

    @Slot()
    def _revalidate(self, *, keep_message: bool = False) -> None:
        flow = self.current_flow()
        problems: list[str] = []
        if flow is None:
            problems.append(self.tr("choose a flow"))
        else:
            problems.extend(self._check_fields(flow))
        if self.import_panel.result is not None and self.settings.mode() is Mode.EACH_DEVICE:
            problems.append(self.tr("imported rows are one task each: choose pool or spread"))
        if self.repeat_box.isChecked() and (
            self.after_box.isChecked() or self.import_panel.result is not None
        ):
            problems.append(self.tr("a schedule repeats one batch: no upstream batch, no import"))
        for problem in (
            self.settings.problem(),
            self.after_box.problem(),
            self.import_panel.blocking_reason(),
            self.repeat_box.problem(),
        ):
            if problem:
                problems.append(problem)
        self._problems = problems
        self.accept_button().setEnabled(not problems and not self._submitting)
        if not keep_message:
            self.problem_label.setText(
                self.tr("To create the batch: {problems}").format(
                    problems=self.tr("; ").join(problems)
                )
                if problems
                else ""
            )
            self.problem_label.setVisible(bool(problems))

    def _check_fields(self, flow: FlowInfo) -> list[str]:
        messages = self.form.local_problems()
        if self._validate is not None:
            skip = self.after_box.mapped_params()
            for name, message in self._validate(flow.name, self.form.values()).items():
                if name not in skip:
                    messages.setdefault(name, message)
        if self.import_panel.result is not None:
            # The file's columns fill what the form leaves empty, and every row was
            # checked whole; only what the operator typed is judged here.
            filled = self.form.filled_names()
            messages = {name: text for name, text in messages.items() if name in filled}
        self.form.show_messages(messages)
        known = {spec.name for spec in flow.fields}
        problems = [f"{name}: {text}" for name, text in messages.items() if name not in known]
        bad_fields = len(messages) - len(problems)
        if bad_fields:
            problems.insert(0, self.tr("fix %n field(s)", "", bad_fields))
        return problems
