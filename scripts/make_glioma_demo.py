"""Build the bundled demo study (``resources/demo/tcga_lgg_fg_6692``) from the TCGA-LGG NIfTI volumes.

    .venv/bin/python scripts/make_glioma_demo.py [--src DIR] [--out DIR]

Four NIfTI volumes of one patient (TCIA TCGA-LGG, case TCGA-FG-6692: T1, T1 post-gadolinium, T2,
FLAIR; made from the scanner's DICOM by dcm2niix) become four DICOM MR series of one study, one frame
of reference. Every pixel lands where the NIfTI puts it: DICOM LPS = diag(-1, -1, 1)·RAS, and
dcm2niix stored each image bottom row first, so NIfTI voxel (i, j, k) is DICOM column i, row
``Rows - 1 - j`` of slice k. Deterministic: UIDs are hashes of fixed seeds, no clock, no randomness,
so a re-run writes byte-identical files (checked by ``tests/demo``). Needs nibabel, numpy, pydicom.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nibabel as nib
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, MRImageStorage, generate_uid

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SRC = ROOT.parent / "shared" / "data" / "mr_glioma_tcga_lgg_nifti"  # the shared test data
DEFAULT_OUT = ROOT / "resources" / "demo" / "tcga_lgg_fg_6692"
CASE = "TCGA-FG-6692"
SEED = "cdss-workstation demo " + CASE

#: sha256 of the source files (``/work/shared/data/README.md``): another input gives another demo
SOURCE_SHA256 = {
    "t1": "95141694217afda743f868e6db0147d194e6437af3fd55f3df6c5283f95d35e8",
    "t1c": "9aa9043963e784cbf897d6ecfdfc3247da62c32e2815af32138355abfdd07e84",
    "t2": "8ae167075a56f61d2eaadcd068c88837b670cdd780a079ac3d63123b5bd21a81",
    "flair": "9a5dcaf70108743eed2a649b4dd698f8f2f452e07258dfb2bfae10cc8a2f54f0",
}


@dataclass(frozen=True)
class Sequence:
    key: str  # NIfTI file stem and output folder
    description: str
    scanning_sequence: str  # (0018,0020)
    sequence_variant: str  # (0018,0021)
    sequence_name: str  # (0018,0024), Siemens style, from the sequence type
    contrast: str = ""  # (0018,0010) ContrastBolusAgent


SEQUENCES = (
    Sequence("t1", "AX T1 SE", "SE", "SP", "*se2d1"),
    Sequence("t1c", "AX T1 SE POST GD", "SE", "SP", "*se2d1", contrast="GADOLINIUM"),
    Sequence("t2", "AX T2 TSE", "SE", "SK\\SP", "*tse2d1"),
    Sequence("flair", "AX T2 FLAIR", "SE\\IR", "SK\\SP\\MP", "*tir2d1"),
)
STUDY_DESCRIPTION = "MR BRAIN W/WO CONTRAST"
#: where the demo opens: the centre of the lesion's enhancing ring (right frontal), picked by eye on the
#: FLAIR NIfTI (voxel i, j, k); written to ``demo.json`` in patient coordinates
FOCUS_FLAIR_IJK = (55, 169, 17)
#: the NIfTI keeps no date (and TCIA shifts dates when de-identifying): a fixed placeholder, the day the
#: demo worklist is built around; the times are the scanner's (NIfTI descrip)
PLACEHOLDER_DATE = "20200929"


def uid(*parts: object) -> str:
    """A UID under pydicom's root whose suffix is a hash of ``parts`` (same parts, same UID)."""
    return generate_uid(entropy_srcs=[SEED, *map(str, parts)])


def parse_descrip(text: str) -> dict[str, str]:
    """``"TE=12;Time=231118.330"`` (dcm2niix's NIfTI description) → ``{"TE": "12", "Time": "231118.330"}``."""
    return {k.strip(): v.strip() for k, v in re.findall(r"([A-Za-z]+)=([^;]*)", text)}


