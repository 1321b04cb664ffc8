"""The details of one attempt: parameters, items, failure, screenshot, the seconds before
the failure (playing), hierarchy and log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, Qt, Slot
from PySide6.QtGui import QFontDatabase, QMovie, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.flow_words import step_text
from ui.reasons import reason_text
from ui.records.error_codes import describe_code
from ui.records.items_model import MappingTableModel
from ui.records.record_model import message_text
from ui.times import local_second
from ui.words import error_class, outcome

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ui.records.record_data import RecordDetails

SCREENSHOT_MAX_HEIGHT = 640
FRAMES_MAX_HEIGHT = 720


class RecordDetailsPane(QWidget):
    """Shows a ``RecordDetails``; empty with a hint until one arrives."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordDetails")
        self._details: RecordDetails | None = None
        self._cleared_with: str | None = None  # the message shown while empty (None: hint)
        self.heading = QLabel()
        self.heading.setObjectName("detailsHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)  # values are escaped
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("detailsTabs")
        self.failure = QLabel()
        self.failure.setObjectName("failureText")
        self.failure.setTextFormat(Qt.TextFormat.RichText)  # values are escaped
        self.failure.setWordWrap(True)
        self.failure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.params_model = MappingTableModel(self)
        self.items_model = MappingTableModel(self)
        self.screenshot = QLabel()
        self.screenshot.setObjectName("failureScreenshot")
        self.screenshot.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.screenshot_note = _note_label("screenshotNote")
        self.frames = QLabel()
        self.frames.setObjectName("failureFrames")
        self.frames.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.frames_note = _note_label("framesNote")
        self.movie: QMovie | None = None  # plays the frames; its buffer lives beside it
        self._movie_buffer: QBuffer | None = None
        self.hierarchy = _text_view("hierarchyText")
        self.hierarchy_note = _note_label("hierarchyNote")
        self.log = _text_view("attemptLog")
        self.log_note = _note_label("logNote")
        self._build_tabs()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self.tabs.setEnabled(False)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language (the record shown is worded again)."""
        for index, text in enumerate(
            (
                self.tr("Summary"),
                self.tr("Items"),
                self.tr("Screenshot"),
                self.tr("Before the failure"),
                self.tr("Hierarchy"),
                self.tr("Log"),
            )
        ):
            self.tabs.setTabText(index, text)
        self._params_title.setText("<b>{}</b>".format(self.tr("Parameters")))
        if self._details is not None:
            self.show_details(self._details)
        else:
            self.clear(self._cleared_with)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot(object)
    def show_details(self, details: RecordDetails) -> None:
        """Show one attempt (GUI thread; the screenshot arrives already decoded)."""
        self._details = details
        self.tabs.setEnabled(True)
        self.heading.setText(self._heading(details))
        self._show_failure(details)
        params = [{"p": key, "v": value} for key, value in details.params.items()]
        self.params_model.set_rows(("p", "v"), params, (self.tr("Parameter"), self.tr("Value")))
        self.items_model.set_rows(details.item_fields, details.items)
        shown = len(details.items)
        total = max(details.items_total, shown)
        self.tabs.setTabText(
            1,
            self.tr("Items ({total})").format(total=total)
            if shown == total
            else self.tr("Items ({shown} of {total})").format(shown=shown, total=total),
        )
        self._show_screenshot(details)
        self._show_frames(details)
        self.hierarchy.setPlainText(details.hierarchy or self.tr("No hierarchy was saved."))
        self.hierarchy_note.setText(self._note(details, "hierarchy"))
        self.log.setPlainText("\n".join(details.log_lines) or self.tr("No log lines."))
        self.log_note.setText(self._note(details, "log"))

    def clear(self, message: str | None = None) -> None:
        """Show nothing and say why (None: the hint to select a record)."""
        self._details = None
        self._cleared_with = message
        self.heading.setText(_escape(message or self.tr("Select a record to see its details.")))
        self.tabs.setEnabled(False)
        self._stop_movie()

    def _show_failure(self, details: RecordDetails) -> None:
        record = details.record
        if not record.error_class:
            self.failure.setText(_escape(message_text(record)) or self.tr("No failure."))
            return
        step = _escape(step_text(details.failed_step)) or self.tr("(no step recorded)")
        lines = [(self.tr("Error class"), _escape(error_class(record.error_class)))]
        if record.error_code:
            described = describe_code(record.error_code)
            lines.append(
                (self.tr("Error code"), f"{_escape(record.error_code)} — {_escape(described)}")
            )
        lines.append((self.tr("Failing step"), step))
        if record.reason is not None:  # the pool's reason, worded here
            lines.append((self.tr("Why"), _escape(reason_text(record.reason))))
        elif record.message:  # the worker's own words, verbatim (often English): data
            lines.append((self.tr("Reported"), f"<code>{_escape(record.message)}</code>"))
        lines.extend(self._phone_lines(details.failure_report))
        self.failure.setText(
            "<br>".join(
                self.tr("<b>{label}:</b> {value}").format(label=_escape(label), value=value)
                for label, value in lines
            )
        )

    def _phone_lines(self, report: Mapping[str, Any] | None) -> list[tuple[str, str]]:
        """The phone's state at the failure and the last driver calls (escaped rich text)."""
        if not report:
            return []
        unknown = self.tr("unknown")
        connected = report.get("network_connected")
        if connected is None:
            network = unknown
        elif connected:
            network = self.tr("connected ({transport})").format(
                transport=_escape(str(report.get("network_transport") or unknown))
            )
            if report.get("wifi_ssid"):
                network += f" · {_escape(str(report['wifi_ssid']))} {report.get('wifi_rssi')} dBm"
        else:
            network = self.tr("not connected")
        reached = (
            self.tr("yes")
            if report.get("reachable")
            else self.tr("no ({state})").format(state=_escape(str(report.get("adb_state"))))
        )
        front = "/".join(
            _escape(str(report[key]))
            for key in ("foreground_package", "foreground_activity")
            if report.get(key)
        )
        level, temp = report.get("battery_level"), report.get("battery_temp_c")
        battery = (
            f"{level if level is not None else '?'} % · {temp if temp is not None else '?'} °C"
        )
        trail = [
            _escape(f"{c.get('call')} {c.get('duration_ms')} ms {c.get('outcome')}")
            for c in report.get("breadcrumbs") or []
        ]
        lines = [
            (self.tr("Network"), network),
            (self.tr("This PC reached the phone"), reached),
            (self.tr("In front"), front or unknown),
            (self.tr("Battery"), battery),
        ]
        if trail:
            lines.append((self.tr("Last phone calls"), "<br>" + "<br>".join(trail)))
        return lines

    def _show_screenshot(self, details: RecordDetails) -> None:
        image = details.screenshot
        self.screenshot_note.setText(self._note(details, "screenshot"))
        if image is None or image.isNull():
            self.screenshot.setPixmap(QPixmap())
            saved = any(note.kind == "screenshot" for note in details.artifacts)
            self.screenshot.setText(
                self.tr("No screenshot.")
                if not saved
                else self.tr("The screenshot could not be read.")
            )
            return
        if image.height() > SCREENSHOT_MAX_HEIGHT:
            image = image.scaledToHeight(
                SCREENSHOT_MAX_HEIGHT, Qt.TransformationMode.SmoothTransformation
            )
        self.screenshot.setPixmap(QPixmap.fromImage(image))

    def _show_frames(self, details: RecordDetails) -> None:
        """Play the seconds before the failure (an animated WebP), looping."""
        self._stop_movie()
        self.frames_note.setText(self._note(details, "frames"))
        if details.frames:
            buffer = QBuffer(self)
            buffer.setData(QByteArray(details.frames))
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            movie = QMovie(buffer, b"webp", self)
            if movie.isValid():
                self._movie_buffer, self.movie = buffer, movie
                movie.jumpToFrame(0)
                size = movie.currentImage().size()
                if 0 < size.height() <= FRAMES_MAX_HEIGHT // 2:  # thumbnails: shown larger
                    movie.setScaledSize(size * 2)
                self.frames.setText("")
                self.frames.setMovie(movie)
                movie.start()
                return
            movie.deleteLater()
            buffer.deleteLater()
        saved = any(note.kind == "frames" for note in details.artifacts)
        self.frames.setText(
            self.tr("The frames before the failure could not be read.")
            if saved
            else self.tr("No frames of the seconds before a failure were kept.")
        )

    def _stop_movie(self) -> None:
        self.frames.clear()  # drops the label's movie before the movie goes
        if self.movie is not None:
            self.movie.stop()
            self.movie.deleteLater()
            self.movie = None
        if self._movie_buffer is not None:
            self._movie_buffer.close()
            self._movie_buffer.deleteLater()
            self._movie_buffer = None

    def _build_tabs(self) -> None:
        summary = QWidget()
        form = QFormLayout(summary)
        form.addRow(self.failure)
        self._params_title = QLabel()
        form.addRow(self._params_title)
        form.addRow(_table(self.params_model, "paramsTable"))
        self.tabs.addTab(summary, "")
        self.tabs.addTab(_table(self.items_model, "itemsTable"), "")
        picture = QWidget()
        picture_layout = QVBoxLayout(picture)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.screenshot)
        picture_layout.addWidget(scroll, 1)
        picture_layout.addWidget(self.screenshot_note)
        self.tabs.addTab(picture, "")
        frames_page = QWidget()
        frames_layout = QVBoxLayout(frames_page)
        frames_scroll = QScrollArea()  # a tall animation scrolls; it never sizes the window
        frames_scroll.setWidgetResizable(True)
        frames_scroll.setWidget(self.frames)
        frames_layout.addWidget(frames_scroll, 1)
        frames_layout.addWidget(self.frames_note)
        self.tabs.addTab(frames_page, "")
        hierarchy = QWidget()
        hierarchy_layout = QVBoxLayout(hierarchy)
        hierarchy_layout.addWidget(self.hierarchy, 1)
        hierarchy_layout.addWidget(self.hierarchy_note)
        self.tabs.addTab(hierarchy, "")
        log_page = QWidget()
        log_layout = QVBoxLayout(log_page)
        log_layout.addWidget(self.log, 1)
        log_layout.addWidget(self.log_note)
        self.tabs.addTab(log_page, "")

    def _heading(self, details: RecordDetails) -> str:
        """Say which attempt this is, in rich text (every value escaped)."""
        record = details.record
        status = _escape(outcome(record.status))
        if record.error_class:
            status += f" ({_escape(error_class(record.error_class))})"
        text = self.tr("{status}, attempt {attempt}").format(status=status, attempt=record.attempt)
        where = self.tr("{time} on {device} ({host})").format(
            time=local_second(record.started_at),
            device=_escape(record.device),
            host=_escape(record.host),
        )
        if record.account:
            where += self.tr(", account {account}").format(account=_escape(record.account))
        return f"<b>#{record.record_id} {_escape(record.flow)}</b> — {text}<br>{where}"

    def _note(self, details: RecordDetails, kind: str) -> str:
        """Where the newest artifact of ``kind`` is: its id, size and state, or why not shown."""
        notes = [note for note in details.artifacts if note.kind == kind]
        if not notes:
            return ""
        note = notes[-1]
        states = {
            "stored": self.tr("stored"),
            "waiting": self.tr("waiting for upload"),
            "expired": self.tr("deleted by retention"),
        }
        text = self.tr("artifact %1 · %2 KB · %3").replace("%1", note.artifact_id)
        text = text.replace("%2", f"{(note.size + 1023) // 1024:,}")
        text = text.replace("%3", states.get(note.state, note.state))
        if note.problem:
            text += " — " + self.tr("not shown here: %1").replace("%1", note.problem)
        return text


def _table(model: MappingTableModel, name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.verticalHeader().setDefaultSectionSize(22)
    return table


def _text_view(name: str) -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setObjectName(name)
    view.setReadOnly(True)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return view


def _note_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
