"""``cdss-workstation segment PATH --out DIR [--model NAME] [--device auto|cpu|cuda] [--json]``.

Runs the M1 tumour segmentation (inference.pipeline) on the study under PATH: picks T1, T1c, T2 and
FLAIR (``--series T2=<UID or description>`` overrides), writes a BINARY DICOM SEG of the tumour labels
and a FRACTIONAL SEG of the tumour probability into DIR, prints progress on stderr and the per-label
volumes. ``--store`` also imports both SEGs into the local archive. Exit 0 on success, 1 when the study
or model cannot be used (the message says why), 2 on a usage error, 130 when interrupted.
"""
from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path

from workstation.cli.options import add_archive_options


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("segment", help="M1 brain-tumour segmentation of a study's T1/T1c/T2/FLAIR into DICOM SEG")
    p.add_argument("path", type=Path, metavar="PATH", help="folder or file(s) of the study")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the SEG files")
    p.add_argument("--model", default=None, metavar="NAME",
                   help="model folder or name (default m1_demo_synthetic; CDSS_MODELS_PATH adds folders)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    p.add_argument("--backend", choices=("auto", "torchscript", "onnx"), default="auto")
    p.add_argument("--series", action="append", default=[], metavar="SEQ=UID|TEXT",
                   help="choose a sequence's series by UID or description text, e.g. --series FLAIR=flair_tra")
    p.add_argument("--brain-mask", choices=("deepbet", "none"), default=None,
                   help="override the model's brain mask (default: what its manifest says)")
    p.add_argument("--store", action="store_true", help="also import the SEGs into the local archive")
    add_archive_options(p)
    p.add_argument("--json", action="store_true",
                   help='print {"seg", "volumes_ml", "model", "seconds", ...} as JSON on stdout')
    p.set_defaults(func=_run)


def _overrides(items: list[str]) -> dict[str, str] | None:
    out = {}
    for it in items:
        if "=" not in it:
            return None
        k, v = it.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def _progress(stage: str, fraction: float, _last={"": -1}) -> None:
    pct = int(fraction * 100)
    if stage != _last.get("stage") or pct >= _last.get("pct", -1) + 25 or pct == 100:
        print(f"  {stage:<14} {pct:3d}%", file=sys.stderr, flush=True)
        _last.update(stage=stage, pct=pct)


def _run(args: argparse.Namespace) -> int:
    from inference.dicom_series import Cancelled, StudyReadError
    from inference.models.manifest import ModelError
    from inference.pipeline import segment_study
    from inference.select import MissingSequenceError

    overrides = _overrides(args.series)
    if overrides is None:
        print("error: --series takes SEQ=UID or SEQ=TEXT (SEQ one of T1, T1c, T2, FLAIR)", file=sys.stderr)
        return 2
    if not args.path.exists():
        print(f"error: no such file or folder: {args.path}", file=sys.stderr)
        return 2
    cancel = threading.Event()
    print(f"segmenting {args.path} ...", file=sys.stderr)
    try:
        from inference.models.loader import find_model
        from inference.models.manifest import read_manifest

        man = read_manifest(find_model(args.model))
        if man.disclaimer:
            print(f"model {man.name} {man.version}: {man.disclaimer.upper()}", file=sys.stderr)
        res = segment_study(args.path, args.out, model=str(man.folder), device=args.device, backend=args.backend,
                            overrides=overrides, brain_mask=args.brain_mask, progress=_progress, cancel=cancel)
    except KeyboardInterrupt:
        cancel.set()
        print("interrupted; nothing written", file=sys.stderr)
        return 130
    except Cancelled:
        print("cancelled; nothing written", file=sys.stderr)
        return 130
    except (ModelError, MissingSequenceError, StudyReadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.store:
        code = _store(args, [res.seg, res.probability_seg])
        if code:
            return code
    if args.json:
        print(json.dumps(res.to_json(), indent=2))
    else:
        print(f"SEG (labels):      {res.seg}")
        print(f"SEG (probability): {res.probability_seg}")
        for name, ml in res.volumes_ml.items():
            print(f"  {name:<10} {ml:9.2f} mL")
        print(f"brain mask {res.brain_ml:.0f} mL; total {res.seconds.get('total', 0):.1f} s")
        for w in res.warnings:
            print(f"warning: {w}")
        if man.disclaimer:
            print(f"NOTE: {man.name} is {man.disclaimer}.")
    return 0


def _store(args: argparse.Namespace, paths) -> int:
    from workstation.cli.cmd_import import open_archive
    from workstation.importer.job import run_import

    archive = open_archive(args)
    if archive is None:
        return 2
    report = run_import(archive, paths)
    print(f"stored in the archive: {report.imported} new, {report.duplicates} already there", file=sys.stderr)
    return 0 if report.ok else 1
