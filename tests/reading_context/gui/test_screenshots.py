"""Screenshots for docs/reading.md: the brain-tumour protocol on the demo study (hanging-protocol.png) and the
current study beside its labelled prior (reading-context.png). Written to docs/screenshots only with
CDSS_WRITE_SCREENSHOTS=1 (else to tmp_path); pixel checks on the PRIOR label."""
from __future__ import annotations

import numpy as np
import pytest

from tests.gui.screenshots import screenshot_path
from tests.reading_context.gui.test_reading_context_window import copy_study
from workstation.reading.demo_seed import demo_study
from workstation.reading.records import Report
from workstation.reading.unmatched import archive_studies, create_local_order

pytestmark = pytest.mark.gui


def grab(window, path):
    from PySide6.QtWidgets import QApplication
    pix = QApplication.primaryScreen().grabWindow(0, window.x(), window.y(), window.width(), window.height())
    assert pix.save(str(path))
    img = pix.toImage().convertToFormat(pix.toImage().Format.Format_RGB888)
    w, h, bpl = img.width(), img.height(), img.bytesPerLine()
    return np.frombuffer(img.constBits(), np.uint8, bpl * h).reshape(h, bpl)[:, : w * 3].reshape(h, w, 3)


def wait_loaded(qtbot, window, n):
    qtbot.waitUntil(lambda: sum(1 for vp in window.grid.viewports if vp.state.volume is not None
                                and vp.state.loaded_fraction >= 1.0) == n, timeout=90000)
    for vp in window.grid.viewports:
        vp.render_now()
    qtbot.wait(300)


def test_hanging_protocol_and_reading_context_screenshots(qtbot, tmp_path):
    from workstation.app.launch import build_main_window, import_demo
    window, startup = build_main_window(tmp_path / "archive")
    assert window is not None, startup
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    startup.start_deferred()
    try:
        archive, hub = window.archive, window.reading_hub
        import_demo(archive)
        window.browser.refresh()  # the study browser shows the imported demo study (as after File → Import)
        patient, study = demo_study()
        demo = next(o for o in hub.service.worklist() if o.study and o.study.study_uid == study.study_uid)
        assert hub.open_images(demo.id)
        wait_loaded(qtbot, window, 4)
        assert [vp.state.volume.metadata["series_description"] for vp in window.grid.viewports] == [
            "AX T2 FLAIR", "AX T1 SE POST GD", "AX T2 TSE", "AX T1 SE"]
        grab(window, screenshot_path(tmp_path, "hanging-protocol.png"))

        prior_uid = copy_study(archive, tmp_path, ["t1c", "flair"], study_date="20190312")
        prior = create_local_order(hub.service.repo, next(s for s in archive_studies(archive)
                                                          if s.study_uid == prior_uid), by="dr.kim")
        hub.service.repo.save_draft(prior.id, Report(findings="Right frontal lesion, baseline."), by="dr.kim")
        hub.service.repo.sign(prior.id, by="dr.kim")
        hub.orders_changed.emit()
        assert hub.open_prior_images(prior.id)
        names = [hub.stage_switch.itemText(i) for i in range(hub.stage_switch.count())]
        hub.stage_switch.setCurrentIndex(names.index("T1 post: current | prior"))
        hub.show_stage(names.index("T1 post: current | prior"))
        qtbot.waitUntil(lambda: window.grid.identity_text(1) == ("2019-03-12 PRIOR", False), timeout=60000)
        wait_loaded(qtbot, window, 2)
        img = grab(window, screenshot_path(tmp_path, "reading-context.png"))
        label = window.grid._cells[1].identity   # noqa: SLF001 - the PRIOR strip over the right viewport
        top_left = label.mapTo(window, label.rect().topLeft())
        strip = img[top_left.y(): top_left.y() + label.height(), top_left.x(): top_left.x() + label.width()]
        yellow = (strip[..., 0] > 200) & (strip[..., 1] > 170) & (strip[..., 2] < 140)
        assert yellow.sum() > 20            # the PRIOR label's text is drawn
        assert window.grid.identity_text(0) == ("2020-09-29 CURRENT", False)
        editor = window.docks["reading_report"].widget()
        assert patient.patient_number in editor.header.text()
        assert editor.prior.id == prior.id and "2019-03-12" in editor.prior_title.text()   # the same prior
    finally:
        window.close()
        window.archive.close()
