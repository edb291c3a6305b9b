"""The study detail tree, Qt-free: patient → study → series (counts from the local archive) → report.
Nodes carry raw values; the widget words them (translated)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from workstation.reading.records import Order, Patient
from workstation.reading.repository import order_day

SeriesLookup = Callable[[str], list[tuple[str, str, str, int]]]


@dataclass
class TreeNode:
    kind: str                 # patient | study | series | report | missing
    key: Any = None           # patient number, order id (study, report) or series UID (series)
    values: dict[str, Any] = field(default_factory=dict)
    children: list[TreeNode] = field(default_factory=list)


def archive_series_lookup(archive) -> SeriesLookup:
    """Adapter for ``workstation.archive.Archive`` (read-only): study UID → [(series UID, description,
    modality, instances stored)]."""
    def lookup(study_uid: str):
        return [(s.series_instance_uid, s.series_description, s.modality, s.instances)
                for s in archive.series(study_uid)]
    return lookup


def build_tree(patient: Patient, orders: Iterable[Order], series_of: SeriesLookup | None = None) -> TreeNode:
    """One patient node; studies newest first, each with its series from the archive (or the CDSS counts
    when the archive does not hold the study: ``source`` says which) and a report leaf."""
    root = TreeNode("patient", patient.patient_number,
                    {"name": patient.display_name, "number": patient.patient_number, "age": patient.age(), "sex": patient.sex})
    for o in sorted(orders, key=order_day, reverse=True):
        if o.study is None:
            continue
        st = o.study
        series = series_of(st.study_uid) if series_of else []
        node = TreeNode("study", o.id, {
            "date": st.study_date, "modality": st.modality, "body_part": st.body_part, "description": st.description,
            "study_uid": st.study_uid,
            "series_count": len(series) if series else st.series_count,
            "instance_count": sum(s[3] for s in series) if series else st.instance_count,
            "source": "archive" if series else "cdss"})
        for uid, desc, modality, n in series:
            node.children.append(TreeNode("series", uid, {"description": desc, "modality": modality, "instances": n}))
        if not series:
            node.children.append(TreeNode("missing", None, {}))
        node.children.append(TreeNode("report", o.id, {"reading_status": o.reading_status.value,
                                                        "version": o.report.version, "order_status": o.status}))
        root.children.append(node)
    return root
