"""Real DICOM SEGs (dcmqi, highdicom: BINARY, FRACTIONAL, overlapping, odd matrix sizes, single frame) read
into patient space land voxel for voxel on their source CT, compared with highdicom's own frame-by-source-
instance mapping (which knows nothing of our affines)."""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pydicom
import pytest

from viewer.io import load_path
from viewer.io.seg import SegReadError, cielab_to_rgb, is_seg_file, on_grid, read_seg

DATA = Path("/work/shared/data/seg_sr_examples")
HD = DATA / "highdicom"
HD_SOURCE = HD / "source_ct_pydicom_dicomdirtests_77654033_CT2"

#: (SEG, the folder of its source images)
CASES = [
    (DATA / "dcmqi_ct3slice_liver" / "liver_seg.dcm", DATA / "dcmqi_ct3slice_liver" / "source_ct"),
    (DATA / "dcmqi_23x38x3" / "seg" / "label.seg", DATA / "dcmqi_23x38x3" / "image"),
    (DATA / "dcmqi_24x38x3" / "seg" / "label.seg", DATA / "dcmqi_24x38x3" / "image"),
    (HD / "seg_image_ct_binary.dcm", HD_SOURCE),
    (HD / "seg_image_ct_binary_overlap.dcm", HD_SOURCE),
    (HD / "seg_image_ct_binary_fractional.dcm", HD_SOURCE),
    (HD / "seg_image_ct_true_fractional.dcm", HD_SOURCE),
    (HD / "seg_image_ct_binary_single_frame.dcm", HD / "ct_image.dcm"),
]

pytestmark = pytest.mark.skipif(not DATA.exists(), reason="shared SEG examples not present")


def _hd_frame(path, sop_uid, number):
    import highdicom as hd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seg = hd.seg.segread(str(path))
        return seg.get_pixels_by_source_instance([sop_uid], segment_numbers=[number], skip_overlap_checks=True,
                                                 ignore_spatial_locations=True,
                                                 assert_missing_frames_are_empty=False)[0, :, :, 0]


def _source_files(folder: Path) -> list[Path]:
    return [folder] if folder.is_file() else sorted(p for p in folder.iterdir() if p.is_file())


def _pixel_centres(ds) -> np.ndarray:
    """LPS mm of every pixel of a classic image file, ``(rows, cols, 3)``, from its own tags."""
    iop = np.array(ds.ImageOrientationPatient, dtype=float)
    ipp = np.array(ds.ImagePositionPatient, dtype=float)
    dr, dc = (float(v) for v in ds.PixelSpacing)  # row spacing, column spacing
    r, c = np.meshgrid(np.arange(ds.Rows), np.arange(ds.Columns), indexing="ij")
    return ipp + c[..., None] * dc * iop[:3] + r[..., None] * dr * iop[3:]


def _sample(volume, xyz: np.ndarray) -> np.ndarray:
    idx = np.rint(volume.world_to_index(xyz)).astype(int)
    n = np.array(volume.shape_ijk[:3])
    inside = np.all((idx >= 0) & (idx < n), axis=-1)
    out = np.zeros(xyz.shape[:-1], dtype=volume.voxels.dtype)
    i, j, k = idx[inside].T
    out[inside] = volume.voxels[k, j, i]
    return out


@pytest.mark.parametrize("seg_path,source", CASES, ids=lambda p: p.name if isinstance(p, Path) else p)
def test_every_source_pixel_gets_the_segment_highdicom_maps_to_it(seg_path, source):
    seg = read_seg(seg_path)
    checked = 0
    for f in _source_files(source):
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        xyz = _pixel_centres(ds)
        for s in seg.segments:
            ours = _sample(s.volume, xyz)
            theirs = _hd_frame(seg_path, ds.SOPInstanceUID, s.number)
            np.testing.assert_allclose(ours, theirs, atol=1e-6, err_msg=f"{f.name} segment {s.number}")
            checked += int(theirs.astype(bool).sum())
    assert checked > 0, "the SEG marks something on its source images"


