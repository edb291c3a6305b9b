"""Series → stacks: a localizer mixed into a series does not poison it; multi-frame equals its
single-frame twin; InstanceNumber never decides the slice order."""
from __future__ import annotations

import numpy as np
import pydicom

from tests.geometry.synthetic import write_series
from viewer.io import load_path, scan


def test_localizer_in_the_series_becomes_its_own_stack(tmp_path):
    axial = write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=20, size=32)
    uid = str(pydicom.dcmread(axial[0]).SeriesInstanceUID)
    loc = write_series(tmp_path / "loc", (0, 1, 0), (0, 0, -1), n_slices=1, size=32, series_uid=uid)
    loc[0].rename(tmp_path / "s" / "localizer.dcm")
    result = scan(tmp_path / "s")
    assert sorted(st.shape for st in result.stacks) == [(32, 32, 1), (32, 32, 20)]
    main = next(st for st in result.stacks if st.shape == (32, 32, 20))
    assert main.plane == "axial" and not main.warnings
    np.testing.assert_allclose(main.spacing, [3, 3, 3])


def test_instance_numbers_do_not_decide_order(tmp_path):
    paths = write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=10, size=16,
                         shuffle_instance_numbers=True)
    (vol,) = load_path(tmp_path / "s").volumes
    z = vol.index_to_world([[0, 0, k] for k in range(10)])[:, 2]
    assert np.all(np.diff(z) > 0)
    numbers = {str(pydicom.dcmread(p).SOPInstanceUID): int(pydicom.dcmread(p).InstanceNumber) for p in paths}
    assert [numbers[u] for u in vol.sop_instance_uids] != sorted(numbers[u] for u in vol.sop_instance_uids)


def test_legacy_converted_multiframe_equals_classic_twin(shared_data):
    for n in ("23x38x3", "24x38x3"):
        (a,) = load_path(shared_data / f"seg_sr_examples/dcmqi_{n}/image").volumes
        (b,) = load_path(shared_data / f"seg_sr_examples/dcmqi_{n}/multiframe").volumes
        assert a.shape_ijk == b.shape_ijk == (int(n.split("x")[0]), 38, 3)
        np.testing.assert_array_equal(a.voxels, b.voxels)
        np.testing.assert_allclose(a.affine, b.affine, atol=1e-6)


def test_duplicate_files_are_reported_not_turned_into_time_points(tmp_path):
    import shutil

    paths = write_series(tmp_path / "s", (1, 0, 0), (0, 1, 0), n_slices=5, size=16)
    shutil.copy(paths[2], tmp_path / "s" / "copy_of_slice.dcm")
    result = load_path(tmp_path / "s")
    (vol,) = result.volumes
    assert vol.shape_ijk == (16, 16, 5)
    (skip,) = result.skipped
    assert skip.file.endswith("img_0002.dcm") or skip.file.endswith("copy_of_slice.dcm")
    assert "duplicate" in skip.reason


def test_scan_geometry_is_what_load_returns(shared_data):
    for rel in ("mr_siemens_trio_mosaic_orientation/dicom/cor_asc_35sl", "mr_enhanced_multiframe",
                "ct_philips_ingenuity_head_phantom_cd/DICOM/S21610/S2010"):
        for st in scan(shared_data / rel).stacks:
            vol = st.load()
            assert vol.shape_ijk == st.shape
            np.testing.assert_allclose(vol.affine, st.affine)
            assert vol.warnings[: len(st.warnings)] == st.warnings
            assert vol.window == st.window and vol.series_instance_uid == st.series_instance_uid
