"""A job's images by DICOM C-GET from a PACS without DICOMweb (pynetdicom): ``"source": {"cget": {"host", "port",
"ae_title"}}``. The worker calls as ``CDSS_INFERENCE_AE_TITLE`` (default ``CDSSINFER``; the PACS must know that
AE title), lists the study's MR/CT series by C-FIND when the job names none, and receives the instances on the
same association (no storage SCP to open on the worker) into the job's temp folder.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from pydicom.uid import (DeflatedExplicitVRLittleEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian,
                         JPEG2000Lossless, JPEGLosslessSV1, JPEGLSLossless, RLELossless)

from .fetch import IMAGE_MODALITIES, FetchError

TRANSFER_SYNTAXES = [ExplicitVRLittleEndian, ImplicitVRLittleEndian, DeflatedExplicitVRLittleEndian,
                     JPEGLosslessSV1, JPEG2000Lossless, JPEGLSLossless, RLELossless]


def _ae():
    from pynetdicom import AE

    ae = AE(ae_title=os.environ.get("CDSS_INFERENCE_AE_TITLE") or "CDSSINFER")
    ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = 60
    return ae


def _series_of(source: dict, study_uid: str) -> list[str]:
    from pydicom.dataset import Dataset
    from pynetdicom.sop_class import StudyRootQueryRetrieveInformationModelFind

    ae = _ae()
    ae.add_requested_context(StudyRootQueryRetrieveInformationModelFind)
    assoc = ae.associate(source["host"], int(source["port"]), ae_title=source["ae_title"])
    if not assoc.is_established:
        raise FetchError(f"the PACS {source['ae_title']}@{source['host']}:{source['port']} refused the query")
    q = Dataset()
    q.QueryRetrieveLevel, q.StudyInstanceUID, q.SeriesInstanceUID, q.Modality = "SERIES", study_uid, "", ""
    found, refused = [], None
    try:
        for status, ident in assoc.send_c_find(q, StudyRootQueryRetrieveInformationModelFind):
            if not status:
                refused = "no answer"
            elif status.Status in (0xFF00, 0xFF01) and ident is not None:
                if str(ident.get("Modality", "")) in IMAGE_MODALITIES:
                    found.append(str(ident.SeriesInstanceUID))
            elif status.Status != 0x0000:
                refused = f"status 0x{status.Status:04X}"
    finally:
        assoc.release()
    if refused:
        raise FetchError(f"the PACS {source['ae_title']}@{source['host']}:{source['port']} refused the query from "
                         f"{ae.ae_title} ({refused}; is {ae.ae_title} known to it?)")
    return found


def cget_files(study_uid: str, source: dict, folder: Path, series_uids: list[str] | None = None,
               cancel: threading.Event | None = None) -> list[Path]:
    """C-GET the study's series into ``folder``; the written files."""
    from pydicom.dataset import Dataset
    from pynetdicom import build_role, evt
    from pynetdicom.sop_class import (CTImageStorage, EnhancedCTImageStorage, EnhancedMRImageStorage,
                                      MRImageStorage, StudyRootQueryRetrieveInformationModelGet)

    if not all(source.get(k) for k in ("host", "port", "ae_title")):
        raise FetchError("the job's cget source needs host, port and ae_title")
    where = f"{source['ae_title']}@{source['host']}:{source['port']}"
    series_uids = series_uids or _series_of(source, study_uid)
    if not series_uids:
        raise FetchError(f"the PACS {where} holds no MR or CT series of study {study_uid}")
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []

    def store(event):
        ds = event.dataset
        ds.file_meta = event.file_meta
        path = folder / f"{len(out):05d}.dcm"
        ds.save_as(path, enforce_file_format=True)
        out.append(path)
        return 0x0000

    ae = _ae()
    ae.add_requested_context(StudyRootQueryRetrieveInformationModelGet)
    roles = []
    for sop in (MRImageStorage, EnhancedMRImageStorage, CTImageStorage, EnhancedCTImageStorage):
        ae.add_requested_context(sop, TRANSFER_SYNTAXES)
        roles.append(build_role(sop, scp_role=True))
    assoc = ae.associate(source["host"], int(source["port"]), ae_title=source["ae_title"], ext_neg=roles,
                         evt_handlers=[(evt.EVT_C_STORE, store)])
    if not assoc.is_established:
        raise FetchError(f"the PACS {where} refused the association (is {ae.ae_title} known to it?)")
    failed = []
    try:
        for n, series_uid in enumerate(series_uids, start=1):
            if cancel is not None and cancel.is_set():
                from inference.dicom_series import Cancelled

                raise Cancelled()
            q = Dataset()
            q.QueryRetrieveLevel, q.StudyInstanceUID, q.SeriesInstanceUID = "SERIES", study_uid, series_uid
            for status, _ident in assoc.send_c_get(q, StudyRootQueryRetrieveInformationModelGet, msg_id=n):
                if status and status.Status not in (0x0000, 0xFF00, 0xFF01):
                    failed.append(f"{series_uid}: status 0x{status.Status:04X}")
    finally:
        if assoc.is_established:
            assoc.release()
    if failed:
        raise FetchError(f"C-GET of study {study_uid} from {where} failed: {'; '.join(failed[:3])}")
    if not out:
        raise FetchError(f"the PACS {where} sent no images of study {study_uid}")
    return out
