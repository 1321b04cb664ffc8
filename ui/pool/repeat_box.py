"""'Repeat on a schedule': the recurrence that turns the dialog's batch into a schedule."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimeZone, Signal, Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from ui.monitor.monitor_data import Overlap, RepeatSpec

EVERY, CRON = "every", "cron"
ZONES = ("Asia/Shanghai", "UTC")


class RepeatBox(QGroupBox):
    """A checkable group: when ticked, the dialog creates a schedule, not one batch.

    Only the shape is checked here (something typed); the values are checked by the
    request layer the command line's ``schedule add`` uses, and its refusal is shown.

    Signals:
        repeat_changed: ticked, unticked or a field changed.
    """

    repeat_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("repeatBox")
        self.setCheckable(True)
        self.setChecked(False)
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("repeatKind")
        self.kind_box.addItem("", EVERY)
        self.kind_box.addItem("", CRON)
        self.when_edit = QLineEdit("15m")
        self.when_edit.setObjectName("repeatWhen")
        self.tz_box = QComboBox()
        self.tz_box.setObjectName("repeatZone")
        self.tz_box.setEditable(True)
        local = bytes(QTimeZone.systemTimeZoneId().data()).decode()
        for zone in dict.fromkeys((local, *ZONES)):
            self.tz_box.addItem(zone, zone)
        self.overlap_box = QComboBox()
        self.overlap_box.setObjectName("repeatOverlap")
        for overlap in Overlap:
            self.overlap_box.addItem("", overlap.value)
        self.catch_up_edit = QLineEdit()
        self.catch_up_edit.setObjectName("repeatCatchUp")
        self.start_edit, self.end_edit = QLineEdit(), QLineEdit()
        self._labels = [QLabel() for _ in range(6)]
        form = QFormLayout(self)
        for label, field in zip(
            self._labels,
            (
                self.kind_box,
                self.when_edit,
                self.tz_box,
                self.overlap_box,
                self.catch_up_edit,
                self.start_edit,
            ),
            strict=True,
        ):
            form.addRow(label, field)
        self._end_label = QLabel()
        form.addRow(self._end_label, self.end_edit)
        self.toggled.connect(self._on_changed)
        self.kind_box.currentIndexChanged.connect(self._on_kind_box_changed)
        for edit in (self.when_edit, self.catch_up_edit, self.start_edit, self.end_edit):
            edit.textChanged.connect(self._on_changed)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.setTitle(self.tr("Repeat on a schedule (monitoring)"))
        self.kind_box.setItemText(0, self.tr("Every"))
        self.kind_box.setItemText(1, self.tr("Cron expression"))
        texts = (
            self.tr("Repeat:"),
            self.tr("Interval:") if self._kind() == EVERY else self.tr("Cron:"),
            self.tr("Time zone:"),
            self.tr("If the last run is still going:"),
            self.tr("Catch up a missed slot within:"),
            self.tr("First run not before:"),
        )
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self._end_label.setText(self.tr("No run after:"))
        words = {
            Overlap.SKIP: self.tr("skip this slot"),
            Overlap.ALLOW: self.tr("run both"),
            Overlap.CANCEL: self.tr("stop the last run"),
        }
        for index in range(self.overlap_box.count()):
            self.overlap_box.setItemText(index, words[Overlap(self.overlap_box.itemData(index))])
        self.when_edit.setPlaceholderText(
            self.tr("e.g. 15m, 1h, 1d") if self._kind() == EVERY else "*/15 8-22 * * *"
        )
        self.catch_up_edit.setPlaceholderText(self.tr("empty: 5m"))
        self.start_edit.setPlaceholderText(self.tr("empty: now; e.g. 2026-12-08 08:00"))
        self.end_edit.setPlaceholderText(self.tr("empty: never ends"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def repeat(self) -> RepeatSpec | None:
        """The recurrence as typed, or None when the box is not ticked."""
        if not self.isChecked():
            return None
        when = self.when_edit.text().strip()
        return RepeatSpec(
            every=when if self._kind() == EVERY else None,
            cron=when if self._kind() == CRON else None,
            tz=self.tz_box.currentText().strip() or None,
            overlap=Overlap(self.overlap_box.currentData()),
            catch_up=self.catch_up_edit.text().strip() or None,
            start=_iso(self.start_edit.text()),
            end=_iso(self.end_edit.text()),
        )

    def problem(self) -> str:
        """Why the schedule cannot be asked for yet ("" when it can)."""
        if self.isChecked() and not self.when_edit.text().strip():
            return self.tr("say how often to repeat")
        return ""

    def _kind(self) -> str:
        return str(self.kind_box.currentData())

    @Slot()
    def _on_kind_box_changed(self) -> None:
        self.when_edit.setText("15m" if self._kind() == EVERY else "*/15 * * * *")
        self.retranslate()
        self.repeat_changed.emit()

    @Slot()
    def _on_changed(self) -> None:
        self.repeat_changed.emit()


def _iso(text: str) -> str | None:
    """``2026-12-08 08:00`` as typed, in ISO form (a space for the T is fine)."""
    cleaned = text.strip()
    return cleaned.replace(" ", "T", 1) if cleaned else None
