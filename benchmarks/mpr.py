"""Oblique MPR latency: the real ``MprView`` (three views, crosshair, reference lines) against a bare
loop of three ``vtkImageReslice`` + image actor render windows of the same size, in the same run.

Each frame rotates the crosshair by 1 degree (every view reslices obliquely) and renders all three
views. Prints ms per frame for both and the ratio bare/widget (goal: >= 0.9, i.e. the widget costs
at most ~10 % over bare VTK).

Run: xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python benchmarks/mpr.py [--size 256] [--frames 60]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import vtkmodules.vtkRenderingOpenGL2  # noqa: E402,F401
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget  # noqa: E402
from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor  # noqa: E402
from vtkmodules.vtkCommonMath import vtkMatrix4x4  # noqa: E402
from vtkmodules.vtkImagingCore import vtkImageReslice  # noqa: E402
from vtkmodules.vtkRenderingCore import vtkImageActor, vtkRenderer  # noqa: E402

from viewer.geometry.volume import Volume  # noqa: E402
from viewer.geometry.crosshair import CrosshairFrame  # noqa: E402
from viewer.mpr.reference_lines import volume_rect  # noqa: E402
from viewer.render.mpr_reslice import image_to_patient, volume_image  # noqa: E402
from viewer.render.mpr_view import MAX_OUTPUT_PIXELS  # noqa: E402
from viewer.mpr.slab import PlaneGrid  # noqa: E402
from viewer.qt.mpr_view import VIEW_NAMES, MprView  # noqa: E402

VIEW_W, VIEW_H = 420, 420


def make_volume(n: int) -> Volume:
    rng = np.random.default_rng(0)
    k, j, i = np.ogrid[:n, :n, :n]
    r = np.sqrt((i - n / 2) ** 2 + (j - n / 2) ** 2 + (k - n / 2) ** 2)
    vox = (np.where(r < n * 0.4, 800, 50) + rng.integers(0, 100, (n, n, n))).astype(np.int16)
    return Volume(voxels=vox, spacing=(1.0, 1.0, 1.0), origin=(-n / 2, -n / 2, -n / 2), direction=np.eye(3),
                  frame_of_reference_uid="2.25.7")


def settle(app, seconds=0.3):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def sweep(center, frames: int) -> list[CrosshairFrame]:
    """The crosshair of every frame: +1 degree for 20 frames, -1 for 20, and so on."""
    frame, out = CrosshairFrame.at(center), []
    for f in range(frames):
        frame = frame.rotated_in("axial", 1.0 if f % 40 < 20 else -1.0)
        out.append(frame)
    return out


class Bare(QWidget):
    """Three render windows, each vtkImageReslice (linear, 2D output) → vtkImageActor; nothing else.
    Each view's output grid is fixed: the smallest that shows the whole volume in every frame of the
    sweep (the union of the frames' volume rectangles)."""

    def __init__(self, vol, frames: list[CrosshairFrame]):
        super().__init__()
        self.image = volume_image(vol)
        self.center = vol.center_world
        self.to_image = np.linalg.inv(image_to_patient(vol))
        self.items = []
        lay = QHBoxLayout(self)
        for name in VIEW_NAMES:
            w = QVTKRenderWindowInteractor(self)
            w.setMinimumSize(VIEW_W, VIEW_H)
            lay.addWidget(w)
            ren = vtkRenderer()
            w.GetRenderWindow().AddRenderer(ren)
            rs = vtkImageReslice()
            rs.SetInputData(self.image)
            rs.SetOutputDimensionality(2)
            rs.SetInterpolationModeToLinear()
            axes = vtkMatrix4x4()
            rs.SetResliceAxes(axes)
            rects = np.array([volume_rect(f.display_plane(name), vol) for f in frames])
            rect = (rects[:, 0].min(), rects[:, 1].max(), rects[:, 2].min(), rects[:, 3].max())
            pixel = max(1.0, max(rect[1] - rect[0], rect[3] - rect[2]) / MAX_OUTPUT_PIXELS)
            g = PlaneGrid.covering(rect, pixel)
            rs.SetOutputOrigin(g.u0, g.v0, 0)
            rs.SetOutputSpacing(g.du, g.dv, 1)
            rs.SetOutputExtent(0, g.columns - 1, 0, g.rows - 1, 0, 0)
            actor = vtkImageActor()
            actor.GetMapper().SetInputConnection(rs.GetOutputPort())
            ren.AddViewProp(actor)
            ren.GetActiveCamera().ParallelProjectionOn()
            ren.ResetCamera()
            self.items.append((w, rs, axes, name))

    def show_frame(self, frame):
        for w, rs, axes, name in self.items:
            plane = frame.display_plane(name)
            m = self.to_image @ plane.centered_at(plane.project(self.center)).matrix()
            for r in range(4):
                for c in range(4):
                    axes.SetElement(r, c, float(m[r, c]))
            rs.Modified()
            w.GetRenderWindow().Render()


def bench_interleaved(app, vol, frames: int, rounds: int):
    """Both set-ups on screen at once; each frame is timed for the bare loop, then for the widget, so
    that load from other processes hits both alike."""
    crosshairs = sweep(vol.center_world, frames)
    bare = Bare(vol, crosshairs)
    bare.resize(3 * VIEW_W, VIEW_H + 40)
    bare.move(0, 0)
    bare.show()
    for w, *_ in bare.items:
        w.Initialize()
    view = MprView(vol)
    view.resize(3 * VIEW_W, VIEW_H + 40)
    view.move(0, VIEW_H + 60)
    view.show()
    settle(app)
    t_bare, t_widget = [], []
    for r in range(rounds + 1):  # round 0 warms up (first textures, first grid growth) and is dropped
        for frame in crosshairs:
            t0 = time.perf_counter()
            bare.show_frame(frame)
            t1 = time.perf_counter()
            view.frame = frame  # what a rotation does; then reslice and render the three views
            view.refresh(emit=False)
            t2 = time.perf_counter()
            app.processEvents()
            if r:
                t_bare.append(t1 - t0)
                t_widget.append(t2 - t1)
    for w, *_ in bare.items:
        w.Finalize()
    bare.close()
    view.close()
    return t_bare, t_widget


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--frames", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    vol = make_volume(args.size)
    bare, widget = bench_interleaved(app, vol, args.frames, args.rounds)
    mb, mw = statistics.median(bare) * 1e3, statistics.median(widget) * 1e3
    print(f"volume {args.size}^3 int16, 3 views {VIEW_W}x{VIEW_H}, {args.frames} frames x {args.rounds} rounds "
          "(after a warm-up round), oblique (1 deg/frame), bare and widget timed alternately frame by frame")
    print(f"bare vtkImageReslice + render : median {mb:.1f} ms/frame (mean {statistics.mean(bare) * 1e3:.1f})")
    print(f"MprView (crosshair, ref lines): median {mw:.1f} ms/frame (mean {statistics.mean(widget) * 1e3:.1f})")
    print(f"ratio bare/widget = {mb / mw:.2f}x (goal >= 0.9)")


if __name__ == "__main__":
    main()
