"""Running M1 from a study of the archive: clear errors (no model, a study without the four sequences), and
cancel stores nothing. The full pipeline and its model are tested by the inference tests."""
from __future__ import annotations

import threading

import pytest

from tests.gui.dicom_writer import write_series
from tests.viewer_layers.phantoms import image_volume
from workstation.ai_review.m1_run import M1Cancelled, M1Run, M1RunError
from workstation.archive import Archive


@pytest.fixture
def archive(tmp_path):
    a = Archive.open(tmp_path / "archive")
    for f in write_series(image_volume(), tmp_path / "mr", modality="MR", description="T1 post contrast"):
        a.ingest_file(f)
    yield a
    a.close()


def test_a_missing_model_is_a_clear_error(archive, tmp_path):
    study = archive.studies()[0].study_instance_uid
    with pytest.raises(M1RunError, match="no model"):
        M1Run(archive, study, model=str(tmp_path / "no_such_model_folder_name")).run()
    assert [s.modality for s in archive.series(study)] == ["MR"]  # nothing stored


def test_cancel_before_start_stores_nothing(archive):
    study = archive.studies()[0].study_instance_uid
    stop = threading.Event()
    stop.set()
    with pytest.raises((M1Cancelled, M1RunError)):
        M1Run(archive, study).run(cancel=stop)
    assert [s.modality for s in archive.series(study)] == ["MR"]
