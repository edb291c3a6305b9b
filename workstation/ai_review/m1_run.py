"""Run M1 (``inference.pipeline.segment_study``) on a study of the archive and put its SEGs in the archive.
No Qt: the window runs :meth:`M1Run.run` on a worker thread with a progress callback and a cancel event.

The study's image series (not its SEGs or reports) are linked into a work folder the pipeline scans; the
label SEG (BINARY) and the probability SEG (FRACTIONAL) it writes are ingested into the archive, so they
show up in the browser and over the T1c series like any other SEG. There is no inference service client
in the project yet: M1 runs locally (``device`` auto = the GPU when there is one).
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

Progress = Callable[[str, float], None]


class M1RunError(RuntimeError):
    """M1 could not run on this study (message says why: no model, a missing sequence, ...)."""


class M1Cancelled(Exception):
    """The user cancelled; nothing was stored."""


@dataclass
class M1Outcome:
    seg_paths: list[Path]  # in the archive
    volumes_ml: dict[str, float]
    model: dict
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class M1Run:
    def __init__(self, archive, study_uid: str, *, model=None, device: str = "auto") -> None:
        self.archive = archive
        self.study_uid = study_uid
        self.model = model
        self.device = device

    def _link_inputs(self, folder: Path) -> int:
        n = 0
        for s in self.archive.series(self.study_uid):
            if s.modality in ("SEG", "SR", "PR", "KO") or s.instances == 0:
                continue
            sub = folder / s.series_instance_uid
            sub.mkdir(parents=True, exist_ok=True)
            for f in self.archive.series_files(s.series_instance_uid):
                target = sub / Path(f).name
                try:
                    os.symlink(f, target)
                except OSError:  # no symlinks (Windows without the privilege): copy
                    shutil.copy2(f, target)
                n += 1
        return n

    def run(self, progress: Progress | None = None, cancel: threading.Event | None = None) -> M1Outcome:
        """Segment the study and store the SEGs. May run on a worker thread; ``progress(stage, fraction)`` is
        called from it; a set ``cancel`` raises :class:`M1Cancelled` with nothing stored."""
        from inference.brainmask import BrainMaskError
        from inference.dicom_series import Cancelled, StudyReadError
        from inference.models.manifest import ModelError
        from inference.pipeline import segment_study
        from inference.select import MissingSequenceError

        cancel = cancel or threading.Event()
        with tempfile.TemporaryDirectory(prefix="cdss-m1-") as tmp:
            inputs, out = Path(tmp) / "in", Path(tmp) / "out"
            if self._link_inputs(inputs) == 0:
                raise M1RunError("this study has no images in the archive")
            try:
                res = segment_study(inputs, out, model=self.model, device=self.device, progress=progress,
                                    cancel=cancel)
            except Cancelled as exc:
                raise M1Cancelled() from exc
            except (ModelError, MissingSequenceError, StudyReadError, BrainMaskError, ValueError, OSError) as exc:
                raise M1RunError(f"M1 could not run: {exc}") from exc
            if cancel.is_set():
                raise M1Cancelled()
            stored = []
            for path in (res.seg, getattr(res, "probability_seg", None)):
                if path is None:
                    continue
                outcome = self.archive.ingest_file(Path(path))
                if outcome.status not in ("stored", "duplicate"):
                    raise M1RunError(f"the SEG was not stored: {outcome.reason or outcome.status}")
                stored.append(Path(outcome.path) if outcome.path else Path(path))
        return M1Outcome(stored, dict(res.volumes_ml), dict(res.model), dict(res.seconds), list(res.warnings))
