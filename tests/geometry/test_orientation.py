"""Orientation labels and plane names from direction cosines (LPS)."""
from __future__ import annotations

import numpy as np

from tests.geometry.synthetic import rotation, write_series
from viewer.geometry.orientation import (axis_labels, direction_label, edge_labels, plane_name,
                                         view_edge_labels)
from viewer.io import load_path


def test_single_letters_for_the_six_directions():
    assert [direction_label(v) for v in np.eye(3)] == ["L", "P", "S"]
    assert [direction_label(-v) for v in np.eye(3)] == ["R", "A", "I"]


def test_two_letters_for_oblique_directions_dominant_first():
    assert direction_label((-0.8, -0.6, 0)) == "RA"
    assert direction_label((0.3, 0, -0.95)) == "IL"
    assert direction_label((0.999, 0.045, 0.044)) == "L"  # a few degrees: not worth a second letter


def test_standard_axial_view_edges():
    # axial image as stored: screen right = +i = patient left, screen down = +j = posterior
    labels = edge_labels((1, 0, 0), (0, 1, 0))
    assert labels == {"right": "L", "left": "R", "bottom": "P", "top": "A"}


def test_plane_names():
    assert plane_name((0, 0, 1)) == "axial"
    assert plane_name((1, 0, 0)) == "sagittal"
    assert plane_name((0, -1, 0)) == "coronal"
    assert plane_name(rotation((1, 0, 0), 30) @ np.array([0, 0, 1.0])) == "oblique"
    assert plane_name(rotation((1, 0, 0), 6) @ np.array([0, 0, 1.0])) == "axial"


def test_loaded_volume_axis_labels_follow_the_files(tmp_path):
    write_series(tmp_path / "flipped", (-1, 0, 0), (0, 1, 0), n_slices=4, size=16)
    (vol,) = load_path(tmp_path / "flipped").volumes
    # columns run to the patient's right, so k (= row x column) runs inferior
    assert axis_labels(vol.direction) == ("R", "P", "I")
    assert view_edge_labels(vol.direction, 2) == {"right": "R", "left": "L", "bottom": "P", "top": "A"}
    write_series(tmp_path / "obl", rotation((0, 0, 1), 35) @ np.array([1.0, 0, 0]),
                 rotation((0, 0, 1), 35) @ np.array([0, 1.0, 0]), n_slices=4, size=16)
    (obl,) = load_path(tmp_path / "obl").volumes
    assert axis_labels(obl.direction) == ("LP", "PR", "S")
