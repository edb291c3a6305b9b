"""Synthetic volumes whose content is defined in patient space (LPS), whatever the storage order.

A "head" (sphere of value 100, radius 60 mm around the origin) with a bright marker (value 1000,
radius 12 mm) in the patient's LEFT and ANTERIOR part at LPS (+35, -30, 0), and a dimmer marker
(value 500) SUPERIOR at (0, 0, +40). Whatever rows/columns/slices order the grid is stored in, the
marker is where the anatomy says.
"""
from __future__ import annotations

import numpy as np

from viewer.geometry.volume import Volume

LEFT_ANTERIOR_MARKER = np.array([35.0, -30.0, 0.0])
SUPERIOR_MARKER = np.array([0.0, 0.0, 40.0])


def rotation(axis, degrees) -> np.ndarray:
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    a = np.radians(degrees)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(a) * k + (1 - np.cos(a)) * k @ k


def phantom_value(world: np.ndarray) -> np.ndarray:
    r = np.linalg.norm(world, axis=-1)
    v = np.where(r < 60, 100.0, 0.0)
    v = np.where(np.linalg.norm(world - LEFT_ANTERIOR_MARKER, axis=-1) < 12, 1000.0, v)
    v = np.where(np.linalg.norm(world - SUPERIOR_MARKER, axis=-1) < 8, 500.0, v)
    return v


def make_volume(direction=np.eye(3), shape_ijk=(64, 64, 48), spacing=(2.0, 2.0, 2.5), modality="MR",
                dtype=np.int16, window=None, metadata=None) -> Volume:
    """A phantom volume on a grid with the given direction cosines, centred on the LPS origin."""
    direction = np.asarray(direction, float)
    spacing = np.asarray(spacing, float)
    n = np.array(shape_ijk)
    origin = -(direction * spacing) @ ((n - 1) / 2.0)
    k, j, i = np.meshgrid(np.arange(n[2]), np.arange(n[1]), np.arange(n[0]), indexing="ij")
    ijk = np.stack([i, j, k], axis=-1).astype(float)
    world = ijk @ (direction * spacing).T + origin
    vox = phantom_value(world).astype(dtype)
    md = {"patient_name": "PHANTOM^LEFT", "patient_id": "P-001", "study_date": "20260101",
          "series_description": "synthetic marker"}
    md.update(metadata or {})
    return Volume(voxels=vox, spacing=spacing, origin=origin, direction=direction, modality=modality,
                  window=window, metadata=md)


#: storage orientations of an axial series (columns = i, j, k directions in LPS)
AXIAL_STANDARD = np.eye(3)
AXIAL_ROWS_FLIPPED = np.diag([-1.0, 1.0, -1.0])  # columns run right-ward (patient right), k flips too
AXIAL_UPSIDE_DOWN = np.diag([1.0, -1.0, -1.0])  # rows run anterior-ward
AXIAL_OBLIQUE = rotation([1, 0, 0], 20) @ rotation([0, 0, 1], 12)
SAGITTAL = np.array([[0, 1, 0], [0, 0, -1], [-1, 0, 0]], float).T  # i=+y(P), j=-z(I), k=-x
CORONAL = np.array([[1, 0, 0], [0, 0, -1], [0, 1, 0]], float).T  # i=+x(L), j=-z(I), k=+y
