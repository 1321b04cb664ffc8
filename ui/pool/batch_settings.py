"""The part of the new-batch dialog that says how and where tasks run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import QT_TRANSLATE_NOOP
from ui.pool.pool_data import (
    MAX_ATTEMPTS_LIMIT,
    PRIORITY_DEFAULT,
    PRIORITY_MAX,
    PRIORITY_MIN,
    Mode,
    TargetKind,
    Targets,
)
from ui.words import mode as mode_word

if TYPE_CHECKING:
    from collections.abc import Sequence

MODE_HELP = {
    Mode.EACH_DEVICE: QT_TRANSLATE_NOOP("BatchSettings", "Once on every targeted phone"),
    Mode.POOL: QT_TRANSLATE_NOOP("BatchSettings", "Count tasks; any free phone takes the next one"),
    Mode.SPREAD: QT_TRANSLATE_NOOP(
        "BatchSettings", "Count tasks spread evenly over distinct accounts"
    ),
}
MAX_COUNT = 1_000_000
MAX_TIMEOUT_S = 86_400


class BatchSettings(QWidget):
    """Mode, targets, count, priority, attempts and time limit of a new batch.

    Signals:
        settings_changed: the operator changed any of them.
    """

    settings_changed = Signal()

    def __init__(
        self, serials: Sequence[str], accounts: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._serials = tuple(serials)
        self.mode_box = QComboBox()
        self.mode_box.setObjectName("modeBox")
        for mode in Mode:
            self.mode_box.addItem("", mode.value)
        self.count_box = CountBox()
        self._runs_after = False
        self._mode_chosen = False
        self.priority_box = _spin("priorityBox", PRIORITY_MIN, PRIORITY_MAX, PRIORITY_DEFAULT)
        self.attempts_box = _spin("attemptsBox", 1, MAX_ATTEMPTS_LIMIT, 3)
        self.timeout_box = _spin("timeoutBox", 10, MAX_TIMEOUT_S, 600)
        self._labels = {name: QLabel() for name in ("mode", "targets", "tasks", "count",
                                                    "priority", "attempts", "time")}  # fmt: skip
        self._build_targets(accounts)
        self.grow_box = QCheckBox()
        self.grow_box.setObjectName("rosterGrowsBox")
        self.grow_box.setChecked(True)  # "every phone" reads as every phone, newcomers too
        self._lay_out()
        self.retranslate()
        self.mode_box.currentIndexChanged.connect(self._on_any_changed)
        self.mode_box.activated.connect(self._on_mode_box_activated)
        for box in (self.count_box, self.priority_box, self.attempts_box, self.timeout_box):
            box.valueChanged.connect(self._on_any_changed)
        self.count_box.lineEdit().textChanged.connect(self._on_any_changed)
        self._target_group.idToggled.connect(self._on_any_changed)
        self.accounts_list.itemChanged.connect(self._on_any_changed)
        self._on_any_changed()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        for index, mode in enumerate(Mode):
            self.mode_box.setItemText(index, mode_word(mode.value))
            help_text = _tr(MODE_HELP[mode])
            self.mode_box.setItemData(index, help_text, Qt.ItemDataRole.ToolTipRole)
        self.priority_box.setToolTip(self.tr("Lower runs first"))
        self.timeout_box.setSuffix(self.tr(" s"))
        self.timeout_box.setToolTip(self.tr("The longest one attempt may run"))
        self._all_button.setText(self.tr("All phones"))
        self._phones_button.setText(
            self.tr("Selected phones ({count})").format(count=len(self._serials))
        )
        self._accounts_button.setText(self.tr("Accounts:"))
        self.grow_box.setText(self.tr("Also phones that join while the batch runs"))
        self.grow_box.setToolTip(
            self.tr(
                "Checked: a phone that connects later gets its task too. Unchecked: only "
                "the phones known now (each-device on all phones only)"
            )
        )
        texts = {
            "mode": self.tr("Mode:"),
            "targets": self.tr("Targets:"),
            "tasks": self.tr("Tasks:"),
            "count": self.tr("Count"),
            "priority": self.tr("Priority"),
            "attempts": self.tr("Attempts"),
            "time": self.tr("Time limit"),
        }
        for name, text in texts.items():
            self._labels[name].setText(text)
        self._update_enabled()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ reading
    def mode(self) -> Mode:
        """Return the chosen mode."""
        return Mode(self.mode_box.currentData())

    def targets(self) -> Targets:
        """Return the chosen targets."""
        checked = self._target_group.checkedButton()
        kind = TargetKind(checked.property("kind")) if checked else TargetKind.ALL
        if kind is TargetKind.PHONES:
            return Targets(kind, serials=self._serials)
        if kind is TargetKind.ACCOUNTS:
            return Targets(kind, accounts=tuple(self.checked_accounts()))
        return Targets(kind)

    def checked_accounts(self) -> list[str]:
        """Return the accounts ticked in the list."""
        items = (self.accounts_list.item(i) for i in range(self.accounts_list.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def roster_grows(self) -> bool:
        """Each-device on all phones, with newcomers included (the box is ticked)."""
        return self.grow_box.isEnabled() and self.grow_box.isChecked()

    def mode_chosen(self) -> bool:
        """True once the operator picked a mode (a flow's default no longer replaces it)."""
        return self._mode_chosen

    def problem(self) -> str | None:
        """Say what is missing in the targets or wrong in the count, or None."""
        if self.count_box.isEnabled() and self.count_box.negative_typed():
            return self.tr("Count: a number of tasks cannot be negative")
        targets = self.targets()
        if targets.kind is TargetKind.ACCOUNTS and not targets.accounts:
            return self.tr("tick at least one account")
        if targets.kind is TargetKind.PHONES and not targets.serials:
            return self.tr("no phone is selected in the grid")
        return None

    # ------------------------------------------------------------------ setting
    def set_runs_after(self, after: bool) -> None:
        """Running after a batch, each upstream item makes one task: no count to give."""
        self._runs_after = after
        self._update_enabled()

    def set_mode(self, mode: Mode, *, chosen: bool = False) -> None:
        """Choose ``mode``; ``chosen``: as the operator's choice, kept across flows."""
        self.mode_box.setCurrentIndex(self.mode_box.findData(mode.value))
        self._mode_chosen = self._mode_chosen or chosen

    def set_target_kind(self, kind: TargetKind) -> None:
        """Choose the kind of target (when it is available)."""
        for button in self._target_group.buttons():
            if button.property("kind") == kind.value and button.isEnabled():
                button.setChecked(True)

    def set_count_fixed(self, count: int | None) -> None:
        """Fix the count (imported rows set it); None gives it back to the operator."""
        if count is not None:
            self.count_box.setValue(max(1, count))
        self._count_fixed = count is not None
        self._update_enabled()

    def set_runs_on_host(self, on_host: bool) -> None:
        """Flows that need no phone take no targets."""
        for button in self._target_group.buttons():
            button.setEnabled(
                not on_host and (button is not self._phones_button or bool(self._serials))
            )
        if on_host:
            self._all_button.setChecked(True)

    # ------------------------------------------------------------------ internals
    def _build_targets(self, accounts: Sequence[str]) -> None:
        self._target_group = QButtonGroup(self)
        self._all_button = QRadioButton()
        self._phones_button = QRadioButton()
        self._phones_button.setEnabled(bool(self._serials))
        self._accounts_button = QRadioButton()
        self._accounts_button.setEnabled(bool(accounts))
        for number, (button, kind) in enumerate(
            (
                (self._all_button, TargetKind.ALL),
                (self._phones_button, TargetKind.PHONES),
                (self._accounts_button, TargetKind.ACCOUNTS),
            )
        ):
            button.setObjectName(f"target_{kind.value}")
            button.setProperty("kind", kind.value)
            self._target_group.addButton(button, number)
        self._all_button.setChecked(True)
        self.accounts_list = QListWidget()
        self.accounts_list.setObjectName("accountsList")
        self.accounts_list.setMaximumHeight(90)
        for account in accounts:
            item = QListWidgetItem(account)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.accounts_list.addItem(item)
        self._count_fixed = False

    def _lay_out(self) -> None:
        radios = QHBoxLayout()
        for button in (self._all_button, self._phones_button, self._accounts_button):
            radios.addWidget(button)
        radios.addStretch(1)
        targets = QVBoxLayout()
        targets.addLayout(radios)
        targets.addWidget(self.accounts_list)
        targets.addWidget(self.grow_box)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._labels["mode"], self.mode_box)
        form.addRow(self._labels["targets"], targets)
        numbers = QHBoxLayout()
        for label, box in (
            ("count", self.count_box),
            ("priority", self.priority_box),
            ("attempts", self.attempts_box),
            ("time", self.timeout_box),
        ):
            self._labels[label].setBuddy(box)
            numbers.addWidget(self._labels[label])
            numbers.addWidget(box)
        numbers.addStretch(1)
        form.addRow(self._labels["tasks"], numbers)

    @Slot()
    def _on_any_changed(self) -> None:
        self._update_enabled()
        self.settings_changed.emit()

    @Slot(int)
    def _on_mode_box_activated(self, _index: int) -> None:
        self._mode_chosen = True

    def _update_enabled(self) -> None:
        per_device = self.mode() is Mode.EACH_DEVICE
        all_phones = self.targets().kind is TargetKind.ALL
        self.grow_box.setEnabled(per_device and all_phones and not self._runs_after)
        self.grow_box.setVisible(per_device)
        self.count_box.setEnabled(not per_device and not self._count_fixed and not self._runs_after)
        if self._runs_after:
            tip = self.tr("One task per item of the upstream batch")
        elif per_device:
            tip = self.tr("Each-device batches run once per targeted phone")
        else:
            tip = self.tr("How many tasks")
        self.count_box.setToolTip(tip)
        self.mode_box.setToolTip(_tr(MODE_HELP[self.mode()]))
        self.accounts_list.setEnabled(self._accounts_button.isChecked())


class CountBox(QSpinBox):
    """The number of tasks. A typed minus sign stays visible (and the dialog says why it
    cannot be) instead of being dropped without a word; leaving the box restores the
    last valid count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countBox")
        self.setRange(1, MAX_COUNT)
        self.setValue(10)
        self.setGroupSeparatorShown(True)

    def negative_typed(self) -> bool:
        """True while the text typed is a negative number."""
        return self.lineEdit().text().strip().startswith("-")

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Let a minus sign stand as unfinished input (QSpinBox drops it silently)."""
        typed = text.strip().replace(",", "")
        if typed.startswith("-") and (typed == "-" or typed[1:].isdigit()):
            return QValidator.State.Intermediate, text, pos
        return super().validate(text, pos)


def _spin(name: str, low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setValue(value)
    box.setGroupSeparatorShown(True)
    return box


def _tr(text: str) -> str:
    return QCoreApplication.translate("BatchSettings", text)
