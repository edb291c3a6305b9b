"""Install Qt translators for a language: every ``*_<lang>.qm`` in ``resources/translations``
(each part ships its own file, e.g. ``workstation_ko.qm``, ``reading_ko.qm``) plus Qt's own."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from resources import resource_path

TRANSLATIONS_DIR = resource_path("translations")


def install_translators(app, lang: str, folder: Path = TRANSLATIONS_DIR) -> list[QTranslator]:
    """Install and return the translators (keep them alive as long as the app)."""
    installed: list[QTranslator] = []
    if lang == "en":
        return installed
    QLocale.setDefault(QLocale(lang))
    for qm in sorted(Path(folder).glob(f"*_{lang}.qm")):
        t = QTranslator(app)
        if t.load(str(qm)):
            app.installTranslator(t)
            installed.append(t)
    qt_dir = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    for base in ("qtbase",):
        t = QTranslator(app)
        if t.load(f"{base}_{lang}", qt_dir):
            app.installTranslator(t)
            installed.append(t)
    return installed


def remove_translators(app, translators: list[QTranslator]) -> None:
    for t in translators:
        app.removeTranslator(t)


def switch_language(app, lang: str, folder: Path = TRANSLATIONS_DIR) -> list[QTranslator]:
    """Replace the translators installed by ``launch``/an earlier switch with those of ``lang``. Qt's
    ``QEvent.LanguageChange`` is delivered at once (widgets with composed or live texts re-make them), then every
    other known text of every open window is set again in ``lang`` (``workstation.app.live_retranslate``)."""
    from workstation.app.live_retranslate import retranslate_open_windows

    remove_translators(app, getattr(app, "_translators", []))
    if lang == "en":
        QLocale.setDefault(QLocale("en"))
    app._translators = install_translators(app, lang, folder)
    QCoreApplication.sendPostedEvents(None, QEvent.LanguageChange)  # every window has followed on return
    retranslate_open_windows(app, folder)
    return app._translators
