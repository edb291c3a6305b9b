"""File → Quit closes the window; Help → About lists the bundled libraries with their licences."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence

from workstation.licences import bundled_licences


def test_licences_read_from_the_installed_packages():
    lic = {x.name.lower(): x for x in bundled_licences()}
    assert "LGPL" in lic["pyside6 (qt)"].licence
    assert "MIT" in lic["pydicom"].licence and "BSD" in lic["vtk"].licence
    assert "Apache" in lic["simpleitk"].licence
    assert all(x.version and x.licence for x in lic.values())
    assert bundled_licences(["no-such-distribution"]) == []


def test_about_lists_licences_and_quit_closes(make_main_window, qtbot):
    from workstation.ui.about_dialog import AboutDialog

    w = make_main_window()
    dialog = AboutDialog(w)
    qtbot.addWidget(dialog)
    names = [dialog.licences.item(r, 0).text() for r in range(dialog.licences.rowCount())]
    assert "pydicom" in names and "PySide6 (Qt)" in names
    row = names.index("pydicom")
    assert "MIT" in dialog.licences.item(row, 2).text()
    file_menu = w.services.file_menu
    assert file_menu.actions()[-1] is w.quit_action and w.quit_action.text() == "Quit"
    assert w.quit_action.shortcut() == QKeySequence(QKeySequence.Quit)
    w.quit_action.trigger()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=30000)
