"""``cdss-workstation run --screenshot`` end to end in its own process (Korean, empty archive)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def test_run_command_imports_demo_opens_it_and_saves_a_screenshot(tmp_path):
    shot = tmp_path / "run.png"
    env = dict(os.environ, CDSS_WORKSTATION_HOME=str(tmp_path / "home"))
    proc = subprocess.run([sys.executable, "-m", "workstation.cli.main", "run", "--lang", "ko", "--archive",
                           str(tmp_path / "archive"), "--screenshot", str(shot)],
                          cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    img = QImage(str(shot))
    assert img.width() >= 800 and img.height() >= 600
    assert (tmp_path / "archive" / "store").is_dir()  # the demo study went into the archive


def test_run_command_bad_database_is_a_clear_error(tmp_path):
    env = dict(os.environ, CDSS_WORKSTATION_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "workstation.cli.main", "run", "--database",
                           "mysql+pymysql://nobody:x@127.0.0.1:1/none", "--screenshot", str(tmp_path / "x.png")],
                          cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "error:" in proc.stderr and "Traceback" not in proc.stderr
