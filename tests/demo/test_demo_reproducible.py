"""``scripts/make_glioma_demo.py`` is re-runnable: run again it writes the shipped demo byte for byte
(same UIDs, same pixels), and it refuses a source that is not the TCGA-FG-6692 case."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pydicom
import pytest

from workstation.reading.demo_seed import demo_dicom_dir

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_glioma_demo.py"
NIFTI = "mr_glioma_tcga_lgg_nifti"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("make_glioma_demo", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def test_rerun_gives_the_shipped_files(script, shared_data, tmp_path):
    shipped_root = demo_dicom_dir() / "tcga_lgg_fg_6692"
    written = script.make_demo(shared_data / NIFTI, tmp_path / "demo")
    shipped = sorted(p for p in shipped_root.rglob("*") if p.is_file())
    assert [p.relative_to(tmp_path / "demo") for p in written] == [p.relative_to(shipped_root) for p in shipped]
    assert len(written) == 105  # 4 x 26 images + demo.json
    for new, old in zip(written, shipped):
        assert new.read_bytes() == old.read_bytes(), new.name
    ds = pydicom.dcmread(written[1])
    assert ds.SOPInstanceUID == pydicom.dcmread(shipped[1]).SOPInstanceUID  # same UIDs, not fresh ones


def test_a_different_source_is_refused(script, shared_data, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("t1", "t1c", "t2", "flair"):
        (src / f"{name}.nii.gz").write_bytes((shared_data / NIFTI / f"{name}.nii.gz").read_bytes())
    (src / "t2.nii.gz").write_bytes((shared_data / NIFTI / "flair.nii.gz").read_bytes())  # a mix-up
    with pytest.raises(SystemExit, match="not the expected TCGA-FG-6692 t2"):
        script.make_demo(src, tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing half-written
