"""Opening a series from the archive uses the headers the archive indexed at import: no file's header
is read again (only pixel data), and the volume is the one loading the files directly gives — same
affine, same voxels, left still left. Rows indexed before the record existed fall back to reading."""
from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import text

import viewer.io.frames as frames_module
from tests.geometry.synthetic import MARKER_LPS, rotation, write_series
from viewer.io import scan
from viewer.io.sources import Source

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:pydicom")

GE_T1 = "mr_ge_signa_3d_t1_axial_oblique/dicom"


class Reads:
    """Counts header parses (the loader's ``read_header``) and files opened, by spying on the real code."""

    def __init__(self, monkeypatch):
        self.headers = 0
        self.opened = 0
        real_read, real_open = frames_module.read_header, Source.open

        def read_header(source):
            self.headers += 1
            return real_read(source)

        def open_(source):
            self.opened += 1
            return real_open(source)

        monkeypatch.setattr(frames_module, "read_header", read_header)
        monkeypatch.setattr(Source, "open", open_)

    def reset(self) -> None:
        self.headers = self.opened = 0


def _import(archive, files) -> str:
    for f in files:
        assert archive.ingest_file(f).status == "stored"
    (series,) = archive.series()
    return series.series_instance_uid


def _same_volume(a, b) -> None:
    np.testing.assert_array_equal(a.affine, b.affine)
    assert a.voxels.dtype == b.voxels.dtype
    np.testing.assert_array_equal(a.voxels, b.voxels)
    def shown(volume) -> dict:
        return {k: v for k, v in volume.metadata.items() if k != "files"}

    assert shown(a) == shown(b)
    assert (a.window, a.modality, a.sop_instance_uids) == (b.window, b.modality, b.sop_instance_uids)


def test_open_from_archive_parses_no_header_and_gives_the_files_volume(archive, shared_data, monkeypatch):
    files = sorted(p for p in (shared_data / GE_T1).iterdir() if p.is_file())
    uid = _import(archive, files)
    images = archive.series_images(uid)
    assert len(images) == len(files) and all(i.record for i in images)  # every instance indexed

    reads = Reads(monkeypatch)
    (stack,) = scan(images).stacks
    assert (reads.headers, reads.opened) == (0, 0)  # geometry from the index alone: no file opened
    from_archive = stack.load()
    assert reads.headers == 0 and reads.opened == len(files)  # then one pixel read per file

    reads.reset()
    (direct,) = scan(files).stacks
    assert reads.headers == len(files)  # (the spy sees the ordinary path's header reads)
    np.testing.assert_array_equal(stack.affine, direct.affine)
    assert stack.shape == direct.shape and stack.plane == direct.plane
    _same_volume(from_archive, direct.load())


@pytest.mark.parametrize("orientation", ["flipped_row", "oblique"])
def test_left_stays_left_when_opened_from_the_archive(archive, tmp_path, monkeypatch, orientation):
    row, col = {"flipped_row": ((-1, 0, 0), (0, 1, 0)),
                "oblique": tuple(rotation((1, 1, 0.3), 25) @ np.array(v, float) for v in ((1, 0, 0), (0, 1, 0)))}[
        orientation]
    files = write_series(tmp_path / "series", row, col, n_slices=30, size=48, pixel=4.0)
    uid = _import(archive, files)
    reads = Reads(monkeypatch)
    (stack,) = scan(archive.series_images(uid)).stacks
    vol = stack.load()
    assert reads.headers == 0
    k, j, i = np.nonzero(vol.voxels >= 1000)
    centre = vol.index_to_world(np.stack([i, j, k], axis=1).astype(float)).mean(axis=0)
    assert centre[0] > 30, f"marker at x={centre[0]:.1f}: left/right flipped"
    assert vol.value_at_world(MARKER_LPS) == 1000
    assert vol.value_at_world(MARKER_LPS * [-1, 1, 1]) == 100
    _same_volume(vol, scan(files).stacks[0].load())


def test_rows_indexed_before_the_record_read_their_headers(archive, tmp_path, monkeypatch):
    files = write_series(tmp_path / "series", (1, 0, 0), (0, 1, 0), n_slices=12, size=32)
    uid = _import(archive, files)
    with archive.engine.begin() as conn:  # as an archive from before migration a7 holds them
        conn.execute(text("UPDATE archive_instance SET image_record = NULL"))
    images = archive.series_images(uid)
    assert [i.record for i in images] == [None] * len(files)
    reads = Reads(monkeypatch)
    (stack,) = scan(images).stacks
    assert reads.headers == len(files)
    _same_volume(stack.load(), scan(files).stacks[0].load())


def test_a_changed_file_is_read_again_not_trusted(archive, tmp_path, monkeypatch):
    files = write_series(tmp_path / "series", (1, 0, 0), (0, 1, 0), n_slices=6, size=32)
    uid = _import(archive, files)
    images = archive.series_images(uid)
    with open(images[0].path, "ab") as fp:  # no longer the size the index recorded
        fp.write(b"\0\0")
    reads = Reads(monkeypatch)
    scan(images)
    assert reads.headers == 1


