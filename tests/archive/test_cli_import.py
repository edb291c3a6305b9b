"""The real ``cdss-workstation`` command: exit codes, report, list --json, and kill -9 mid-import."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.archive.helpers import copy_with_fresh_uids, dicom_files, sha256
from workstation.archive import Archive

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:pydicom")


def cli(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workstation.cli.main", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, **kw)


def _db_args(archive_dir, database_url) -> list[str]:
    return ["--database", database_url] if database_url else ["--archive", str(archive_dir)]


def run_main(capsys, *args) -> tuple[int, str, str]:
    """The same entry point in-process (fast); argparse usage errors come back as exit code 2."""
    from workstation.cli.main import main

    try:
        rc = main([str(a) for a in args])
    except SystemExit as exc:
        rc = exc.code
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_import_exit_codes_report_and_list_json(archive_dir, database_url, shared_data, tmp_path, capsys,
                                               monkeypatch):
    folder = shared_data / "mr_siemens_trio_mosaic_orientation"
    expected = dicom_files(folder)
    monkeypatch.setenv("CDSS_WORKSTATION_HOME", str(tmp_path / "home"))  # same data folder in and out of process
    env = {**os.environ}
    db = _db_args(archive_dir, database_url)
    ok = cli("import", folder, *db, env=env)  # the real command, in its own process
    assert ok.returncode == 0, ok.stderr
    assert f"imported:           {len(expected)}" in ok.stdout
    rc, out, err = run_main(capsys, "list", *db, "--json")
    assert rc == 0, err
    series = json.loads(out)
    assert sum(s["instances"] for s in series) == len(expected)
    for s in series:
        assert {"patient_id", "study_instance_uid", "series_instance_uid", "modality", "series_description",
                "instances"} <= s.keys()
    rc, out, _err = run_main(capsys, "list", *db)
    assert rc == 0 and "Patient" in out and "Series" in out
    # one corrupt file -> exit 1 with the file and the reason
    bad = tmp_path / "bad"
    bad.mkdir()
    data = sorted(expected)[0].read_bytes()
    (bad / "half.dcm").write_bytes(data[: len(data) // 2])
    rc, out, _err = run_main(capsys, "import", bad, *db, "--quiet")
    assert rc == 1
    assert "FAILED" in out and "half.dcm" in out and "truncated" in out


def test_usage_errors_exit_2_without_traceback(tmp_path, capsys):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert run_main(capsys, "import", tmp_path / "nope", "--archive", tmp_path / "a")[0] == 2
    assert run_main(capsys, "import")[0] == 2
    assert run_main(capsys, "import", folder, "--batch-size", "0")[0] == 2
    rc, _out, err = run_main(capsys, "import", folder, "--database", "mysql+pymysql://u:p@127.0.0.1:1/x")
    assert rc == 2 and "cannot open the archive database" in err and "Traceback" not in err
    assert "u:p@" not in err  # the password is not printed
    rc, _out, err = run_main(capsys, "export", "--study", "1.2.3", "--out", tmp_path / "x", "--archive", tmp_path / "a")
    assert rc == 2 and "nothing in the archive" in err


@pytest.mark.slow
def test_kill_9_mid_import_then_rerun_stores_every_instance_exactly_once(archive_dir, database_url,
                                                                           shared_data, tmp_path):
    sources = sorted(dicom_files(shared_data / "mr_ge_mr750_epi_axial"))
    folder = tmp_path / "usb"
    files = copy_with_fresh_uids(sources, folder, copies=4)
    expected = {f: sha256(f) for f in files}
    db = _db_args(archive_dir, database_url)
    env = {**os.environ, "CDSS_WORKSTATION_HOME": str(tmp_path / "home")}
    store = (archive_dir if not database_url else tmp_path / "home" / "archive") / "store"
    proc = subprocess.Popen([sys.executable, "-m", "workstation.cli.main", "import", str(folder), *db,
                             "--batch-size", "20", "--quiet"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if store.is_dir() and sum(1 for _ in store.rglob("*.dcm")) >= 100:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the import finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored_before = sum(1 for _ in store.rglob("*.dcm"))
    assert 0 < stored_before < len(files)
    rerun = cli("import", folder, *db, "--quiet", env=env)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    a = Archive.open(archive_dir if not database_url else tmp_path / "home" / "archive", database_url)
    try:
        rows = [r for s in a.series() for r in a.instances(s.series_instance_uid)]
        assert len(rows) == len(files) == len({r.sop_instance_uid for r in rows})
        on_disk = sorted(p for p in store.rglob("*.dcm"))
        assert len(on_disk) == len(files)
        assert sorted(a.store.absolute(r.stored_path) for r in rows) == on_disk
        assert sorted(r.content_hash for r in rows) == sorted(expected.values())
        for r in rows:
            assert sha256(a.store.absolute(r.stored_path)) == r.content_hash
        assert sum(s.instances for s in a.series()) == len(files)
        assert not any(a.store.tmp.iterdir())
    finally:
        a.close()


def test_ctrl_c_stops_cleanly_with_a_report(archive_dir, database_url, shared_data, tmp_path):
    folder = tmp_path / "usb"
    files = copy_with_fresh_uids(sorted(dicom_files(shared_data / "mr_ge_mr750_epi_axial")), folder, copies=3)
    db = _db_args(archive_dir, database_url)
    env = {**os.environ, "CDSS_WORKSTATION_HOME": str(tmp_path / "home")}
    store = (archive_dir if not database_url else tmp_path / "home" / "archive") / "store"
    proc = subprocess.Popen([sys.executable, "-m", "workstation.cli.main", "import", str(folder), *db,
                             "--batch-size", "10", "--quiet"], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if store.is_dir() and sum(1 for _ in store.rglob("*.dcm")) >= 30:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the import finished before Ctrl-C"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "CANCELLED" in out and "Traceback" not in err, out + err
    imported = int(next(line.split()[-1] for line in out.splitlines() if line.startswith("imported:")))
    assert 0 < imported < len(files)
    assert sum(1 for _ in store.rglob("*.dcm")) == imported  # nothing half-done left behind


def test_two_processes_importing_the_same_folder_store_each_instance_once(archive_dir, database_url,
                                                                          shared_data, tmp_path):
    folder = tmp_path / "usb"
    files = copy_with_fresh_uids(sorted(dicom_files(shared_data / "mr_ge_mr750_epi_axial")), folder, copies=2)
    db = _db_args(archive_dir, database_url)
    env = {**os.environ, "CDSS_WORKSTATION_HOME": str(tmp_path / "home")}
    Archive.open(archive_dir if not database_url else tmp_path / "home" / "archive", database_url).close()
    procs = [subprocess.Popen([sys.executable, "-m", "workstation.cli.main", "import", str(folder), *db,
                               "--batch-size", "7", "--quiet"], cwd=ROOT, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    counts = [{k.strip(): int(v) for k, v in (line.split(":", 1) for line in out.splitlines()[:2])}
              for out, _err in outs]
    assert sum(c["imported"] for c in counts) == len(files)
    assert all(c["imported"] + c["duplicates"] == len(files) for c in counts)
    a = Archive.open(archive_dir if not database_url else tmp_path / "home" / "archive", database_url)
    try:
        rows = [r for s in a.series() for r in a.instances(s.series_instance_uid)]
        assert len(rows) == len(files) == len(list(a.store.root.rglob("*.dcm")))
        for r in rows:
            assert sha256(a.store.absolute(r.stored_path)) == r.content_hash
        assert a.recovery is not None and not a.recovery.changed
    finally:
        a.close()


def test_export_command_writes_a_deidentified_dicomdir(archive_dir, database_url, shared_data, tmp_path, capsys,
                                                       monkeypatch):
    monkeypatch.setenv("CDSS_WORKSTATION_HOME", str(tmp_path / "home"))
    db = _db_args(archive_dir, database_url)
    src = shared_data / "dicomdir_pydicom_small" / "77654033"
    assert run_main(capsys, "import", src, *db, "--quiet")[0] == 0
    rc, out, _err = run_main(capsys, "list", *db, "--json")
    series = json.loads(out)
    study = series[0]["study_instance_uid"]
    n = sum(s["instances"] for s in series if s["study_instance_uid"] == study)
    rc, out, err = run_main(capsys, "export", "--study", study, "--out", tmp_path / "cd", "--deidentify", *db)
    assert rc == 0, err
    assert f"exported {n} instances" in out and "de-identified" in out
    import pydicom

    ds = pydicom.dcmread(tmp_path / "cd" / "DICOMDIR")
    patients = [r for r in ds.DirectoryRecordSequence if r.DirectoryRecordType == "PATIENT"]
    assert len(patients) == 1 and str(patients[0].PatientName).startswith("ANON^")
    zipped = tmp_path / "study.zip"
    assert run_main(capsys, "export", "--study", study, "--out", zipped, "--zip", *db)[0] == 0
    assert zipped.is_file()
