"""Memory of an open series: a 500-slice 256x256 MR series (int16, made here) opened in the workstation
in a 1x1 layout, and loaded by the viewer's loader alone. Prints resident memory (RSS) against the pixel
data's size, and what the viewer holds (dtype of the volume: an int16 series must not become a float
copy).

    .venv/bin/python benchmarks/memory.py [--slices N]

The app is started on an archive holding only this series (imported with ``cdss-workstation import``)
through a wrapper that reads /proc/self/status when ``ViewerController.series_opened`` fires (the whole
series is loaded and shown). Needs Xvfb (started here when DISPLAY is unset, stopped by its PID).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

APP = r'''
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from workstation.app import viewer_controller as vc

def rss():
    out = {}
    for line in open("/proc/self/status"):
        if line.startswith(("VmRSS", "VmHWM")):
            out[line.split(":")[0]] = int(line.split()[1]) * 1024
    return out

_init = vc.ViewerController.__init__
marks = {}

def _marked(self, *a, **k):
    _init(self, *a, **k)
    self.first_image.connect(lambda _i: marks.setdefault("first", rss()))
    def opened(index, volume):
        def report():
            QApplication.processEvents()
            r = rss()
            views = len(self.grid.viewports)
            print("MEMORY " + json.dumps({"first": marks.get("first"), "opened": r, "dtype": str(volume.voxels.dtype),
                                          "nbytes": int(volume.voxels.nbytes), "viewports": views}), flush=True)
            QApplication.quit()
        QTimer.singleShot(1500, report)
    self.series_opened.connect(opened)

vc.ViewerController.__init__ = _marked
from workstation.cli.main import main
sys.exit(main(["run", "--archive", sys.argv[1], "--lang", "en"]))
'''

LOADER = r'''
import json, sys
def rss():
    out = {}
    for line in open("/proc/self/status"):
        if line.startswith(("VmRSS", "VmHWM")):
            out[line.split(":")[0]] = int(line.split()[1]) * 1024
    return out
import numpy, pydicom
from viewer.model.series_stream import stream_series
before = rss()
result = stream_series([sys.argv[1]])
after = rss()
print("MEMORY " + json.dumps({"before": before, "after": after, "dtype": str(result.volume.voxels.dtype),
                              "nbytes": int(result.volume.voxels.nbytes)}), flush=True)
'''


def write_series(folder: Path, n: int, size: int = 256) -> int:
    """``n`` axial int16 slices of a noisy ellipsoid (real DICOM MR files); returns the pixel bytes."""
    import pydicom
    from pydicom.dataset import FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    folder.mkdir(parents=True)
    study, series, frame = generate_uid(), generate_uid(), generate_uid()
    j, i = np.mgrid[0:size, 0:size]
    rng = np.random.default_rng(5)
    for k in range(n):
        z = (k - n / 2) / (n / 2)
        inside = ((i - size / 2) / (size * 0.4)) ** 2 + ((j - size / 2) / (size * 0.45)) ** 2 + z ** 2 < 1
        px = (inside * 800 + rng.normal(100, 20, (size, size))).astype(np.int16)
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.4"
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = pydicom.Dataset()
        ds.file_meta = meta
        ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
        ds.PatientName, ds.PatientID, ds.Modality, ds.SeriesNumber = "Memory^Bench", "MEM1", "MR", 1
        ds.StudyDate, ds.SeriesDescription, ds.InstanceNumber = "20260101", "500 slices", k + 1
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.ImagePositionPatient = [-120.0, -120.0, k * 1.0]
        ds.PixelSpacing, ds.SliceThickness = [0.9375, 0.9375], 1.0
        ds.Rows = ds.Columns = size
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.PixelData = px.tobytes()
        ds.save_as(folder / f"im{k:04d}.dcm", enforce_file_format=True)
    return n * size * size * 2


def _free_display() -> int:
    n = 150
    while Path(f"/tmp/.X{n}-lock").exists() or Path(f"/tmp/.X11-unix/X{n}").exists():
        n += 1
    return n


def _report(cmd, env) -> dict:
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    for line in out.stdout.splitlines():
        if line.startswith("MEMORY "):
            return json.loads(line[7:])
    raise RuntimeError(f"no memory report (exit {out.returncode}): {out.stderr[-2000:]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--slices", type=int, default=500)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="memory-bench-"))
    env = dict(os.environ, CDSS_WORKSTATION_HOME=str(work / "home"))
    env.pop("QT_QPA_PLATFORM", None)
    xvfb = None
    mb = 1024 * 1024
    try:
        pixels = write_series(work / "series", args.slices)
        print(f"series: {args.slices} x 256 x 256 int16 = {pixels / mb:.1f} MiB of pixel data")
        (work / "loader.py").write_text(LOADER)
        r = _report([sys.executable, str(work / "loader.py"), str(work / "series")], env)
        grow = r["after"]["VmRSS"] - r["before"]["VmRSS"]
        peak = r["after"]["VmHWM"] - r["before"]["VmRSS"]
        print(f"loader alone (stream_series): volume {r['dtype']} {r['nbytes'] / mb:.1f} MiB; RSS grew "
              f"{grow / mb:.1f} MiB ({grow / pixels:.2f}x the pixel data), peak +{peak / mb:.1f} MiB "
              f"({peak / pixels:.2f}x)")
        subprocess.run([str(Path(sys.executable).with_name("cdss-workstation")), "import", str(work / "series"),
                        "--archive", str(work / "archive")], check=True, capture_output=True, env=env, timeout=300)
        if not env.get("DISPLAY"):
            n = _free_display()
            xvfb = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)
            env["DISPLAY"] = f":{n}"
        (work / "app.py").write_text(APP)
        a = _report([sys.executable, str(work / "app.py"), str(work / "archive")], env)
        first = (a.get("first") or {}).get("VmRSS", 0)
        opened = a["opened"]["VmRSS"]
        print(f"app, {a['viewports']} viewport(s): volume {a['dtype']} {a['nbytes'] / mb:.1f} MiB; RSS "
              f"{first / mb:.0f} MiB at the first image, {opened / mb:.0f} MiB with the series loaded "
              f"(+{(opened - first) / mb:.0f} MiB = {(opened - first) / pixels:.2f}x the pixel data), "
              f"peak {a['opened']['VmHWM'] / mb:.0f} MiB")
        float_copy = a["dtype"].startswith("float") and args.slices and True
        print(f"the viewer holds the volume as {a['dtype']} "
              f"({'a float copy' if float_copy else 'no float copy: the stored integers'})")
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
