"""The task-pool editor: the batches table, its actions, and the selected batch's pipeline."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QMenu,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui.pool.batch_model import (
    CREATED,
    CREATED_BY,
    FLOW,
    ID,
    MODE,
    NAME,
    PIPELINE,
    PRIORITY,
    PROGRESS,
    STATE,
    BatchRole,
    BatchTableModel,
)
from ui.pool.pipeline_view import PipelineView
from ui.pool.pool_data import BatchRow, BatchState, Mode
from ui.pool.progress_delegate import ProgressBarDelegate
from ui.prompts import Prompts

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from PySide6.QtCore import QObject, QPersistentModelIndex

    from ui.pool.pool_data import PipelineGraph

NEW_BATCH_SHORTCUT = QKeySequence("Ctrl+N")


class BatchFilterProxy(QSortFilterProxyModel):
    """Sorts batches naturally per column; can hide finished ones."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hide_finished = False
        self.setSortRole(BatchRole.SORT)
        self.setDynamicSortFilter(True)

    def set_hide_finished(self, hide: bool) -> None:
        """Hide (or show again) cancelled, completed and failed batches."""
        self.beginFilterChange()
        self._hide_finished = hide
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(  # noqa: N802  (Qt override)
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        """Return whether the batch in ``source_row`` is shown."""
        if not self._hide_finished:
            return True
        batch = self.sourceModel().index(source_row, 0, source_parent).data(BatchRole.BATCH)
        return isinstance(batch, BatchRow) and not batch.state.finished


class PoolEditorView(QWidget):
    """Lists batches and emits what the operator asks for; every slot runs on the GUI thread.

    Signals:
        new_batch_requested: open the new-batch dialog.
        pause_requested(list[int]): pause these batches (no new claims).
        resume_requested(list[int]): resume these batches.
        stop_requested(list[int]): stop these batches (cancel queued, stop running).
        extend_requested(list[int]): add tasks to these each-device batches for phones
            that joined since.
        retry_failed_requested(list[int], bool include_cancelled): retry the failed tasks
            of these as new batches; their cancelled tasks too only when the operator
            ticked that (cancelled work was stopped on purpose).
        priority_change_requested(int, int): set this batch's priority.
        pipeline_requested(int): send the pipeline of this batch (``show_pipeline``).
        records_requested(int): show the records of this batch (a double-click on the
            batch, or *Open records*).
    """

    new_batch_requested = Signal()
    pause_requested = Signal(list)
    resume_requested = Signal(list)
    stop_requested = Signal(list)
    extend_requested = Signal(list)
    retry_failed_requested = Signal(list, bool)
    priority_change_requested = Signal(int, int)
    pipeline_requested = Signal(int)
    records_requested = Signal(int)

    def __init__(self, prompts: Prompts | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("poolEditor")
        self.prompts = prompts or Prompts()
        self.model = BatchTableModel(self)
        self.model.priority_change_requested.connect(self.priority_change_requested)
        self.proxy = BatchFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = _batch_table(self.proxy)
        self.pipeline = PipelineView()
        self.hide_finished = QCheckBox()
        self.hide_finished.setObjectName("hideFinished")
        self.hide_finished.toggled.connect(self.proxy.set_hide_finished)
        self.actions_by_name = self._build_actions()
        self._lay_out()
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.model.dataChanged.connect(self._update_action_states)
        self._on_selection_changed()
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        texts = {
            "new": self.tr("New batch…"),
            "pause": self.tr("Pause"),
            "resume": self.tr("Resume"),
            "stop": self.tr("Stop"),
            "extend": self.tr("Extend to new phones"),
            "retry": self.tr("Retry failed"),
            "records": self.tr("Open records"),
        }
        for name, text in texts.items():
            self.actions_by_name[name].setText(text)
        self.hide_finished.setText(self.tr("Hide finished"))
        self.model.retranslate()
        if not self.pipeline.showing_graph():
            self._on_selection_changed()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ slots (GUI thread)
    @Slot(list)
    def set_batches(self, batches: Sequence[BatchRow]) -> None:
        """Show this snapshot of the batches."""
        self.model.set_batches(batches)
        self._update_action_states()

    @Slot(object)
    def show_pipeline(self, graph: PipelineGraph) -> None:
        """Draw the pipeline asked for by ``pipeline_requested``."""
        self.pipeline.show_pipeline(graph)

    @Slot(int, str)
    def priority_change_failed(self, batch_id: int, message: str) -> None:
        """Take back a priority the pool refused, and say why."""
        self.model.priority_change_failed(batch_id, message)
        self.prompts.inform(self, self.tr("Priority not changed"), message)

    # ------------------------------------------------------------------ reading
    def selected_batches(self) -> list[BatchRow]:
        """Return the selected batches, top to bottom."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.proxy.index(row, 0).data(BatchRole.BATCH) for row in rows]

    def trigger(self, name: str) -> None:
        """Run the action ``name`` on the selection (as its button does)."""
        self.actions_by_name[name].trigger()

    # ------------------------------------------------------------------ actions
    def _build_actions(self) -> dict[str, QAction]:
        specs: list[tuple[str, Callable[[], None]]] = [
            ("new", self.new_batch_requested.emit),
            ("pause", partial(self._ask_and_emit, "pause")),
            ("resume", partial(self._ask_and_emit, "resume")),
            ("stop", partial(self._ask_and_emit, "stop")),
            ("extend", partial(self._ask_and_emit, "extend")),
            ("retry", partial(self._ask_and_emit, "retry")),
            ("records", self._emit_records_requested),
        ]
        actions = {}
        for name, slot in specs:
            action = QAction(self)
            action.setObjectName(f"batchAction_{name}")
            action.triggered.connect(slot)
            actions[name] = action
        actions["new"].setShortcut(NEW_BATCH_SHORTCUT)
        actions["new"].setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        return actions

    @Slot()
    def _emit_records_requested(self) -> None:
        selected = self.selected_batches()
        if len(selected) == 1:
            self.records_requested.emit(selected[0].batch_id)

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        """Open the batch's records; a double-click on an editable priority edits it."""
        if index.flags() & Qt.ItemFlag.ItemIsEditable:
            return
        batch = index.data(BatchRole.BATCH)
        if isinstance(batch, BatchRow):
            self.records_requested.emit(batch.batch_id)

    @Slot(QPoint)
    def _on_table_context_menu(self, position: QPoint) -> None:
        if not self.selected_batches():
            return
        menu = QMenu(self)
        for name, action in self.actions_by_name.items():
            if name != "new":
                menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def _ask_and_emit(self, name: str) -> None:
        batches = [b for b in self.selected_batches() if _allows(name, b)]
        if not batches:
            return
        if name == "retry":
            self._ask_and_retry(batches)
            return
        question = _question(name, batches)
        if question and not self.prompts.confirm(self, self.actions_by_name[name].text(), question):
            return
        ids = [batch.batch_id for batch in batches]
        signal = {
            "pause": self.pause_requested,
            "resume": self.resume_requested,
            "stop": self.stop_requested,
            "extend": self.extend_requested,
        }[name]
        signal.emit(ids)

    def _ask_and_retry(self, batches: Sequence[BatchRow]) -> None:
        """Retry failed tasks; cancelled ones only when the operator says so."""
        failed = sum(b.failed for b in batches)
        cancelled = sum(b.cancelled for b in batches)
        what = _what(batches)
        title = self.actions_by_name["retry"].text()
        if not cancelled:
            question = self.tr("Retry the %n failed task(s) of {what} as new batches?", "", failed)
            if self.prompts.confirm(self, title, question.format(what=what)):
                self.retry_failed_requested.emit([b.batch_id for b in batches], False)
            return
        if not failed:
            question = self.tr(
                "{what} has no failed task. Its %n cancelled task(s) were stopped on purpose: "
                "run them again as new batches?",
                "",
                cancelled,
            )
            if self.prompts.confirm(self, title, question.format(what=what)):
                self.retry_failed_requested.emit([b.batch_id for b in batches], True)
            return
        question = self.tr(
            "Retry the %n failed task(s) of {what} as new batches? Cancelled tasks were "
            "stopped on purpose and stay cancelled unless you tick the box.",
            "",
            failed,
        )
        option = self.tr("Also retry the %n cancelled task(s)", "", cancelled)
        yes, with_cancelled = self.prompts.confirm_with_option(
            self, title, question.format(what=what), option
        )
        if yes:
            chosen = [b for b in batches if b.failed or (with_cancelled and b.cancelled)]
            self.retry_failed_requested.emit([b.batch_id for b in chosen], with_cancelled)

    @Slot()
    def _on_selection_changed(self) -> None:
        self._update_action_states()
        selected = self.selected_batches()
        if len(selected) != 1:
            self.pipeline.clear(self.tr("Select one batch to see its pipeline."))
            return
        batch = selected[0]
        if batch.upstream or batch.downstream:
            self.pipeline.clear(self.tr("Loading the pipeline of #{id}…").format(id=batch.batch_id))
            self.pipeline_requested.emit(batch.batch_id)
        else:
            self.pipeline.clear(
                self.tr("#{id} {name} is not part of a pipeline.").format(
                    id=batch.batch_id, name=batch.name
                )
            )

    @Slot()
    def _update_action_states(self) -> None:
        selected = self.selected_batches()
        for name, action in self.actions_by_name.items():
            if name == "records":
                action.setEnabled(len(selected) == 1)
            elif name != "new":
                action.setEnabled(any(_allows(name, batch) for batch in selected))

    def _lay_out(self) -> None:
        toolbar = QToolBar()
        toolbar.setObjectName("batchActions")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self.actions_by_name.values():
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addWidget(self.hide_finished)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.pipeline)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 2)
        layout.addWidget(toolbar)
        layout.addWidget(splitter, 1)


