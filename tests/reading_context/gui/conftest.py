"""GUI fixtures: ``show`` from the MPR tests (closes and deletes the widgets it showed)."""
from __future__ import annotations

from tests.mpr.gui.conftest import show  # noqa: F401 - a fixture
