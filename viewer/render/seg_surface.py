"""3D surfaces of a segmentation in patient coordinates (VTK, no Qt): one surface per label in its colour
(``vtkDiscreteFlyingEdges3D`` on the label map, smoothed), a brain (or head) mask as a translucent shell
(``vtkFlyingEdges3D``), and the 3D cursor as a small cross. Each surface is made on the label map's voxel
grid and carried into LPS mm by the volume's own affine, so it lies exactly where the 2D overlays do.

The camera looks at the patient from the front (anterior view: the patient's left on the screen's right,
superior up) until the user rotates it. ``pick(x, y)`` gives the LPS point under a display pixel, for
moving the 3D cursor (and the linked 2D views) to a spot on a surface.
"""
from __future__ import annotations

import numpy as np
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkCommonTransforms import vtkTransform
from vtkmodules.vtkFiltersCore import vtkFlyingEdges3D, vtkPolyDataNormals, vtkWindowedSincPolyDataFilter
from vtkmodules.vtkFiltersGeneral import vtkDiscreteFlyingEdges3D, vtkTransformFilter
from vtkmodules.vtkFiltersSources import vtkLineSource
from vtkmodules.vtkRenderingCore import vtkActor, vtkCellPicker, vtkPolyDataMapper

MASK_OPACITY = 0.15


def _image(voxels_kji: np.ndarray) -> tuple[vtkImageData, np.ndarray]:
    arr = np.ascontiguousarray(voxels_kji)
    img = vtkImageData()
    nk, nj, ni = arr.shape
    img.SetDimensions(ni, nj, nk)
    img.GetPointData().SetScalars(numpy_to_vtk(arr.ravel(), deep=False))
    return img, arr


def _to_patient(port, affine: np.ndarray, smooth: bool):
    """Index-space surface → LPS (the volume's affine), smoothed, with outward normals."""
    src = port
    if smooth:
        sinc = vtkWindowedSincPolyDataFilter()
        sinc.SetInputConnection(src)
        sinc.SetNumberOfIterations(15)
        sinc.SetPassBand(0.1)
        sinc.NonManifoldSmoothingOn()
        sinc.NormalizeCoordinatesOn()
        src = sinc.GetOutputPort()
    t = vtkTransform()
    t.SetMatrix(np.asarray(affine, dtype=float).ravel().tolist())
    tf = vtkTransformFilter()
    tf.SetTransform(t)
    tf.SetInputConnection(src)
    normals = vtkPolyDataNormals()
    normals.SetInputConnection(tf.GetOutputPort())
    normals.SplittingOff()
    normals.ConsistencyOn()
    normals.AutoOrientNormalsOn()
    normals.Update()
    return normals.GetOutput()


def label_surface(labels, label: int, smooth: bool = True):
    """The surface of ``label`` in a label ``Volume`` as vtkPolyData in LPS mm."""
    img, keep = _image(np.asarray(labels.frame(0)).astype(np.uint16))
    fe = vtkDiscreteFlyingEdges3D()
    fe.SetInputData(img)
    fe.SetValue(0, float(label))
    fe.ComputeNormalsOff()
    poly = _to_patient(fe.GetOutputPort(), labels.affine, smooth)
    del keep
    return poly


def mask_surface(mask, level: float = 0.5):
    """The surface of a mask (or any scalar volume at ``level``) in LPS mm."""
    img, keep = _image(np.asarray(mask.frame(0)).astype(np.float32))
    fe = vtkFlyingEdges3D()
    fe.SetInputData(img)
    fe.SetValue(0, float(level))
    fe.ComputeNormalsOff()
    poly = _to_patient(fe.GetOutputPort(), mask.affine, smooth=True)
    del keep
    return poly


