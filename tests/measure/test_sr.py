"""Measurements as DICOM: a TID 1500 SR written and read back gives the same measurements and references,
dciodvfy (dicom3tools) finds no error in the SR and the Key Object Selection written, the archive's
measurements are exported by ``sr export`` and third-party SRs are read by ``sr dump``."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pydicom
import pytest

from tests.harness.peers import require_binary
from tests.measure.dicom_series import write_series
from tests.measure.phantoms import OBLIQUE, add_object, empty_volume, sphere
from viewer.geometry.planes import acquired_plane
from viewer.io.scan import load_path
from viewer.measure.measurement import measure
from viewer.measure.plane_math import from_uv
from workstation.measurements.sr_export import key_object_selection, measurement_sr
from workstation.measurements.sr_import import dump, load

CENTRE = np.array([5.0, -10.0, 20.0])
BALL_HU = 40.0


@pytest.fixture()
def ct_series(tmp_path):
    """An oblique CT of a +40 HU ball in air (stored with intercept -1024), loaded back from its files."""
    vol = empty_volume((64, 64, 20), (0.9, 0.9, 2.5), OBLIQUE, CENTRE, modality="CT")
    vol.voxels[:] = -1000.0
    add_object(vol, sphere(CENTRE, 12.0), 1000.0 + BALL_HU)
    paths = write_series(vol, tmp_path / "ct", intercept=-1024.0)
    loaded = load_path(tmp_path / "ct").volumes[0]
    headers = {str(d.SOPInstanceUID): d for d in (pydicom.dcmread(p, stop_before_pixels=True) for p in paths)}
    return loaded, headers, paths


def measurements_on(vol):
    k = int(round(vol.world_to_index(CENTRE)[2]))
    pl = acquired_plane(vol, CENTRE).through(vol.index_to_world([0, 0, k]))  # the native slice nearest the centre
    uv = [("length", [(-10, 0), (10, 0)], {}), ("angle", [(3, 0), (0, 0), (0, 3)], {}),
          ("ellipse", [(-5, 0), (5, 0), (0, -4), (0, 4)], {}), ("polygon", [(3, 0), (0, 0), (0, 3), (4, 5)], {}),
          ("point", [(3, 3)], {"label": "look here"}), ("arrow", [(3, 3), (13, 13)], {"label": "enhancing rim"}),
          ("bidimensional", [(-12, 0), (12, 0), (0, -11), (0, 11)], {"lesion": "T1 ball"})]
    return [measure(kind, from_uv(pl, pts), pl.normal, vol, **kw) for kind, pts, kw in uv]


def evidence(ms, headers):
    return [headers[u] for u in dict.fromkeys(u for m in ms for u in m.references)]


def test_statistics_come_in_hounsfield_units_from_the_files(ct_series):
    vol, _, _ = ct_series
    ellipse = next(m for m in measurements_on(vol) if m.kind == "ellipse")
    assert ellipse.value_unit == "HU"
    assert ellipse.values["mean"] == pytest.approx(BALL_HU, abs=0.5)


def test_sr_written_and_read_back_gives_the_same_measurements_and_references(ct_series, tmp_path):
    vol, headers, _ = ct_series
    ms = measurements_on(vol)
    path = tmp_path / "sr.dcm"
    measurement_sr(ms, evidence(ms, headers), author="Kim^Reader").save_as(path)
    back = {m.id: m for m in load(path, headers)}
    assert set(back) == {m.id for m in ms}
    for m in ms:
        b = back[m.id]
        assert b.kind == m.kind and b.label == m.label and b.lesion == m.lesion
        assert np.allclose(b.points, m.points, atol=2e-3), m.kind  # SCOORD(3D) is float32
        assert b.frame_of_reference_uid == vol.frame_of_reference_uid
        for key, value in m.values.items():
            assert b.values[key] == pytest.approx(value, rel=1e-6), (m.kind, key)
        assert b.references == m.references and b.references[0] in vol.sop_instance_uids
        assert b.computed(vol).values == pytest.approx(m.values, rel=1e-4)
    names = {v.name for v in dump(path)}
    assert {"Length", "Angle", "Area", "Mean", "Long axis", "Short axis"} <= names


def test_dciodvfy_finds_no_error_in_the_sr_and_the_kos(ct_series, tmp_path):
    dciodvfy = require_binary("dciodvfy", "dicom3tools")
    vol, headers, _ = ct_series
    ms = measurements_on(vol)
    sr_path, ko_path = tmp_path / "sr.dcm", tmp_path / "ko.dcm"
    measurement_sr(ms, evidence(ms, headers)).save_as(sr_path)
    key_object_selection(list(headers.values())[8:10], "lesion").save_as(ko_path)

    def errors(path):
        r = subprocess.run([dciodvfy, str(path)], capture_output=True, text=True, timeout=60)
        return [line for line in (r.stdout + r.stderr).splitlines() if line.startswith("Error")]
    assert errors(sr_path) == []
    assert errors(ko_path) == []
    broken = pydicom.dcmread(sr_path)  # the checker does see a broken document
    del broken.CompletionFlag
    broken.save_as(tmp_path / "broken.dcm")
    assert errors(tmp_path / "broken.dcm")


def cli(*args, timeout=120):
    """The real command in its own process (the user folders are the test's, set by the conftest)."""
    return subprocess.run([sys.executable, "-m", "workstation.cli.main", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)


def test_sr_export_of_a_study_in_the_archive_and_import_back(ct_series, tmp_path):
    from workstation.archive import Archive
    from workstation.measurements.store import MeasurementStore

    vol, headers, paths = ct_series
    ms = measurements_on(vol)
    with Archive.open(tmp_path / "archive") as archive:
        for p in paths:
            assert archive.ingest_file(p).status == "stored"
        store = MeasurementStore.of(archive)
        for m in ms:
            store.save(m, patient_id="MEAS-001", author="kim")
        store.add_key_image(vol.study_instance_uid, vol.sop_instance_uids[9], vol.series_instance_uid)
    r = cli("sr", "export", "--study", vol.study_instance_uid, "--out", tmp_path / "out",
            "--archive", tmp_path / "archive")
    assert r.returncode == 0, r.stderr
    sr_file = tmp_path / "out" / f"SR_{vol.study_instance_uid}.dcm"
    ko_file = tmp_path / "out" / f"KO_{vol.study_instance_uid}.dcm"
    assert sr_file.is_file() and ko_file.is_file()
    ko = pydicom.dcmread(ko_file)
    refs = [r.ReferencedSOPInstanceUID for s in ko.CurrentRequestedProcedureEvidenceSequence[0].ReferencedSeriesSequence
            for r in s.ReferencedSOPSequence]
    assert refs == [vol.sop_instance_uids[9]]
    d = cli("sr", "dump", sr_file, "--json")
    got = json.loads(d.stdout)["measurements"]
    length = next(x for x in got if x["name"] == "Length")
    assert length["value"] == pytest.approx(20.0) and length["unit"] == "mm"
    assert length["references"] and set(length["references"]) <= set(vol.sop_instance_uids)
    # an edited measurement is updated in place; importing the SR again restores what was exported
    with Archive.open(tmp_path / "archive") as archive:
        store = MeasurementStore.of(archive)
        first = store.list(study_uid=vol.study_instance_uid)[0]
        store.delete(first.id)
        assert len(store.list(study_uid=vol.study_instance_uid)) == len(ms) - 1
    r = cli("sr", "import", sr_file, "--archive", tmp_path / "archive")
    assert r.returncode == 0, r.stderr
    with Archive.open(tmp_path / "archive") as archive:
        again = {m.id: m for m in MeasurementStore.of(archive).list(study_uid=vol.study_instance_uid)}
    assert set(again) == {m.id for m in ms}
    assert again[first.id].values == pytest.approx(first.values)


def test_sr_export_of_a_study_without_measurements_is_a_clear_error(tmp_path):
    r = cli("sr", "export", "--study", "1.2.3.4", "--out", tmp_path / "out", "--archive", tmp_path / "archive")
    assert r.returncode == 1 and "no measurements" in r.stderr


def test_sr_dump_prints_the_measurements_of_third_party_srs(shared_data):
    examples = shared_data / "seg_sr_examples"
    dcmqi = json.loads(cli("sr", "dump", examples / "dcmqi_sr_example" / "sr.dcm", "--json").stdout)["measurements"]
    volume = next(m for m in dcmqi if m["name"].startswith("Volume"))
    assert volume["value"] == pytest.approx(33.5824) and volume["unit"] == "ml"
    seg_uid = str(pydicom.dcmread(examples / "dcmqi_sr_example" / "seg.dcm", stop_before_pixels=True).SOPInstanceUID)
    assert seg_uid in volume["references"]
    assert any(m["name"] == "SUVbw (Mean)" for m in dcmqi)
    hd = json.loads(cli("sr", "dump", examples / "highdicom" / "sr_document_with_multiple_groups.dcm",
                        "--json").stdout)["measurements"]
    assert [(m["name"], m["value"], m["unit"]) for m in hd if m["name"] == "Diameter"] == [
        ("Diameter", 10.0, "mm"), ("Diameter", 20.0, "mm")]
    ct_uid = str(pydicom.dcmread(examples / "highdicom" / "ct_image.dcm", stop_before_pixels=True).SOPInstanceUID)
    assert all(ct_uid in m["references"] for m in hd)
    bad = cli("sr", "dump", examples / "highdicom" / "ct_image.dcm", "--json")
    assert bad.returncode == 1 and "not a DICOM structured report" in bad.stderr


def test_third_party_srs_load_as_measurements_the_viewer_draws(shared_data):
    from viewer.measure.volumes import segment_volume_ml

    examples = shared_data / "seg_sr_examples"
    ct = pydicom.dcmread(examples / "highdicom" / "ct_image.dcm")
    ms = load(examples / "highdicom" / "sr_document_with_multiple_groups.dcm", {str(ct.SOPInstanceUID): ct})
    nodule = next(m for m in ms if m.label == "LungNodule0001")
    assert nodule.kind == "ellipse" and nodule.values["length_mm"] == pytest.approx(10.0)
    assert nodule.frame_of_reference_uid == ct.FrameOfReferenceUID
    ipp = np.asarray(ct.ImagePositionPatient, float)  # its outline lies in the CT image's plane
    n = np.cross(np.asarray(ct.ImageOrientationPatient[:3], float), np.asarray(ct.ImageOrientationPatient[3:], float))
    assert np.allclose((np.asarray(nodule.points) - ipp) @ n, 0.0, atol=1e-3)
    # the SEG's segment measured by us as dcmqi's SR reports it
    assert segment_volume_ml(examples / "dcmqi_sr_example" / "seg.dcm", 1) == pytest.approx(33.5824, rel=1e-4)


def test_a_third_party_sr_imported_into_the_archive_is_placed_on_its_image(shared_data, tmp_path):
    from workstation.archive import Archive
    from workstation.measurements.store import MeasurementStore

    examples = shared_data / "seg_sr_examples" / "highdicom"
    with Archive.open(tmp_path / "archive") as archive:
        assert archive.ingest_file(examples / "ct_image.dcm").status == "stored"
    r = cli("sr", "import", examples / "sr_document_with_multiple_groups.dcm", "--archive", tmp_path / "archive")
    assert r.returncode == 0, r.stderr
    ct = pydicom.dcmread(examples / "ct_image.dcm", stop_before_pixels=True)
    with Archive.open(tmp_path / "archive") as archive:
        ms = {m.label: m for m in MeasurementStore.of(archive).list(study_uid=str(ct.StudyInstanceUID))}
    assert {"LungNodule0001", "Aorta0001"} <= set(ms)
    nodule = ms["LungNodule0001"]
    assert nodule.kind == "ellipse" and nodule.series_uid == ct.SeriesInstanceUID
    assert nodule.references == [ct.SOPInstanceUID]
    # the circle (centre (45, 55) px, radius 10 px) put in the patient through the CT's geometry
    centre = np.asarray(nodule.points).mean(axis=0)
    row, col = 54.5, 44.5  # pixel centres are at +0.5 in SCOORD
    ipp, iop = np.asarray(ct.ImagePositionPatient, float), np.asarray(ct.ImageOrientationPatient, float)
    expected = ipp + col * float(ct.PixelSpacing[1]) * iop[:3] + row * float(ct.PixelSpacing[0]) * iop[3:]
    assert np.allclose(centre, expected, atol=1e-3)