def _allows(name: str, batch: BatchRow) -> bool:
    """Say whether action ``name`` makes sense for ``batch`` now."""
    state = batch.state
    if name == "pause":
        return state is BatchState.ACTIVE
    if name == "resume":
        return state is BatchState.PAUSED
    if name == "stop":
        return state in (BatchState.ACTIVE, BatchState.PAUSED, BatchState.WAITING)
    if name == "extend":
        return batch.mode is Mode.EACH_DEVICE and not state.finished
    if name == "retry":  # cancelled work only when asked (see _ask_and_retry)
        return batch.failed > 0 or batch.cancelled > 0
    return False


def _what(batches: Sequence[BatchRow]) -> str:
    """Name the batches a question is about: ``batch “x”`` or ``3 batches``."""
    if len(batches) == 1:
        return QCoreApplication.translate("PoolEditorView", "batch “{name}”").format(
            name=batches[0].name
        )
    return QCoreApplication.translate("PoolEditorView", "{count} batches").format(
        count=len(batches)
    )


def _question(name: str, batches: Sequence[BatchRow]) -> str | None:
    """Return what to ask before ``name`` on ``batches`` (None: just do it)."""
    count = len(batches)
    what = _what(batches)
    if name == "stop":
        queued = sum(b.queued for b in batches)
        running = sum(b.running for b in batches)
        return QCoreApplication.translate(
            "PoolEditorView",
            "Stop {what}? {queued} queued tasks are cancelled and {running} running tasks "
            "stop at their next step.",
        ).format(what=what, queued=queued, running=running)
    if count > 1:
        questions = {
            "pause": QCoreApplication.translate("PoolEditorView", "Pause {count} batches?"),
            "resume": QCoreApplication.translate("PoolEditorView", "Resume {count} batches?"),
            "extend": QCoreApplication.translate(
                "PoolEditorView", "Extend {count} batches to new phones?"
            ),
        }
        return questions[name].format(count=count)
    return None


def _batch_table(proxy: BatchFilterProxy) -> QTableView:
    table = QTableView()
    table.setObjectName("batchTable")
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(CREATED, Qt.SortOrder.DescendingOrder)  # newest first
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    table.setItemDelegateForColumn(PROGRESS, ProgressBarDelegate(table))
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(28)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in (
        (ID, 56),
        (NAME, 220),
        (FLOW, 140),
        (MODE, 95),
        (PRIORITY, 70),
        (STATE, 90),
        (PROGRESS, 260),
        (CREATED_BY, 90),
        (CREATED, 130),
        (PIPELINE, 140),
    ):
        table.setColumnWidth(column, width)
    return table