class SegSurfaceScene:
    """The actors of one segmentation in a ``vtkRenderer``."""

    def __init__(self, renderer) -> None:
        self.renderer = renderer
        renderer.SetBackground(0.08, 0.08, 0.1)
        self.label_actors: dict[int, vtkActor] = {}
        self.mask_actor: vtkActor | None = None
        self.cursor_actors: list[vtkActor] = []
        self.cursor: np.ndarray | None = None
        self.picker = vtkCellPicker()
        self.picker.SetTolerance(0.002)

    def _actor(self, poly, rgb, opacity: float = 1.0) -> vtkActor:
        mapper = vtkPolyDataMapper()
        mapper.SetInputData(poly)
        mapper.ScalarVisibilityOff()
        actor = vtkActor()
        actor.SetMapper(mapper)
        prop = actor.GetProperty()
        prop.SetColor(*(c / 255.0 for c in rgb))
        prop.SetOpacity(opacity)
        prop.SetSpecular(0.2)
        self.renderer.AddActor(actor)
        return actor

    def set_labels(self, labels, colors: dict[int, tuple], hidden=()) -> None:
        """One surface per label present in ``labels`` (a label ``Volume``), coloured by ``colors``."""
        for actor in self.label_actors.values():
            self.renderer.RemoveActor(actor)
        self.label_actors.clear()
        present = [int(v) for v in np.unique(labels.frame(0)) if v > 0]
        for label in present:
            rgb = tuple(colors.get(label, (255, 255, 255)))[:3]
            actor = self._actor(label_surface(labels, label), rgb)
            actor.SetVisibility(label not in hidden)
            self.label_actors[label] = actor

    def set_label_visible(self, label: int, visible: bool) -> None:
        if label in self.label_actors:
            self.label_actors[label].SetVisibility(bool(visible))

    def set_mask(self, mask, opacity: float = MASK_OPACITY, rgb=(200, 200, 210)) -> None:
        """The brain (or head) mask as a translucent shell; ``None`` removes it."""
        if self.mask_actor is not None:
            self.renderer.RemoveActor(self.mask_actor)
            self.mask_actor = None
        if mask is not None:
            self.mask_actor = self._actor(mask_surface(mask), rgb, opacity)
            self.mask_actor.PickableOff()  # picks go through the shell to the segmentation

    def set_cursor(self, xyz, size_mm: float = 25.0) -> None:
        """The 3D cursor: three short lines along the patient axes through ``xyz`` (LPS mm)."""
        for a in self.cursor_actors:
            self.renderer.RemoveActor(a)
        self.cursor_actors = []
        self.cursor = None if xyz is None else np.asarray(xyz, dtype=float)
        if self.cursor is None:
            return
        for axis in np.eye(3):
            line = vtkLineSource()
            line.SetPoint1(*(self.cursor - axis * size_mm))
            line.SetPoint2(*(self.cursor + axis * size_mm))
            line.Update()
            actor = self._actor(line.GetOutput(), (0, 255, 255))
            actor.GetProperty().SetLineWidth(3.0)
            actor.PickableOff()
            self.cursor_actors.append(actor)

    def reset_camera(self, view: str = "anterior") -> None:
        """Look at everything from the patient's front (``anterior``: left on the right, superior up),
        ``superior`` (from above, anterior up) or ``left`` side."""
        directions = {"anterior": ((0, 1, 0), (0, 0, 1)), "superior": ((0, 0, -1), (0, -1, 0)),
                      "left": ((-1, 0, 0), (0, 0, 1))}
        look, up = directions[view]
        r = self.renderer
        r.ResetCamera()
        cam = r.GetActiveCamera()
        focal = np.array(cam.GetFocalPoint())
        dist = cam.GetDistance()
        cam.SetPosition(*(focal - np.array(look, dtype=float) * dist))
        cam.SetViewUp(*up)
        r.ResetCamera()
        r.ResetCameraClippingRange()

    def pick(self, x: float, y: float) -> np.ndarray | None:
        """LPS point of the surface under display pixel ``(x, y)`` (origin bottom-left), or None."""
        if self.picker.Pick(float(x), float(y), 0.0, self.renderer) and self.picker.GetActor() is not None:
            return np.array(self.picker.GetPickPosition())
        return None

    def close(self) -> None:
        for a in [*self.label_actors.values(), *self.cursor_actors] + ([self.mask_actor] if self.mask_actor else []):
            self.renderer.RemoveActor(a)
