"""Benchmark (not a test): the GUI import (ImportDialog on its worker thread, event loop running) against the
headless ImportJob on the same data in the same run; prints the ratio.

    CDSS_WORKSTATION_HOME=$(mktemp -d) xvfb-run -a .venv/bin/python benchmarks/import_gui.py [repeats]"""
import statistics, sys, tempfile, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from workstation.archive import Archive
from workstation.importer import ImportJob
from workstation.ui.import_dialog import ImportDialog
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SRC = [DATA / "mr_ge_signa_3d_t1_axial_oblique" / "dicom", DATA / "ct_philips_ingenuity_head_phantom_cd"]
def headless():
    a = Archive.open(Path(tempfile.mkdtemp()) / "a"); t = time.perf_counter()
    r = ImportJob(a, SRC).run(); dt = time.perf_counter() - t; a.close(); return dt, r.imported
def gui():
    a = Archive.open(Path(tempfile.mkdtemp()) / "a"); d = ImportDialog(a, SRC); d.show()
    t = time.perf_counter(); d.start()
    while d.report is None and d.error is None:
        app.processEvents(); time.sleep(0.005)
    dt = time.perf_counter() - t; n = d.report.imported; d.close(); a.close(); return dt, n
h, g = [], []
for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
    h.append(headless()); g.append(gui())
print("files imported", h[0][1], g[0][1])
print("headless s", [round(x[0], 2) for x in h]); print("gui s", [round(x[0], 2) for x in g])
print("ratio gui/headless median %.2f" % (statistics.median(x[0] for x in g) / statistics.median(x[0] for x in h)))
