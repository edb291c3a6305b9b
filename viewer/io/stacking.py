"""Frames → stacks: split a series where orientation, matrix size, pixel spacing or acquisition
type differ, sort slices along the slice normal (never by InstanceNumber), turn repeated positions
into time points, and work out the stack's geometry (regular, irregularly spaced, gantry-tilted).
"""
from __future__ import annotations

import numpy as np

from .frames import Frame

#: two slice positions closer than this along the normal are the same slice (mm)
SAME_POSITION_MM = 0.01
#: orientations whose direction cosines differ by less than this share a stack
SAME_ORIENTATION = 1e-3


class Geometry:
    """Where a stack's voxels are, before and after any resampling. (A plain class: building a
    dataclass costs milliseconds at ``convert``'s start-up.)"""

    def __init__(self, n_ijk: tuple[int, int, int], spacing: np.ndarray, origin: np.ndarray, direction: np.ndarray,
                 file_affine: np.ndarray, positions: np.ndarray, normal_offsets: np.ndarray,
                 inplane_offsets: np.ndarray, resample: bool = False, warnings: list[str] | None = None,
                 grid_uv0: tuple[float, float] = (0.0, 0.0)):
        self.n_ijk = n_ijk
        self.spacing = spacing  # (3,) of the output grid
        self.origin = origin
        self.direction = direction  # columns i, j, k
        self.file_affine = file_affine  # 4x4 as the files are (may be sheared for gantry tilt)
        self.positions = positions  # (k, 3) ImagePositionPatient of each sorted slice
        self.normal_offsets = normal_offsets  # (k,) position along the normal relative to slice 0 (mm)
        self.inplane_offsets = inplane_offsets  # (k, 2) (along row_dir, along col_dir) relative to slice 0 (mm)
        self.resample = resample
        self.warnings = [] if warnings is None else warnings
        self.grid_uv0 = grid_uv0  # in-plane offset (mm) of the grid origin from slice 0

    @property
    def affine(self) -> np.ndarray:
        a = np.eye(4)
        a[:3, :3] = self.direction * self.spacing
        a[:3, 3] = self.origin
        return a


def _series_uid(fr: Frame) -> str:
    return str(fr.file.header.get("SeriesInstanceUID", ""))


def group_frames(frames: list[Frame]) -> list[list[Frame]]:
    """Split frames into groups that can form one stack each (order of first appearance)."""
    groups: list[tuple[tuple, np.ndarray | None, list[Frame]]] = []
    for fr in frames:
        if not fr.has_geometry:  # no position: one stack per file, frames in file order
            key = ("nogeom", id(fr.file))
            if groups and groups[-1][0] == key:
                groups[-1][2].append(fr)
            else:
                groups.append((key, None, [fr]))
            continue
        key = (_series_uid(fr), str(fr.file.header.get("SeriesNumber", "")), fr.split_key, fr.rows, fr.cols,
               round(fr.spacing_rc[0], 3), round(fr.spacing_rc[1], 3), fr.mosaic_tile is not None)
        iop = np.concatenate([fr.row_dir, fr.col_dir])
        for gkey, giop, members in groups:
            if gkey == key and giop is not None and np.max(np.abs(giop - iop)) < SAME_ORIENTATION:
                members.append(fr)
                break
        else:
            groups.append((key, iop, [fr]))
    return [members for _, _, members in groups]


def order_slices(frames: list[Frame]) -> tuple[list[list[Frame]], list[str]]:
    """Sort one group's frames into ``slices[t][k]`` (k along the normal, t in time).

    Returns the grid and warnings (frames dropped when positions repeat unevenly)."""
    warnings: list[str] = []
    if not frames[0].has_geometry:
        return [sorted(frames, key=lambda f: f.frame_index)], warnings
    n = frames[0].normal
    d = np.array([float(np.dot(f.ipp, n)) for f in frames])
    order = np.argsort(d, kind="stable")
    clusters: list[list[Frame]] = []
    start = None
    for idx in order:
        if start is None or d[idx] - start > SAME_POSITION_MM:
            clusters.append([])
            start = d[idx]
        clusters[-1].append(frames[idx])
    for c in clusters:
        c.sort(key=lambda f: f.time_key)
    counts = [len(c) for c in clusters]
    n_t = min(counts)
    if max(counts) != n_t:
        dropped = sum(counts) - n_t * len(clusters)
        warnings.append(
            f"slice positions repeat unevenly ({n_t} to {max(counts)} images per position); "
            f"kept the first {n_t} time point(s), left out {dropped} image(s)"
        )
    return [[c[t] for c in clusters] for t in range(n_t)], warnings


