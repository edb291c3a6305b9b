"""The workstation's AI inference service (Qt-free): M1 jobs for studies in its archive.

``InferenceService.from_site_config(archive)`` sends jobs to the inference queue when IT's site config
(``[inference] broker_url``, ``password_file``) or the user's Settings name a broker, and runs them in-process
otherwise (the embedded default); both through :class:`inference.queue.client.InferenceClient`.
A job names the study by UID and where the worker gets its images (``[inference] fetch``):

* ``files`` (default): the study's stored files (the archive's storage, mounted on the inference servers
  under the same path);
* ``archive``: the archive's database URL (no password; the worker has its own password file) and storage
  folder — the worker looks the files up itself;
* ``dicomweb``: the PACS's DICOMweb URL (``[inference] dicomweb_url``) — the worker retrieves the study by WADO-RS;
* ``cget``: the ``[[pacs]]`` node ``[inference] pacs`` names — the worker C-GETs the study from it.

Its SEGs go to ``<archive>/ai-inbox`` (or the folder given; ``fetch = "dicomweb"`` leaves the folder to the
worker) and, with ``[inference] stow_url``, to the PACS by STOW-RS. :meth:`collect` imports them into the archive
once the job is done — from the shared folder, or retrieved from the PACS by WADO-RS when the folder is not
shared. The GUI (a "Run M1" action, the status bar) calls :meth:`submit`, :meth:`status`, :meth:`cancel`,
:meth:`collect` and :meth:`figures`; all may run on a worker thread and none blocks for long except :meth:`wait`.

:class:`SessionInference` is the one service of an application session: it follows the Settings (broker and
queue changed in the Settings dialog take effect at the next run) and is closed with the session.
"""
from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path

from inference.queue.client import DONE, InferenceClient, JobStatus, QueueFigures

log = logging.getLogger(__name__)

IMAGE_MODALITIES = {"MR", "CT"}
FETCH_MODES = ("files", "archive", "dicomweb", "cget")


class InferenceService:
    def __init__(self, archive, broker_url: str | None = None, *, out_dir: Path | None = None,
                 model: str | None = None, queue: str | None = None, fetch: str = "files",
                 dicomweb_url: str = "", stow_url: str = "", pacs_auth: tuple[str, str] | None = None,
                 cget_node: dict | None = None):
        if fetch not in FETCH_MODES:
            raise ValueError(f"[inference] fetch = {fetch!r}: use one of {', '.join(FETCH_MODES)}")
        if fetch == "dicomweb" and not dicomweb_url:
            raise ValueError("[inference] fetch = \"dicomweb\" needs dicomweb_url (the PACS's DICOMweb URL)")
        if fetch == "cget" and not cget_node:
            raise ValueError("[inference] fetch = \"cget\" needs pacs = a [[pacs]] node (host, port, ae_title)")
        self.archive = archive
        self.client = InferenceClient(broker_url or None, queue=queue or None)
        self.out_dir = Path(out_dir) if out_dir else Path(archive.archive_dir) / "ai-inbox"
        self.model = model
        self.fetch, self.dicomweb_url, self.stow_url, self.pacs_auth = fetch, dicomweb_url, stow_url, pacs_auth
        self.cget_node = cget_node
        self._collected: dict[str, object] = {}

    @classmethod
    def from_site_config(cls, archive, cfg=None, *, settings=None, **kw) -> "InferenceService":
        """The broker and queue from ``settings`` (the user's; their defaults come from the site config) when
        given, else from the site config; the image source and PACS from the site config."""
        if cfg is None:
            from workstation import site_config

            cfg = site_config.load()
        url, queue = broker_for(cfg, settings)
        kw.setdefault("queue", queue)
        kw.setdefault("fetch", cfg.inference_fetch or "files")
        kw.setdefault("dicomweb_url", cfg.inference_dicomweb_url)
        kw.setdefault("stow_url", cfg.inference_stow_url)
        if "pacs_auth" not in kw:
            kw["pacs_auth"] = _pacs_auth(cfg, kw["stow_url"] or kw["dicomweb_url"])
        if "cget_node" not in kw and cfg.inference_pacs:
            node = next((n for n in cfg.pacs if n.name == cfg.inference_pacs), None)
            kw["cget_node"] = {"host": node.host, "port": node.port, "ae_title": node.ae_title} if node else None
        return cls(archive, url, **kw)

    @property
    def embedded(self) -> bool:
        return self.client.embedded

    def study_series(self, study_uid: str) -> list:
        series = [s for s in self.archive.series(study_uid) if s.modality in IMAGE_MODALITIES]
        if not series:
            raise ValueError(f"the archive holds no MR or CT series of study {study_uid}")
        return series

    def study_inputs(self, study_uid: str) -> list[Path]:
        """The stored files of the study's MR/CT series; a study the archive does not hold is an error."""
        return [p for s in self.study_series(study_uid) for p in self.archive.series_files(s.series_instance_uid)]

    def job_source(self) -> dict:
        """Where the worker gets the images when it looks them up itself (``fetch`` archive / dicomweb)."""
        if self.fetch == "dicomweb":
            return {"dicomweb": {"url": self.dicomweb_url}}
        if self.fetch == "cget":
            return {"cget": dict(self.cget_node)}
        from sqlalchemy.engine import URL

        u = self.archive.engine.url  # the job sits in Redis: the URL without its password
        url = URL.create(u.drivername, u.username, None, u.host, u.port, u.database, u.query)
        return {"archive": {"database_url": url.render_as_string(hide_password=False),
                            "storage": str(self.archive.store.root)}}

    def submit(self, study_uid: str, *, device: str = "auto", queue: str | None = None) -> str:
        series = [s.series_instance_uid for s in self.study_series(study_uid)]
        stow = self.stow_url or None
        if self.fetch == "files":
            return self.client.submit(study_uid, [str(p) for p in self.study_inputs(study_uid)], str(self.out_dir),
                                      self.model, device=device, queue=queue, stow_url=stow)
        out_dir = None if self.fetch in ("dicomweb", "cget") and stow else str(self.out_dir)
        return self.client.submit(study_uid, None, out_dir, self.model, device=device, queue=queue,
                                  stow_url=stow, source=self.job_source(), series_uids=series)

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

        paths = [Path(p) for p in (st.result.get("seg"), st.result.get("probability_seg")) if p]
        if paths and all(p.is_file() for p in paths):
            report = run_import(self.archive, paths)
        elif st.result.get("stowed_to") and st.result.get("seg_uids"):  # the worker's folder is not ours
            with tempfile.TemporaryDirectory(prefix="cdss-seg-") as tmp:
                report = run_import(self.archive, self._retrieve_segs(st.result, Path(tmp)))
        else:
            raise ValueError(f"the SEGs of job {job_id} are neither here ({', '.join(map(str, paths))}) nor sent "
                             "to a PACS: is the SEG folder shared with the inference server?")
        self._collected[job_id] = report
        return report

    def _retrieve_segs(self, result: dict, folder: Path) -> list[Path]:
        import requests
        from dicomweb_client.api import DICOMwebClient

        session = requests.Session()
        if self.pacs_auth:
            session.auth = self.pacs_auth
        client = DICOMwebClient(url=result["stowed_to"].rstrip("/"), session=session, timeout=120)
        out = []
        for n, (series_uid, sop_uid) in enumerate(result["seg_uids"]):
            path = folder / f"seg{n}.dcm"
            client.retrieve_instance(result["study_uid"], series_uid, sop_uid).save_as(path, enforce_file_format=True)
            out.append(path)
        return out

    def close(self) -> None:
        self.client.close()


