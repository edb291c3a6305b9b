"""The light start's choice (stdlib ``sqlite3``, no SQLAlchemy) is the full path's: the same start study and the
same hung series, on the same archive, also with a second patient whose study is newer than the demo; it stands
aside (``None``) where the full path must decide: a cold archive, a login, a database URL."""
from __future__ import annotations

import subprocess
import sys

import pydicom
import pytest
from pydicom.uid import generate_uid

from resources import DEMO_DIR
from tests.reading.conftest import FAST_HASHER
from workstation.archive import Archive
from workstation.importer import ImportJob
from workstation.reading.auth import UserStore
from workstation.reading.hanging import series_from_archive
from workstation.session.builder import open_session
from workstation.session.light_start import default_layout, hang_order, layout_size, light_start, start_study_uid
from workstation.session.settings import Settings


def _demo_uid() -> str:
    f = next(f for f in sorted(DEMO_DIR.rglob("*")) if f.is_file() and f.suffix not in (".txt", ".md", ".json"))
    return str(pydicom.dcmread(f, stop_before_pixels=True).StudyInstanceUID)


def _newer_patient(archive: Archive, tmp_path) -> str:
    """Two series of the demo's FLAIR and T1 re-identified as another patient's study, dated after the demo."""
    out = tmp_path / "newer"
    out.mkdir()
    study = generate_uid()
    series: dict[str, str] = {}
    for f in sorted(DEMO_DIR.rglob("*")):
        if not f.is_file() or f.suffix in (".txt", ".md", ".json"):
            continue
        ds = pydicom.dcmread(f)
        desc = str(ds.get("SeriesDescription", ""))
        if desc not in ("AX T1 SE", "AX T2 FLAIR"):
            continue
        ds.PatientID, ds.PatientName = "NEWER-1", "Newer^Patient"
        ds.StudyInstanceUID, ds.StudyDate, ds.StudyTime = study, "20991231", "235959"
        ds.SeriesInstanceUID = series.setdefault(desc, generate_uid())
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.save_as(out / f"{ds.SOPInstanceUID}.dcm")
    ImportJob(archive, [out]).run()
    return study


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """An archive holding the demo study and a newer study of another patient."""
    tmp = tmp_path_factory.mktemp("light")
    archive = Archive.open(tmp / "archive")
    ImportJob(archive, [DEMO_DIR]).run()
    newer = _newer_patient(archive, tmp)
    yield archive, newer
    archive.close()


def _full_choice(archive: Archive, demo_uid: str | None):
    """The full path: ``StartupSequence._open_start_study`` then ``ViewerController.open_study`` (without Qt)."""
    uid = start_study_uid([s.study_instance_uid for s in archive.studies()], demo_uid)
    ordered, linked = hang_order(series_from_archive(archive, uid))
    layout = default_layout(len(ordered))
    files = archive.series_images(ordered[0])
    return uid, ordered[: layout_size(layout)], layout, linked, [str(f) for f in files]


@pytest.mark.parametrize("with_demo", [True, False], ids=["demo", "newest study"])
def test_light_choice_is_the_full_paths(warm, with_demo):
    archive, newer = warm
    demo = _demo_uid() if with_demo else None
    light = light_start(archive.store.archive_dir, demo_uid=demo)
    assert light is not None
    uid, hung, layout, linked, files = _full_choice(archive, demo)
    assert light.study_uid == uid == (demo if with_demo else newer)
    assert light.series_uids == hung and light.layout == layout and light.linked == linked
    assert [str(p) for p, _record in light.first_files] == files
    assert light.preview_file.is_file()
    if with_demo:  # the demo hangs 2×2 linked, the FLAIR first
        assert layout == "2x2" and linked
        first = archive.series(uid)
        assert next(s for s in first if s.series_instance_uid == hung[0]).series_description == "AX T2 FLAIR"
    else:
        assert len(hung) == 2


def test_no_light_start_for_a_cold_archive_a_login_or_a_database_url(tmp_path):
    assert light_start(tmp_path / "nothing") is None  # no archive yet
    session = open_session(tmp_path / "archive", settings=Settings())
    try:
        assert light_start(tmp_path / "archive") is None  # an empty archive: the demo import (the full path)
        ImportJob(session.archive, [DEMO_DIR]).run()
        assert light_start(tmp_path / "archive", demo_uid=_demo_uid()) is not None
        assert light_start(tmp_path / "archive", "sqlite:///" + str(tmp_path / "other.db")) is None
        users = UserStore(session.reading.repo.session_factory, session.reading.audit, hasher=FAST_HASHER)
        users.create_user("dr.kim", "pw-123456", "RIS")
        assert light_start(tmp_path / "archive", demo_uid=_demo_uid()) is None  # the login comes first
    finally:
        session.close()


def test_light_start_imports_no_sqlalchemy_and_no_qt(warm):
    archive, _newer = warm
    code = ("import sys\nfrom workstation.session.light_start import light_start\n"
            f"assert light_start({str(archive.store.archive_dir)!r}) is not None\n"
            "bad = [m for m in ('sqlalchemy', 'PySide6', 'vtkmodules', 'workstation.archive') if m in sys.modules]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True)
