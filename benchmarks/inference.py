"""M1 pipeline speed: seconds per stage on a 240×240×155 four-channel case (1 mm, BraTS-sized) and on
the demo study, against the bare network's sliding-window time on the same input as the floor
(ratio = pipeline overhead); torch (TorchScript) vs ONNX Runtime on the CPU; CUDA when available.

    nice -n 10 .venv/bin/python benchmarks/inference.py [--threads N] [--skip-demo] [--device auto|cpu|cuda]

Goals on the development CPU: total under 60 s, pipeline total at most 1.3× the bare network.
The machine is shared: compare the ratios, not absolute seconds.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEMO = ROOT / "resources" / "demo" / "tcga_lgg_fg_6692"


def brats_sized_case(seed: int = 7):
    """Four 240×240×155 1 mm axial volumes of a synthetic head (no registration needed, like BraTS)."""
    from inference.pipeline import VolumeIn
    from inference.synthetic.acquire import acquire, centred_grid
    from inference.synthetic.phantom import HeadPhantom

    rng = np.random.default_rng(seed)
    ph = HeadPhantom(rng)
    g = centred_grid(ph.centre, (240, 240, 155), (1.0, 1.0, 1.0))
    imgs = acquire(ph, g, rng)
    return {s: VolumeIn(imgs[n], g.affine) for n, s in enumerate(("T1", "T1c", "T2", "FLAIR"))}


def floor_input(res_image_fn):
    return res_image_fn()


def bare_network(model, image: np.ndarray) -> float:
    from inference.pipeline import sliding_window

    t = time.perf_counter()
    sliding_window(model, image)
    return time.perf_counter() - t


def network_input(volumes, model):
    """The normalised, cropped 1 mm input the pipeline gives the network (recomputed for the floor)."""
    from inference.brainmask import brain_mask
    from inference.pipeline import _bbox
    from inference.preprocess import normalise
    from inference.register import iso_grid, resample_onto, to_sitk

    man = model.manifest
    ref = volumes["T1c"]
    aff, shape = iso_grid(ref.affine, ref.voxels.shape)
    img = np.stack([resample_onto(to_sitk(volumes[s].voxels, volumes[s].affine), aff, shape) for s in man.sequences])
    mask = brain_mask(img[0], device=model.device)
    box = _bbox(mask, 8, mask.shape)
    return normalise(man.normalisation, img[(slice(None),) + box], mask[box])


def run_case(name, volumes, model, onnx_model, register: bool, study_path=None):
    from inference.pipeline import segment_study, segment_volumes

    if study_path is not None:
        import tempfile

        with tempfile.TemporaryDirectory() as out:
            res = segment_study(study_path, out, model=model)
    else:
        res = segment_volumes(volumes, model, register=register)
        res.seconds["total"] = sum(res.seconds.values())
    if volumes is None:
        from inference.dicom_series import load_series, scan_study
        from inference.pipeline import VolumeIn
        from inference.select import choose_sequences

        ch = choose_sequences(scan_study(study_path))
        volumes = {s: VolumeIn(*(lambda v: (v.voxels, v.affine))(load_series(ch[s]))) for s in ch}
    x = network_input(volumes, model)
    floor_ts = bare_network(model, x)
    floor_ox = bare_network(onnx_model, x) if onnx_model is not None else None
    total = res.seconds["total"]
    out = {"case": name, "network_input_shape": list(x.shape), "seconds": {k: round(v, 2) for k, v in res.seconds.items()},
           "bare_network_s": {"torchscript": round(floor_ts, 2),
                              "onnxruntime": round(floor_ox, 2) if floor_ox else None},
           "overhead_ratio": round(total / floor_ts, 2),
           "onnx_vs_torch": round(floor_ox / floor_ts, 2) if floor_ox else None,
           "volumes_ml": res.volumes_ml, "device": model.device}
    print(json.dumps(out, indent=2), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--skip-demo", action="store_true")
    ap.add_argument("--skip-brats", action="store_true")
    a = ap.parse_args()
    import torch

    torch.set_num_threads(a.threads)
    from inference.models.loader import load_model, resolve_device

    dev = resolve_device(a.device)
    model = load_model(None, backend="torchscript", device=dev)
    onnx_model = load_model(None, backend="onnx", device=dev)
    print(f"device {dev}, torch threads {a.threads}, model {model.manifest.name} {model.manifest.version}", flush=True)
    results = []
    if not a.skip_brats:
        results.append(run_case("240x240x155 synthetic, 4 channels, 1 mm", brats_sized_case(), model, onnx_model,
                                register=True))
    if not a.skip_demo and DEMO.is_dir():
        results.append(run_case("demo study TCGA-FG-6692 (26 x 5.5 mm slices)", None, model, onnx_model,
                                register=True, study_path=DEMO))
    if dev == "cpu" and torch.cuda.is_available():
        print("CUDA is available: run again with --device cuda", flush=True)


if __name__ == "__main__":
    main()
