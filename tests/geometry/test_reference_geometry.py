"""Every set in ../shared/data with dcm2niix reference geometry: same shape, same voxel grid in
patient space (1e-3 mm translation, 1e-4 direction cosines)."""
from __future__ import annotations

import numpy as np
import pytest

from tests.geometry.refgeom import (REFERENCE_SETS, align_axis_order, assert_same_geometry,
                                    dicom_affine_from_reference, reference_entries)
from viewer.io import scan

def _entries(shared_data, ref):
    entries = reference_entries(shared_data, ref)
    if any("_Tilt_" in e["file"] for e in entries):
        # dcm2niix's un-corrected output of a tilted series puts the shear into the row axis: not
        # the files' geometry. Its tilt-corrected grid is compared in test_gantry_tilt_* below.
        return []
    return entries


@pytest.mark.parametrize("ref", sorted(r for r in REFERENCE_SETS if "S21610" not in r))
def test_matches_dcm2niix_reference(shared_data, ref):
    entries = _entries(shared_data, ref)
    assert entries
    path = shared_data / REFERENCE_SETS[ref]
    if ref.startswith("mr_siemens_transfer_syntaxes"):
        # one file per transfer syntax, each its own series number in the reference
        stacks = {int(e["SeriesNumber"]): scan(path / f"{e['SeriesNumber']}.dcm").stacks for e in entries}
        pairs = [(e, stacks[int(e["SeriesNumber"])]) for e in entries]
    else:
        result = scan(path)
        assert not [s for s in result.skipped if "DICOM" not in s.reason or "not a DICOM" not in s.reason]
        pairs = [(e, result.stacks) for e in entries]
        assert len(result.stacks) == len(entries), [s.description for s in result.stacks]
    for entry, stacks in pairs:
        ref_shape = tuple(entry["shape"])
        matching = [s for s in stacks if tuple(_file_shape(s)) == ref_shape]
        assert matching, f"{entry['file']}: no stack of shape {ref_shape} in {[s.shape for s in stacks]}"
        for st in matching:
            ref_aff, _ = align_axis_order(dicom_affine_from_reference(entry), st.file_affine, ref_shape)
            assert_same_geometry(ref_aff, st.file_affine, np.linalg.norm(st.file_affine[:3, :3], axis=0))


def _file_shape(stack):
    """Shape of the files' own grid (before any tilt/spacing resampling)."""
    f0 = stack.slices[0][0]
    shape = (f0.cols, f0.rows, len(stack.slices[0]))
    return shape + (stack.n_timepoints,) if stack.is_4d else shape


def test_philips_enhanced_splits_magnitude_and_field_map(shared_data):
    stacks = scan(shared_data / "mr_enhanced_multiframe/philips_achieva_b0").stacks
    assert len(stacks) == 2
    vols = [s.load() for s in stacks]
    # the field map is in Hz around 0 (negative values), the magnitude is not
    assert vols[0].voxels.min() >= 0 and vols[1].voxels.min() < -100
    assert all(v.shape_ijk == (64, 64, 32) for v in vols)


def test_siemens_enhanced_files_form_4d(shared_data):
    (st,) = scan(shared_data / "mr_enhanced_multiframe/siemens_vida_xa10").stacks
    vol = st.load()
    assert vol.is_4d and vol.shape_ijk == (64, 64, 6, 4)
    # every time point holds a full brain volume, not interleaved slices
    means = vol.voxels.reshape(4, 6, -1).mean(axis=2)
    assert np.ptp(means, axis=0).max() < 0.1 * means.mean()


TILT_REF = "ct_philips_ingenuity_head_phantom_cd/reference_S21610_S2010.json"


def test_gantry_tilt_is_detected_and_resampled_like_dcm2niix(shared_data):
    result = scan(shared_data / REFERENCE_SETS[TILT_REF])
    (st,) = result.stacks
    assert st.resampled and any("tilt" in w and "-18.5" in w for w in st.warnings)
    (tilt,) = [e for e in reference_entries(shared_data, TILT_REF) if "_Tilt_" in e["file"]]
    assert st.shape == tuple(tilt["shape"])
    ref_aff, _ = align_axis_order(dicom_affine_from_reference(tilt), st.affine, st.shape)
    np.testing.assert_allclose(st.affine[:3, :3], ref_aff[:3, :3], atol=1e-3)
    # where the grid starts is a choice (the files are the truth): within one voxel of dcm2niix's
    assert np.all(np.abs(st.affine[:3, 3] - ref_aff[:3, 3]) < st.spacing.max())


def test_gantry_tilt_volume_matches_the_files_in_patient_space(shared_data):
    (st,) = scan(shared_data / REFERENCE_SETS[TILT_REF]).stacks
    vol = st.load()
    assert vol.warnings and "tilt" in vol.warnings[0]
    rng = np.random.default_rng(1)
    errors, spread = [], []
    for k in (0, 13, 27, 53):
        raw = st.load_file_slice(k)
        fr = st.slices[0][k]
        dr, dc = fr.spacing_rc
        ij = rng.integers(0, 512, size=(3000, 2))
        world = fr.ipp + ij[:, :1] * dc * fr.row_dir + ij[:, 1:] * dr * fr.col_dir
        idx = vol.world_to_index(world)
        assert np.all((idx > -0.5) & (idx < np.array(vol.shape_ijk) - 0.5)), "file pixel outside the grid"
        if k == 0:  # the grid is anchored on the first file's pixels
            assert np.abs(idx - np.rint(idx)).max() < 1e-3
        n = np.rint(idx).astype(int)
        got = vol.voxels[n[:, 2], n[:, 1], n[:, 0]]
        expected = raw[ij[:, 1], ij[:, 0]]
        errors.append(np.abs(got - expected))
        spread.append(np.std(expected))
    errors = np.concatenate(errors)
    # exact where a file slice lies on the grid, interpolated within a fraction of a voxel elsewhere;
    # un-doing the tilt the wrong way round gives errors of about half the image contrast
    assert np.median(errors) < 1.0, np.median(errors)
    assert errors.mean() < 0.05 * np.mean(spread), (errors.mean(), np.mean(spread))
