"""Train the demo M1 model (MONAI SegResNet, 8 initial filters) on synthetic cases. Seeded, CPU.

    nice -n 5 python -m inference.training.train_demo --out /tmp/m1_train --minutes 80 --seed 0

Continue from earlier weights (a state-dict checkpoint or a committed TorchScript ``model.pt``) with a fresh
learning-rate schedule, more small lesions and more thin acquisitions:

    python -m inference.training.train_demo --out /tmp/m1_train2 --minutes 75 --seed 1 --threads 1 \
        --init-from resources/models/m1_demo_synthetic/model.pt --lr 6e-4 --small-lesions 0.4 \
        --protocol-p 0.4 0.35 0.25 --initial-pool 8 --pool 30 --refresh-every 20 --validate-minutes 14

(That is how demo model 0.2.0 was made, from 0.1.0's ``model.pt``, which git keeps:
``git show 1218c32:resources/models/m1_demo_synthetic/model.pt > /tmp/m1_0.1.0.pt``.)

Writes into ``--out``: ``last.pt`` / ``best.pt`` (state dicts, replaced atomically at each
validation), ``training_log.jsonl`` (one JSON object per logged step and per validation) and
``training.log`` (the same, readable). A partial run therefore always leaves usable weights.
Validation: fixed, seeded held-out cases (thin, thick oblique and thin-T1c protocols) never used for
training; whole-tumour / tumour-core / enhancing Dice on the full 1 mm volume by sliding window.
CI never trains; the committed weights come from two runs of this script (see the model card).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import time
from pathlib import Path

import numpy as np
import torch

from inference.training.cases import make_case
from inference.training.metrics import brats_dice
from inference.training.network import demo_network, predict_labels

VAL_PROTOCOLS = ("thin", "thick_oblique", "thick_oblique", "thin_t1c", "thick_oblique", "thin")
VAL_SEED = 10_000  # validation cases: seeds VAL_SEED + n; training cases draw from the run's seed


def _crop(case: dict, size: int, rng: np.random.Generator, p_tumour: float = 0.67):
    img, lab = case["image"], case["label"]
    shp = np.array(lab.shape)
    pool = np.argwhere(lab > 0) if rng.random() < p_tumour else None
    if pool is None or len(pool) == 0:
        pool = np.argwhere(case["mask"][::4, ::4, ::4]) * 4
    c = pool[rng.integers(len(pool))] + rng.integers(-size // 4, size // 4 + 1, 3)
    lo = np.clip(c - size // 2, 0, np.maximum(shp - size, 0))
    sl = tuple(slice(int(a), int(a) + size) for a in lo)
    x = img[(slice(None),) + sl].astype(np.float32)
    y = lab[sl].astype(np.int64)
    pad = [(0, size - n) for n in y.shape]
    if any(p[1] for p in pad):
        x = np.pad(x, [(0, 0)] + pad)
        y = np.pad(y, pad)
    if rng.random() < 0.5:  # left-right mirror: anatomy is roughly symmetric
        x, y = x[..., ::-1], y[..., ::-1]
    scale = rng.uniform(0.9, 1.1, (4, 1, 1, 1)).astype(np.float32)
    shift = rng.uniform(-0.1, 0.1, (4, 1, 1, 1)).astype(np.float32)
    x = np.where(x != 0, x * scale + shift, 0.0)
    return np.ascontiguousarray(x, np.float32), np.ascontiguousarray(y)


def load_initial_weights(net: torch.nn.Module, path: Path) -> None:
    """Load ``path`` into ``net``: a training checkpoint (``{"state_dict": ...}``) or a TorchScript file."""
    try:
        state = torch.jit.load(str(path), map_location="cpu").state_dict()
    except RuntimeError:
        state = torch.load(path, map_location="cpu", weights_only=False)
        state = state.get("state_dict", state)
    net.load_state_dict(state, strict=True)


def draw_case(rng: np.random.Generator, small_lesions: float, protocol_p) -> dict:
    """One training case; a fraction ``small_lesions`` of them with a small tumour (radius 5-10 mm)."""
    from inference.training.cases import PROTOCOLS

    radius = float(rng.uniform(5.0, 10.0)) if small_lesions > 0 and rng.random() < small_lesions else None
    protocol = str(rng.choice(PROTOCOLS, p=np.asarray(protocol_p) / np.sum(protocol_p)))
    return _compact(make_case(rng, protocol, tumour_radius_mm=radius))


def _save(obj, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


class Log:
    def __init__(self, out: Path):
        self.jsonl = open(out / "training_log.jsonl", "a", buffering=1)
        self.text = open(out / "training.log", "a", buffering=1)

    def __call__(self, **rec) -> None:
        rec["time"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self.jsonl.write(json.dumps(rec) + "\n")
        self.text.write(" ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in rec.items()) + "\n")


def validate(net, cases, roi: int) -> dict:
    net.eval()
    per = []
    with torch.no_grad():
        for c in cases:
            pred = predict_labels(net, c["image"], roi=roi)
            per.append(brats_dice(pred, c["label"]))
    net.train()
    mean = {k: float(np.mean([p[k] for p in per])) for k in per[0]}
    return {"mean": mean, "per_case": per}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--minutes", type=float, default=80.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--crop", type=int, default=64)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--pool", type=int, default=36, help="cases kept in memory")
    ap.add_argument("--initial-pool", type=int, default=10)
    ap.add_argument("--refresh-every", type=int, default=25, help="iterations between new cases")
    ap.add_argument("--validate-minutes", type=float, default=10.0)
    ap.add_argument("--val-cases", type=int, default=len(VAL_PROTOCOLS))
    ap.add_argument("--roi", type=int, default=96, help="sliding-window size at validation")
    ap.add_argument("--init-from", type=Path, help="start from these weights (checkpoint or TorchScript)")
    ap.add_argument("--small-lesions", type=float, default=0.0,
                    help="fraction of training cases with a small tumour (radius 5-10 mm)")
    ap.add_argument("--protocol-p", type=float, nargs=3, default=(0.3, 0.45, 0.25),
                    help="probabilities of the thin, thick oblique and thin-T1c protocols")
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    log = Log(a.out)
    t0 = time.time()
    log(event="start", seed=a.seed, minutes=a.minutes, crop=a.crop, batch=a.batch, lr=a.lr, threads=a.threads,
        torch=torch.__version__,
        init_from=str(a.init_from or ""), small_lesions=a.small_lesions, protocol_p=list(a.protocol_p))
    val = [make_case(np.random.default_rng(VAL_SEED + n), VAL_PROTOCOLS[n % len(VAL_PROTOCOLS)])
           for n in range(a.val_cases)]
    pool = [draw_case(rng, a.small_lesions, a.protocol_p) for _ in range(a.initial_pool)]
    log(event="data_ready", seconds=round(time.time() - t0, 1), val_cases=len(val), pool=len(pool))
    net = demo_network()
    if a.init_from:
        load_initial_weights(net, a.init_from)
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-5)
    from monai.losses import DiceCELoss

    loss_fn = DiceCELoss(to_onehot_y=True, softmax=True)
    budget = a.minutes * 60.0
    it, best, last_val, losses = 0, -1.0, time.time(), []
    while True:
        frac = (time.time() - t0) / budget
        if frac >= 1.0:
            break
        for g in opt.param_groups:
            g["lr"] = a.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0))))
        batch = [_crop(pool[rng.integers(len(pool))], a.crop, rng) for _ in range(a.batch)]
        x = torch.from_numpy(np.stack([b[0] for b in batch]))
        y = torch.from_numpy(np.stack([b[1] for b in batch]))[:, None]
        loss = loss_fn(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        it += 1
        if it % 25 == 0:
            log(event="train", iteration=it, loss=float(np.mean(losses)), lr=opt.param_groups[0]["lr"],
                minutes=round((time.time() - t0) / 60, 2), pool=len(pool))
            losses = []
        if it % a.refresh_every == 0:
            new = draw_case(rng, a.small_lesions, a.protocol_p)
            if len(pool) < a.pool:
                pool.append(new)
            else:
                pool[rng.integers(len(pool))] = new
        if time.time() - last_val > a.validate_minutes * 60:
            best = _checkpoint(net, val, a, it, t0, best, log)
            last_val = time.time()
    _checkpoint(net, val, a, it, t0, best, log)
    log(event="done", iterations=it, minutes=round((time.time() - t0) / 60, 2))


def _compact(case: dict) -> dict:
    return {"image": case["image"].astype(np.float16), "label": case["label"], "mask": case["mask"]}


def _checkpoint(net, val, a, it, t0, best, log) -> float:
    res = validate(net, val, a.roi)
    state = {"state_dict": net.state_dict(), "iteration": it, "val": res, "seed": a.seed,
             "minutes": round((time.time() - t0) / 60, 2)}
    _save(state, a.out / "last.pt")
    wt = res["mean"]["whole_tumour"]
    if wt > best:
        best = wt
        _save(state, a.out / "best.pt")
    log(event="validate", iteration=it, minutes=state["minutes"], best_whole_tumour=best,
        **{f"dice_{k}": v for k, v in res["mean"].items()},
        per_case_wt=[round(p["whole_tumour"], 3) for p in res["per_case"]])
    return best


if __name__ == "__main__":
    main()