def broker_for(cfg, settings=None) -> tuple[str | None, str | None]:
    """``(broker URL with its password, queue)``: the user's Settings when given (an empty broker there means
    in-process, even when the site names one), else the site config. The site's password file is used for the
    site's broker."""
    url = (settings.inference_broker_url if settings is not None else cfg.broker_url).strip()
    queue = (settings.inference_queue if settings is not None else cfg.inference_queue) or None
    if not url:
        return None, queue
    if url == cfg.broker_url and cfg.broker_password_file:
        url = cfg.broker_url_with_password()
    return url, queue


def _pacs_auth(cfg, url: str) -> tuple[str, str] | None:
    """The user and password of the site's PACS node with that DICOMweb URL (to retrieve SEGs from it)."""
    from workstation.site_config import read_secret

    for node in cfg.pacs:
        if url and node.dicomweb_url.rstrip("/") == url.rstrip("/") and node.username:
            return node.username, read_secret(node.password_file) if node.password_file else ""
    return None


class SessionInference:
    """The session's one inference service, made on first use and re-made (the old one kept until the session
    closes, so a running job still reports) when the Settings' broker or queue changed. ``service_kw`` go to
    every :class:`InferenceService` (model, out_dir, hooks)."""

    def __init__(self, archive, settings, cfg=None, **service_kw) -> None:
        self.archive, self.settings, self._cfg, self.service_kw = archive, settings, cfg, service_kw
        self._service: InferenceService | None = None
        self._key: tuple | None = None
        self._old: list[InferenceService] = []
        self._lock = threading.Lock()
        self._poller = None

    def cfg(self):
        if self._cfg is None:
            from workstation import site_config

            try:
                self._cfg = site_config.load()
            except site_config.SiteConfigError as exc:
                log.error("site configuration ignored for inference: %s", exc)
                self._cfg = site_config.SiteConfig()
        return self._cfg

    def _settings_key(self) -> tuple:
        return (self.settings.inference_broker_url.strip(), self.settings.inference_queue)

    @property
    def broker_configured(self) -> bool:
        return bool(self.settings.inference_broker_url.strip())

    def service(self) -> InferenceService:
        """The service for the current Settings (may connect to the broker: call it off the GUI thread)."""
        with self._lock:
            key = self._settings_key()
            if self._service is None or key != self._key:
                if self._service is not None:
                    self._old.append(self._service)
                self._service = InferenceService.from_site_config(self.archive, self.cfg(), settings=self.settings,
                                                                  **self.service_kw)
                self._key = key
            return self._service

    def read_figures(self) -> QueueFigures | None:
        """The queue's figures for the status bar; ``None`` with no broker (in-process). Off the GUI thread."""
        if not self.broker_configured:
            return None
        return self.service().figures()

    def figures_poller(self, interval_s: float = 5.0):
        """A started ``FiguresPoller`` on :meth:`read_figures` (stopped by :meth:`close`)."""
        if self._poller is None:
            from inference.queue.figures import FiguresPoller

            self._poller = FiguresPoller(self.read_figures, interval_s).start()
        return self._poller

    def close(self) -> None:
        if self._poller is not None:
            self._poller.stop()
            self._poller = None
        with self._lock:
            services, self._service, self._old = [self._service, *self._old], None, []
        for svc in services:
            if svc is not None:
                try:
                    svc.close()
                except Exception:  # noqa: BLE001 - closing at exit: log, go on
                    log.exception("closing the inference service")
