"""``cdss-workstation render PATH [--seg SEGFILE] [--slice K | --position MM] [--window W/L] [--size WxH] --out file.png``

Renders a slice of the series under PATH exactly as the viewport shows it (same ``ViewportState`` +
``ViewportRenderer`` code path: patient orientation, radiological convention, labels, corner texts).
``--seg`` draws a DICOM SEG over the slice through the viewport's own overlay layers (``SegOverlay``), as the
AI segmentation panel shows it; its legend (segment, mL) is printed.
Needs an X display like the viewport (Xvfb is fine: ``xvfb-run -a cdss-workstation render ...``).
"""
from __future__ import annotations

import argparse
import re
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("render", help="render a slice of a series to PNG as the viewport shows it")
    p.add_argument("path", help="DICOM file or folder (the largest series found is used)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--slice", type=int, metavar="K", help="slice number as shown on screen (1 = first); default: middle")
    where.add_argument("--position", type=float, metavar="MM", help="slice nearest to this position along the view normal (mm, as 'Loc')")
    p.add_argument("--window", metavar="W/L", help="window width/level, e.g. 80/40 (default: as the viewport opens it)")
    p.add_argument("--plane", choices=["native", "acquired", "axial", "coronal", "sagittal"], default="native",
                   help="display plane (default: the acquisition plane; 'acquired' = 'native')")
    p.add_argument("--normal", metavar="NX,NY,NZ", help="oblique plane with this LPS normal (MPR renderer)")
    p.add_argument("--slab", metavar="MODE:MM", help="thick slab mip|minip|mean of MM mm (MPR renderer)")
    p.add_argument("--size", default="512x512", metavar="WxH", help="image size in pixels (default 512x512)")
    p.add_argument("--series", metavar="UID", help="SeriesInstanceUID to render when PATH holds several")
    p.add_argument("--seg", action="append", metavar="SEGFILE", help="DICOM SEG to draw over the slice (repeatable)")
    p.add_argument("--seg-opacity", type=float, default=0.5, metavar="0..1", help="opacity of the SEG's labels (default 0.5)")
    p.add_argument("--outline", action="store_true", help="draw the SEG's segments as outlines")
    p.add_argument("--out", required=True, help="PNG file to write")
    from workstation.cli.auth_gate import add_login_options

    add_login_options(p)  # --user / --password-stdin when local users exist
    p.set_defaults(func=_render)


def _fail(msg: str) -> int:
    print(f"error: {msg}", file=sys.stderr)
    return 2


def parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text or "")
    if not m or not (16 <= int(m.group(1)) <= 8192 and 16 <= int(m.group(2)) <= 8192):
        raise ValueError(f"--size must be WxH between 16 and 8192, got {text!r}")
    return int(m.group(1)), int(m.group(2))


def parse_window(text: str):
    from viewer.model.windowing import Window

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*/\s*(-?\d+(?:\.\d+)?)\s*", text or "")
    if not m or float(m.group(1)) <= 0:
        raise ValueError(f"--window must be WIDTH/LEVEL with a positive width, e.g. 80/40, got {text!r}")
    return Window(float(m.group(1)), float(m.group(2)))


def _render(args: argparse.Namespace) -> int:
    from pathlib import Path

    try:
        size = parse_size(args.size)
        window = parse_window(args.window) if args.window else None
    except ValueError as exc:
        return _fail(str(exc))
    if not Path(args.path).exists():
        return _fail(f"{args.path}: no such file or folder")
    from workstation.cli.auth_gate import DENIED, gate, inside_archive
    from workstation.reading.roles import Action

    if inside_archive([args.path, *(args.seg or [])]) and gate(args, Action.VIEW_IMAGES, "open_study", "archive files",
                                            detail=f"cli render {args.path}") is None:
        return DENIED
    from viewer.io import LoadCancelled
    from viewer.model.series_stream import SeriesOpenError, stream_series
    from viewer.model.viewport_state import ViewportState

    try:
        result = stream_series([args.path], series_uid=args.series)
    except (SeriesOpenError, LoadCancelled) as exc:
        return _fail(str(exc))
    if args.seg and (args.normal or args.slab):
        return _fail("--seg draws on the viewport's planes; it does not combine with --normal or --slab")
    if args.normal or args.slab:  # MPR part: oblique planes and thick slabs
        from viewer.render.mpr_offscreen import render_cli
        try:
            print(render_cli(result.volume, args.out, args.plane, args.normal, args.slab, size,
                             (window.level, window.width) if window is not None else None))
        except (ValueError, OSError) as exc:
            return _fail(str(exc))
        return 0
    state = ViewportState()
    state.set_volume(result.volume, plane="native" if args.plane == "acquired" else args.plane)
    if args.slice is not None:
        if not 1 <= args.slice <= state.slice_count:
            return _fail(f"--slice must be between 1 and {state.slice_count}")
        state.set_slice(args.slice - 1)
    elif args.position is not None:
        state.go_to_position(args.position)
    if window is not None:
        state.set_window(window)
    legend = []
    if args.seg:
        from workstation.ai_review.render_seg import add_seg_overlays

        try:
            legend = add_seg_overlays(state, args.seg, args.seg_opacity, args.outline)
        except ValueError as exc:
            return _fail(str(exc))
    from viewer.render.offscreen import OffscreenViewport

    view = OffscreenViewport(state, size)
    try:
        out = view.save(args.out)
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc}")
    finally:
        view.close()
    print(f"{out}: slice {state.slice_index + 1}/{state.slice_count} at {state.slice_position_mm():.1f} mm, "
          f"{state.window}, {state.view_name()}")
    for line in legend:
        print(line)
    return 0
