"""Demo data: orders in every reading status, one of them on the bundled demo study (``resources/demo``),
whose StudyInstanceUID and patient are read from its DICOM files at seed time; the other patients and
studies are metadata only (no images). Seeds only an empty reading database."""
from __future__ import annotations

from datetime import date, datetime, time
from importlib import resources
from pathlib import Path

import pydicom
from pydicom.uid import generate_uid

from workstation.reading.records import Order, Patient, Report, Study
from workstation.reading.repository import ReadingRepository
from workstation.reading.status import OrderStatus

READER = "dr.demo"


#: credit line of the bundled demo study (also in ``resources/demo/README.md`` and Help → About)
DEMO_CREDIT = (
    "Demo study: TCGA-LGG case TCGA-FG-6692 (T1, T1 post-gadolinium, T2, FLAIR) from The Cancer Imaging "
    "Archive (TCIA), licence CC BY 3.0. Clark K, Vendt B, Smith K, et al. The Cancer Imaging Archive "
    "(TCIA): maintaining and operating a public information repository. J Digit Imaging 26(6):1045-1057, "
    "2013. Pedano N, Flanders AE, Scarpace L, et al. Radiology data from The Cancer Genome Atlas Low "
    "Grade Glioma [TCGA-LGG] collection. The Cancer Imaging Archive, 2016. "
    "https://doi.org/10.7937/K9/TCIA.2016.L4LTD3TK. Converted from NIfTI to DICOM for this workstation.")


def demo_dicom_dir() -> Path:
    return Path(str(resources.files("resources") / "demo"))


def demo_files(folder: Path | None = None) -> list[Path]:
    """The DICOM files of the bundled demo study (``*.dcm`` under ``resources/demo``), sorted."""
    return sorted(p for p in Path(folder or demo_dicom_dir()).rglob("*.dcm") if p.is_file())


def demo_focus(folder: Path | None = None) -> tuple[float, float, float] | None:
    """The LPS point (mm) the demo study opens on (the lesion, from ``demo.json``), or None."""
    import json

    for f in sorted(Path(folder or demo_dicom_dir()).rglob("demo.json")):
        try:
            x, y, z = json.loads(f.read_text())["focus_lps_mm"]
            return float(x), float(y), float(z)
        except (OSError, ValueError, KeyError, TypeError):
            return None
    return None


def demo_study(folder: Path | None = None) -> tuple[Patient, Study]:
    """Patient and study of the bundled demo study, from its DICOM headers (the patient is the
    de-identified case as its files name it)."""
    files = demo_files(folder)
    if not files:
        raise FileNotFoundError(f"no demo DICOM files under {folder or demo_dicom_dir()}")
    ds = pydicom.dcmread(files[0], stop_before_pixels=True)
    series = set()
    for f in files:
        series.add(pydicom.dcmread(f, stop_before_pixels=True, specific_tags=["SeriesInstanceUID"]).SeriesInstanceUID)
    pid = str(ds.get("PatientID", "") or "DEMO")
    name = str(ds.get("PatientName", "") or "") or pid
    birth = ds.get("PatientBirthDate") or ""
    patient = Patient(pid, name, date(int(birth[:4]), int(birth[4:6]), int(birth[6:8])) if len(birth) == 8 else None,
                      str(ds.get("PatientSex", "") or ""))
    sd = str(ds.get("StudyDate", "") or "")
    study = Study(str(ds.StudyInstanceUID), date(int(sd[:4]), int(sd[4:6]), int(sd[6:8])) if len(sd) == 8 else None,
                  str(ds.get("Modality", "")), str(ds.get("BodyPartExamined", "") or "BRAIN"),
                  str(ds.get("StudyDescription", "") or ds.get("SeriesDescription", "") or ""),
                  len(series), len(files))
    return patient, study


def _uid(seed: str) -> str:
    return generate_uid(entropy_srcs=["cdss-demo", seed])


PRIOR_EN = Report(  # the demo patient's prior (seeded text, no images), consistent with the demo study
    findings=("T2/FLAIR hyperintense intra-axial lesion in the right frontal lobe, 30 x 25 mm, with a small focus "
              "of enhancement. Mild mass effect; no midline shift. No haemorrhage."),
    impression="Right frontal infiltrative lesion, most consistent with a lower-grade glioma; follow-up MR advised.",
    tumor={"location": "right frontal lobe", "size_mm": "30 x 25", "enhancement": "small focus",
           "necrosis": "absent", "oedema": "mild", "mass_effect": "mild", "midline_shift_mm": 0})
DRAFT_KO = Report(
    findings=("좌측 측두엽에 조영증강되는 종양 (24 x 20 mm)이 있으며 중심부 괴사가 동반됨. "
              "주변 부종이 있고 정중선 이동은 없음. 출혈 소견 없음."),
    impression="좌측 측두엽 종양, 고등급 신경교종 가능성.",
    tumor={"location": "좌측 측두엽", "size_mm": "24 x 20", "enhancement": "테두리 조영증강", "necrosis": "있음",
           "oedema": "경미", "midline_shift_mm": 0})