@pytest.mark.parametrize("seg_path,source", CASES[:3], ids=lambda p: p.name if isinstance(p, Path) else p)
def test_the_seg_on_the_loaded_source_series_matches_slice_by_slice(seg_path, source):
    """The viewer's own source volume (``viewer.io``): the SEG resampled onto it in patient coordinates
    equals highdicom's frame for each slice's instance."""
    vol = load_path(source).volumes[0]
    seg = read_seg(seg_path)
    assert seg.source_series_uids == [vol.series_instance_uid]
    assert seg.frame_of_reference_uid == vol.frame_of_reference_uid
    for s in seg.segments:
        mask = on_grid(s.volume, vol)
        assert mask.shape == vol.voxels.shape
        for k, uid in enumerate(vol.sop_instance_uids):
            np.testing.assert_array_equal(mask[k], _hd_frame(seg_path, uid, s.number))
        assert mask.any()


def test_the_enhanced_multiframe_source_gets_the_same_overlay_as_the_classic_one():
    seg = read_seg(DATA / "dcmqi_23x38x3" / "seg" / "label.seg")
    classic = load_path(DATA / "dcmqi_23x38x3" / "image").volumes[0]
    enhanced = load_path(DATA / "dcmqi_23x38x3" / "multiframe").volumes[0]
    a, b = on_grid(seg.segments[0].volume, classic), on_grid(seg.segments[0].volume, enhanced)
    assert a.sum() > 10
    np.testing.assert_array_equal(a, b)


def test_fractional_values_are_the_stored_probabilities():
    path = HD / "seg_image_ct_true_fractional.dcm"
    seg = read_seg(path)
    assert seg.segmentation_type == "FRACTIONAL"
    s = seg.segments[0]
    assert s.fractional and s.volume.voxels.dtype == np.float32
    ds = pydicom.dcmread(path)
    stored = ds.pixel_array.astype(float) / float(ds.MaximumFractionalValue)
    values = np.unique(np.round(stored, 5))
    assert len(values) > 2, "truly fractional"
    np.testing.assert_allclose(np.unique(np.round(s.volume.voxels, 5)), values, atol=1e-5)
    assert 0.0 <= s.volume.voxels.min() and s.volume.voxels.max() <= 1.0
    inside = s.volume.voxels[s.volume.voxels >= 0.5]
    assert s.confidence == pytest.approx(float(inside.mean()))  # the legend's "mean p"
    assert read_seg(HD / "seg_image_ct_binary.dcm").segments[0].confidence is None


def test_overlapping_segments_stay_separate_masks_and_have_volumes():
    seg = read_seg(HD / "seg_image_ct_binary_overlap.dcm")
    assert [s.number for s in seg.segments] == [1, 2]
    assert seg.overlapping()
    a, b = (s.mask() for s in seg.segments)
    assert (a & b).any() and (a & ~b).any()  # both kept where they overlap
    voxel_ml = float(np.prod(seg.grid.spacing)) / 1000.0
    assert seg.segments[0].volume_ml == pytest.approx(a.sum() * voxel_ml)


def test_names_colours_and_volumes_from_the_file():
    seg = read_seg(DATA / "dcmqi_ct3slice_liver" / "liver_seg.dcm")
    s = seg.segments[0]
    assert s.label == "Liver" and s.property_type
    # dcmqi's liver colour: CIELab (41661, 41167, 40792) is Slicer's liver (221, 130, 101)
    assert max(abs(a - b) for a, b in zip(s.color, (221, 130, 101))) <= 2
    assert seg.colors() == {1: (*s.color, 255)}
    ml = s.mask().sum() * np.prod(seg.grid.spacing) / 1000.0
    assert s.volume_ml == pytest.approx(ml) and s.volume_ml > 10
    lm = seg.label_map()
    assert lm.voxels.dtype == np.uint8 and set(np.unique(lm.voxels)) == {0, 1}


def test_cielab_white_and_black():
    assert cielab_to_rgb((65535, 32896, 32896)) == (255, 255, 255)
    assert cielab_to_rgb((0, 32896, 32896)) == (0, 0, 0)


def test_a_file_that_is_not_a_seg_is_a_clear_error(tmp_path):
    ct = HD / "ct_image.dcm"
    assert not is_seg_file(ct) and is_seg_file(HD / "seg_image_ct_binary.dcm")
    with pytest.raises(SegReadError, match="not a readable DICOM SEG"):
        read_seg(ct)
    junk = tmp_path / "junk.dcm"
    junk.write_bytes(b"not dicom at all")
    with pytest.raises(SegReadError):
        read_seg(junk)
