"""Write a :class:`Volume` as NIfTI-1: voxel (i, j, k[, t]) with the RAS+ affine NIfTI expects, values
after the modality LUT (the dtype of ``Volume.voxels``). ``write_nifti`` writes the file itself
(:mod:`viewer.io.nifti_file`, no nibabel import: a fast ``convert``); ``to_nifti`` gives the same image
as a nibabel object for code that wants one."""
from __future__ import annotations

import re
from pathlib import Path

from typing import TYPE_CHECKING

import numpy as np

from viewer.geometry.volume import Volume

from .nifti_file import write_nifti1

if TYPE_CHECKING:
    import nibabel as nib


def to_nifti(volume: Volume) -> nib.Nifti1Image:
    """NIfTI image of ``volume``: data ``[i, j, k(, t)]``, sform = qform = ``volume.affine_ras``."""
    import nibabel as nib

    data = volume.voxels.transpose(tuple(range(volume.voxels.ndim))[::-1])  # [k,j,i] → [i,j,k]
    data = np.asarray(data)
    if data.dtype == np.float64:
        data = data.astype(np.float32)
    img = nib.Nifti1Image(data, volume.affine_ras)
    img.set_sform(volume.affine_ras, code=1)  # scanner anatomical
    img.set_qform(volume.affine_ras, code=1)
    img.header.set_xyzt_units("mm", "sec")
    if data.ndim == 4:
        img.header["pixdim"][4] = time_step_s(volume)
    desc = (volume.metadata.get("series_description") or "")[:79]
    img.header["descrip"] = desc.encode("ascii", "replace")
    return img


def time_step_s(volume: Volume) -> float:
    """A 4D series' time step in seconds: its RepetitionTime (ms in DICOM), as dcm2niix writes it;
    1.0 when the files give none."""
    try:
        tr = float(volume.metadata.get("repetition_time") or 0)
    except (TypeError, ValueError):
        tr = 0.0
    return tr / 1000.0 if tr > 0 else 1.0


def nifti_name(volume: Volume, taken: set[str]) -> str:
    """``<series number>_<description>.nii.gz``, unique among ``taken`` (added to it)."""
    number = volume.metadata.get("series_number") or "0"
    desc = volume.metadata.get("series_description") or volume.modality or "volume"
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{number}_{desc}").strip("_.") or "volume"
    name, n = f"{stem}.nii.gz", 1
    while name in taken:
        n += 1
        name = f"{stem}_{n}.nii.gz"
    taken.add(name)
    return name


def write_nifti(volume: Volume, path: str | Path) -> Path:
    """Write ``volume`` to ``path`` (.nii or .nii.gz). May run on a worker thread."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    vox = volume.voxels
    if vox.dtype == np.float64:
        vox = vox.astype(np.float32)
    desc = (volume.metadata.get("series_description") or "")[:79]
    return write_nifti1(path, vox, volume.affine_ras, time_step_s(volume) if vox.ndim == 4 else 1.0, desc)
