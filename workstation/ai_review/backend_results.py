"""A patient's AI results from the CDSS — M1 segmentation, MG genetic profile, MM multimodal prognosis — for
reading beside the images (issue 19). No Qt; the panel is ``workstation.ui.ai_results_panel``.

``BackendResults(client_getter).fetch(patient_id)`` pulls the results of one CDSS patient through the sync
client (``SyncClient.pull_ai_results``, kept in its local cache) and falls back to that cache when the
service cannot be reached. Only the asked-for patient's results are ever returned (``lines_for`` drops any
other patient's row, whatever the source). Results of models trained on synthetic data say so (``synthetic``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

MODEL_ORDER = {"MG": 0, "MM": 1, "M1": 2}


@dataclass(frozen=True)
class ResultLine:
    result_id: int
    model: str  # M1 / MG / MM
    model_name: str
    when: str  # when the run was asked for, ``YYYY-MM-DD HH:MM`` (UTC)
    summary: str
    details: tuple[str, ...]
    review: str  # pending / accepted / rejected
    reviewer: str
    synthetic: bool  # the model was trained on synthetic data: not for clinical use
    confidence: float | None


@dataclass(frozen=True)
class PatientResults:
    patient_id: int | None  # the CDSS patient
    lines: tuple[ResultLine, ...] = ()
    offline: bool = False  # read from the local cache (the service could not be reached)
    problem: str = ""  # why nothing could be fetched; "" when all is well


def is_synthetic(data: dict[str, Any]) -> bool:
    model = data.get("model") if isinstance(data.get("model"), dict) else {}
    texts = [data.get("training_data"), data.get("disclaimer"), model.get("disclaimer"), model.get("name")]
    return any("synthetic" in str(t).lower() for t in texts if t)


def _pct(p: Any) -> str:
    try:
        return f" ({float(p) * 100:.0f} %)"
    except (TypeError, ValueError):
        return ""


def describe(model: str, data: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """(summary, detail lines) of a result's data, as the CDSS gives them."""
    details: list[str] = []
    volumes = data.get("volumes_ml")
    total = None
    if isinstance(volumes, dict) and volumes:
        numbers = {k: float(v) for k, v in volumes.items() if isinstance(v, (int, float))}
        details += [f"{k}: {v:.1f} mL" for k, v in numbers.items()]
        total = sum(numbers.values())
    elif isinstance(data.get("tumor_volume_ml"), (int, float)):
        total = float(data["tumor_volume_ml"])
    predictions = data.get("predictions")
    if isinstance(predictions, dict):
        for name, p in predictions.items():
            details.append(f"{name}: {p.get('label', '')}{_pct(p.get('probability'))}" if isinstance(p, dict)
                           else f"{name}: {p}")
    for key, label in (("risk_group", "risk group"), ("survival_months_median", "median survival (months)")):
        if data.get(key) is not None:
            details.append(f"{label}: {data[key]}")
    model_info = data.get("model") if isinstance(data.get("model"), dict) else {}
    version = model_info.get("version") or data.get("model_version")
    if version:
        details.append(f"model version: {version}")
    summary = str(data.get("summary") or "")
    if not summary and total is not None:
        summary = f"tumour segmentation, total {total:.1f} mL"
    return summary, tuple(details)


def lines_for(records, patient_id: int) -> tuple[ResultLine, ...]:
    """The display lines of ``records`` (``sync.schema.AIResultRecord``) of patient ``patient_id`` only,
    genetic and multimodal first, each model newest first."""
    out = []
    for r in records:
        if r.patient_id != patient_id:
            continue  # never another patient's
        summary, details = describe(r.model, r.result_data)
        out.append(ResultLine(r.id, r.model, r.model_name, (r.requested_at or "")[:16].replace("T", " "), summary,
                              details, r.review_status, r.reviewer or "", is_synthetic(r.result_data), r.confidence))
    out.sort(key=lambda ln: ln.when, reverse=True)
    out.sort(key=lambda ln: MODEL_ORDER.get(ln.model, 9))
    return tuple(out)


def context_patient_id(context, repo=None) -> int | None:
    """The CDSS id of the reading context's patient (``ReadingContext``): from its order, else from the
    reading store's copy of the patient; None when the patient is not a CDSS patient."""
    patient = getattr(context, "patient", None)
    remote = getattr(patient, "remote_id", None) if patient is not None else None
    if remote is None and repo is not None and getattr(context, "patient_number", None):
        try:
            remote = repo.patient(context.patient_number).remote_id
        except Exception:  # noqa: BLE001 - a patient only the archive knows
            remote = None
    try:
        return int(remote) if remote is not None else None
    except ValueError:
        return None


class BackendResults:
    """``client_getter()``: the sync client (``SyncClient``) or None when the sync is off."""

    def __init__(self, client_getter: Callable[[], Any]) -> None:
        self._client = client_getter

    def fetch(self, patient_id: int | None) -> PatientResults:
        """Pull the patient's results (worker thread: blocks on the network); the cache when offline."""
        if patient_id is None:
            return PatientResults(None, problem="not a CDSS patient")
        client = self._client()
        if client is None:
            return PatientResults(patient_id, problem="the sync with the CDSS is off")
        from sync.client import SyncError

        try:
            return PatientResults(patient_id, lines_for(client.pull_ai_results(patient_id), patient_id))
        except SyncError as exc:
            return PatientResults(patient_id, lines_for(client.cached_ai_results(patient_id), patient_id),
                                  offline=True, problem=str(exc))

    def cached(self, patient_id: int | None) -> PatientResults:
        client = self._client()
        if patient_id is None or client is None:
            return PatientResults(patient_id)
        return PatientResults(patient_id, lines_for(client.cached_ai_results(patient_id), patient_id), offline=True)
