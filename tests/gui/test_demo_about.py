"""Help → About: the program's version and the demo study's attribution (TCIA, TCGA-LGG, CC BY 3.0)."""
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui


def test_help_about_shows_version_and_demo_attribution(make_main_window, qtbot):
    from workstation.ui.about_dialog import AboutDialog, program_version

    w = make_main_window()
    assert w.about_action in w.help_menu.actions() and w.help_menu.menuAction() in w.menuBar().actions()
    shown = []

    def close_it():
        dialog = QApplication.activeModalWidget()
        shown.append(dialog)
        dialog.reject()

    QTimer.singleShot(200, close_it)
    w.about_action.trigger()  # modal: closed by the timer
    [dialog] = shown
    assert isinstance(dialog, AboutDialog)
    assert program_version()[0].isdigit() and f"Version {program_version()}" in dialog.title.text()
    credit = dialog.credit.text()
    for needed in ("TCGA-FG-6692", "The Cancer Imaging Archive", "TCGA-LGG", "Clark K", "Pedano N", "CC BY 3.0"):
        assert needed in credit


def test_help_menu_in_korean(make_main_window):
    from workstation.app.i18n import install_translators

    app = QApplication.instance()
    translators = install_translators(app, "ko")
    try:
        w = make_main_window()
        assert w.help_menu.title() == "도움말(&H)" and w.about_action.text() == "정보…"
    finally:
        for t in translators:
            app.removeTranslator(t)
