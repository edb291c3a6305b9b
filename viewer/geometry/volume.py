"""``Volume``: voxels plus the affine that puts every voxel where the patient's anatomy is.

Conventions (used everywhere in the project):

* Patient coordinates are DICOM **LPS** millimetres: +x = patient Left, +y = Posterior, +z = Superior.
* Voxel index ``(i, j, k)``: ``i`` = column (along ImageOrientationPatient's row direction),
  ``j`` = row (along IOP's column direction), ``k`` = slice (along the stack, increasing position
  along the slice normal ``cross(row_dir, col_dir)`` after sorting).
* ``Volume.voxels`` is a C-ordered numpy array indexed ``[k, j, i]`` (3D) or ``[t, k, j, i]`` (4D),
  so that ``voxels.ravel()`` runs ``i`` fastest, the order VTK expects. ``shape_ijk`` gives ``(i, j, k)``.
* ``affine`` is 4x4, ``world = affine @ [i, j, k, 1]``; its columns 0..2 are ``direction * spacing``
  and column 3 is ``origin`` (the centre of voxel (0, 0, 0)).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class Volume:
    """A regular grid of voxels in patient space.

    ``voxels`` hold real-world values (modality LUT applied: rescale slope/intercept).
    ``direction`` is 3x3 whose *columns* are the unit vectors of the i, j, k axes in LPS.
    """

    voxels: np.ndarray
    spacing: np.ndarray  # (3,) mm along i, j, k
    origin: np.ndarray  # (3,) LPS mm of voxel (0,0,0) centre
    direction: np.ndarray  # (3,3) columns = i, j, k unit axes in LPS
    modality: str = ""
    window: tuple[float, float] | None = None  # (center, width) default VOI from the file
    study_instance_uid: str = ""
    series_instance_uid: str = ""
    frame_of_reference_uid: str = ""
    sop_instance_uids: list[str] = field(default_factory=list)  # per slice k (first time point)
    metadata: dict[str, Any] = field(default_factory=dict)  # patient name/id, study date, description...
    warnings: list[str] = field(default_factory=list)  # irregular spacing, tilt, resampling done...
    monochrome1: bool = False  # display inverted by default (MONOCHROME1)

    def __post_init__(self) -> None:
        self.spacing = np.asarray(self.spacing, dtype=float).reshape(3)
        self.origin = np.asarray(self.origin, dtype=float).reshape(3)
        self.direction = np.asarray(self.direction, dtype=float).reshape(3, 3)
        if self.voxels.ndim not in (3, 4):
            raise ValueError(f"voxels must be 3D [k,j,i] or 4D [t,k,j,i], got shape {self.voxels.shape}")
        if np.any(self.spacing <= 0):
            raise ValueError(f"spacing must be positive, got {self.spacing}")

    # ---- shape -------------------------------------------------------------------------------
    @property
    def is_4d(self) -> bool:
        return self.voxels.ndim == 4

    @property
    def shape_ijk(self) -> tuple[int, ...]:
        """``(i, j, k)`` or ``(i, j, k, t)``: the shape in index order (columns, rows, slices[, time])."""
        s = self.voxels.shape
        return (s[2], s[1], s[0]) if s.__len__() == 3 else (s[3], s[2], s[1], s[0])

    @property
    def n_timepoints(self) -> int:
        return self.voxels.shape[0] if self.is_4d else 1

    def frame(self, t: int = 0) -> np.ndarray:
        """The 3D ``[k, j, i]`` array of time point ``t``."""
        return self.voxels[t] if self.is_4d else self.voxels

    # ---- geometry ----------------------------------------------------------------------------
    @property
    def affine(self) -> np.ndarray:
        """4x4 voxel index (i, j, k) → patient LPS mm."""
        a = np.eye(4)
        a[:3, :3] = self.direction * self.spacing[np.newaxis, :]
        a[:3, 3] = self.origin
        return a

    @property
    def affine_ras(self) -> np.ndarray:
        """4x4 voxel index → RAS+ mm (what NIfTI stores)."""
        return np.diag([-1.0, -1.0, 1.0, 1.0]) @ self.affine

    def index_to_world(self, ijk) -> np.ndarray:
        """Voxel index (continuous, ``(..., 3)``) → LPS mm ``(..., 3)``."""
        ijk = np.asarray(ijk, dtype=float)
        return ijk @ (self.direction * self.spacing).T + self.origin

    def world_to_index(self, xyz) -> np.ndarray:
        """LPS mm ``(..., 3)`` → continuous voxel index ``(..., 3)``."""
        xyz = np.asarray(xyz, dtype=float)
        inv = np.linalg.inv(self.direction * self.spacing)
        return (xyz - self.origin) @ inv.T

    @property
    def center_world(self) -> np.ndarray:
        """LPS mm of the volume's centre."""
        n = np.array(self.shape_ijk[:3], dtype=float)
        return self.index_to_world((n - 1) / 2.0)

    def corners_world(self) -> np.ndarray:
        """The 8 corner voxel centres in LPS mm, ``(8, 3)``."""
        n = np.array(self.shape_ijk[:3]) - 1
        c = np.array([[i, j, k] for i in (0, n[0]) for j in (0, n[1]) for k in (0, n[2])], dtype=float)
        return self.index_to_world(c)

    def value_at_world(self, xyz, t: int = 0) -> float | None:
        """Nearest-voxel value at an LPS point, or None outside the volume."""
        ijk = np.rint(self.world_to_index(xyz)).astype(int)
        n = self.shape_ijk[:3]
        if np.any(ijk < 0) or np.any(ijk >= np.array(n)):
            return None
        return float(self.frame(t)[ijk[2], ijk[1], ijk[0]])

    def with_voxels(self, voxels: np.ndarray, **changes: Any) -> "Volume":
        """A copy sharing metadata with new voxels (and optionally other changed fields)."""
        kw = dict(self.__dict__)
        kw.update(voxels=voxels, **changes)
        return Volume(**kw)
