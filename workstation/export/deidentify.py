"""De-identification by the DICOM PS3.15 Basic Application Level Confidentiality Profile.

The attribute table (which tag gets X, Z, D, U, ...) comes from the ``dicom-anonymizer`` package
(KitwareMedical, tables transcribed from PS3.15 Table E.1-1); applying it is done here, recursively
into sequences, with UIDs remapped through a *persistent* mapping (``archive_deid_map``) so every
export of the same study gets the same new UIDs and references between instances stay intact.
Patient name and ID become a stable pseudonym (``ANON^<code>``/``ANON<code>``); birth date is emptied.

Applied at every depth: the profile's action for an attribute holds inside any sequence item as at the top
(a Patient Name nested in a kept sequence is emptied, not pseudonymised: only the top level carries the
pseudonym); private attributes are removed at every depth; any person name (VR PN) the table does not list
is emptied too. The file meta information keeps only what a Part 10 file needs (``META_KEPT``): Source
Application Entity Title, Private Information and its creator UID and everything else go.

Pixel data is not inspected: burned-in text is not removed. The exporter refuses instances flagged
``BurnedInAnnotation = YES`` unless the user opts in (``has_burned_in``).
"""
from __future__ import annotations

import secrets
import threading
from functools import lru_cache

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.sequence import Sequence
from pydicom.uid import generate_uid
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from workstation.archive.models import DeidMapping

METHOD = "PS3.15 E.1 Basic Profile, cdss-workstation"  # LO: at most 64 characters
PATIENT_TAGS = {(0x0010, 0x0010), (0x0010, 0x0020)}  # pseudonymised instead of emptied (top level only)
#: file meta elements kept: version, SOP class/instance (the instance UID remapped), transfer syntax,
#: implementation UID and name (those of the writer); everything else in group 0002 is removed
META_KEPT = {0x00020000, 0x00020001, 0x00020002, 0x00020003, 0x00020010, 0x00020012, 0x00020013}


@lru_cache(maxsize=1)
def profile() -> tuple[dict[tuple[int, int], str], list[tuple[int, int, int, int, str]]]:
    """``({(group, element): action}, [(group, element, group mask, element mask, action)])``."""
    from dicomanonymizer.dicomfields_selector import dicom_anonymization_database_selector

    tables = dicom_anonymization_database_selector("dicomfields_2026c")
    single: dict[tuple[int, int], str] = {}
    masked: list = []
    for category in ("X_TAGS", "X_Z_TAGS", "X_D_TAGS", "X_Z_D_TAGS", "Z_TAGS", "Z_D_TAGS", "D_TAGS", "U_TAGS",
                     "X_Z_U_STAR_TAGS"):
        action = category[:-5]
        for tag in tables[category]:
            if len(tag) == 4:
                masked.append((*tag, action))
            else:
                single[(tag[0], tag[1])] = action
    return single, masked


