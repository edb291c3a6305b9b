"""The model folder format: a model that is not what its manifest says is refused with a clear error;
TorchScript and ONNX weights of the demo model give the same labels."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from inference.models.loader import load_model
from inference.models.manifest import ChecksumMismatch, ManifestError, MissingModelFile, ShapeMismatch


@pytest.fixture
def model_copy(demo_model_dir, tmp_path):
    dst = tmp_path / "model"
    shutil.copytree(demo_model_dir, dst)
    return dst


def _edit_manifest(folder, change):
    path = folder / "manifest.json"
    m = json.loads(path.read_text())
    change(m)
    path.write_text(json.dumps(m))


def test_demo_manifest_says_what_it_is(demo_model):
    man = demo_model.manifest
    assert man.sequences == ("T1", "T1c", "T2", "FLAIR")
    assert man.labels == {0: "background", 1: "necrosis", 2: "oedema", 3: "enhancing"}
    assert "synthetic" in man.disclaimer and "not for clinical use" in man.disclaimer
    assert demo_model.backend == "onnx"  # the faster one on the CPU
    assert demo_model.summary()["weights_sha256"] == man.weights_for("onnx").sha256


def test_changed_weights_are_refused(model_copy):
    data = bytearray((model_copy / "model.pt").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (model_copy / "model.pt").write_bytes(bytes(data))
    with pytest.raises(ChecksumMismatch, match=r"model\.pt has sha256 .* manifest\.json says"):
        load_model(model_copy, backend="torchscript", device="cpu")
    load_model(model_copy, backend="onnx", device="cpu")  # the untouched ONNX file still loads


def test_missing_weights_file_is_named(model_copy):
    (model_copy / "model.onnx").unlink()
    with pytest.raises(MissingModelFile, match=r"model\.onnx .* is missing"):
        load_model(model_copy, backend="onnx", device="cpu")


def test_missing_manifest_and_unknown_model(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(MissingModelFile, match="no manifest.json"):
        load_model(tmp_path / "empty")
    with pytest.raises(MissingModelFile, match=r"no model 'no_such_model'.*available: .*m1_demo_synthetic"):
        load_model("no_such_model")


def test_manifest_that_does_not_match_the_network(model_copy):
    _edit_manifest(model_copy, lambda m: m["output"].update(labels={"0": "background", "1": "tumour"}))
    with pytest.raises(ShapeMismatch, match=r"output shape \(1, 4, 96, 96, 96\) does not match"):
        load_model(model_copy, backend="onnx", device="cpu")
    _edit_manifest(model_copy, lambda m: m["inputs"].update(sequences=["T1c", "FLAIR"]))
    with pytest.raises(ShapeMismatch, match="does not accept input"):
        load_model(model_copy, backend="onnx", device="cpu")


def test_bad_manifest_fields(model_copy):
    _edit_manifest(model_copy, lambda m: m["inputs"].update(sequences=["T1", "DWI"]))
    with pytest.raises(ManifestError, match="inputs.sequences"):
        load_model(model_copy)
    _edit_manifest(model_copy, lambda m: (m["inputs"].update(sequences=["T1", "T1c", "T2", "FLAIR"]),
                                          m["weights"][0].pop("sha256")))
    with pytest.raises(ManifestError, match="missing field 'sha256'"):
        load_model(model_copy)


def test_torchscript_and_onnx_give_the_same_labels(demo_model_dir, thick_oblique_case):
    from inference.pipeline import sliding_window

    case = thick_oblique_case
    k, j, i = np.argwhere(case["label"] > 0).mean(0).astype(int)
    lo = [max(0, min(c - 48, n - 96)) for c, n in zip((k, j, i), case["label"].shape)]
    crop = case["image"][:, lo[0]:lo[0] + 96, lo[1]:lo[1] + 96, lo[2]:lo[2] + 96]  # one 96^3 window
    p_ts = sliding_window(load_model(demo_model_dir, backend="torchscript", device="cpu"), crop)
    p_ox = sliding_window(load_model(demo_model_dir, backend="onnx", device="cpu"), crop)
    assert (p_ts.argmax(0) > 0).sum() > 1000  # there is a tumour to agree on
    assert np.abs(p_ts - p_ox).max() < 1e-3
    assert (p_ts.argmax(0) == p_ox.argmax(0)).mean() > 0.9999
