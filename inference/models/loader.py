"""Load a model folder (manifest + TorchScript or ONNX weights) into a callable predictor.

``load_model(folder, backend="auto", device="auto")`` checks the manifest, the weights file's presence
and sha256, then runs the network once on a zero patch to check the output shape, so a wrong model
fails at load time with a clear message rather than mid-study.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from .manifest import (ChecksumMismatch, Manifest, MissingModelFile, ModelError, ShapeMismatch, WeightsFile,
                       read_manifest)

#: folders searched for a model given by name (``CDSS_MODELS_PATH`` first, ``os.pathsep``-separated)
BUILTIN_MODELS = Path(__file__).resolve().parents[2] / "resources" / "models"
DEFAULT_MODEL = "m1_demo_synthetic"


def model_search_path() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("CDSS_MODELS_PATH", "").split(os.pathsep) if p]
    return extra + [BUILTIN_MODELS]


def find_model(name_or_path: str | os.PathLike | None) -> Path:
    """A model folder from a path, or from a name looked up in :func:`model_search_path`."""
    name = str(name_or_path or DEFAULT_MODEL)
    p = Path(name)
    if p.is_dir():
        return p
    for root in model_search_path():
        if (root / name).is_dir():
            return root / name
    known = sorted({q.name for root in model_search_path() if root.is_dir() for q in root.iterdir()
                    if (q / "manifest.json").is_file()})
    raise MissingModelFile(f"no model {name!r} (searched {', '.join(map(str, model_search_path()))}; "
                           f"available: {', '.join(known) or 'none'})")


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def resolve_device(device: str = "auto") -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ModelError("--device cuda asked for, but torch sees no CUDA GPU (use --device auto or cpu)")
    if device not in ("cpu", "cuda"):
        raise ModelError(f"unknown device {device!r} (auto, cpu or cuda)")
    return device


@dataclass
class LoadedModel:
    manifest: Manifest
    weights: WeightsFile
    backend: str  # "torchscript" | "onnx"
    device: str  # "cpu" | "cuda"
    predict: Callable  # torch tensor (B, C, *patch) -> torch tensor (B, N, *patch) logits

    def summary(self) -> dict:
        return {**self.manifest.summary(), "backend": self.backend, "device": self.device,
                "weights_sha256": self.weights.sha256}


def _verified(man: Manifest, w: WeightsFile) -> Path:
    return verified_file(man.folder / w.file, w.sha256, f"model {man.name!r}", listed_in="manifest.json")


def verified_file(path: Path, sha256: str, what: str, listed_in: str = "") -> Path:
    """``path`` when it exists and has the ``sha256`` it should (as ``listed_in`` says, e.g. a model's
    manifest.json; else the pinned value); otherwise a clear ``MissingModelFile`` or ``ChecksumMismatch`` naming
    ``what`` (a model folder's weights, a third-party network's)."""
    if not path.is_file():
        where = f" listed in {listed_in}" if listed_in else ""
        raise MissingModelFile(f"{what}: weights file {path.name}{where} is missing from {path.parent}")
    got = sha256_of(path)
    if got != sha256:
        says = f"{listed_in} says" if listed_in else "expected"
        raise ChecksumMismatch(f"{what}: {path.name} has sha256 {got}, {says} {sha256}; "
                               "the weights were changed or damaged, refusing to run them")
    return path


def torchscript_module(path: Path, device: str):
    """A TorchScript network (checked by the caller) on ``device``, in inference mode."""
    import torch

    return torch.jit.load(str(path), map_location=device).eval()


def _torchscript(path: Path, device: str):
    import torch

    net = torchscript_module(path, device)

    def predict(x):
        with torch.no_grad():
            return net(x.to(device))
    return predict


def _onnx(path: Path, device: str):
    import onnxruntime as ort
    import torch

    providers = ["CPUExecutionProvider"]
    if device == "cuda" and "CUDAExecutionProvider" in ort.get_available_providers():
        providers.insert(0, "CUDAExecutionProvider")
    opts = ort.SessionOptions()
    threads = torch.get_num_threads()
    opts.intra_op_num_threads = threads
    sess = ort.InferenceSession(str(path), opts, providers=providers)
    name = sess.get_inputs()[0].name

    def predict(x):
        out = sess.run(None, {name: np.ascontiguousarray(x.detach().cpu().numpy(), np.float32)})[0]
        return torch.from_numpy(out).to(x.device)
    return predict


def load_model(folder_or_name: str | os.PathLike | None = None, backend: str = "auto",
               device: str = "auto") -> LoadedModel:
    """Load and check a model. ``backend``: auto (on the CPU ONNX if listed, else TorchScript; on CUDA the
    other way round), torchscript, onnx."""
    import torch

    man = read_manifest(find_model(folder_or_name))
    dev = resolve_device(device)
    if backend == "auto":  # ONNX Runtime ran the demo network in ~0.7x TorchScript's time on the CPU
        order = ("onnx", "torchscript") if dev == "cpu" else ("torchscript", "onnx")
        w = man.weights_for(order[0]) or man.weights_for(order[1])
    else:
        w = man.weights_for(backend)
        if w is None:
            raise MissingModelFile(f"model {man.name!r} has no {backend} weights "
                                   f"(it lists: {', '.join(x.format for x in man.weights)})")
    path = _verified(man, w)
    try:
        predict = _torchscript(path, dev) if w.format == "torchscript" else _onnx(path, dev)
    except Exception as e:  # a corrupt file with a matching checksum (manifest written over bad weights)
        raise ModelError(f"model {man.name!r}: {w.file} could not be loaded as {w.format}: {e}") from e
    x = torch.zeros((1, len(man.sequences)) + man.patch_size, device=dev)
    try:
        y = predict(x)
    except Exception as e:
        raise ShapeMismatch(f"model {man.name!r}: the network does not accept input {tuple(x.shape)} "
                            f"({len(man.sequences)} sequences {list(man.sequences)}, patch {list(man.patch_size)}): "
                            f"{str(e).splitlines()[0] if str(e) else type(e).__name__}") from e
    want = (1, man.n_outputs) + man.patch_size
    if tuple(y.shape) != want:
        raise ShapeMismatch(f"model {man.name!r}: output shape {tuple(y.shape)} does not match the manifest "
                            f"({want}: {man.n_outputs} labels {man.labels})")
    return LoadedModel(man, w, w.format, dev, predict)
