"""The GUI fixtures of tests/gui (a main window with a temp archive, a shown viewport)."""
from tests.gui.conftest import make_main_window, viewport  # noqa: F401
