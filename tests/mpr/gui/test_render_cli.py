"""``cdss-workstation render --normal/--slab``: oblique planes and thick slabs through the MPR renderer."""
import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui


def _render(*args):
    return subprocess.run([sys.executable, "-m", "workstation.cli.main", "render", *args],
                          capture_output=True, text=True, timeout=120)


def test_oblique_mip_of_a_sagittal_series(shared_data, tmp_path):
    sag = shared_data / "mr_siemens_trio_mosaic_orientation" / "dicom" / "sag_asc_35sl"
    out = tmp_path / "oblique.png"
    r = _render(str(sag), "--normal", "0.2,-0.1,1", "--slab", "mip:10", "--size", "256x256", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "oblique normal" in r.stdout and "mip slab 10 mm" in r.stdout
    assert out.is_file() and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("args, message", [
    (("--normal", "0,0,0"), "--normal must be"),
    (("--normal", "1,x,2"), "--normal must be"),
    (("--slab", "max:5"), "--slab must be"),
])
def test_bad_options_give_a_clear_error(shared_data, tmp_path, args, message):
    sag = shared_data / "mr_siemens_trio_mosaic_orientation" / "dicom" / "sag_asc_35sl"
    r = _render(str(sag), *args, "--out", str(tmp_path / "x.png"))
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
