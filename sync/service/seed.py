"""Demo data shaped like the hospital's development copy, and bulk rows for benchmarks.

``seed_demo(engine)``: 12 patients with encounters, 54 orders (33 RIS each with an imaging study, 21 LIS
including GENETIC and PROTEIN tests), 8 history rows, 3 AI models (M1, MG, MM), 10 inference requests of
which 6 have results awaiting review (3 M1 segmentations, 1 MG genetic profile, 2 MM multimodal prognoses; the
M1/MG/MM models are trained on synthetic data and their results say so), and one user per role. Returns ``{role: token}``.

Run: ``python -m sync.service.seed --database URL`` (migrates first, prints the tokens).
"""
from __future__ import annotations

import argparse
import random
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from sync.service.auth import TOKEN_LIFETIME, issue_token
from sync.service.models import (AIInferenceRequest, AIInferenceResult, AIModel, Encounter, ImagingStudy, Order,
                                 OrderHistory, Patient)

USERS = {"DOCTOR": ("dr.kim", "김민준"), "RIS": ("ris.park", "박서연"), "LIS": ("lis.choi", "최지훈"),
         "NURSE": ("nurse.lee", "이수아"), "SYSTEMMANAGER": ("admin", "시스템관리자")}
NAMES = ["김하늘", "이도윤", "박지우", "최서준", "정하은", "강민서", "조예준", "윤지아", "장시우", "임채원",
         "한유준", "오서윤"]
RIS_TYPES = [("MRI", "MR", "BRAIN"), ("CT", "CT", "HEAD"), ("MRI", "MR", "BRAIN")]
LIS_TYPES = ["CBC", "CHEMISTRY", "GENETIC", "PROTEIN", "COAGULATION"]
# status of the 33 RIS orders and the report in each (none / draft / signed)
RIS_PLAN = ([("ORDERED", "none")] * 5 + [("ACCEPTED", "none")] * 6 + [("IN_PROGRESS", "none")] * 5
            + [("IN_PROGRESS", "draft")] * 7 + [("RESULT_READY", "draft")] * 3 + [("CONFIRMED", "signed")] * 6
            + [("CANCELLED", "none")])
LIS_PLAN = ["ORDERED"] * 4 + ["ACCEPTED"] * 4 + ["IN_PROGRESS"] * 4 + ["RESULT_READY"] * 4 + ["CONFIRMED"] * 5
BASE = datetime(2026, 10, 1, 8, 0, 0)
SYNTHETIC = {"training_data": "synthetic", "disclaimer": "trained on synthetic data - not for clinical use"}
MG_RESULT = {"summary": "IDH1 mutant, MGMT promoter methylated, 1p/19q intact",
             "predictions": {"IDH1": {"label": "mutant", "probability": 0.87},
                             "MGMT": {"label": "methylated", "probability": 0.79},
                             "1p/19q": {"label": "intact", "probability": 0.91}},
             "model_version": "0.2.0", **SYNTHETIC}


def mm_result(i: int) -> dict:
    months = 14.5 + 6 * (i - 7)
    return {"summary": f"{'high' if i == 7 else 'intermediate'} risk; median overall survival {months:.1f} months",
            "risk_group": "high" if i == 7 else "intermediate", "survival_months_median": months,
            "inputs": ["MRI", "GENETIC", "PROTEIN"], "model_version": "0.1.0", **SYNTHETIC}


def _report(rng: random.Random, state: str) -> dict:
    if state == "none":
        return {}
    size = rng.randint(12, 48)
    wr = {"findings": f"좌측 측두엽에 {size} mm 크기의 조영증강 종양, 주변 부종 동반. 출혈 소견 없음.",
          "impression": "Left temporal enhancing mass with perilesional oedema, likely high-grade glioma.",
          "tumor": {"location": "left temporal lobe", "size_mm": size, "enhancement": True},
          "work_notes": ["compared with prior MRI"]}
    if state == "signed":
        wr.update({"_confirmed": True, "signed_by": USERS["RIS"][0]})
    return wr


