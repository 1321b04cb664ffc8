"""'Run after a batch': pick the upstream batch and which item field feeds each parameter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from ui.flow_words import flow_text
from ui.pool.pool_data import AfterBatch

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ui.flow_fields import FieldSpec
    from ui.pool.pool_data import UpstreamChoice

_UNMAPPED = ""


class AfterBatchBox(QGroupBox):
    """A checkable group: when ticked, each item of the upstream batch starts one task.

    Signals:
        after_changed: the choice of upstream batch or mapping changed.
    """

    after_changed = Signal()

    def __init__(self, upstream: Sequence[UpstreamChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("afterBatchBox")
        self.setCheckable(True)
        self.setChecked(False)
        self.setEnabled(bool(upstream))
        self._upstream_label = QLabel()
        self._upstream = {choice.batch_id: choice for choice in upstream}
        self._fields: tuple[FieldSpec, ...] = ()
        self.upstream_box = QComboBox()
        self.upstream_box.setObjectName("upstreamBox")
        for choice in upstream:
            self.upstream_box.addItem(
                f"#{choice.batch_id} {choice.name} ({choice.flow})", choice.batch_id
            )
        self._mapping_boxes: dict[str, QComboBox] = {}
        self._form = QFormLayout(self)
        self._form.addRow(self._upstream_label, self.upstream_box)
        self.toggled.connect(self._on_changed)
        self.upstream_box.currentIndexChanged.connect(self._on_upstream_box_changed)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language (the mapping keeps its choices)."""
        self.setTitle(self.tr("Run after a batch (one task per output item)"))
        if not self._upstream:
            self.setToolTip(self.tr("No batch with output items to run after"))
        self._upstream_label.setText(self.tr("Upstream batch:"))
        chosen = {param: box.currentData() for param, box in self._mapping_boxes.items()}
        self._rebuild_mapping()
        for param, value in chosen.items():
            box = self._mapping_boxes.get(param)
            if box is not None:
                box.setCurrentIndex(max(box.findData(value), 0))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_fields(self, fields: Sequence[FieldSpec]) -> None:
        """Offer a mapping for each of the new flow's parameters."""
        self._fields = tuple(fields)
        self._rebuild_mapping()

    def mapping_box(self, param: str) -> QComboBox:
        """Return the combo choosing the item field of ``param``."""
        return self._mapping_boxes[param]

    def after(self) -> AfterBatch | None:
        """Return the chosen upstream batch and mapping (None when not ticked)."""
        if not self.isChecked() or self.upstream_box.currentIndex() < 0:
            return None
        mapping = tuple(
            (box.currentData(), param)
            for param, box in self._mapping_boxes.items()
            if box.currentData()
        )
        return AfterBatch(int(self.upstream_box.currentData()), mapping)

    def current_choice(self) -> UpstreamChoice | None:
        """Return the upstream batch chosen (whether or not the box is ticked)."""
        if self.upstream_box.currentIndex() < 0:
            return None
        return self._upstream.get(self.upstream_box.currentData())

    def mapped_params(self) -> set[str]:
        """Return the parameters an upstream item fills."""
        after = self.after()
        return {param for _field, param in after.mapping} if after else set()

    def problem(self) -> str | None:
        """Say what is missing, or None."""
        after = self.after()
        if after is not None and not after.mapping:
            return self.tr("map at least one item field to a parameter")
        return None

    @Slot()
    def _on_upstream_box_changed(self) -> None:
        self._rebuild_mapping()
        self._on_changed()

    @Slot()
    def _on_changed(self) -> None:
        self.after_changed.emit()

    def _rebuild_mapping(self) -> None:
        while self._form.rowCount() > 1:
            self._form.removeRow(1)
        self._mapping_boxes = {}
        has_choice = self.upstream_box.currentIndex() >= 0
        choice = self._upstream.get(self.upstream_box.currentData()) if has_choice else None
        item_fields = choice.item_fields if choice else ()
        if self._fields:
            self._form.addRow(QLabel("<i>{}</i>".format(self.tr("Parameter ← item field"))))
        for spec in self._fields:
            box = QComboBox()
            box.setObjectName(f"map_{spec.name}")
            box.addItem(self.tr("(from the form)"), _UNMAPPED)
            for item_field in item_fields:
                box.addItem(item_field, item_field)
            if spec.name in item_fields:  # same name: the likely intent
                box.setCurrentIndex(box.findData(spec.name))
            box.currentIndexChanged.connect(self._on_changed)
            self._form.addRow(self.tr("{label}:").format(label=flow_text(spec.label)), box)
            self._mapping_boxes[spec.name] = box
