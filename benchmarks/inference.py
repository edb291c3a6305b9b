"""M1 pipeline speed: seconds per stage on a 240×240×155 four-channel case (1 mm, BraTS-sized) and on
the demo study, against the bare network's sliding-window time on the very same network input as the
floor (ratio = pipeline total / floor = overhead); TorchScript vs ONNX Runtime on that input; CUDA too
when a GPU is there (``--device cuda``). A second, fairer floor adds the brain-mask network (deepbet on the
same 1 mm T1): both networks are work the pipeline cannot skip; both ratios are printed.

    nice -n 10 .venv/bin/python benchmarks/inference.py [--threads N] [--device auto|cpu|cuda] [--skip-demo]

Goals on the development CPU: total under 60 s, pipeline total at most 1.3× the bare network (issue 18
states it against the M1 network alone). The machine is shared: compare the ratios, not absolute
seconds. The ``cpu_*`` figures (this process' CPU time: pipeline vs bare networks) are much less sensitive
to other work on the machine than the wall-clock ones.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEMO = ROOT / "resources" / "demo" / "tcga_lgg_fg_6692"


def brats_sized_case(seed: int = 7):
    """Four 240×240×155 1 mm axial volumes of a synthetic head (one grid for all, like BraTS)."""
    from inference.pipeline import VolumeIn
    from inference.synthetic.acquire import acquire, centred_grid
    from inference.synthetic.phantom import HeadPhantom

    rng = np.random.default_rng(seed)
    ph = HeadPhantom(rng)
    g = centred_grid(ph.centre, (240, 240, 155), (1.0, 1.0, 1.0))
    imgs = acquire(ph, g, rng)
    return {s: VolumeIn(imgs[n], g.affine) for n, s in enumerate(("T1", "T1c", "T2", "FLAIR"))}


def _timed(fn) -> tuple[float, float]:
    """(wall seconds, this process' CPU seconds) of ``fn()``."""
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def bare_network(model, image: np.ndarray) -> tuple[float, float]:
    from inference.pipeline import sliding_window

    return _timed(lambda: sliding_window(model, image))


def bare_brain_mask(t1: np.ndarray, device: str) -> tuple[float, float]:
    from inference.brainmask import brain_mask

    return _timed(lambda: brain_mask(t1, device="cuda" if device == "cuda" else "cpu"))


def report(name: str, res, model, onnx_model, cpu_s: float) -> dict:
    x = res.network_input
    floor_ts, cpu_ts = bare_network(model, x)
    floor_ox, _ = bare_network(onnx_model, x)
    floor_bet, cpu_bet = bare_brain_mask(res.brain_mask_input, model.device)
    total = res.seconds["total"]
    out = {"case": name, "network_input_shape": list(x.shape), "device": model.device,
           "seconds": {k: round(v, 2) for k, v in res.seconds.items()}, "cpu_s": round(cpu_s, 2),
           "cpu_seconds": {k: round(v, 2) for k, v in res.cpu_seconds.items()},
           "bare_network_s": {"torchscript": round(floor_ts, 2), "onnxruntime": round(floor_ox, 2),
                              "deepbet_brain_mask": round(floor_bet, 2)},
           "overhead_ratio_total_vs_bare": round(total / floor_ts, 2),
           "overhead_ratio_total_vs_bare_m1_plus_deepbet": round(total / (floor_ts + floor_bet), 2),
           "bare_cpu_s": {"torchscript": round(cpu_ts, 2), "deepbet_brain_mask": round(cpu_bet, 2)},
           "cpu_ratio_vs_bare": round(cpu_s / cpu_ts, 2),
           "cpu_ratio_vs_bare_m1_plus_deepbet": round(cpu_s / (cpu_ts + cpu_bet), 2),
           "non_network_cpu_s": round(cpu_s - res.cpu_seconds.get("inference", 0.0)
                                      - res.cpu_seconds.get("brain_mask", 0.0), 2),
           "onnxruntime_vs_torchscript": round(floor_ox / floor_ts, 2),
           "volumes_ml": res.volumes_ml, "brain_mask_ml": round(res.brain_ml, 1)}
    print(json.dumps(out, indent=2), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=1, help="torch / ONNX Runtime threads (default 1)")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--skip-demo", action="store_true")
    ap.add_argument("--skip-brats", action="store_true")
    a = ap.parse_args()
    import torch

    torch.set_num_threads(a.threads)
    from inference.models.loader import load_model, resolve_device
    from inference.pipeline import segment_study, segment_volumes

    dev = resolve_device(a.device)
    model = load_model(None, backend="torchscript", device=dev)
    onnx_model = load_model(None, backend="onnx", device=dev)
    print(f"device {dev}, threads {a.threads}, model {model.manifest.name} {model.manifest.version}", flush=True)
    if not a.skip_brats:
        vols = brats_sized_case()
        c = time.process_time()
        res = segment_volumes(vols, model, keep_input=True)
        cpu = time.process_time() - c
        res.seconds["total"] = sum(res.seconds.values())
        report("240x240x155 x 4 channels, 1 mm (synthetic)", res, model, onnx_model, cpu)
    if not a.skip_demo and DEMO.is_dir():
        with tempfile.TemporaryDirectory() as out:
            c = time.process_time()
            res = segment_study(DEMO, out, model=model, keep_input=True)
            cpu = time.process_time() - c
        report("demo study TCGA-FG-6692 (4 series, 26 x 5.5 mm oblique slices)", res, model, onnx_model, cpu)
    if dev == "cpu" and torch.cuda.is_available():
        print("a CUDA GPU is available: run again with --device cuda", flush=True)


if __name__ == "__main__":
    main()
