"""Open a series progressively: the middle image first, then the whole volume. No Qt.

``stream_series`` runs on a worker thread; its callbacks are called from that thread.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from viewer.geometry.volume import Volume


class SeriesOpenError(Exception):
    """The files hold no displayable image (message says why, for the user)."""


@dataclass
class StreamResult:
    volume: Volume
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def placeholder_volume(stack, first: np.ndarray | None = None, k: int | None = None) -> Volume:
    """A volume with the stack's geometry and metadata whose voxels are the background except slice
    ``k`` (filled with ``first``): lets the viewport show the first decoded image at once. May run on
    a worker thread."""
    from viewer.io.metadata import metadata_of, window_of

    ni, nj, nk = (int(v) for v in stack.shape[:3])
    dtype = first.dtype if first is not None else np.int16
    fill = first.min() if first is not None and first.size else 0
    vox = np.full((nk, nj, ni), fill, dtype=dtype)
    if first is not None and k is not None and first.shape == (nj, ni):
        vox[k] = first
    header = stack.header
    return Volume(voxels=vox, spacing=stack.spacing, origin=stack.origin, direction=stack.direction,
                  modality=stack.modality, window=window_of(header), study_instance_uid=stack.study_instance_uid,
                  series_instance_uid=stack.series_instance_uid, frame_of_reference_uid=stack.frame_of_reference_uid,
                  metadata=metadata_of(header), monochrome1=str(header.get("PhotometricInterpretation", "")) == "MONOCHROME1")


def preview_volume(path) -> Volume | None:
    """A one-image volume from a single file (None if it is not a displayable image). May run on a
    worker thread."""
    from viewer.io import load_path

    try:
        result = load_path([path])
    except Exception:  # noqa: BLE001 - no preview; the full scan reports real problems
        return None
    return result.volumes[0] if result.volumes else None


def stream_series(paths, on_first: Callable[[Volume], None] | None = None,
                  on_progress: Callable[[int, int], None] | None = None,
                  cancel: threading.Event | None = None, series_uid: str | None = None,
                  preview_file=None) -> StreamResult:
    """Scan ``paths``, pick the stack of ``series_uid`` (else the largest), call ``on_first`` with a
    first image, then decode everything. May run on a worker thread. Raises ``SeriesOpenError`` (no
    image) or ``viewer.io.LoadCancelled``.

    The first image is ``preview_file`` alone when given (e.g. the archive's middle instance: shown
    before the header scan of every file, which is most of the load time), else a placeholder with
    the series' full geometry holding the decoded middle image."""
    from viewer.io import DecodeError, scan

    if on_first is not None and preview_file is not None:
        preview = preview_volume(preview_file)
        if preview is not None:
            on_first(preview)
            on_first = None
    sr = scan(paths)
    stacks = [s for s in sr.stacks if not series_uid or s.series_instance_uid == series_uid] or sr.stacks
    skipped = [f"{s.file}: {s.reason}" for s in sr.skipped]
    if not stacks:
        reasons = "; ".join(skipped[:3]) or "no DICOM image found"
        raise SeriesOpenError(f"nothing to display: {reasons}")
    stack = max(stacks, key=lambda s: s.n_files)
    if on_first is not None:
        k = int(stack.shape[2]) // 2
        first = None
        if not stack.resampled:
            try:
                first = stack.load_slice(k)
            except DecodeError:
                first = None
        if cancel is not None and cancel.is_set():
            from viewer.io import LoadCancelled

            raise LoadCancelled()
        on_first(placeholder_volume(stack, first, k))
    try:
        volume = stack.load(progress=on_progress, cancel=cancel)
    except DecodeError as exc:
        raise SeriesOpenError(str(exc)) from exc
    return StreamResult(volume=volume, warnings=list(volume.warnings), skipped=skipped)
