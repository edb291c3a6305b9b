"""What the receiver's store path leaves behind, batch after batch: the series list shows the right
number of images per series and the study its modalities (counts are kept by increments now, not
recounted), every instance sits under its final name, and no temp file is left anywhere."""
from __future__ import annotations

import pydicom
import pytest
from pydicom.uid import generate_uid

from tests.archive.helpers import copy_with_fresh_uids
from workstation.importer import ImportJob


def _join(files, like, new_series: bool) -> None:
    """Rewrite ``files`` into the patient/study (and series, unless ``new_series``) of ``like``."""
    ref = pydicom.dcmread(like, stop_before_pixels=True)
    series_uid = generate_uid() if new_series else ref.SeriesInstanceUID
    for f in files:
        ds = pydicom.dcmread(f)
        ds.PatientID, ds.PatientName = ref.PatientID, ref.PatientName
        ds.StudyInstanceUID, ds.SeriesInstanceUID = ref.StudyInstanceUID, series_uid
        ds.save_as(f, enforce_file_format=True)


@pytest.mark.parametrize("fsync", ["instance", "batch"])
def test_counts_and_files_after_many_batches(archive, shared_data, tmp_path, fsync):
    mr = sorted((shared_data / "mr_ge_mr750_epi_axial/dicom").glob("*.dcm"))[:12]
    mr_files = copy_with_fresh_uids(mr, tmp_path / "mr", copies=2)  # two studies, one series each
    first, second = mr_files[0], mr_files[-1]
    queue = archive.open_receive_queue(fsync, window_s=0.0, max_batch=3)  # many small batches
    for f in mr_files:
        assert queue.ingest_bytes(f.read_bytes()).status == "stored"
    for f in mr_files[:4]:  # sent again: duplicates, counts unchanged
        assert queue.ingest_bytes(f.read_bytes()).status == "duplicate"
    queue.close()
    # then an import adds three images to the first series and a CT series to the first study
    more = copy_with_fresh_uids(mr[:3], tmp_path / "more", copies=1)
    _join(more, first, new_series=False)
    ct = copy_with_fresh_uids([shared_data / "pydicom_codec_samples/pydicom/CT_small.dcm"], tmp_path / "ct")
    _join(ct, first, new_series=True)
    report = ImportJob(archive, [tmp_path / "more", tmp_path / "ct"]).run()
    assert report.imported == 4, report

    series = {s.series_instance_uid: s.instances for s in archive.series()}
    uid = {f: str(pydicom.dcmread(f, stop_before_pixels=True).SeriesInstanceUID) for f in (first, second, ct[0])}
    assert series == {uid[first]: 15, uid[second]: 12, uid[ct[0]]: 1}
    for s, n in series.items():
        assert len(archive.instances(s)) == n
    study = str(pydicom.dcmread(first, stop_before_pixels=True).StudyInstanceUID)
    assert {st.study_instance_uid: st.modalities for st in archive.studies()}[study] == "CT\\MR"
    assert archive.counts()["instances"] == 28
    assert list(archive.store.tmp.iterdir()) == []  # no temp file, named or not
    assert len(list(archive.store.iter_stored())) == 28
