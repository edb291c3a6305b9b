"""The DICOM tags of one instance as a tree (sequences expanded), and the search over it. No Qt.

Private tags are named from pydicom's private dictionaries when their creator is known (pydicom fills
``DataElement.private_creator`` and ``name`` as it reads); otherwise pydicom's "Private tag data".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pydicom
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset

MAX_VALUE_CHARS = 200
BINARY_VRS = {"OB", "OW", "OF", "OD", "OL", "OV", "UN"}


@dataclass
class TagNode:
    """One element: ``tag`` as ``(gggg,eeee)``, its ``name``, ``vr``, shown ``value``; a sequence's
    items are children named ``Item 1``… whose children are the item's elements."""

    tag: str
    name: str
    vr: str
    value: str
    children: list[TagNode] = field(default_factory=list)
    private_creator: str = ""

    def text(self) -> str:
        """What a search looks through."""
        return f"{self.tag} {self.name} {self.vr} {self.value} {self.private_creator}".lower()


def _tag_text(elem: DataElement) -> str:
    return f"({elem.tag.group:04X},{elem.tag.element:04X})"


def _value_text(elem: DataElement) -> str:
    if elem.VR in BINARY_VRS or elem.tag == 0x7FE00010:
        try:
            n = len(elem.value) if elem.value is not None else 0
        except TypeError:
            n = 0
        return f"<{n} bytes>"
    value = elem.value
    if value is None or value == "":
        return ""
    text = "\\".join(str(v) for v in value) if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue" \
        else str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _node(elem: DataElement) -> TagNode:
    creator = str(getattr(elem, "private_creator", "") or "") if elem.tag.is_private else ""
    if elem.VR == "SQ":
        items = [TagNode("", f"Item {n}", "", "", dataset_nodes(item)) for n, item in enumerate(elem.value or [], 1)]
        return TagNode(_tag_text(elem), elem.name, "SQ", f"{len(items)} item(s)", items, creator)
    return TagNode(_tag_text(elem), elem.name, elem.VR, _value_text(elem), [], creator)


def dataset_nodes(ds: Dataset) -> list[TagNode]:
    """Every element of ``ds`` in tag order (sequences with their items, recursively)."""
    return [_node(elem) for elem in ds]


def tag_tree(path: str | Path) -> list[TagNode]:
    """The file meta group then the dataset of the instance at ``path`` (pixel data left unread)."""
    ds = pydicom.dcmread(str(path), stop_before_pixels=True, force=True)
    meta = [_node(e) for e in getattr(ds, "file_meta", None) or []]
    return meta + dataset_nodes(ds)


def filter_nodes(nodes: list[TagNode], query: str) -> list[TagNode]:
    """The nodes that match ``query`` (tag, name, VR, value or creator, case-insensitive; spaces separate
    words that must all match), with the sequences/items leading to them; a matching sequence keeps all
    its contents."""
    words = query.lower().split()
    if not words:
        return nodes
    out = []
    for node in nodes:
        text = node.text()
        if all(w in text for w in words):
            out.append(node)
            continue
        kept = filter_nodes(node.children, query)
        if kept:
            out.append(TagNode(node.tag, node.name, node.vr, node.value, kept, node.private_creator))
    return out


def count_nodes(nodes: list[TagNode]) -> int:
    return sum(1 + count_nodes(n.children) for n in nodes)


def shown_instance_file(volume, point_lps) -> str | None:
    """The file of the image a viewport shows at the LPS point ``point_lps`` (its slice k of the volume);
    the first file when the view is not a native slice or the UIDs are unknown; None without files."""
    import numpy as np

    files = [str(f) for f in (getattr(volume, "metadata", {}) or {}).get("files", [])]
    if not files:
        return None
    uids = list(getattr(volume, "sop_instance_uids", []) or [])
    if len(files) == 1 or not uids:
        return files[0]
    k = int(np.clip(round(float(volume.world_to_index(point_lps)[2])), 0, len(uids) - 1))
    wanted = uids[k]
    for f in files:
        try:
            ds = pydicom.dcmread(f, stop_before_pixels=True, specific_tags=["SOPInstanceUID"], force=True)
        except Exception:  # noqa: BLE001 - an unreadable file is not the one
            continue
        if str(ds.get("SOPInstanceUID", "")) == wanted:
            return f
    return files[0]