class UidMap:
    """Persistent original → replacement map (UIDs and patient pseudonyms). Thread-safe."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._cache: dict[tuple[str, str], str] = {}
        self._pending: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def _get(self, kind: str, original: str, make) -> str:
        key = (kind, original)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
            with self.engine.connect() as conn:
                found = conn.execute(select(DeidMapping.replacement).where(
                    DeidMapping.kind == kind, DeidMapping.original == original)).scalar_one_or_none()
            value = found or make()
            self._cache[key] = value
            if not found:
                self._pending[key] = value
            return value

    def uid(self, original: str) -> str:
        return self._get("uid", original, generate_uid)

    def patient_code(self, patient_key: str) -> str:
        return self._get("patient", patient_key, lambda: secrets.token_hex(4).upper())

    def flush(self) -> None:
        """Persist new mappings (call before the de-identified files leave the machine)."""
        with self._lock:
            pending, self._pending = self._pending, {}
        for (kind, original), value in pending.items():
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(DeidMapping).values(kind=kind, original=original[:255], replacement=value))
            except IntegrityError:  # another export stored it first: use theirs from now on
                with self.engine.connect() as conn:
                    theirs = conn.execute(select(DeidMapping.replacement).where(
                        DeidMapping.kind == kind, DeidMapping.original == original)).scalar_one()
                with self._lock:
                    self._cache[(kind, original)] = theirs


def _dummy(elem):
    vr = elem.VR
    if vr == "SQ":
        return Sequence([])
    return {"PN": "ANONYMOUS", "DA": "19000101", "TM": "000000", "DT": "19000101000000", "AS": "000Y",
            "CS": "ANONYMIZED", "UI": generate_uid(), "IS": "0", "DS": "0", "US": 0, "SS": 0, "UL": 0, "SL": 0,
            "FL": 0.0, "FD": 0.0, "AT": 0, "OB": b"", "OW": b"", "UN": b""}.get(vr, "ANONYMIZED")


def _empty(elem):
    if elem.VR == "SQ":
        return Sequence([])
    return None


def _action_for(tag, single, masked) -> str | None:
    key = (tag.group, tag.element)
    if key in single:
        return single[key]
    for g, e, gm, em, action in masked:
        if tag.group & gm == g & gm and tag.element & em == e & em:
            return action
    return None


def _map_uids(elem, uids: UidMap) -> None:
    if isinstance(elem.value, (list, MultiValue)):
        elem.value = [uids.uid(str(v)) for v in elem.value]
    elif elem.value:
        elem.value = uids.uid(str(elem.value))


def _clean(ds: Dataset, uids: UidMap, single, masked, nested: bool = False) -> None:
    for elem in list(ds):
        tag = elem.tag
        if tag.is_private:
            del ds[tag]
            continue
        action = _action_for(tag, single, masked)
        if (tag.group, tag.element) in PATIENT_TAGS and not nested:
            continue  # the top-level pseudonym is set by ``deidentify``
        if action is None:
            if elem.VR == "SQ":
                for item in elem.value or ():
                    _clean(item, uids, single, masked, True)
            elif elem.VR == "PN":  # a person's name the table does not list (e.g. in a kept sequence)
                elem.value = None
            continue
        if action == "X":
            del ds[tag]
        elif action in ("Z", "X_Z"):
            elem.value = _empty(elem)
        elif action in ("D", "Z_D", "X_D", "X_Z_D"):
            if elem.VR == "UI":
                _map_uids(elem, uids)  # consistent, never a fresh random UID per instance
            else:
                elem.value = _dummy(elem)
        elif action == "U":
            if elem.VR == "UI":
                _map_uids(elem, uids)
            elif elem.VR == "SQ":
                for item in elem.value or ():
                    _clean(item, uids, single, masked, True)
        elif action == "X_Z_U_STAR":  # keep the sequence, replace the instance UIDs it holds
            if elem.VR == "SQ":
                for item in elem.value or ():
                    _clean(item, uids, single, masked, True)
            elif elem.VR == "UI":
                _map_uids(elem, uids)
            else:
                elem.value = _empty(elem)


def _clean_meta(ds: Dataset) -> None:
    from pydicom.uid import PYDICOM_IMPLEMENTATION_UID

    meta = getattr(ds, "file_meta", None)
    if meta is None:
        return
    for tag in [t for t in meta.keys() if int(t) not in META_KEPT]:
        del meta[tag]
    if "SOPInstanceUID" in ds:
        meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    meta.ImplementationVersionName = "CDSS_DEID"


def has_burned_in(ds: Dataset) -> bool:
    """True when the instance says its pixels carry burned-in annotation (which may identify the patient)."""
    return str(ds.get("BurnedInAnnotation", "")).strip().upper() == "YES"


def deidentify(ds: Dataset, uids: UidMap) -> Dataset:
    """De-identify ``ds`` in place (and its file meta) and return it."""
    single, masked = profile()
    patient_key = f"{ds.get('PatientID', '')}|{ds.get('PatientName', '')}|{ds.get('PatientBirthDate', '')}"
    code = uids.patient_code(patient_key)
    _clean(ds, uids, single, masked)
    ds.PatientName = f"ANON^{code}"
    ds.PatientID = f"ANON{code}"
    if "PatientBirthDate" in ds:
        ds.PatientBirthDate = ""
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = METHOD
    code_item = Dataset()
    code_item.CodeValue, code_item.CodingSchemeDesignator = "113100", "DCM"
    code_item.CodeMeaning = "Basic Application Confidentiality Profile"
    ds.DeidentificationMethodCodeSequence = Sequence([code_item])
    _clean_meta(ds)
    return ds
