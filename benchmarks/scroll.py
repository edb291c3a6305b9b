"""Viewport speed, each figure against a baseline measured in the same run on the same machine:

1. Scrolling: frames per second stepping through every slice of a GE 3D T1 series in the real
   ``ViewportWidget`` (state change → reslice → overlays → render) vs a bare VTK loop rendering the
   same slices (one vtkImageData, vtkImageReslice moved per slice, vtkImageActor, same window size,
   no Qt, no overlays). Goal: widget / bare >= 0.9.
2. Opening: time from "open series" (``ViewerController.open_paths``) to the first image on screen
   and to the whole series, vs the loader alone (``scan`` + ``Stack.load``, the load benchmark's
   full-load time).

Needs a display (VTK does not draw offscreen under Qt):
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python benchmarks/scroll.py [--rounds 16] [--repeat 5] [--size 512] [--scroll-only]

Noise: on a shared 2-core machine a neighbour's burst can slow one loop by 20 % for a second. The
two loops therefore take turns every ``--chunk`` slices (~0.1 s) inside each round, so a burst lands
on both; the median of the per-round ratios and the ratio of the summed times are both printed.
The two windows lie side by side: in an X server without compositing a covered window skips part
of its buffer swap, which would flatter whichever loop is underneath.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: a GE 3D T1 MP-RAGE of 130 slices, double-oblique (the bundled demo until the glioma replaced it)
SERIES_DIR = ROOT.parent / "shared" / "data" / "mr_ge_signa_3d_t1_axial_oblique" / "dicom"


class BareLoop:
    """A minimal VTK pipeline in its own on-screen window: one vtkImageData, a vtkImageReslice moved
    per slice (matrices precomputed), a vtkImageActor; no Qt, no overlays. The same window size,
    interpolation, on-screen image size and multisampling as the widget (like with like)."""

    def __init__(self, volume, size: int, multisamples: int | None = None) -> None:
        import numpy as np
        import vtkmodules.vtkRenderingOpenGL2  # noqa: F401
        from vtkmodules.util.numpy_support import numpy_to_vtk
        from vtkmodules.vtkCommonDataModel import vtkImageData
        from vtkmodules.vtkCommonMath import vtkMatrix4x4
        from vtkmodules.vtkImagingCore import vtkImageReslice
        from vtkmodules.vtkRenderingCore import vtkImageActor, vtkRenderer, vtkRenderWindow

        from viewer.geometry.planes import reslice_matrix
        from viewer.model.viewport_state import ViewportState
        from viewer.render.viewport_renderer import MULTISAMPLES

        st = ViewportState()
        st.set_volume(volume)
        arr = np.ascontiguousarray(volume.voxels)
        self.img = img = vtkImageData()
        nk, nj, ni = arr.shape
        img.SetDimensions(ni, nj, nk)
        self._arr = arr
        img.GetPointData().SetScalars(numpy_to_vtk(arr.ravel(), deep=False))
        self.matrices = []
        for k in range(st.slice_count):
            st.set_slice(k)
            m = reslice_matrix(volume.affine, st.basis, st.plane_origin())
            vm = vtkMatrix4x4()
            vm.DeepCopy(m.ravel().tolist())
            self.matrices.append(vm)
        g = st.geometry
        self.rs = rs = vtkImageReslice()
        rs.SetInputData(img)
        rs.SetOutputDimensionality(2)
        rs.SetInterpolationModeToLinear()
        n = int(np.ceil((g.u_range[1] - g.u_range[0]) / g.pixel_mm)) + 1
        rs.SetOutputSpacing(g.pixel_mm, g.pixel_mm, 1)
        rs.SetOutputOrigin(g.u_range[0], g.v_range[0], 0)
        rs.SetOutputExtent(0, n - 1, 0, n - 1, 0, 0)
        actor = vtkImageActor()
        actor.GetMapper().SetInputConnection(rs.GetOutputPort())
        actor.GetProperty().SetColorWindow(st.window.width)
        actor.GetProperty().SetColorLevel(st.window.level)
        ren = vtkRenderer()
        ren.AddViewProp(actor)
        ren.GetActiveCamera().ParallelProjectionOn()
        self.win = win = vtkRenderWindow()
        win.SetMultiSamples(MULTISAMPLES if multisamples is None else multisamples)
        win.SetSize(size, size)
        win.SetPosition(0, 0)  # side by side with the widget (x = size + 40): neither window covers the other
        win.AddRenderer(ren)
        rs.SetResliceAxes(self.matrices[0])
        # the same on-screen size as the viewport (fit, 2 % margin): llvmpipe's cost grows with the
        # pixels covered, so a smaller image would flatter the baseline
        cam = ren.GetActiveCamera()
        cu, cv = (g.u_range[0] + g.u_range[1]) / 2, (g.v_range[0] + g.v_range[1]) / 2
        cam.SetFocalPoint(cu, cv, 0)
        cam.SetPosition(cu, cv, 1000)
        cam.SetViewUp(0, 1, 0)
        cam.SetParallelScale(1.02 * (g.v_range[1] - g.v_range[0] + g.pixel_mm) / 2)
        ren.ResetCameraClippingRange(-1, 1, -1, 1, -1, 1)
        win.Render()

    def frames(self, slices) -> float:
        """Render these slices one after the other; seconds taken."""
        t0 = time.perf_counter()
        for k in slices:
            self.rs.SetResliceAxes(self.matrices[k])
            self.win.Render()
        return time.perf_counter() - t0

    def fps(self, passes: int) -> float:
        n = len(self.matrices)
        return passes * n / sum(self.frames(range(n)) for _ in range(passes))

    def close(self) -> None:
        self.win.Finalize()


class WidgetLoop:
    """The real ``ViewportWidget`` (state change → reslice → corner texts → render), shown."""

    def __init__(self, app, volume, size: int) -> None:
        from viewer.qt.viewport_widget import ViewportWidget

        self.app = app
        self.vp = vp = ViewportWidget()
        vp.resize(size, size)
        # beside the bare window, never over it: in an X server without compositing a covered window
        # skips the covered part of its buffer swap, which would flatter whichever loop is underneath
        vp.move(size + 40, 0)
        vp.show()
        for _ in range(20):
            app.processEvents()
        vp.state.set_volume(volume)
        vp.state.set_interpolation("linear")
        app.processEvents()

    def frames(self, slices) -> float:
        """Step the viewport through these slices; seconds taken."""
        st = self.vp.state
        t0 = time.perf_counter()
        for k in slices:
            st.set_slice(k)  # the widget re-renders on the state change, like a wheel step
        dt = time.perf_counter() - t0
        self.app.processEvents()  # (outside the timing: pending Qt events, none of them renders)
        return dt

    def fps(self, passes: int) -> float:
        n = self.vp.state.slice_count
        return passes * n / sum(self.frames(range(n)) for _ in range(passes))

    def close(self) -> None:
        self.vp.close()


def scroll_rounds(app, volume, size: int, passes: int, rounds: int, chunk: int = 10,
                  bare_multisamples: int | None = None) -> tuple[list[float], list[float]]:
    """Frames per second of both loops, round by round, after one warm-up pass each. A round is
    ``passes`` passes through the series; both loops take it in turns, ``chunk`` slices at a time
    (bare then widget, then widget then bare, ...), so that a burst of load from a neighbour lands on
    both loops alike instead of on whichever ran in that second."""
    bare, widget = BareLoop(volume, size, bare_multisamples), WidgetLoop(app, volume, size)
    bare.fps(1)
    widget.fps(1)
    n = len(bare.matrices)
    b, w = [], []
    for _r in range(rounds):
        tb = tw = 0.0
        frames = 0
        for _p in range(passes):
            for c, start in enumerate(range(0, n, chunk)):
                ks = range(start, min(n, start + chunk))
                if c % 2 == 0:
                    tb += bare.frames(ks)
                    tw += widget.frames(ks)
                else:
                    tw += widget.frames(ks)
                    tb += bare.frames(ks)
                frames += len(ks)
        b.append(frames / tb)
        w.append(frames / tw)
    widget.close()
    bare.close()
    return b, w


def open_times(app, archive=None) -> tuple[float, float]:
    """Seconds from "open" to the first image shown and to the full series in the widget: from the
    archive (``open_series``: its middle instance previewed first) or, without one, from the folder
    (``open_paths``: middle image shown after the header scan)."""
    from workstation.app.main_window import MainWindow

    w = MainWindow(None)
    w.controller.archive = archive
    w.resize(900, 700)
    w.show()
    app.processEvents()
    vp = w.grid.viewports[0]
    from PySide6.QtCore import QEventLoop, QTimer

    marks: dict[str, float] = {}
    loop = QEventLoop()

    def on_state(_changed) -> None:  # GUI thread, right after the viewport rendered the change
        if "first" not in marks and vp.state.volume is not None:
            marks["first"] = time.perf_counter()

    def on_opened(_index, _volume) -> None:
        marks["full"] = time.perf_counter()
        loop.quit()

    vp.state.subscribe(on_state)
    w.controller.series_opened.connect(on_opened)
    QTimer.singleShot(120_000, loop.quit)
    t0 = time.perf_counter()
    if archive is not None:
        w.controller.open_series(archive.series()[0].series_instance_uid, 0)
    else:
        w.controller.open_paths([str(SERIES_DIR)], 0)
    loop.exec()  # a real event loop (idle waits), as in the application
    first, full = marks["first"] - t0, marks["full"] - t0
    w.close()
    return first, full


def loader_full_load() -> float:
    from viewer.io import scan

    t0 = time.perf_counter()
    st = max(scan(SERIES_DIR).stacks, key=lambda s: s.n_files)
    st.load()
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=16, help="scrolling rounds (each: both loops, alternating order)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of the opening measurements")
    ap.add_argument("--size", type=int, default=512, help="viewport size in pixels (square)")
    ap.add_argument("--passes", type=int, default=1, help="passes through the series per round")
    ap.add_argument("--chunk", type=int, default=10, help="slices each loop renders before the other takes its turn")
    ap.add_argument("--bare-multisamples", type=int, default=None,
                    help="MSAA samples of the bare loop's window (default: the widget's, 0; "
                         "VTK's own default is 4: a slower, unlike baseline)")
    ap.add_argument("--scroll-only", action="store_true", help="skip the opening measurements")
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication

    from viewer.io import load_path

    app = QApplication.instance() or QApplication([])
    volume = load_path(SERIES_DIR).volumes[0]
    from viewer.render.viewport_renderer import MULTISAMPLES

    ms = MULTISAMPLES if args.bare_multisamples is None else args.bare_multisamples
    print(f"GE 3D T1 series: {volume.shape_ijk} {volume.voxels.dtype}, viewport {args.size}x{args.size}, "
          f"linear interpolation, {args.passes} pass(es) per round; multisamples: widget {MULTISAMPLES}, "
          f"bare {ms}")
    bare, widget = scroll_rounds(app, volume, args.size, args.passes, args.rounds, args.chunk, args.bare_multisamples)
    ratios = [w / b_ for w, b_ in zip(widget, bare)]
    print("scroll rounds, widget/bare fps:  " + "  ".join(f"{w:.0f}/{b_:.0f}={w / b_:.2f}"
                                                         for w, b_ in zip(widget, bare)))
    b, wdg, paired = statistics.median(bare), statistics.median(widget), statistics.median(ratios)
    q1, _, q3 = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else (paired, paired, paired)
    print(f"scroll: widget {wdg:.1f} fps, bare VTK {b:.1f} fps (medians of {args.rounds} rounds); "
          f"ratio widget/bare = {paired:.2f} (median of the paired rounds, quartiles {q1:.2f}-{q3:.2f}; "
          f"goal >= 0.90)")
    total = sum(1 / x for x in bare) / sum(1 / x for x in widget)
    # on a shared machine other load only ever slows a run down: best-of-N is the least noisy figure
    print(f"scroll: ratio of summed frame times = {total:.2f}; best of {args.rounds}: widget {max(widget):.1f} fps, "
          f"bare VTK {max(bare):.1f} fps, ratio = {max(widget) / max(bare):.2f}")
    if args.scroll_only:
        return 0
    import tempfile

    from workstation.archive import Archive
    from workstation.importer import ImportJob

    tmp = tempfile.TemporaryDirectory(prefix="scroll-bench-")
    archive = Archive.open(Path(tmp.name) / "archive")
    ImportJob(archive, [SERIES_DIR]).run()
    for label, arch in (("from the archive", archive), ("from the folder", None)):
        loads, firsts, fulls = [], [], []
        for _ in range(args.repeat):
            loads.append(loader_full_load())
            f1, f2 = open_times(app, arch)
            firsts.append(f1)
            fulls.append(f2)
        lo, fi, fu = statistics.median(loads), statistics.median(firsts), statistics.median(fulls)
        print(f"open {label}: first image {fi * 1000:.0f} ms, whole series {fu * 1000:.0f} ms; "
              f"loader full load {lo * 1000:.0f} ms (medians of {args.repeat})")
        print(f"  ratios: first image / loader full load = {fi / lo:.2f}, "
              f"whole series / loader full load = {fu / lo:.2f}")
    archive.close()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    rc = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # leave without interpreter teardown: PySide6 and VTK objects finalised in arbitrary order can
    # abort the process after the figures were printed (seen here: "bool_dealloc" during GC)
    os._exit(rc)