def test_vendor_layouts_are_not_indexed_and_still_open(archive, shared_data):
    folder = shared_data / "mr_siemens_trio_mosaic_orientation/dicom/ax_asc_35sl"
    files = sorted(p for p in folder.iterdir() if p.name.startswith("MR."))[:2]
    uid = _import(archive, files)
    images = archive.series_images(uid)
    assert [i.record for i in images] == [None] * len(images)  # the CSA header is read from the file
    (stack,) = scan(images).stacks
    np.testing.assert_array_equal(stack.affine, scan(files).stacks[0].affine)


def test_an_archive_from_before_the_record_upgrades_and_opens_by_reading_headers(archive_dir, database_url, tmp_path,
                                                                                 monkeypatch):
    from alembic import command
    from sqlalchemy import inspect

    from workstation.archive import Archive
    from workstation.db.migrate import alembic_config

    def columns(engine) -> set[str]:
        return {c["name"] for c in inspect(engine).get_columns("archive_instance")}

    files = write_series(tmp_path / "series", (1, 0, 0), (0, 1, 0), n_slices=8, size=32)
    old = Archive.open(archive_dir, database_url)
    try:
        uid = _import(old, files)
        command.downgrade(alembic_config(old.engine), "a6_archive_source_head")  # back to the schema before a7
        assert "image_record" not in columns(old.engine)
    finally:
        old.close()
    new = Archive.open(archive_dir, database_url)  # its migrations add the column; the old rows hold NULL
    try:
        assert "image_record" in columns(new.engine)
        images = new.series_images(uid)
        assert len(images) == len(files) and not any(i.record for i in images)
        reads = Reads(monkeypatch)
        (stack,) = scan(images).stacks
        assert reads.headers == len(files)
        _same_volume(stack.load(), scan(files).stacks[0].load())
    finally:
        new.close()


def test_a_file_with_huge_values_is_stored_without_a_record_and_still_opens(archive, tmp_path):
    import pydicom

    files = write_series(tmp_path / "series", (1, 0, 0), (0, 1, 0), n_slices=4, size=32)
    ds = pydicom.dcmread(files[0])
    ds.SeriesDescription = "x" * 70_000  # far past LO's 64 characters and any TEXT column
    ds.save_as(files[0], enforce_file_format=True)
    outcome = archive.ingest_file(files[0])
    assert outcome.status == "stored", outcome.reason
    for f in files[1:]:
        assert archive.ingest_file(f).status == "stored"
    (series,) = archive.series()
    images = archive.series_images(series.series_instance_uid)
    assert sum(1 for i in images if i.record is None) == 1  # only the hostile file: read from the file
    (stack,) = scan(images).stacks
    np.testing.assert_array_equal(stack.affine, scan(files).stacks[0].affine)


def test_the_viewers_streamed_open_with_its_preview_parses_no_header(archive, shared_data, monkeypatch):
    """What ``ViewerController.open_series`` runs off the GUI thread: the middle instance as a preview,
    then the whole series — from the index, with no header parsed."""
    from viewer.model.series_stream import stream_series

    files = sorted(p for p in (shared_data / GE_T1).iterdir() if p.is_file())
    uid = _import(archive, files)
    images = archive.series_images(uid)
    reads = Reads(monkeypatch)
    firsts = []
    result = stream_series(images, on_first=firsts.append, series_uid=uid, preview_file=images[len(images) // 2])
    assert reads.headers == 0
    assert reads.opened == len(files) + 1  # every file's pixels, and the preview's once more
    (preview,) = firsts
    assert preview.voxels.shape[0] == 1 and preview.sop_instance_uids[0] in result.volume.sop_instance_uids
    k = result.volume.sop_instance_uids.index(preview.sop_instance_uids[0])
    np.testing.assert_array_equal(result.volume.voxels[k], preview.voxels[0])
    np.testing.assert_array_equal(result.volume.affine, scan(files).stacks[0].affine)


@pytest.mark.parametrize("record", ["{not json", '{"v": 99}', '{"v": 1, "size": "x"}', "[]"])
def test_a_damaged_record_is_ignored_and_the_file_read(archive, tmp_path, monkeypatch, record):
    files = write_series(tmp_path / "series", (1, 0, 0), (0, 1, 0), n_slices=5, size=32)
    uid = _import(archive, files)
    with archive.engine.begin() as conn:
        conn.execute(text("UPDATE archive_instance SET image_record = :r"), {"r": record})
    reads = Reads(monkeypatch)
    result = scan(archive.series_images(uid))
    assert reads.headers == len(files) and not result.skipped
    _same_volume(result.stacks[0].load(), scan(files).stacks[0].load())
