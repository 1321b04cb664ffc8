"""The panel shown when no phone is attached: start simulated phones to try the console."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

MAX_SIMULATED = 500


class NoPhonesPanel(QWidget):
    """Explains that no phone is attached and offers simulated ones.

    Signals:
        simulated_phones_requested(int count, int seed): start ``count`` simulated phones
            whose behaviour is reproducible from ``seed``.
    """

    simulated_phones_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noPhonesPanel")
        self._title = title = QLabel()
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._text = text = QLabel()
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count_box = QSpinBox()
        self.count_box.setObjectName("simulatedCount")
        self.count_box.setRange(1, MAX_SIMULATED)
        self.count_box.setValue(12)
        self.seed_box = QSpinBox()
        self.seed_box.setObjectName("simulatedSeed")
        self.seed_box.setRange(0, 2_000_000_000)
        self.seed_box.setValue(1)
        self.start_button = QPushButton()
        self.start_button.setObjectName("startSimulated")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self._status = QLabel("")
        self._status.setTextFormat(Qt.TextFormat.PlainText)
        self._status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._count_label, self._seed_label = QLabel(), QLabel()
        self._starting: int | None = None
        self.setLayout(self._layout(title, text))
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self._title.setText("<h2>{}</h2>".format(self.tr("No phone is connected")))
        self._text.setText(
            self.tr(
                "Plug phones in over USB with USB debugging allowed, and they appear here "
                "within a few seconds.<br>To try everything first, start simulated phones: "
                "they run the same flows, fail the same ways and show live pictures."
            )
        )
        self.seed_box.setToolTip(
            self.tr("The same seed gives the same phones, accounts and faults")
        )
        self.start_button.setText(self.tr("Start simulated phones"))
        self._count_label.setText(self.tr("Phones:"))
        self._seed_label.setText(self.tr("Seed:"))
        if self._starting is not None:
            self._status.setText(self.tr("Starting %n simulated phone(s)…", "", self._starting))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _layout(self, title: QLabel, text: QLabel) -> QVBoxLayout:
        form = QFormLayout()
        form.addRow(self._count_label, self.count_box)
        form.addRow(self._seed_label, self.seed_box)
        form.addRow("", self.start_button)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        box = QFrame()
        box.setObjectName("noPhonesBox")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setFixedWidth(540)
        inner = QVBoxLayout(box)
        inner.setSpacing(10)
        inner.addWidget(title)
        inner.addWidget(text)
        inner.addLayout(form)
        inner.addWidget(self._status)
        # Stretches instead of an alignment flag: an aligned widget gets only its size
        # hint, which ignores how tall the wrapped text really is.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer = QVBoxLayout()
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        return outer

    @Slot()
    def _on_start_button_clicked(self) -> None:
        self.start_button.setEnabled(False)
        self._starting = self.count_box.value()
        self.retranslate()
        self.simulated_phones_requested.emit(self.count_box.value(), self.seed_box.value())

    @Slot(str)
    def show_start_failed(self, message: str) -> None:
        """Say why the simulated phones did not start, and allow another try."""
        self.start_button.setEnabled(True)
        self._starting = None
        self._status.setText(message)

    def reset(self) -> None:
        """Allow starting again (after the phones went away)."""
        self.start_button.setEnabled(True)
        self._starting = None
        self._status.setText("")
