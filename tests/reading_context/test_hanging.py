"""Hanging protocols as data: selection and stages on real series headers from /work/shared/data and the
demo study; non-image series never hung; a site protocol dropped into a folder."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pydicom
import pytest

from workstation.reading.hanging import (SeriesInfo, bundled_dir, hangable, load_protocols, plan_hanging,
                                         prior_matches, select_protocol)

SHARED = Path("/work/shared/data")
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "tcga_lgg_fg_6692"


def read_studies(root: Path) -> dict[str, list[SeriesInfo]]:
    """study UID → its series (one header per series), as a real archive would list them."""
    if not root.exists():
        pytest.fail(f"test data missing: {root}")
    series: dict[str, SeriesInfo] = {}
    study_of: dict[str, str] = {}
    counts: dict[str, int] = defaultdict(int)
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.name.upper().startswith(("DICOMDIR", "DIRFILE")) or p.suffix in (
                ".json", ".txt", ".nrrd", ".md", ".gz", ".nii"):
            continue
        try:
            ds = pydicom.dcmread(p, stop_before_pixels=True)
            uid = str(ds.SeriesInstanceUID)
        except Exception:
            continue
        counts[uid] += 1
        if uid not in series:
            series[uid] = SeriesInfo(uid, str(ds.get("SeriesDescription") or ""), str(ds.get("Modality") or ""),
                                     str(ds.get("BodyPartExamined") or ""), ds.get("SeriesNumber"), 1,
                                     str(ds.get("SOPClassUID") or ""), tuple(str(v) for v in ds.get("ImageType") or ()))
            study_of[uid] = str(ds.StudyInstanceUID)
    out: dict[str, list[SeriesInfo]] = defaultdict(list)
    for uid, s in series.items():
        out[study_of[uid]].append(s)
    return out


def only_study(root: Path) -> list[SeriesInfo]:
    studies = read_studies(root)
    return max(studies.values(), key=len)


def hung_uids(plan) -> set[str]:
    return {v.series.uid for st in plan.stages for v in st.viewports if v.series is not None}


def test_bundled_protocols_load():
    errors: list[str] = []
    ids = {p.id for p in load_protocols([bundled_dir()], errors)}
    assert errors == [] and {"brain-mr-tumour-followup", "ct-head", "fallback"} <= ids


def test_demo_study_hangs_flair_t1post_t2_t1_linked():
    current = only_study(DEMO)
    plan = plan_hanging(current, study_description="MR BRAIN W/WO CONTRAST")
    assert plan.protocol.id == "brain-mr-tumour-followup"
    first = plan.stages[0]
    assert first.layout == "2x2" and first.linked
    assert [v.series.description for v in first.viewports] == ["AX T2 FLAIR", "AX T1 SE POST GD", "AX T2 TSE",
                                                               "AX T1 SE"]
    assert [v.label for v in first.viewports] == ["FLAIR", "T1 post-contrast", "T2", "T1"]
    assert all(st.id not in ("t1post-vs-prior", "flair-vs-prior") for st in plan.stages)  # no prior, no prior stages


def test_with_a_prior_the_prior_t1_post_goes_beside_the_current_one():
    current = only_study(DEMO)
    prior = [SeriesInfo("prior." + s.uid, s.description, s.modality, s.body_part, s.number, s.instances,
                        s.sop_class_uid, s.image_type) for s in current]
    plan = plan_hanging(current, prior)
    stage = next(st for st in plan.stages if st.id == "t1post-vs-prior")
    cur, old = stage.viewports
    assert (cur.study, old.study) == ("current", "prior") and stage.layout == "1x2"
    assert cur.series.description == old.series.description == "AX T1 SE POST GD"
    assert old.series.uid.startswith("prior.") and not cur.series.uid.startswith("prior.")
    assert prior_matches(plan.protocol, "MR", "BRAIN", "MR", "HEAD")
    assert not prior_matches(plan.protocol, "MR", "BRAIN", "CT", "HEAD")


def test_ct_head_phantom_scouts_and_exam_summary_never_hung():
    studies = read_studies(SHARED / "ct_philips_ingenuity_head_phantom_cd")
    study = next(s for s in studies.values() if any(x.description == "STD BRAIN 5MM" for x in s))
    plan = plan_hanging(study)
    assert plan.protocol.id == "ct-head"
    first = plan.stages[0]
    assert first.viewports[0].label == "Brain" and first.viewports[0].series.description == "STD BRAIN 5MM"
    hung = [s for s in study if s.uid in hung_uids(plan)]
    assert [s.description for s in hung] == ["STD BRAIN 5MM"]
    left = [s for s in study if s.uid not in hung_uids(plan)]
    assert {hangable(s)[1] for s in left} == {"localizer", "screen capture, report or presentation state"}


def test_mr_localizers_and_pilots_never_hung_fallback_for_other_studies():
    studies = read_studies(SHARED / "dicomdir_pydicom_small")
    mr = next(s for s in studies.values() if any("ANGIO" in x.description for x in s))
    plan = plan_hanging(mr)
    assert plan.protocol.id == "fallback"
    assert {s.description for s in mr if s.uid in hung_uids(plan)} == {"ANGIO Projected from   C"}
    cr = next(s for s in studies.values() if any(x.modality == "CR" for x in s))
    plan = plan_hanging(cr)
    assert plan.protocol.id == "fallback" and len(hung_uids(plan)) == len(cr) == 3
    assert plan.stages[0].layout == "2x2"
    scout = next(s for s in studies.values() if any(x.description == "Scout" for x in s))
    assert {s.description for s in scout if s.uid in hung_uids(plan_hanging(scout))} == {"SmartScore - Gated 0.5 sec"}
    routine = next(s for s in studies.values() if any(x.description == "Routine Brain" for x in s))
    assert plan_hanging(routine).protocol.id == "ct-head"   # BodyPartExamined HEAD


def test_seg_sr_and_other_non_images_are_never_hung_anywhere_in_the_shared_data():
    refused = defaultdict(set)
    for series in read_studies(SHARED).values():
        plan = plan_hanging(series)
        for s in series:
            if s.uid in hung_uids(plan):
                assert s.modality not in ("SEG", "SR", "RWV", "PR")
                assert "LOCALIZER" not in s.image_type and not s.sop_class_uid.startswith("1.2.840.10008.5.1.4.1.1.7")
            else:
                refused[s.modality].add(s.description)
    assert {"SEG", "SR", "RWV"} <= set(refused)


def test_ge_mprage_is_read_as_a_brain_study_with_empty_places_named():
    series = only_study(SHARED / "mr_ge_signa_3d_t1_axial_oblique")
    plan = plan_hanging(series)
    assert plan.protocol.id == "brain-mr-tumour-followup"
    first = plan.stages[0]
    assert [v.series is not None for v in first.viewports] == [False, False, False, True]
    assert first.viewports[0].label == "FLAIR" and not first.linked  # one series: nothing to link


def test_a_site_adds_a_protocol_by_dropping_a_file(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "hanging_protocols").mkdir(parents=True)
    monkeypatch.setenv("CDSS_WORKSTATION_HOME", str(home))
    site = {"id": "site-ct-stereotaxis", "name": "Stereotaxis CT", "priority": 200,
            "protocolMatchingRules": [
                {"attribute": "SeriesDescription", "constraint": {"contains": "STEREOTAXIS"}, "required": True,
                 "weight": 50}],
            "stages": [{"id": "s", "name": "Stereotaxis", "layout": {"rows": 1, "columns": 1}, "viewports": [
                {"label": "Frame", "seriesMatchingRules": [
                    {"attribute": "SeriesDescription", "constraint": {"contains": "stereotaxis"}, "weight": 1}]}]}]}
    (home / "hanging_protocols" / "stereotaxis.json").write_text(json.dumps(site))
    (home / "hanging_protocols" / "broken.json").write_text("{not json")
    errors: list[str] = []
    protocols = load_protocols(errors=errors)
    assert any("broken.json" in e for e in errors)
    studies = read_studies(SHARED / "ct_philips_ingenuity_head_phantom_cd")
    stereo = next(s for s in studies.values() if any(x.description == "STEREOTAXIS" for x in s))
    std = next(s for s in studies.values() if any(x.description == "STD BRAIN 5MM" for x in s))
    assert select_protocol(protocols, stereo).id == "site-ct-stereotaxis"
    assert select_protocol(protocols, std).id == "ct-head"
    plan = plan_hanging(stereo, protocols=protocols)
    assert plan.stages[0].viewports[0].series.description == "STEREOTAXIS"
