"""CD images (ISO 9660; Rock Ridge or Joliet names when present), read with pycdlib: the files of an image
as ``{name: (size, read, head)}``, or a listing with the problem of a damaged one."""
from __future__ import annotations

import threading
from pathlib import Path

from viewer.io.source_listing import Entry, SourceListing


def is_iso_image(path: Path) -> bool:
    """An ISO 9660 image (a CD copied to a file): ``CD001`` at sector 16."""
    try:
        with open(path, "rb") as f:
            f.seek(0x8001)
            return f.read(5) == b"CD001"
    except OSError:
        return False


def _iso_name(component: str) -> str:
    """ISO 9660 names carry a version (``I10.;1``) and a dot when there is no extension."""
    name = component.split(";", 1)[0]
    return name[:-1] if name.endswith(".") else name


def open_iso(path: Path) -> dict[str, Entry] | SourceListing:
    """``{name: (size, read, head)}`` of a CD image, or a listing with the problem."""
    import pycdlib

    iso = pycdlib.PyCdlib()
    try:
        iso.open(str(path))
    except Exception as exc:  # pycdlib raises PyCdlibInvalidInput and friends on damaged images
        return SourceListing(problems=[(str(path), f"unreadable CD image: {exc}"[:300])])
    facade = "rr_path" if iso.has_rock_ridge() else "joliet_path" if iso.has_joliet() else "iso_path"
    lock = threading.Lock()

    def reader(full: str):
        def read(limit: int = -1) -> bytes:
            with lock, iso.open_file_from_iso(**{facade: full}) as f:
                return f.read(limit)
        return read

    entries: dict[str, Entry] = {}
    try:
        with lock:
            for dirname, _dirs, files in iso.walk(**{facade: "/"}):
                for name in files:
                    full = f"{dirname.rstrip('/')}/{name}"
                    rel = "/".join(_iso_name(c) for c in full.strip("/").split("/"))
                    size = iso.get_record(**{facade: full}).get_data_length()
                    entries[rel] = (size, reader(full), reader(full))
    except Exception as exc:  # noqa: BLE001 - a damaged directory tree
        return SourceListing(problems=[(str(path), f"unreadable CD image: {exc}"[:300])])
    return entries