def ds_str(x: float, digits: int = 6) -> str:
    """A DS value (at most 16 characters) of ``x`` rounded to ``digits`` decimals, no ``-0``."""
    s = f"{round(float(x), digits):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def voi_window(data: np.ndarray) -> tuple[int, int]:
    """(centre, width) spanning the 0.5th–99.5th percentile of the non-zero voxels."""
    lo, hi = np.percentile(data[data > 0], [0.5, 99.5])
    return int(round((lo + hi) / 2)), int(max(1, round(hi - lo)))


def slice_geometry(affine_ras: np.ndarray, rows: int, k: int):
    """IOP (row cosine, column cosine), IPP of slice ``k``, pixel spacing (row, column), slice step (LPS)."""
    a = np.diag([-1.0, -1.0, 1.0, 1.0]) @ affine_ras
    col_step, row_step, k_step = a[:3, 0], -a[:3, 1], a[:3, 2]  # +column = +i; +row = -j (row flip)
    position = a @ np.array([0.0, rows - 1.0, float(k), 1.0])
    return (col_step / np.linalg.norm(col_step), row_step / np.linalg.norm(row_step), position[:3],
            (float(np.linalg.norm(row_step)), float(np.linalg.norm(col_step))), k_step)


def check_source(path: Path, key: str) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SOURCE_SHA256[key]:
        raise SystemExit(f"error: {path} is not the expected TCGA-FG-6692 {key} volume (sha256 {digest[:12]}…)")


def study_dataset(study_time: str) -> Dataset:
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.PatientName = CASE
    ds.PatientID = CASE
    ds.PatientBirthDate = ""
    ds.PatientSex = ""
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = "TCIA (TCGA-LGG); dcm2niix NIfTI converted to DICOM"
    ds.StudyInstanceUID = uid("study")
    ds.StudyDate = PLACEHOLDER_DATE
    ds.StudyTime = study_time
    ds.StudyID = "1"
    ds.AccessionNumber = ""
    ds.ReferringPhysicianName = ""
    ds.StudyDescription = STUDY_DESCRIPTION
    ds.FrameOfReferenceUID = uid("frame of reference")
    ds.PositionReferenceIndicator = ""
    ds.Modality = "MR"
    ds.Manufacturer = "SIEMENS"
    ds.BodyPartExamined = "BRAIN"
    return ds


