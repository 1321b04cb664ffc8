"""A larger, live picture of one phone, refreshed from the grid's model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.flow_words import step_text
from ui.words import phone_state

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtGui import QResizeEvent

    from ui.grid.phone_model import PhoneListModel


class LiveViewDialog(QDialog):
    """Shows one phone's newest picture as large as the dialog, and its state.

    It follows the model: each new picture of its phone repaints it. The grid counts the
    phone as visible while this is open, so its capture keeps its full rate.
    """

    def __init__(self, model: PhoneListModel, serial: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"liveView_{serial}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.serial = serial
        self._model = model
        self.picture = QLabel(self.tr("waiting for a picture…"))
        self.picture.setObjectName("livePicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(QSize(240, 400))
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.caption = QLabel()
        self.caption.setObjectName("liveCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.caption)
        self.resize(420, 820)
        model.dataChanged.connect(self._on_model_data_changed)
        model.modelReset.connect(self._refresh)
        self._refresh()

    @Slot(QModelIndex, QModelIndex, list)
    def _on_model_data_changed(
        self, first: QModelIndex, last: QModelIndex, _roles: Sequence[int] = ()
    ) -> None:
        row = self._model.row_of(self.serial)
        if row is not None and first.row() <= row <= last.row():
            self._refresh()

    @Slot()
    def _refresh(self) -> None:
        tile = self._model.tile_for(self.serial)
        if tile is None:
            self.caption.setText(self.tr("{serial} has left the fleet.").format(serial=self.serial))
            return
        self.setWindowTitle(self.tr("{phone} — live view").format(phone=tile.title))
        step = f" — {tile.flow} · {step_text(tile.step)}" if tile.flow else ""
        state = phone_state(tile.state.value)
        self.caption.setText(f"{tile.title} ({tile.serial}) · {state}{step}")
        image = self._model.thumbnail_for(self.serial)
        if image is not None and not image.isNull():
            scaled = image.scaled(
                self.picture.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self.picture.setPixmap(QPixmap.fromImage(scaled))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            if self._model.thumbnail_for(self.serial) is None:
                self.picture.setText(self.tr("waiting for a picture…"))
            self._refresh()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802  (Qt override)
        """Refit the picture to the new size."""
        super().resizeEvent(event)
        self._refresh()

    def current_picture_size(self) -> QSize:
        """Return the size of the picture shown (empty when none yet)."""
        pixmap = self.picture.pixmap()
        return QSize() if pixmap is None or pixmap.isNull() else pixmap.size()
