"""Writes docs/screenshots/{mpr,oblique,priors}.png from real data (the MNI152 T1 template in
../shared/data; the prior is that brain moved by a known rigid transform and registered back).

Run: xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m tests.mpr.gui.make_screenshots
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import SimpleITK as sitk
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from tests.mpr.phantoms import mni_volume  # noqa: E402
from viewer.geometry.planes import rotation_matrix  # noqa: E402
from viewer.mpr.registration import to_sitk  # noqa: E402
from viewer.qt.mpr_priors_view import PriorsView  # noqa: E402
from viewer.qt.mpr_view import MprView  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def settle(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def shot(app, widget, name: str) -> None:
    settle(app)
    app.primaryScreen().grabWindow(widget.winId()).save(str(OUT / name))
    print("wrote", OUT / name)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    data = ROOT.parent / "shared" / "data"
    brain = mni_volume(data, step=1)
    tumour_like = brain.center_world + (22.0, -18.0, 12.0)  # a point in the left hemisphere

    view = MprView(brain)
    view.resize(1500, 560)
    view.show()
    view.set_crosshair(tumour_like)
    shot(app, view, "mpr.png")

    view.rotate("axial", 25.0)
    view.rotate("coronal", -15.0)
    view.set_slab("mip", 6.0)
    shot(app, view, "oblique.png")
    view.close()

    current = mni_volume(data, step=2)
    truth = np.eye(4)
    truth[:3, :3] = rotation_matrix((0.2, 1.0, 0.3), -8.0)
    truth[:3, 3] = (-6.0, 8.0, 5.0)
    inv = np.linalg.inv(truth)
    tx = sitk.AffineTransform(3)
    tx.SetMatrix(inv[:3, :3].ravel().tolist())
    tx.SetTranslation(inv[:3, 3].tolist())
    moved = sitk.GetArrayFromImage(sitk.Resample(to_sitk(current), to_sitk(current), tx, sitk.sitkLinear, 0.0))
    prior = current.with_voxels(moved, frame_of_reference_uid="2.25.1", series_instance_uid="2.25.2")
    pv = PriorsView(current, prior)
    pv.resize(1200, 560)
    pv.show()
    pv.set_point(tumour_like)
    pv.start_registration()
    while pv._thread is not None:
        settle(app, 0.1)
    shot(app, pv, "priors.png")
    pv.close()


if __name__ == "__main__":
    main()
