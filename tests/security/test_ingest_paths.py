"""Path traversal through UIDs: whatever a header says, nothing is written outside the archive's store,
every hostile file is reported, the good ones around it are stored (import; the receiver is in
``test_ingest_receiver.py``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.hostile import EPI, TRAVERSAL_UIDS, fresh, raw_encode, tree_outside
from workstation.archive import Archive
from workstation.archive.store import FileStore, UnsafePath
from workstation.importer import ImportJob

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture
def hostile_folder(tmp_path, shared_data):
    src = sorted((shared_data / EPI).glob("*.dcm"))
    folder = tmp_path / "medium"
    folder.mkdir()
    names = {}
    for i, uid in enumerate(TRAVERSAL_UIDS):
        for attr in ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"):
            name = f"bad_{attr[:5]}_{i:02d}.dcm"
            (folder / name).write_bytes(raw_encode(fresh(src[i], **{attr: uid})))
            names[name] = (attr, uid)
    for i in range(5):
        (folder / f"good_{i}.dcm").write_bytes(raw_encode(fresh(src[20 + i])))
    # a bare data set (no preamble, no file meta) with a traversal UID: re-encoded, then refused too
    bare = fresh(src[30], StudyInstanceUID="..")
    (folder / "bad_bare.dcm").write_bytes(_bare(bare))
    names["bad_bare.dcm"] = ("StudyInstanceUID", "..")
    return folder, names


def _bare(ds) -> bytes:
    """``ds`` as a bare implicit VR little endian data set (no preamble, no file meta)."""
    from pydicom import config
    from pydicom.filebase import DicomBytesIO
    from pydicom.filewriter import write_dataset

    old = config.settings.writing_validation_mode
    config.settings.writing_validation_mode = config.IGNORE
    try:
        fp = DicomBytesIO()
        fp.is_little_endian, fp.is_implicit_VR = True, True
        write_dataset(fp, ds)
        return fp.getvalue()
    finally:
        config.settings.writing_validation_mode = old


def test_traversal_uids_are_refused_and_nothing_leaves_the_store(tmp_path, hostile_folder):
    folder, names = hostile_folder
    archive_dir = tmp_path / "work" / "archive"
    archive_dir.parent.mkdir()
    before = tree_outside(tmp_path, archive_dir)
    escape_existed = Path("/tmp/cdss-escape").exists()
    with Archive.open(archive_dir) as archive:
        report = ImportJob(archive, [folder]).run()
        stored_paths = [archive.store.absolute(r.stored_path) for s in archive.series()
                        for r in archive.instances(s.series_instance_uid)]
    assert report.imported == 5
    problems = {p.file.rsplit("/", 1)[-1]: p.reason for p in report.failed + report.quarantined}
    for name, (attr, uid) in names.items():
        assert name in problems, f"{name} ({attr}={uid!r}) was not reported"
        assert attr in problems[name] or "UID" in problems[name] or "invalid" in problems[name], problems[name]
    # nothing new outside the archive folder; nothing under the store but UID folders
    after = tree_outside(tmp_path, archive_dir)
    assert after == before
    assert Path("/tmp/cdss-escape").exists() == escape_existed
    store = (archive_dir / "store").resolve()
    assert all(store in p.resolve().parents for p in stored_paths) and len(stored_paths) == 5
    for p in (archive_dir / "store").rglob("*"):
        rel = p.relative_to(archive_dir / "store").parts
        assert rel[0] == ".tmp" or all(part.replace(".dcm", "").replace(".", "").isdigit() for part in rel), p


def test_store_refuses_paths_that_leave_it(tmp_path):
    store = FileStore(tmp_path / "archive")
    for study, series, sop in [("..", "1.2", "1.3"), ("1.2", ".", "1.3"), ("1.2", "1.3", "../../x"),
                               ("/etc", "1.2", "1.3"), ("1.2", "1.3", "")]:
        with pytest.raises(UnsafePath):
            store.relative_path(study, series, sop)
    for rel in ("../x.dcm", "/etc/passwd", "1/../../x.dcm", "1//x.dcm", "./1/2.dcm"):
        with pytest.raises(UnsafePath):
            store.absolute(rel)
    # a symbolic link inside the store that points out of it is not written through
    outside = tmp_path / "outside"
    outside.mkdir()
    (store.root / "1.2").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath):
        store.write("1.2/1.3/1.4.dcm", b"data")
    assert list(outside.iterdir()) == []
    # nor is anything behind such a link taken for part of the store (recovery would move it)
    (outside / "1.3").mkdir()
    (outside / "1.3" / "1.4.dcm").write_bytes(b"not ours")
    assert list(store.iter_stored()) == []


def test_recovery_moves_a_stray_file_into_quarantine_not_into_the_index(tmp_path, shared_data):
    """A file left in the store under a name its UIDs do not give (an old traversal, a hand copy) is
    quarantined at the next open, never indexed and never left half-known."""
    src = sorted((shared_data / EPI).glob("*.dcm"))[0]
    archive_dir = tmp_path / "archive"
    Archive.open(archive_dir).close()
    stray = archive_dir / "store" / "1.2" / "1.3"
    stray.mkdir(parents=True)
    (stray / "1.4.dcm").write_bytes(raw_encode(fresh(src)))
    with Archive.open(archive_dir) as archive:
        assert archive.counts()["instances"] == 0
        assert len(archive.recovery.files_quarantined) == 1
    assert not (stray / "1.4.dcm").exists()
    assert any(p.name.startswith("recovered.") for p in (archive_dir / "quarantine").iterdir())


def test_recovery_brings_back_a_file_an_old_version_wrote_outside_the_store(tmp_path, shared_data):
    """A row whose path leaves the store (what a traversal UID made before this fix): at the next open
    its file goes into quarantine and its row away; nothing is left outside the archive."""
    from sqlalchemy import update

    from workstation.archive.models import Instance

    src = sorted((shared_data / EPI).glob("*.dcm"))[0]
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "a.dcm").write_bytes(raw_encode(fresh(src)))
    archive_dir = tmp_path / "work" / "archive"
    with Archive.open(archive_dir) as archive:
        assert ImportJob(archive, [folder]).run().imported == 1
        (rec,) = archive.instances(archive.series()[0].series_instance_uid)
        escaped = tmp_path / "work" / "escaped.dcm"  # the archive's parent folder, as the old bug did
        archive.store.root.joinpath(rec.stored_path).rename(escaped)
        with archive.engine.begin() as conn:
            conn.execute(update(Instance).values(stored_path="../../escaped.dcm"))
    with Archive.open(archive_dir) as archive:
        assert archive.counts()["instances"] == 0
        assert any("left the archive's store" in q for q in archive.recovery.files_quarantined)
    assert not escaped.exists()
    assert len(list((archive_dir / "quarantine").glob("escaped.*.dcm"))) == 1
