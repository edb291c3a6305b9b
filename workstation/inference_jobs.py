"""The workstation's AI inference service (Qt-free): M1 jobs for studies in its archive.

``InferenceService.from_site_config(archive)`` sends jobs to the inference queue when IT's site config
(or the user's) names a broker (``[inference] broker_url``, ``password_file``), and runs them in-process
otherwise (the embedded default); both through :class:`inference.queue.client.InferenceClient`.
A job names the study by UID and lists its stored files (the archive's storage, which the inference
servers mount under the same path); its SEGs go to ``<archive>/ai-inbox`` (or the folder given) and
:meth:`collect` imports them into the archive once the job is done. The GUI (a "Run M1" action, the status
bar) calls :meth:`submit`, :meth:`status`, :meth:`cancel`, :meth:`collect` and :meth:`figures`; all may
run on a worker thread and none blocks for long except :meth:`wait`.
"""
from __future__ import annotations

from pathlib import Path

from inference.queue.client import DONE, InferenceClient, JobStatus, QueueFigures

IMAGE_MODALITIES = {"MR", "CT"}


class InferenceService:
    def __init__(self, archive, broker_url: str | None = None, *, out_dir: Path | None = None,
                 model: str | None = None, queue: str | None = None):
        self.archive = archive
        self.client = InferenceClient(broker_url or None, queue=queue)
        self.out_dir = Path(out_dir) if out_dir else Path(archive.archive_dir) / "ai-inbox"
        self.model = model
        self._collected: dict[str, object] = {}

    @classmethod
    def from_site_config(cls, archive, cfg=None, **kw) -> "InferenceService":
        if cfg is None:
            from workstation import site_config

            cfg = site_config.load()
        url = cfg.broker_url_with_password() if cfg.broker_url else None
        return cls(archive, url, **kw)

    @property
    def embedded(self) -> bool:
        return self.client.embedded

    def study_inputs(self, study_uid: str) -> list[Path]:
        """The stored files of the study's MR/CT series; a study the archive does not hold is an error."""
        series = [s for s in self.archive.series(study_uid) if s.modality in IMAGE_MODALITIES]
        if not series:
            raise ValueError(f"the archive holds no MR or CT series of study {study_uid}")
        return [p for s in series for p in self.archive.series_files(s.series_instance_uid)]

    def submit(self, study_uid: str, *, device: str = "auto", queue: str | None = None) -> str:
        return self.client.submit(study_uid, [str(p) for p in self.study_inputs(study_uid)], str(self.out_dir),
                                  self.model, device=device, queue=queue)

    def status(self, job_id: str) -> JobStatus:
        return self.client.status(job_id)

    def cancel(self, job_id: str) -> None:
        self.client.cancel(job_id)

    def wait(self, job_id: str, timeout: float = 3600.0, on_status=None) -> JobStatus:
        return self.client.wait(job_id, timeout=timeout, on_status=on_status)

    def figures(self) -> QueueFigures:
        return self.client.figures()

    def collect(self, job_id: str):
        """Import a done job's SEGs into the archive (once); the import report, or None if not done yet."""
        if job_id in self._collected:
            return self._collected[job_id]
        st = self.client.status(job_id)
        if st.state != DONE or not st.result:
            return None
        from workstation.importer.job import run_import

        paths = [p for p in (st.result.get("seg"), st.result.get("probability_seg")) if p]
        report = run_import(self.archive, paths)
        self._collected[job_id] = report
        return report

    def close(self) -> None:
        self.client.close()
