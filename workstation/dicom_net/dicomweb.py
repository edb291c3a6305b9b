"""DICOMweb with dicomweb-client: QIDO-RS search, WADO-RS retrieve into the archive, STOW-RS upload.

QIDO goes through ``qido`` (not ``search_filters``): some servers (Orthanc 1.10 + DICOMweb 1.7) do not
percent-decode query values, so wildcards and ``^`` must travel raw. We build the query string ourselves
and send it with ``http.client`` unchanged. HTTP basic auth from the node; the password never reaches a log.
All functions here may run on a worker thread.
"""
from __future__ import annotations

import base64
import http.client
import json
import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

import pydicom
import requests
from dicomweb_client.api import DICOMwebClient
from pydicom.dataset import Dataset

from .nodes import RemoteNode
from .peer import DicomNetError
from .query import Query, _plain
from .redact import register_secret
from .retrieve import RetrieveResult
from .send import SendResult

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
ANY_TS = (("application/dicom", "*"),)
TIMEOUT_S = 60
_UNSAFE = {"&": "%26", "#": "%23", "+": "%2B", "%": "%25", " ": "%20"}


def _session(node: RemoteNode) -> requests.Session:
    s = requests.Session()
    if node.username:
        register_secret(node.password)
        s.auth = (node.username, node.password)
    return s


def client(node: RemoteNode) -> DICOMwebClient:
    """A dicomweb-client for ``node`` with its basic-auth credentials."""
    if not node.dicomweb_url:
        raise DicomNetError(f"node {node.name!r} has no DICOMweb URL")
    return DICOMwebClient(url=node.dicomweb_url.rstrip("/"), session=_session(node))


def _raw(value: str) -> str:
    return "".join(_UNSAFE.get(c, c) for c in value)


def qido_params(q: Query) -> list[tuple[str, str]]:
    """QIDO query parameters for ``q`` (PATIENT level is answered from studies)."""
    level = q.level.upper()
    params = [(k, v) for k, v in (
        ("PatientID", q.patient_id), ("PatientName", q.patient_name), ("StudyDate", q.study_date),
        ("AccessionNumber", q.accession), ("StudyInstanceUID", q.study_uid)) if v]
    if q.modality:
        params.append(("ModalitiesInStudy" if level in ("PATIENT", "STUDY") else "Modality", q.modality))
    if q.series_uid and level in ("SERIES", "IMAGE"):
        params.append(("SeriesInstanceUID", q.series_uid))
    for f in ("StudyDescription", "NumberOfStudyRelatedInstances", "SeriesDescription", "InstanceNumber"):
        params.append(("includefield", f))
    return params


