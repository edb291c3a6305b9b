"""Connects the CDSS sync client (``sync.client``) to the reading workflow's store (``workstation.reading``).

- ``pull()`` maps pulled CDSS rows (RIS orders with their imaging study and patient) into
  ``ReadingRepository.upsert_from_remote``; the repository keeps unsynced local edits and records a differing
  remote report as a conflict.
- Local changes reach the outbox through the repository's change feed: a status change becomes a ``status``
  item, a saved draft a ``report`` item (preceded by the status steps the draft implied), a signature a
  ``report`` item with ``sign``. Each carries the CDSS row version the order was last pulled at.
- ``queue_measurement()`` queues a measurement (patient LPS mm) on the order's CDSS row.
- ``drain()`` pushes the outbox and clears ``dirty`` on the orders whose changes all reached the CDSS.
- ``resolve_conflict()`` settles a conflict on both sides (repository and outbox).

Not pushed (the CDSS service has no endpoint for them): orders created locally and addenda to signed
reports; they stay local and dirty. ``pull`` and ``drain`` block on the network: call them from a worker thread.
"""
from __future__ import annotations

import threading
import uuid
from collections import Counter
from datetime import date, datetime
from typing import Any

from sync.client import SyncClient
from sync.schema.records import DrainReport, OrderRecord, PatientRecord, StudyRecord
from sync.schema.vocab import MAIN_LINE, forward_path
from workstation.reading.records import ChangeEvent, Patient, Study
from workstation.reading.repository import ReadingRepository, RemoteOrder
from workstation.syncing.conflicts import MINE, ORDER_KINDS, THEIRS


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def remote_order(o: OrderRecord, p: PatientRecord, st: StudyRecord | None) -> RemoteOrder:
    """A pulled CDSS order as the reading repository takes it."""
    patient = Patient(patient_number=p.patient_number, name=p.name, birth_date=_date(p.birth_date),
                      sex=p.sex or "", remote_id=str(p.id))
    study = None
    if st is not None and st.study_uid:
        study = Study(study_uid=st.study_uid, study_date=_date(st.study_date), modality=st.modality or "",
                      body_part=st.body_part or "", series_count=st.series_count or 0,
                      instance_count=st.instance_count or 0, remote_id=str(st.id))
    return RemoteOrder(remote_id=str(o.id), patient=patient, status=o.status, priority=o.priority,
                       ordered_at=_datetime(o.created_at), description=o.job_type,
                       ordering_doctor=o.doctor_name or "", worker_result=o.worker_result, study=study,
                       version=o.version)


def report_payload(worker_result: dict[str, Any]) -> dict[str, Any]:
    """The report fields the CDSS service takes, from a local ``worker_result``."""
    return {"findings": worker_result.get("findings") or "", "impression": worker_result.get("impression") or "",
            "tumor": dict(worker_result.get("tumor") or {}),
            "work_notes": [str(n) for n in worker_result.get("work_notes") or []]}


class SyncBridge:
    def __init__(self, repo: ReadingRepository, client: SyncClient):
        self.repo, self.client = repo, client
        self.skipped: list[ChangeEvent] = []  # local changes the CDSS cannot take (see module docstring)
        self._lock = threading.Lock()
        self._unsubscribe = repo.subscribe(self._on_change)

    def close(self) -> None:
        self._unsubscribe()

    def pull(self) -> Counter[str]:
        """Pull patients, studies and changed orders into the repository; counts per outcome (worker thread)."""
        with self._lock:
            patients = {p.id: p for p in self.client.pull_patients()}
            studies = {s.ocs_id: s for s in self.client.pull_worklist()}
            outcomes: Counter[str] = Counter()
            for o in self.client.pull_orders():
                if o.job_role != "RIS" or o.patient_id not in patients:
                    continue
                outcome, _ = self.repo.upsert_from_remote(remote_order(o, patients[o.patient_id], studies.get(o.id)))
                outcomes[outcome] += 1
            return outcomes

    def _on_change(self, event: ChangeEvent) -> None:
        """Repository listener: queue the change (a local write; runs in the thread that made the change)."""
        if event.remote_id is None or event.kind not in ("status", "draft", "signed"):
            self.skipped.append(event)
            return
        remote_id = int(event.remote_id)
        base = self.repo.get_order(event.order_id).remote_version
        if event.kind == "status":
            self.client.enqueue("status", remote_id, {"status": event.payload["status"]}, base)
            return
        if event.kind == "draft":
            local_status = self.repo.get_order(event.order_id).status
            server = self.client.cached_order(remote_id)
            if (server is not None and server.status in MAIN_LINE and local_status in MAIN_LINE
                    and MAIN_LINE.index(local_status) > MAIN_LINE.index(server.status)):
                for step in forward_path(server.status, local_status):  # the one status machine (vocab)
                    self.client.enqueue("status", remote_id, {"status": step}, base)
            self.client.enqueue("report", remote_id, report_payload(event.payload), base)
            return
        self.client.enqueue("report", remote_id, {**report_payload(event.payload), "sign": True}, base)

    def queue_measurement(self, order_id: int, kind: str, value: float, unit: str,
                          points_lps: list[tuple[float, float, float]] = (), label: str = "",
                          series_uid: str | None = None) -> int:
        """Queue a measurement (patient LPS mm, as measured) for the CDSS order; returns the outbox id."""
        order = self.repo.get_order(order_id)
        if order.remote_id is None:
            raise ValueError(f"order {order_id} is not a CDSS order; its measurements stay local")
        payload = {"uuid": uuid.uuid4().hex, "kind": kind, "value": float(value), "unit": unit, "label": label,
                   "points_lps": [[float(c) for c in p] for p in points_lps]}
        if series_uid:
            payload["series_uid"] = series_uid
        return self.client.enqueue("measurement", int(order.remote_id), payload)

    def drain(self, cancel: threading.Event | None = None) -> DrainReport:
        """Push the outbox, then clear ``dirty`` on orders with nothing left unsettled (worker thread)."""
        report = self.client.drain(cancel)
        unsettled = self.client.unsettled_orders()
        skipped = {e.order_id for e in self.skipped}
        for order in self.repo.dirty_orders():
            if order.remote_id is None or int(order.remote_id) in unsettled or order.id in skipped:
                continue
            cached = self.client.cached_order(int(order.remote_id))
            self.repo.mark_synced(order.id, remote_version=cached.version if cached else None)
        return report

    def resolve_conflict(self, order_id: int, keep: str, by: str = "") -> None:
        """Settle an order's conflicts: ``keep='local'`` sends the local report again on top of the CDSS
        version; ``'remote'`` takes the CDSS report. Both copies stay on record in both stores."""
        order = self.repo.get_order(order_id)
        for c in self.repo.conflicts():
            if c.order_id == order_id:
                self.repo.resolve_conflict(c.id, keep, by)
        if order.remote_id is None:
            return
        for c in self.client.conflicts():
            if c.entity_id == int(order.remote_id) and c.kind in ORDER_KINDS:
                self.client.resolve_conflict(c.id, MINE if keep == "local" else THEIRS)