def series_datasets(seq: Sequence, img: nib.Nifti1Image, number: int, study: Dataset):
    """Yield ``(file name, Dataset)`` for each slice of one NIfTI volume."""
    data = np.asanyarray(img.dataobj)
    if data.ndim != 3 or data.min() < 0 or data.max() > 65535:
        raise SystemExit(f"error: {seq.key}: expected a 3D volume of values 0..65535, got {data.shape} "
                         f"{data.min()}..{data.max()}")
    data = data.astype(np.uint16)
    info = parse_descrip(img.header["descrip"].tobytes().split(b"\0")[0].decode("ascii", "replace"))
    columns, rows, n_slices = data.shape
    centre, width = voi_window(data)
    bits = max(12, int(data.max()).bit_length())
    series_uid = uid("series", seq.key)
    for k in range(n_slices):
        row_dir, col_dir, ipp, spacing, k_step = slice_geometry(img.affine, rows, k)
        ds = Dataset()
        ds.update(study)
        ds.ImageType = ["DERIVED", "PRIMARY", "M", "ND"]
        ds.SOPClassUID = MRImageStorage
        ds.SOPInstanceUID = uid("image", seq.key, k)
        ds.SeriesInstanceUID = series_uid
        ds.SeriesNumber = number
        ds.SeriesDescription = seq.description
        ds.ProtocolName = seq.description
        ds.SeriesDate = ds.AcquisitionDate = ds.ContentDate = PLACEHOLDER_DATE
        ds.SeriesTime = ds.AcquisitionTime = ds.ContentTime = info.get("Time", "")
        ds.InstanceNumber = k + 1
        ds.ScanningSequence = seq.scanning_sequence
        ds.SequenceVariant = seq.sequence_variant
        ds.SequenceName = seq.sequence_name
        ds.ScanOptions = ""
        ds.MRAcquisitionType = "2D"
        if "TE" in info:
            ds.EchoTime = ds_str(float(info["TE"]), 3)
        if seq.contrast:
            ds.ContrastBolusAgent = seq.contrast
        ds.SliceThickness = ds_str(np.linalg.norm(k_step), 4)
        ds.SpacingBetweenSlices = ds_str(np.linalg.norm(k_step), 4)
        ds.ImagePositionPatient = [ds_str(v) for v in ipp]
        ds.ImageOrientationPatient = [ds_str(v, 8) for v in (*row_dir, *col_dir)]
        ds.SliceLocation = ds_str(float(np.dot(ipp, np.cross(row_dir, col_dir))), 4)
        ds.PixelSpacing = [ds_str(v, 7) for v in spacing]
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows, ds.Columns = rows, columns
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, bits, bits - 1, 0
        ds.WindowCenter, ds.WindowWidth = centre, width
        ds.WindowCenterWidthExplanation = "0.5-99.5 percentile of the series"
        ds.PixelData = np.ascontiguousarray(data[:, ::-1, k].T).tobytes()  # [row, column], row = rows-1-j
        yield f"IM{k + 1:04d}.dcm", ds


def write(ds: Dataset, path: Path) -> None:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = uid("implementation")
    meta.ImplementationVersionName = "CDSS_DEMO_1"
    ds.file_meta = meta
    path.parent.mkdir(parents=True, exist_ok=True)
    pydicom.dcmwrite(path, ds, enforce_file_format=True)


def write_focus(flair: nib.Nifti1Image, path: Path) -> Path:
    """``demo.json``: the LPS point the demo opens on (``FOCUS_FLAIR_IJK`` through the FLAIR's affine)."""
    ras = flair.affine @ np.array([*FOCUS_FLAIR_IJK, 1.0])
    lps = [round(float(v), 3) for v in (-ras[0], -ras[1], ras[2])]
    text = {"case": CASE, "focus_lps_mm": lps,
            "focus": "centre of the enhancing ring of the right frontal lesion (FLAIR NIfTI voxel "
                     f"{list(FOCUS_FLAIR_IJK)}, picked by eye); the demo opens its linked viewports there"}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(text, indent=1) + "\n")
    return path


def make_demo(src: Path = DEFAULT_SRC, out: Path = DEFAULT_OUT) -> list[Path]:
    """Write the four series under ``out/<key>/`` and ``out/demo.json``; return the files written (sorted)."""
    images = {}
    for seq in SEQUENCES:
        path = Path(src) / f"{seq.key}.nii.gz"
        check_source(path, seq.key)
        images[seq.key] = nib.load(str(path))
    times = {k: parse_descrip(im.header["descrip"].tobytes().split(b"\0")[0].decode()).get("Time", "")
             for k, im in images.items()}
    order = sorted(SEQUENCES, key=lambda s: times[s.key])  # series numbers in acquisition order
    study = study_dataset(min(times.values()))
    written = [write_focus(images["flair"], Path(out) / "demo.json")]
    for number, seq in enumerate(order, start=1):
        folder = Path(out) / seq.key
        for old in folder.glob("*.dcm"):
            old.unlink()
        for name, ds in series_datasets(seq, images[seq.key], number, study):
            write(ds, folder / name)
            written.append(folder / name)
    return sorted(written)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC, help="folder with t1/t1c/t2/flair.nii.gz")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (one sub-folder per series)")
    args = ap.parse_args(argv)
    files = make_demo(args.src, args.out)
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} files, {size / 1e6:.1f} MB under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
