"""The measurement tools in the real window (Xvfb): a RANO bidimensional drawn with the mouse on the demo
glioma's T1 post-contrast, on the right frontal lesion (the screen's left), stored in the archive,
inserted into the report, and the lesion table against a follow-up; screenshots ``measure.png`` and
``lesion-table.png`` (into docs/screenshots only with CDSS_WRITE_SCREENSHOTS=1)."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pydicom.uid import generate_uid

from tests.gui.screenshots import screenshot_path
from viewer.measure.bidimensional import convex_hull, from_contour
from viewer.measure.measurement import measure
from viewer.measure.outline import level_crossings
from viewer.measure.plane_math import from_uv
from viewer.geometry.planes import acquired_plane
from workstation.app.launch import build_main_window, grab_window
from workstation.reading.demo_seed import demo_focus

pytestmark = pytest.mark.gui
LESION = "T1 right frontal"


def ring_rano_points(flair, t1c, focus) -> np.ndarray:
    """The ring lesion's bidimensional ends (LPS), found on the FLAIR slice through ``focus`` (its edge at
    half way between the ring and the brain around it) and put on the T1 post-contrast slice through it."""
    plane = acquired_plane(flair, focus)
    k = int(round(flair.world_to_index(focus)[2]))
    img = flair.voxels[k].astype(float)
    j, i = np.rint(flair.world_to_index(focus)[:2][::-1]).astype(int)
    ring = np.percentile(img[j - 6:j + 7, i - 6:i + 7], 90)
    around = np.median(img[j - 25:j + 26, i - 25:i + 26])
    rc = level_crossings(img, (ring + around) / 2)
    ijk = np.stack([rc[:, 1], rc[:, 0], np.full(len(rc), k)], axis=-1)
    lps = flair.index_to_world(ijk)
    near = lps[np.linalg.norm(lps - focus, axis=1) < 9.0]
    uv = plane.to_plane(near)[:, :2]
    ends = from_uv(plane, from_contour(convex_hull(uv)))
    on_t1c = acquired_plane(t1c, focus)
    return np.array([on_t1c.project(p) for p in ends])


def qt_point(vp, xyz) -> QPoint:
    x, y = vp.view.display_of_patient(xyz)
    ratio = vp.devicePixelRatioF()
    return QPoint(int(round(x / ratio)), int(round(vp.height() - 1 - y / ratio)))


def drag(vp, a, b) -> None:
    QTest.mousePress(vp, Qt.LeftButton, Qt.NoModifier, qt_point(vp, a))
    for t in np.linspace(0, 1, 6)[1:]:
        QTest.mouseMove(vp, qt_point(vp, a + t * (np.asarray(b) - a)))
    QTest.mouseRelease(vp, Qt.LeftButton, Qt.NoModifier, qt_point(vp, b))


def follow_up_copy(archive, series_uid: str, days: int) -> str:
    """The series copied into a new study ``days`` later (new UIDs): a stand-in follow-up for the table."""
    study, series = generate_uid(), generate_uid()
    for path in archive.series_files(series_uid):
        ds = pydicom.dcmread(path)
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        ds.StudyDate = (date.fromisoformat(f"{ds.StudyDate[:4]}-{ds.StudyDate[4:6]}-{ds.StudyDate[6:]}")
                        + timedelta(days=days)).strftime("%Y%m%d")
        assert archive.ingest_dataset(ds).status == "stored"
    return study


def test_rano_on_the_demo_glioma_t1_post_contrast(qtbot, tmp_path):
    window, startup = build_main_window(tmp_path / "archive")
    assert window is not None, startup
    qtbot.addWidget(window)
    window.resize(1500, 950)
    window.show()
    qtbot.waitExposed(window)
    try:
        with qtbot.waitSignal(startup.ready, timeout=180_000):
            startup.start()
        grid = window.grid
        vps = grid.viewports
        flair, t1c_vp = vps[0], vps[1]
        assert t1c_vp.state.volume.metadata["series_description"] == "AX T1 SE POST GD"
        panel = window.docks["measurements"].widget()
        window.docks["measurements"].raise_()
        grid.set_active(1)
        focus = np.array(demo_focus())
        ends = ring_rano_points(flair.state.volume, t1c_vp.state.volume, focus)
        s = t1c_vp.state
        s.set_zoom(3.0)
        u, v, _ = s.patient_to_screen(ends.mean(axis=0))
        g = s.geometry
        s.pan_by((g.u_range[0] + g.u_range[1]) / 2 - s.pan[0] - u, (g.v_range[0] + g.v_range[1]) / 2 - s.pan[1] - v)
        qtbot.wait(100)

        panel.lesion.setEditText(LESION)
        panel.name_lesion()
        panel.tool_actions["bidimensional"].trigger()
        drag(t1c_vp, ends[0], ends[1])  # the long axis
        panel.tool_actions["select"].trigger()
        (m,) = [x for x in panel.controller.current_set() if x.kind == "bidimensional"]
        drag(t1c_vp, m.lps[2], ends[2])  # the short axis' ends onto the lesion's edge
        m = panel.controller.current_set().get(m.id)
        drag(t1c_vp, m.lps[3], ends[3])
        m = panel.controller.current_set().get(m.id)

        assert m.lesion == LESION
        long_axis, short_axis = m.lps[1] - m.lps[0], m.lps[3] - m.lps[2]
        assert abs(np.dot(long_axis, short_axis)) < 1e-6 * np.dot(long_axis, long_axis)
        mm_px = t1c_vp.view.mm_per_pixel() * t1c_vp.devicePixelRatioF()
        assert abs(m.values["long_mm"] - np.linalg.norm(ends[1] - ends[0])) < 2 * mm_px
        assert m.values["long_mm"] >= m.values["short_mm"] > 5
        assert m.references and m.references[0] in t1c_vp.state.volume.sop_instance_uids
        # drawn on the patient's right: the screen's left half of the viewport, where the renderer puts it
        x_mid, _ = t1c_vp.view.display_of_patient(m.lps.mean(axis=0))
        x_mirror, _ = t1c_vp.view.display_of_patient(m.lps.mean(axis=0) * [-1, 1, 1])
        assert x_mid < x_mirror
        stored = panel.store.list(study_uid=t1c_vp.state.volume.study_instance_uid)
        assert [x.id for x in stored] == [m.id] and stored[0].values == pytest.approx(m.values)
        assert LESION in panel.list.item(0).text()

        # the worklist selects the demo order once the deferred start-up has run (after the first image)
        qtbot.waitUntil(lambda: window.reading_hub.current_order_id is not None, timeout=30_000)
        panel.insert.click()  # into the demo order's report draft
        assert "inserted" in panel.status.text(), panel.status.text()
        editor = window.docks["reading_report"].widget()
        qtbot.waitUntil(lambda: "Bidimensional" in editor.findings.toPlainText() or "이차원" in editor.findings.toPlainText(),
                        timeout=10_000)
        assert editor.current_report().tumor["rano"]["lesions"][0]["name"] == LESION
        grab_window(window, screenshot_path(tmp_path, "measure.png"))

        # a follow-up 90 days later with the lesion smaller: the table suggests a partial response
        follow = follow_up_copy(panel.archive, t1c_vp.state.volume.series_instance_uid, 90)
        smaller = m.lps.mean(axis=0) + (m.lps - m.lps.mean(axis=0)) * 0.65
        later = measure("bidimensional", smaller, m.normal, lesion=LESION, study_uid=follow)
        panel.store.save(later, t1c_vp.state.volume.metadata["patient_id"])
        panel.refresh()
        assert panel.table.rowCount() == 2 and panel.table_data.suggestion == "PR"
        assert "PR" in panel.suggestion.text() and "not a diagnosis" in panel.suggestion.text()
        assert panel.table.item(0, 0).text().startswith(LESION)
        panel.resize(520, 700)
        path = screenshot_path(tmp_path, "lesion-table.png")
        path.parent.mkdir(parents=True, exist_ok=True)
        assert panel.grab().save(str(path))
    finally:
        window.close()
