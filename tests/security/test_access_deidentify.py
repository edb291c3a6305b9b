"""``export --deidentify`` leaves no patient-identifying text anywhere in what it writes (every element at
every depth, file meta included, and every byte of every file), and refuses images flagged with burned-in
annotation unless the user asks for them (then it warns)."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pydicom
import pytest

from tests.security.phi_files import every_value, import_folder, phi_marks, write_study
from workstation.cli.main import main


def cli(argv, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    rc = main(argv)
    out = capsys.readouterr()
    return rc, out.out + out.err


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CDSS_WORKSTATION_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CDSS_READING_DEMO", "0")
    return tmp_path


def leaks(folder: Path, marks: dict[str, str]) -> list[str]:
    found = []
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = f.read_bytes()
        for key, mark in marks.items():
            if mark.encode() in raw or mark.split("^")[0].encode() in raw:
                found.append(f"{f.name}: {key} in the bytes")
        for tag, value in every_value(f):
            text = value.decode(errors="replace") if isinstance(value, bytes) else str(value)
            found += [f"{f.name} {tag}: {k}" for k, m in marks.items() if m.split("^")[0] in text]
    return found


@pytest.mark.parametrize("seed,depth", [(1, 0), (2, 2), (3, 5)])
def test_no_phi_left_anywhere_in_a_deidentified_export(home, monkeypatch, capsys, seed, depth):
    marks = phi_marks(seed)
    study = write_study(home / "in", marks, n=3, depth=depth)
    arch = ["--archive", str(home / "arch")]
    assert import_folder(home / "arch", home / "in") == 3
    out = home / "out"
    rc, text = cli(["export", "--study", study, "--out", str(out), "--deidentify", *arch], monkeypatch, capsys)
    assert rc == 0, text
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) == 4  # DICOMDIR + 3 images
    assert leaks(out, marks) == []
    images = [pydicom.dcmread(p) for p in files if p.name != "DICOMDIR"]
    assert all(ds.PatientIdentityRemoved == "YES" and ds.PatientName.family_name == "ANON" for ds in images)
    # geometry is kept exactly: the slices stay where they were, in patient coordinates
    assert sorted(float(ds.ImagePositionPatient[2]) for ds in images) == [1.0, 2.0, 3.0]
    assert all("SourceApplicationEntityTitle" not in ds.file_meta and 0x00020102 not in ds.file_meta
               for ds in images)


def test_the_originals_do_carry_the_phi_the_walk_looks_for(home):
    """The check above can fail: an identified copy is full of hits."""
    marks = phi_marks(9)
    write_study(home / "in", marks, n=1)
    found = leaks(home / "in", marks)
    for key in ("name", "ae", "private", "address", "institution"):
        assert any(key in f for f in found), key


def test_burned_in_annotation_is_refused_unless_asked_for(home, monkeypatch, capsys):
    marks = phi_marks(4)
    study = write_study(home / "in", marks, n=3, burned_in=(2,))
    arch = ["--archive", str(home / "arch")]
    assert import_folder(home / "arch", home / "in") == 3
    rc, text = cli(["export", "--study", study, "--out", str(home / "a"), "--deidentify", *arch], monkeypatch, capsys)
    assert rc == 1 and "REFUSED" in text and "BurnedInAnnotation" in text and "exported 2 instances" in text
    assert len([p for p in (home / "a").rglob("*") if p.is_file() and p.name != "DICOMDIR"]) == 2
    rc, text = cli(["export", "--study", study, "--out", str(home / "b"), "--deidentify", "--include-burned-in",
                    *arch], monkeypatch, capsys)
    assert rc == 0 and "exported 3 instances" in text and "WARNING: 1 instance(s) with burned-in annotation" in text
    # an identified export is the user's own copy: nothing is refused
    rc, text = cli(["export", "--study", study, "--out", str(home / "c"), *arch], monkeypatch, capsys)
    assert rc == 0 and "exported 3 instances" in text


KEPT_SEQUENCES = ["AnatomicRegionSequence", "PrimaryAnatomicStructureSequence", "AnatomicRegionModifierSequence",
                  "PrimaryAnatomicStructureModifierSequence", "ReferencedImageSequence", "SourceImageSequence",
                  "DerivationCodeSequence", "PurposeOfReferenceCodeSequence"]
PHI_ELEMENTS = ["PatientName", "PatientID", "OtherPatientNames", "ReferringPhysicianName", "PerformingPhysicianName",
                "OperatorsName", "PatientAddress", "InstitutionName", "PersonName", "ContentCreatorName",
                "VerifyingObserverName", "PatientMotherBirthName", "AccessionNumber", "StudyID"]


def _fuzzed_item(rng, marks, depth):
    from pydicom.dataset import Dataset
    from pydicom.sequence import Sequence

    item = Dataset()
    for keyword in rng.sample(PHI_ELEMENTS, 3):
        setattr(item, keyword, marks["name"] if keyword.endswith("Name") or keyword.endswith("Names")
                else marks["id"])
    if rng.random() < 0.5:
        item.add_new(0x00110010, "LO", "FUZZ CREATOR")
        item.add_new(0x00111001, "LO", marks["private"])
    if depth > 0:
        for keyword in rng.sample(KEPT_SEQUENCES, 2):
            setattr(item, keyword, Sequence([_fuzzed_item(rng, marks, depth - 1) for _ in range(rng.randint(1, 2))]))
    return item


def test_seeded_fuzz_of_nested_phi_leaves_none(home):
    """40 instances, each with identifying text placed at random in random kept sequences up to 4 deep."""
    import random

    from pydicom.sequence import Sequence

    from tests.security.phi_files import phi_instance
    from workstation.archive import Archive
    from workstation.export import export

    rng = random.Random(23)
    marks = phi_marks(23)
    (home / "in").mkdir()
    study, series = pydicom.uid.generate_uid(), pydicom.uid.generate_uid()
    for n in range(1, 41):
        ds = phi_instance(marks, study, series, n, depth=0)
        for keyword in rng.sample(KEPT_SEQUENCES, 2):
            setattr(ds, keyword, Sequence([_fuzzed_item(rng, marks, rng.randint(0, 4))]))
        ds.save_as(home / "in" / f"f{n}.dcm", enforce_file_format=True)
    assert import_folder(home / "arch", home / "in") == 40
    with Archive.open(home / "arch") as archive:
        report = export(archive, home / "out", study_uid=study, deidentify_profile=True)
    assert report.ok and report.exported == 40, (report.failed, report.refused)
    assert leaks(home / "out", marks) == []