def seed_demo(engine: Engine, rng_seed: int = 7, token_lifetime: timedelta | None = TOKEN_LIFETIME) -> dict[str, str]:
    """Load the demo data set into an empty, migrated database; return a token per role (each valid
    ``token_lifetime``)."""
    rng = random.Random(rng_seed)
    with Session(engine) as s, s.begin():
        tokens = {role: issue_token(s, user, role, name, lifetime=token_lifetime)
                  for role, (user, name) in USERS.items()}
        patients = [Patient(patient_number=f"P2026{i + 1:04d}", name=n, sex="MF"[i % 2],
                            birth_date=date(1950 + 3 * i, 1 + i % 12, 1 + i), created_at=BASE, updated_at=BASE)
                    for i, n in enumerate(NAMES)]
        s.add_all(patients)
        s.flush()
        encounters = [Encounter(patient_id=p.id, encounter_type="OUTPATIENT", status="IN_PROGRESS",
                                attending_doctor=USERS["DOCTOR"][1], admitted_at=BASE, updated_at=BASE)
                      for p in patients]
        s.add_all(encounters)
        s.flush()
        orders = []
        for i, (status, rep) in enumerate(RIS_PLAN):
            job_type, modality, body = RIS_TYPES[i % 3]
            pi = i % len(patients)
            t = BASE + timedelta(days=i, hours=i % 5)
            o = Order(ocs_number=f"OCS-RIS-{i + 1:04d}", patient_id=patients[pi].id, encounter_id=encounters[pi].id,
                      job_role="RIS", job_type=job_type, status=status, priority=["ROUTINE", "URGENT"][i % 4 == 0],
                      doctor_name=USERS["DOCTOR"][1], worker_result=_report(rng, rep), created_at=t, updated_at=t,
                      cancel_reason="duplicate order" if status == "CANCELLED" else None)
            s.add(o)
            s.flush()
            orders.append(o)
            s.add(ImagingStudy(ocs_id=o.id, study_uid=f"1.2.826.0.1.3680043.10.1234.{i + 1}", modality=modality,
                               body_part=body, study_date=(t + timedelta(days=1)).date(),
                               series_count=rng.randint(3, 8), instance_count=rng.randint(100, 900), updated_at=t))
        for i, status in enumerate(LIS_PLAN):
            pi = (i * 5) % len(patients)
            t = BASE + timedelta(days=i, hours=3)
            job_type = LIS_TYPES[i % len(LIS_TYPES)]
            wr = {}
            if status in ("RESULT_READY", "CONFIRMED"):
                wr = {"gene_mutations": {"IDH1": "R132H", "MGMT": "methylated"}} if job_type == "GENETIC" else \
                     {"protein_markers": {"GFAP": 2.1}} if job_type == "PROTEIN" else {"summary": "within range"}
                wr["_confirmed"] = status == "CONFIRMED"
            s.add(Order(ocs_number=f"OCS-LIS-{i + 1:04d}", patient_id=patients[pi].id, encounter_id=encounters[pi].id,
                        job_role="LIS", job_type=job_type, status=status, priority="ROUTINE",
                        doctor_name=USERS["DOCTOR"][1], worker_result=wr, created_at=t, updated_at=t))
        for o in orders[5:13]:  # 8 history rows, as in the development copy
            s.add(OrderHistory(ocs_id=o.id, action="STATUS", from_status="ORDERED", to_status="ACCEPTED",
                               actor=USERS["RIS"][0], version=o.version, created_at=o.updated_at))
        models = [AIModel(code="M1", name="MRI tumour segmentation", required_inputs=["MRI"]),
                  AIModel(code="MG", name="Genetic profile classifier", required_inputs=["GENETIC"]),
                  AIModel(code="MM", name="Multimodal prognosis", required_inputs=["MRI", "GENETIC", "PROTEIN"])]
        s.add_all(models)
        s.flush()
        mr_orders = [o for i, o in enumerate(orders) if RIS_TYPES[i % 3][1] == "MR"]
        for i in range(10):
            o = mr_orders[8 + i]
            req = AIInferenceRequest(request_number=f"AIR-{i + 1:04d}", patient_id=o.patient_id,
                                     model_id=models[0 if i < 7 else 1 + i % 2].id, ocs_id=o.id,
                                     status="COMPLETED" if i < 3 or i >= 7 else "PENDING",
                                     requested_by=USERS["DOCTOR"][0], created_at=BASE + timedelta(days=i),
                                     completed_at=BASE + timedelta(days=i, hours=1) if i < 3 or i >= 7 else None)
            s.add(req)
            s.flush()
            if i < 3:
                s.add(AIInferenceResult(request_id=req.id, confidence=0.81 + i / 100,
                                        result_data={"seg_series_uid": f"1.2.826.0.1.3680043.10.1234.9{i}",
                                                     "tumor_volume_ml": 21.5 + i, "labels": ["NCR", "ED", "ET"],
                                                     "model_version": "0.2.0", **SYNTHETIC}))
            elif i >= 7:  # the genetic (MG) and multimodal (MM) models' results
                s.add(AIInferenceResult(request_id=req.id, confidence=0.7 + i / 100,
                                        result_data=MG_RESULT if i == 8 else mm_result(i)))
    return tokens


def seed_bulk_orders(engine: Engine, n: int, patient_id: int, job_role: str = "RIS", status: str = "IN_PROGRESS",
                     chunk: int = 2000) -> None:
    """Insert ``n`` orders fast (Core executemany), for benchmarks."""
    t0 = datetime(2026, 11, 1)
    job_type = "MRI" if job_role == "RIS" else "CHEMISTRY"
    with engine.begin() as conn:
        for start in range(0, n, chunk):
            conn.execute(insert(Order), [
                {"ocs_number": f"OCS-BULK-{k:07d}", "patient_id": patient_id, "job_role": job_role,
                 "job_type": job_type, "status": status, "priority": "ROUTINE", "worker_result": {},
                 "version": 1, "created_at": t0, "updated_at": t0 + timedelta(microseconds=k)}
                for k in range(start, min(n, start + chunk))])


def main(argv: list[str] | None = None) -> int:
    from sync.service.db import make_engine
    from sync.service.migrate import upgrade

    ap = argparse.ArgumentParser(prog="python -m sync.service.seed", description=__doc__.splitlines()[0])
    ap.add_argument("--database", required=True, help="SQLAlchemy URL of an empty MySQL/MariaDB database")
    args = ap.parse_args(argv)
    engine = make_engine(args.database)
    upgrade(engine)
    for role, token in seed_demo(engine).items():
        print(f"{role:14s} {USERS[role][0]:10s} {token}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
