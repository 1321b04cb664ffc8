"""The console's languages: which one to use, and Qt translators that switch it live.

Installing a translator makes Qt send ``QEvent.LanguageChange`` to every widget; each
view rebuilds its texts in its ``retranslate()`` (see README "For developers").
"""

from __future__ import annotations

import logging
from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

log = logging.getLogger(__name__)

AUTO = "auto"
CHINESE = "zh_CN"
ENGLISH = "en"
LANGUAGES = (CHINESE, ENGLISH)  # the console's catalogs: resources/i18n/fleetdeck_<lang>.qm
CHOICES = (AUTO, *LANGUAGES)  # what the ``language`` setting and the Language menu accept
CATALOG_PREFIX = "fleetdeck_"

# Each language is named in itself in the Language menu, so an operator who cannot read
# the current language still finds their own.
NATIVE_NAMES = {CHINESE: "简体中文", ENGLISH: "English"}


def system_language(locale: QLocale | None = None) -> str:
    """The language the system asks for: Chinese for any zh_* locale, else English."""
    locale = locale or QLocale.system()
    return CHINESE if locale.language() == QLocale.Language.Chinese else ENGLISH


def resolve_language(choice: str, locale: QLocale | None = None) -> str:
    """The language to show for a choice (``auto``: the system's)."""
    if choice in LANGUAGES:
        return choice
    return system_language(locale)


def number_locale(language: str) -> QLocale:
    """How numbers and dates are written: the system's way unless it is another language."""
    system = QLocale.system()
    # The C locale (a bare server, a test run) writes 1200 for 1,200: take en_US instead.
    if system_language(system) == language and system.language() != QLocale.Language.C:
        return system
    return QLocale(
        QLocale.Language.Chinese if language == CHINESE else QLocale.Language.English,
        QLocale.Country.China if language == CHINESE else QLocale.Country.UnitedStates,
    )


def catalog_dir() -> Traversable:
    """Where the compiled catalogs (.qm) and their sources (.ts) live."""
    return resources.files("resources") / "i18n"


def qt_translations_dir() -> str:
    """Where the PySide6 wheel keeps Qt's own catalogs (qtbase_zh_CN.qm...)."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


class Translations(QObject):
    """The translators installed in the application; ``switch`` changes them live.

    Signals:
        language_changed(str): the language now shown (``zh_CN`` or ``en``).
    """

    language_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._installed: list[QTranslator] = []
        self._choice = AUTO
        self._language = ""

    @property
    def choice(self) -> str:
        """What was asked for: ``auto``, ``zh_CN`` or ``en``."""
        return self._choice

    @property
    def language(self) -> str:
        """The language shown now."""
        return self._language

    def switch(self, choice: str) -> str:
        """Show ``choice`` (``auto``: the system's language); return the language shown."""
        if choice not in CHOICES:
            raise ValueError(f"unknown language {choice!r} (known: {', '.join(CHOICES)})")
        self._choice = choice
        language = resolve_language(choice)
        if language == self._language:
            return language
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed = [t for t in self._load(language) if QCoreApplication.installTranslator(t)]
        QLocale.setDefault(number_locale(language))
        self._language = language
        log.info("console language: %s", language)
        self.language_changed.emit(language)
        return language

    def uninstall(self) -> None:
        """Remove every translator installed here (the console shows its source English)."""
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed = []
        self._language = ""
        QLocale.setDefault(QLocale.system())

    def _load(self, language: str) -> list[QTranslator]:
        translators = []
        ours = QTranslator(self)
        if ours.load(str(catalog_dir() / f"{CATALOG_PREFIX}{language}.qm")):
            translators.append(ours)
        else:
            log.error("no compiled catalog for %s in %s", language, catalog_dir())
        if language != ENGLISH:  # Qt's own dialogs and buttons are English already
            qt_own = QTranslator(self)
            if qt_own.load(f"qtbase_{language}", qt_translations_dir()):
                translators.append(qt_own)
            else:
                log.warning(
                    "Qt's own %s catalog is missing from %s", language, qt_translations_dir()
                )
        return translators


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802  (the name lupdate reads)
    """Mark ``text`` for lupdate under ``context``; translate it later with ``translate``.

    PySide6's own QT_TRANSLATE_NOOP is typed ``-> object``; this one keeps the ``str``.
    """
    del context
    return text