PRIOR_KO = Report(
    findings="좌측 측두엽에 조영증강되는 종양 (18 x 15 mm). 주변 부종 경미. 출혈 없음.",
    impression="좌측 측두엽 종양, 추적 관찰 요함.",
    tumor={"location": "좌측 측두엽", "size_mm": "18 x 15", "enhancement": "테두리 조영증강", "oedema": "경미"})
DRAFT_EN = Report(
    findings="Non-enhancing T2/FLAIR hyperintense lesion in the left insula, 41 mm, without necrosis or haemorrhage.",
    impression="Left insular non-enhancing tumour, suspect low-grade glioma.",
    tumor={"location": "left insula", "size_mm": "41", "enhancement": "none", "necrosis": "absent"})
SIGNED_EN = Report(
    findings="Post-operative cavity in the left parietal lobe. No residual enhancing tumour. Minimal oedema.",
    impression="No evidence of residual or recurrent tumour.",
    tumor={"location": "left parietal lobe", "enhancement": "none", "oedema": "minimal"})


def _add(repo: ReadingRepository, patient: Patient, study: Study, final: OrderStatus, report: Report | None,
         priority: str = "ROUTINE", description: str = "MR brain with contrast", doctor: str = "Dr. Jung") -> Order:
    ordered = datetime.combine(study.study_date or date.today(), time(8, 30))
    o = repo.create_order(patient, study=study, priority=priority, description=description, ordering_doctor=doctor,
                          ordered_at=ordered, by="demo")
    if final == OrderStatus.CANCELLED:
        o = repo.change_status(o.id, OrderStatus.CANCELLED, "demo", "patient declined")
    elif final != OrderStatus.ORDERED:
        o = repo.change_status(o.id, OrderStatus.ACCEPTED, "demo")
    if report is not None:
        o = repo.save_draft(o.id, report, READER)
        if final == OrderStatus.RESULT_READY:
            o = repo.submit(o.id, READER)
        if final == OrderStatus.CONFIRMED:
            o = repo.sign(o.id, READER)
    return repo.mark_synced(o.id)


def seed_demo(repo: ReadingRepository, demo_folder: Path | None = None) -> list[Order]:
    """Seed the demo orders unless the database already holds orders; returns what was created."""
    if repo.orders():
        return []
    patient, study = demo_study(demo_folder)
    day = study.study_date or date(2020, 9, 29)

    def st(key: str, d: date, modality: str = "MR", body: str = "BRAIN", desc: str = "MR brain with contrast"):
        return Study(_uid(key), d, modality, body, desc, 5 if modality == "MR" else 2, 640 if modality == "MR" else 180)

    out = [
        _add(repo, patient, study, OrderStatus.ACCEPTED, None, "URGENT", "MR brain tumour protocol (demo study)"),
        _add(repo, patient, st("demo-prior-mr", date(day.year, 3, 10)), OrderStatus.CONFIRMED, PRIOR_EN),
        _add(repo, patient, st("demo-prior-ct", date(day.year - 1, 11, 2), "CT", "HEAD", "CT head"),
             OrderStatus.CONFIRMED, SIGNED_EN, description="CT head without contrast"),
        _add(repo, patient, st("demo-spine", date(day.year - 1, 6, 15), body="SPINE", desc="MR spine"),
             OrderStatus.CONFIRMED, Report(findings="Normal spinal cord.", impression="No abnormality."),
             description="MR whole spine"),
    ]
    kim = Patient("10234", "김민준", date(1968, 4, 2), "M")
    out.append(_add(repo, kim, st("kim-prior", date(day.year, 6, 1)), OrderStatus.CONFIRMED, PRIOR_KO))
    out.append(_add(repo, kim, st("kim-now", date(day.year, 9, 28)), OrderStatus.IN_PROGRESS, DRAFT_KO,
                    "URGENT"))
    lee = Patient("10251", "이서연", date(1975, 11, 19), "F")
    out.append(_add(repo, lee, st("lee-now", date(day.year, 9, 27)), OrderStatus.RESULT_READY, DRAFT_EN))
    park = Patient("10277", "박지훈", date(1959, 1, 23), "M")
    out.append(_add(repo, park, st("park-postop", date(day.year, 9, 25)), OrderStatus.CONFIRMED, SIGNED_EN))
    out.append(_add(repo, park, st("park-ct", day, "CT", "HEAD", "CT head"), OrderStatus.ORDERED, None, "STAT",
                    "CT head without contrast (headache)"))
    choi = Patient("10302", "최수아", date(1990, 7, 8), "F")
    out.append(_add(repo, choi, st("choi-mr", date(day.year, 9, 20)), OrderStatus.CANCELLED, None))
    return out
