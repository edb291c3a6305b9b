"""Headers an index already holds: the archive stores, per instance, the reduced header the loader
would read (:func:`index_record`, built at ingest from the same walk of the same bytes), and opening
from the archive hands the loader :class:`IndexedFile` entries instead of paths, so a series' geometry
is built without reading any file's header; only the pixel data is read (one header parser for the
archive and the viewer, issue 22).

Only ordinary images are indexed this way (the files :func:`viewer.io.headers.read_header` decodes
without pydicom); enhanced multi-frame, Siemens mosaic, UIH VFRAME, deflated or damaged files get no
record and are read from their files, as are rows indexed before the record existed.
"""
from __future__ import annotations

import os

from .headers import DEFLATED, DICOMDIR_SOP, Header, _encoding, _needs_pydicom
from .light_header import BY_TAG, LightDataset
from .walker import Walk

#: version of the record's layout; a record of another version is ignored (the file is read instead)
RECORD_VERSION = 1
#: a longer record is not kept (a file with absurdly long values): it fits any database's TEXT column
#: (64 KiB on MariaDB) even at 4 bytes a character; such a file is read instead
RECORD_MAX_CHARS = 8192


class IndexedFile:
    """A file plus the header record an index holds for it (``None``: read the file's header).
    Path-like, so anything that takes paths takes it."""

    __slots__ = ("path", "record")

    def __init__(self, path: str, record: str | None = None):
        self.path = path
        self.record = record

    def __repr__(self) -> str:
        return f"IndexedFile({self.path!r}, {'indexed' if self.record else 'not indexed'})"

    def __fspath__(self) -> str:
        return self.path

    def __str__(self) -> str:
        return self.path


def index_record(walk: Walk, transfer_syntax: str, file_size: int) -> str | None:
    """The JSON record of the reduced header :func:`~viewer.io.headers.read_header` builds from this
    ``walk`` of a whole file of ``file_size`` bytes (a walk that collected at least
    ``headers.TOP_LEVEL_WANTED``), or ``None`` when the file is read another way (see the module doc)."""
    if transfer_syntax == DEFLATED:  # offsets point into the inflated bytes
        return None
    media = bytes(walk.meta.get(0x00020002, b"")).decode("ascii", "replace").strip(" \x00")
    if media == DICOMDIR_SOP or 0x00041220 in walk.present:
        return None
    if not walk.meta and not ({0x00080016, 0x00280010} <= set(walk.values)):
        return None
    little, _explicit = _encoding(transfer_syntax)
    if _needs_pydicom(walk, little):
        return None
    ds = LightDataset(walk.values, little, {})
    if ds.damage:
        return None
    import json

    # the walk's raw values, as read_header would hand them to LightDataset (decoded when the series opens)
    values = [[tag, vr.decode("ascii") if vr else None, raw.decode("latin-1")]
              for tag, (raw, vr) in walk.values.items() if tag in BY_TAG]
    record = json.dumps({"v": RECORD_VERSION, "ts": transfer_syntax, "media": media, "size": file_size,
                         "pixel": list(walk.pixel) if walk.pixel is not None else None, "values": values},
                        separators=(",", ":"), ensure_ascii=False)
    return record if len(record) <= RECORD_MAX_CHARS else None


def header_from_record(record: str | None, path: str) -> Header | None:
    """The :class:`~viewer.io.headers.Header` an index record describes, or ``None`` (no usable record,
    or the file at ``path`` is no longer the size it was indexed at: then its header is read)."""
    if not record:
        return None
    import json

    try:
        rec = json.loads(record)
        if not isinstance(rec, dict) or rec.get("v") != RECORD_VERSION or os.path.getsize(path) != rec["size"]:
            return None
        ts, media = rec["ts"], rec.get("media", "")
        meta = {"TransferSyntaxUID": ts, "MediaStorageSOPClassUID": media} if media else {"TransferSyntaxUID": ts}
        pixel = tuple(rec["pixel"]) if rec.get("pixel") else None
        values = {int(tag): (raw.encode("latin-1"), vr.encode("ascii") if vr else None)
                  for tag, vr, raw in rec["values"]}
        return Header(LightDataset(values, _encoding(ts)[0], meta), ts, pixel, int(rec["size"]))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, UnicodeError):
        return None  # a damaged record: the file's own header is read
