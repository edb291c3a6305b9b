"""Kept only for ``viewer.mpr.registration`` (being changed by another part at the moment): the plane model
is :mod:`viewer.geometry.planes`. Import from there; this re-export goes once registration does."""
from viewer.geometry.planes import rotation_matrix

__all__ = ["rotation_matrix"]
