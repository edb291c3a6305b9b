"""Export a training checkpoint as a model folder: TorchScript + ONNX weights, manifest, model card.

    python -m inference.training.export_demo /tmp/m1_train/best.pt resources/models/m1_demo_synthetic \
        --log /tmp/m1_train/training_log.jsonl

The manifest records each weights file's sha256; the model card states how the model was trained,
its held-out Dice as measured by the training run, and that it is not for clinical use.
"""
from __future__ import annotations

import argparse
import json
import shutil
import warnings
from pathlib import Path

import torch

from inference.models.loader import sha256_of
from inference.models.manifest import FORMAT
from inference.training.network import demo_network

NAME = "m1_demo_synthetic"
DISCLAIMER = "trained on synthetic data - not for clinical use"
PATCH = (96, 96, 96)
LABELS = {0: "background", 1: "necrosis", 2: "oedema", 3: "enhancing"}


def export(checkpoint: Path, out: Path, log: Path | None, version: str) -> dict:
    state = torch.load(checkpoint, map_location="cpu", weights_only=False)
    net = demo_network().eval()
    net.load_state_dict(state["state_dict"])
    out.mkdir(parents=True, exist_ok=True)
    x = torch.zeros((1, 4) + PATCH)
    with torch.no_grad():
        torch.jit.trace(net, x).save(str(out / "model.pt"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(net, (x,), str(out / "model.onnx"), dynamo=False, opset_version=17,
                              input_names=["image"], output_names=["logits"])
    val = state.get("val", {})
    metrics = {"held_out_dice": {k: round(v, 4) for k, v in val.get("mean", {}).items()},
               "held_out_cases": len(val.get("per_case", [])), "training_iterations": state.get("iteration"),
               "training_minutes": state.get("minutes"), "seed": state.get("seed")}
    manifest = {
        "format": FORMAT, "name": NAME, "version": version,
        "description": "Demo M1 brain-tumour segmentation: MONAI SegResNet (8 initial filters) trained on "
                       "synthetic heads by inference/training/train_demo.py.",
        "disclaimer": DISCLAIMER,
        "inputs": {"sequences": ["T1", "T1c", "T2", "FLAIR"], "spacing_mm": [1.0, 1.0, 1.0],
                   "normalisation": "zscore_in_mask", "brain_mask": "deepbet"},
        "patch_size": list(PATCH), "overlap": 0.25,
        "output": {"mode": "softmax", "labels": {str(k): v for k, v in LABELS.items()}},
        "weights": [{"file": "model.pt", "format": "torchscript", "sha256": sha256_of(out / "model.pt")},
                    {"file": "model.onnx", "format": "onnx", "sha256": sha256_of(out / "model.onnx")}],
        "metrics": metrics,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if log is not None and log.is_file():
        shutil.copyfile(log, out / "training_log.jsonl")
    (out / "MODEL_CARD.md").write_text(model_card(manifest, val), encoding="utf-8")
    return manifest


def _case_line(n: int, p: dict) -> str:
    import numpy as np

    from inference.synthetic.phantom import HeadPhantom
    from inference.training.train_demo import VAL_PROTOCOLS, VAL_SEED

    r = HeadPhantom(np.random.default_rng(VAL_SEED + n)).tumour.radius_mm
    return f"- case {n}: {VAL_PROTOCOLS[n % len(VAL_PROTOCOLS)]}, radius {r:.1f} mm: {p['whole_tumour']:.3f}"


def model_card(manifest: dict, val: dict) -> str:
    m = manifest["metrics"]
    d = m["held_out_dice"]
    rows = "\n".join(f"| {k.replace('_', ' ')} | {v:.3f} |" for k, v in d.items()) or "| (no validation yet) | |"
    per = "\n".join(_case_line(n, p) for n, p in enumerate(val.get("per_case", [])))
    wt = d.get("whole_tumour", 0.0)
    goal = "met" if wt >= 0.8 else "NOT met"
    return f"""# Model card: {manifest['name']} {manifest['version']}

**{DISCLAIMER.upper()}.** This model has never seen a real patient during training. Its output on a real
study is a demonstration of the pipeline, not a finding.

## What it is
- MONAI SegResNet, 8 initial filters (blocks down 1-2-2-4, up 1-1-1), 1.18 M parameters; input four
  channels T1, T1c, T2, FLAIR on a 1 mm grid, brain-masked (deepbet) and z-scored inside the mask;
  output softmax over background, 1 necrosis, 2 oedema, 3 enhancing (BraTS label values).
- Weights: `model.pt` (TorchScript) and `model.onnx` (ONNX opset 17), exported from one checkpoint;
  sha256 of each in `manifest.json`.

## How it was trained
- Script: `inference/training/train_demo.py` (seed {m['seed']}), CPU only, one thread on a shared 2-core
  machine, {m['training_iterations']} iterations of batch 2, 64^3 crops (two thirds centred on tumour),
  DiceCE loss, AdamW, cosine learning rate; {m['training_minutes']} minutes wall time including data
  generation and validation. Log: `training_log.jsonl`.
- Data: synthetic heads generated on the fly by `inference/synthetic/` (scalp, skull, CSF, grey/white
  matter with gyral texture, ventricles, head pose up to 12 degrees) with a tumour: necrotic core,
  enhancing rim, surrounding oedema, or a low-grade FLAIR-bright lesion with at most a small enhancing
  focus; four contrasts with jittered tissue means, smooth bias fields, Rician noise; acquired as thin
  axial, thick (3.5-6.5 mm) oblique 2D series (T1/T1c and T2/FLAIR tilted differently) or a thin T1c with
  thick others, then resampled to 1 mm as the pipeline does.

## Held-out Dice (synthetic)
{m['held_out_cases']} fixed held-out synthetic cases (seeds 10000+, thin, thick oblique and thin-T1c
protocols), never used for training, whole 1 mm volume by sliding window (96^3, overlap 0.25):

| region | mean Dice |
|---|---|
{rows}

Goal of issue 18 (whole-tumour Dice >= 0.8 on held-out synthetic cases): **{goal}** ({wt:.3f}).

Per held-out case (protocol, tumour radius before deformation, whole-tumour Dice):

{per}

Small lesions (radius about 6 mm) are where the model is weakest.
`tests/inference/test_demo_dice.py` checks the whole-tumour Dice again on cases generated at test time.

## Limits
- Synthetic anatomy and contrasts only: real tumours, real scanners and real artefacts were never seen.
- Intended use: exercising and demonstrating the workstation's M1 pipeline (model loading, registration,
  resampling, DICOM SEG in patient coordinates). **Not for clinical use.** A hospital replaces it with its
  own validated model in the same folder format (docs/inference.md).
"""


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--log", type=Path)
    ap.add_argument("--version", default="0.1.0")
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    m = export(a.checkpoint, a.out, a.log, a.version)
    print(json.dumps(m["metrics"], indent=2))


if __name__ == "__main__":
    main()
