"""Ingest fuzz (seeded): a few hundred mutants of real files mixed with good ones, through the import
and through the receiver's store path. No traceback, every good file kept, nothing written outside the
archive, nothing stored as valid that pydicom cannot read whole and decode. The longer run with counts
is ``scripts/fuzz_ingest.py``."""
from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pydicom
import pytest

from tests.security.hostile import tree_outside
from tests.security.mutants import fresh_bytes, mutants, source_files, unreadable_reason
from workstation.archive import Archive
from workstation.importer import ImportJob

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning")
SEED = 20261202
ESCAPE = Path("/tmp/cdss-fuzz-escape")


@pytest.fixture(scope="module")
def fuzz_set(shared_data, tmp_path_factory):
    rng = random.Random(SEED)
    sources = source_files(shared_data, 5, rng)
    good = [fresh_bytes(rng.choice(sources)) for _ in range(60)]
    bad = mutants(sources, 300, rng)
    folder = tmp_path_factory.mktemp("fuzz") / "medium"
    folder.mkdir()
    good_uids = set()
    for i, data in enumerate(good):
        (folder / f"good_{i:03d}.dcm").write_bytes(data)
        good_uids.add(str(pydicom.dcmread(folder / f"good_{i:03d}.dcm", stop_before_pixels=True).SOPInstanceUID))
    for i, (kind, data) in enumerate(bad):
        (folder / f"bad_{i:03d}_{kind}.dcm").write_bytes(data)
    return folder, good_uids, Counter(kind for kind, _ in bad)


def _check_archive(archive: Archive, good_uids: set[str]) -> None:
    stored = {r.sop_instance_uid: archive.store.absolute(r.stored_path)
              for s in archive.series() for r in archive.instances(s.series_instance_uid)}
    assert good_uids <= stored.keys(), f"{len(good_uids - stored.keys())} good files not kept"
    unreadable = {uid: why for uid, p in stored.items() if (why := unreadable_reason(p))}
    assert not unreadable, f"{len(unreadable)} stored as valid but unreadable: {list(unreadable.values())[:5]}"


def test_fuzzed_import(tmp_path, fuzz_set):
    folder, good_uids, kinds = fuzz_set
    archive_dir = tmp_path / "work" / "archive"
    archive_dir.parent.mkdir()
    before, escaped = tree_outside(tmp_path, archive_dir), ESCAPE.exists()
    with Archive.open(archive_dir) as archive:
        report = ImportJob(archive, [folder]).run()  # a traceback would raise here
        _check_archive(archive, good_uids)
        assert report.files_total == len(good_uids) + sum(kinds.values())
    assert tree_outside(tmp_path, archive_dir) == before and ESCAPE.exists() == escaped


def test_fuzzed_receive_path(tmp_path, fuzz_set):
    """The same files through the C-STORE receiver's store path (``ReceiveQueue.ingest_bytes``)."""
    folder, good_uids, _kinds = fuzz_set
    archive_dir = tmp_path / "work" / "archive"
    archive_dir.parent.mkdir()
    before, escaped = tree_outside(tmp_path, archive_dir), ESCAPE.exists()
    with Archive.open(archive_dir) as archive:
        queue = archive.open_receive_queue()
        statuses = Counter(queue.ingest_bytes(p.read_bytes(), source=p.name).status
                           for p in sorted(folder.iterdir()))
        queue.close()
        assert statuses["stored"] >= len(good_uids)
        _check_archive(archive, good_uids)
    assert tree_outside(tmp_path, archive_dir) == before and ESCAPE.exists() == escaped
