"""GUI fixtures for the MPR tests.

VTK widgets must be *deleted* (not only closed) before pytest-xvfb stops the X server, or the process
exits 1 with "XIO: fatal IO error" after all tests passed. ``show`` closes and deletes what it showed.
"""
import gc

import pytest
from PySide6.QtCore import QCoreApplication, QEvent


@pytest.fixture
def show(qtbot):
    shown = []

    def _show(widget, width: int = 1200, height: int = 450):
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        shown.append(widget)
        return widget

    yield _show
    for widget in shown:
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    gc.collect()