def compute_geometry(slices: list[Frame]) -> Geometry:
    """Geometry of one time point's sorted slices (k ascending along the normal)."""
    f0 = slices[0]
    dr, dc = f0.spacing_rc
    warnings: list[str] = []
    if not f0.has_geometry:
        d = np.eye(3)
        sp = np.array([dc, dr, f0.thickness or 1.0])
        missing = f0.extras.get("missing_geometry") or ["patient position/orientation"]
        warnings.append(f"no {' or '.join(missing)} in the file: shown in image coordinates")
        nk = len(slices)
        z = np.arange(nk) * sp[2]
        return Geometry((f0.cols, f0.rows, nk), sp, np.zeros(3), d, _affine(d * sp, np.zeros(3)),
                        np.outer(z, [0, 0, 1]), z, np.zeros((nk, 2)), warnings=warnings)
    r, c, n = f0.row_dir, f0.col_dir, f0.normal
    if f0.extras.get("no_spacing"):
        warnings.append("no PixelSpacing in the file: 1 mm pixels assumed")
    pos = np.array([f.ipp for f in slices])
    rel = pos - pos[0]
    dist = rel @ n
    inplane = np.stack([rel @ r, rel @ c], axis=1)
    nk = len(slices)
    if nk == 1:
        step = f0.spacing_between or f0.thickness or 1.0
        kvec = n * step
    else:
        kvec = (pos[-1] - pos[0]) / (nk - 1)
        step = float(np.dot(kvec, n))
    file_affine = np.eye(4)
    file_affine[:3, 0], file_affine[:3, 1], file_affine[:3, 2], file_affine[:3, 3] = r * dc, c * dr, kvec, pos[0]
    resample = False
    spacing_k = step
    if nk > 1:
        gaps = np.diff(dist)
        fit_err = np.max(np.abs(dist - step * np.arange(nk)))
        if fit_err > max(SAME_POSITION_MM, 0.01 * step):
            resample = True
            spacing_k = float(np.min(gaps))
            if dist[-1] / spacing_k > 4 * nk:  # a few far-apart slices: keep about as many slices
                spacing_k = float(dist[-1] / (nk - 1))
            warnings.append(
                f"irregular slice spacing ({np.min(gaps):.3g} to {np.max(gaps):.3g} mm): "
                f"resampled to a regular {spacing_k:.3g} mm grid"
            )
        shear = np.max(np.abs(inplane))
        if shear > 0.05 * min(dr, dc):
            resample = True
            tilt = np.degrees(np.arctan2(np.linalg.norm(kvec - step * n), step))
            try:
                label = f"gantry tilt {float(f0.file.header.get('GantryDetectorTilt')):.3g}° in the header, "
            except (TypeError, ValueError):
                label = ""
            warnings.append(
                f"slices are sheared ({label}{tilt:.3g}° from the slice positions): "
                f"resampled onto a grid perpendicular to the slices"
            )
    if not resample:
        kdir = kvec / np.linalg.norm(kvec) if nk > 1 else n
        d = np.stack([r, c, kdir], axis=1)
        sp = np.array([dc, dr, np.linalg.norm(kvec)])
        return Geometry((f0.cols, f0.rows, nk), sp, pos[0].copy(), d, file_affine, pos, dist, inplane,
                        warnings=warnings)
    # resampled grid: i, j along the rows/columns, k along the normal, covering every file pixel
    # whole-pixel offsets from slice 0, so slice 0's pixels are voxel centres of the new grid
    umin = np.floor(min(0.0, inplane[:, 0].min()) / dc + 1e-6) * dc
    vmin = np.floor(min(0.0, inplane[:, 1].min()) / dr + 1e-6) * dr
    umax, vmax = inplane[:, 0].max(), inplane[:, 1].max()
    ni = f0.cols + int(np.ceil((max(umax, 0.0) - umin) / dc - 1e-6))
    nj = f0.rows + int(np.ceil((max(vmax, 0.0) - vmin) / dr - 1e-6))
    nkk = int(np.floor(dist[-1] / spacing_k + 1e-6)) + 1
    origin = pos[0] + umin * r + vmin * c
    d = np.stack([r, c, n], axis=1)
    return Geometry((ni, nj, nkk), np.array([dc, dr, spacing_k]), origin, d, file_affine, pos, dist, inplane,
                    resample=True, warnings=warnings, grid_uv0=(float(umin), float(vmin)))


def _affine(m: np.ndarray, t: np.ndarray) -> np.ndarray:
    a = np.eye(4)
    a[:3, :3], a[:3, 3] = m, t
    return a
