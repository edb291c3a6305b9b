"""The licences of the libraries the workstation bundles, read from their installed metadata (no Qt).

Help → About lists them; nothing here is typed by hand but the list of distributions."""
from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, metadata

#: the distributions shipped with the workstation (GUI, imaging, DICOM, AI, storage, sync)
BUNDLED = (
    "PySide6_Essentials", "vtk", "numpy", "scipy", "pydicom", "pynetdicom", "highdicom", "pylibjpeg", "SimpleITK",
    "nibabel", "pycdlib", "torch", "monai", "onnxruntime", "SQLAlchemy", "PyMySQL", "celery", "redis", "Pillow",
)
MAX_CHARS = 80


@dataclass(frozen=True)
class Licence:
    name: str
    version: str
    licence: str


def licence_of(meta) -> str:
    """The SPDX ``License-Expression``, else a short ``License`` field, else the trove classifiers."""
    expr = (meta.get("License-Expression") or "").strip()
    if expr:
        return expr
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= MAX_CHARS:
        return text
    classifiers = [c.split("::")[-1].strip() for c in (meta.get_all("Classifier") or []) if c.startswith("License ::")]
    if classifiers:
        return ", ".join(classifiers)
    return text.splitlines()[0][:MAX_CHARS] if text else "see the package"


def bundled_licences(names=BUNDLED) -> list[Licence]:
    """``Licence`` of each installed distribution of ``names`` (those not installed are left out)."""
    out = []
    for name in names:
        try:
            meta = metadata(name)
        except PackageNotFoundError:
            continue
        shown = "PySide6 (Qt)" if name == "PySide6_Essentials" else meta["Name"] or name
        out.append(Licence(shown, meta["Version"] or "", licence_of(meta)))
    return out
