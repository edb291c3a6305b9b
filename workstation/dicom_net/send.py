"""C-STORE SCU: send files (or a whole archived study) to a remote node.

Presentation contexts are built from the files themselves (SOP class + transfer syntax, no
transcoding); more than 128 distinct pairs are sent over several associations. May run on a worker thread.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pydicom
from pydicom.errors import InvalidDicomError

from .nodes import RemoteNode
from .peer import DEFAULT_AET, DicomNetError, associated, make_ae, status_text

log = logging.getLogger(__name__)
MAX_CONTEXTS = 128


@dataclass
class SendResult:
    sent: int = 0
    warning: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled

    def as_dict(self) -> dict:
        return {"sent": self.sent, "warning": self.warning, "cancelled": self.cancelled,
                "failed": [{"path": p, "reason": r} for p, r in self.failed]}


def _context_key(path: Path) -> tuple[str, str]:
    ds = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=["SOPClassUID"])
    sop = str(ds.file_meta.get("MediaStorageSOPClassUID", "") or ds.get("SOPClassUID", ""))
    ts = str(ds.file_meta.get("TransferSyntaxUID", ""))
    if not sop or not ts:
        raise InvalidDicomError("no SOP class or transfer syntax in the file meta")
    return sop, ts


def _groups(keyed: list[tuple[Path, tuple[str, str]]]) -> list[list[tuple[Path, tuple[str, str]]]]:
    """Split files so each association needs at most ``MAX_CONTEXTS`` contexts."""
    groups: list[list] = []
    keys: list[set] = []
    for item in keyed:
        for g, k in zip(groups, keys):
            if item[1] in k or len(k) < MAX_CONTEXTS:
                g.append(item)
                k.add(item[1])
                break
        else:
            groups.append([item])
            keys.append({item[1]})
    return groups


def send_files(node: RemoteNode, paths: Iterable[Path | str], *, calling_aet: str = DEFAULT_AET,
               progress: Callable[[int, int, str], None] | None = None,
               cancel: threading.Event | None = None) -> SendResult:
    """C-STORE every file to ``node``. Unreadable files and refused instances are listed in
    ``failed``; the others are still sent."""
    result = SendResult()
    keyed = []
    for p in map(Path, paths):
        try:
            keyed.append((p, _context_key(p)))
        except (InvalidDicomError, OSError, ValueError, AttributeError) as exc:
            result.failed.append((str(p), f"not a readable DICOM file: {exc}"))
    total = len(keyed)
    done = 0
    what = f"C-STORE to {node.ae_title}"
    for group in _groups(keyed):
        ae = make_ae(calling_aet)
        for sop, ts in {k for _, k in group}:
            ae.add_requested_context(sop, ts)
        with associated(ae, node) as assoc:
            accepted = {(cx.abstract_syntax, cx.transfer_syntax[0]) for cx in assoc.accepted_contexts}
            for path, key in group:
                if cancel is not None and cancel.is_set():
                    result.cancelled = True
                    return result
                if key not in accepted:
                    result.failed.append((str(path), f"peer does not accept SOP class {key[0]} in {key[1]}"))
                else:
                    try:
                        status = assoc.send_c_store(path)
                    except Exception as exc:  # unreadable on full read, or the peer went away
                        if not assoc.is_established:
                            raise DicomNetError(f"{what}: association lost ({exc})") from exc
                        result.failed.append((str(path), str(exc)))
                        status = None
                    else:
                        code = int(status.Status) if status is not None and "Status" in status else -1
                        if code == 0:
                            result.sent += 1
                        elif code in (0xB000, 0xB006, 0xB007):
                            result.sent += 1
                            result.warning += 1
                        else:
                            result.failed.append((str(path), status_text(status)))
                done += 1
                if progress:
                    progress(done, total, what)
    log.info("%s: sent %d, failed %d", what, result.sent, len(result.failed))
    return result


def study_files(archive, study_uid: str) -> list[Path]:
    """Stored files of an archived study, series by series; ``ValueError`` if the archive lacks it."""
    files = [f for se in archive.series(study_uid) for f in archive.series_files(se.series_instance_uid)]
    if not files:
        raise ValueError(f"study {study_uid} is not in the archive")
    return files
