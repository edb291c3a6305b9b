"""Choosing the four sequences of a study; a missing one is named, on the CLI too."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from inference.dicom_series import scan_study
from inference.select import MissingSequenceError, choose_sequences


def test_demo_study_sequences_are_found():
    from tests.inference.conftest import DEMO_STUDY

    chosen = choose_sequences(scan_study(DEMO_STUDY))
    assert {k: v.description for k, v in chosen.items()} == {
        "T1": "AX T1 SE", "T1c": "AX T1 SE POST GD", "T2": "AX T2 TSE", "FLAIR": "AX T2 FLAIR"}


def test_missing_sequence_is_named(left_lesion_study, tmp_path):
    study = tmp_path / "study"
    shutil.copytree(left_lesion_study.folder, study)
    shutil.rmtree(study / "FLAIR")
    with pytest.raises(MissingSequenceError, match=r"missing sequence\(s\) FLAIR.*--series FLAIR="):
        choose_sequences(scan_study(study))
    proc = subprocess.run([sys.executable, "-m", "workstation.cli.main", "segment", str(study), "--out",
                           str(tmp_path / "out"), "--device", "cpu"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert "missing sequence(s) FLAIR" in proc.stderr
    assert "NOT FOR CLINICAL USE" in proc.stderr


def test_override_by_description_and_bad_override(left_lesion_study):
    series = scan_study(left_lesion_study.folder)
    chosen = choose_sequences(series, {"T2": "AX T2 FLAIR", "FLAIR": "AX T2 TSE"})
    assert chosen["T2"].description == "AX T2 FLAIR" and chosen["FLAIR"].description == "AX T2 TSE"
    with pytest.raises(MissingSequenceError, match="matches no series"):
        choose_sequences(series, {"T1c": "MPRAGE"})