def _raw_get(node: RemoteNode, path: str, query: str) -> list:
    """GET ``path?query`` with the query bytes exactly as given (http.client: no re-quoting of ``^``,
    which requests/urllib3 would percent-encode and Orthanc would then not decode)."""
    url = urlsplit(node.dicomweb_url.rstrip("/"))
    conn_cls = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    headers = {"Accept": "application/dicom+json"}
    if node.username:
        register_secret(node.password)
        token = base64.b64encode(f"{node.username}:{node.password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    target = url.path + path + (f"?{query}" if query else "")
    conn = conn_cls(url.hostname, url.port, timeout=TIMEOUT_S)
    try:
        conn.request("GET", target, headers=headers)
        resp = conn.getresponse()
        body = resp.read()
    except (OSError, http.client.HTTPException) as exc:
        raise DicomNetError(f"DICOMweb {node.name}: {type(exc).__name__}: cannot reach server") from exc
    finally:
        conn.close()
    if resp.status == 401:
        raise DicomNetError(f"DICOMweb {node.name}: authentication failed (HTTP 401)")
    if resp.status == 204 or not body.strip():
        return []
    if resp.status >= 400:
        raise DicomNetError(f"DICOMweb {node.name}: HTTP {resp.status} on QIDO {path}")
    try:
        return json.loads(body)
    except ValueError as exc:
        raise DicomNetError(f"DICOMweb {node.name}: QIDO answer is not JSON") from exc


def qido(node: RemoteNode, q: Query) -> list[dict[str, str]]:
    """QIDO-RS search; same result shape as ``query.find``."""
    q.validate()
    level = q.level.upper()
    path = {"PATIENT": "/studies", "STUDY": "/studies", "SERIES": "/series", "IMAGE": "/instances"}[level]
    if level in ("SERIES", "IMAGE") and q.study_uid:
        path = f"/studies/{q.study_uid}" + path
    query = "&".join(f"{k}={_raw(v)}" for k, v in qido_params(q))
    rows = [_plain(Dataset.from_json(item)) for item in _raw_get(node, path, query)]
    if level == "PATIENT":
        seen: dict[str, dict] = {}
        for row in rows:
            seen.setdefault(row.get("PatientID", ""), {k: row.get(k, "") for k in ("PatientID", "PatientName")})
        rows = list(seen.values())
    return rows


def wado_retrieve(node: RemoteNode, archive, study_uid: str, series_uid: str = "", *,
                  progress: Progress | None = None, cancel: threading.Event | None = None) -> RetrieveResult:
    """WADO-RS the study (or one series) into ``archive``, skipping instances it already holds."""
    from .retrieve import stored_sop_uids

    series_uids = [series_uid] if series_uid else \
        [s["SeriesInstanceUID"] for s in qido(node, Query(level="SERIES", study_uid=study_uid))]
    listing = [i for se in series_uids
               for i in qido(node, Query(level="IMAGE", study_uid=study_uid, series_uid=se))]
    result = RetrieveResult(total=len(listing))
    have = stored_sop_uids(archive, {i["SeriesInstanceUID"] for i in listing})
    by_series: dict[str, list[str]] = {}
    for inst in listing:
        if inst["SOPInstanceUID"] in have:
            result.skipped += 1
        else:
            by_series.setdefault(inst["SeriesInstanceUID"], []).append(inst["SOPInstanceUID"])
    web = client(node)
    what = f"WADO-RS from {node.name}"
    try:
        for se, sops in by_series.items():
            if len(sops) == sum(1 for i in listing if i["SeriesInstanceUID"] == se):
                datasets = web.iter_series(study_uid, se, media_types=ANY_TS)
            else:
                datasets = (web.retrieve_instance(study_uid, se, sop, media_types=ANY_TS) for sop in sops)
            for ds in datasets:
                if cancel is not None and cancel.is_set():
                    result.cancelled = True
                    return result
                outcome = archive.ingest_dataset(ds, source=f"dicomweb:{node.name}")
                result.outcomes[outcome.status] = result.outcomes.get(outcome.status, 0) + 1
                if outcome.status in ("stored", "duplicate"):
                    result.completed += 1
                else:
                    result.failed += 1
                if progress:
                    progress(result.skipped + result.completed + result.failed, result.total, what)
    except requests.RequestException as exc:
        raise DicomNetError(f"{what}: {type(exc).__name__} after {result.completed} instances") from exc
    return result


def stow(node: RemoteNode, paths: Iterable[Path | str], *, batch: int = 25,
         progress: Progress | None = None, cancel: threading.Event | None = None) -> SendResult:
    """STOW-RS the files to ``node`` in batches; refused and unreadable files are listed in ``failed``."""
    result = SendResult()
    paths = [Path(p) for p in paths]
    web = client(node)
    what = f"STOW-RS to {node.name}"
    for i in range(0, len(paths), batch):
        if cancel is not None and cancel.is_set():
            result.cancelled = True
            break
        datasets, names = [], {}
        for p in paths[i:i + batch]:
            try:
                ds = pydicom.dcmread(p)
            except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, not raised
                result.failed.append((str(p), f"not a readable DICOM file: {exc}"))
                continue
            datasets.append(ds)
            names[str(ds.SOPInstanceUID)] = str(p)
        if not datasets:
            continue
        try:
            response = web.store_instances(datasets)
        except requests.RequestException as exc:
            raise DicomNetError(f"{what}: {type(exc).__name__}: {getattr(exc.response, 'status_code', '')}") from exc
        failed = {str(item.ReferencedSOPInstanceUID) for item in response.get("FailedSOPSequence", [])}
        for uid, p in names.items():
            if uid in failed:
                result.failed.append((p, "refused by the server"))
            else:
                result.sent += 1
        if progress:
            progress(min(i + batch, len(paths)), len(paths), what)
    return result
