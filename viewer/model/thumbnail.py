"""Series thumbnails: one slice turned to patient orientation, windowed to 8 bits, shrunk. Numpy only."""
from __future__ import annotations

import numpy as np

from viewer.geometry.planes import plane_basis
from viewer.model.windowing import Window, auto_window, gray_of  # noqa: F401  (gray_of documents the ramp)


def orient_slice(slice_ji: np.ndarray, direction) -> np.ndarray:
    """Turn a stored ``[j, i]`` slice so rows run screen-down and columns screen-right in the
    radiological convention (nearest quarter-turn/flip; exact for non-oblique series)."""
    d = np.asarray(direction, float).reshape(3, 3)
    b = plane_basis(d)
    img = slice_ji
    ri, rj = float(d[:, 0] @ b.right), float(d[:, 1] @ b.right)
    if abs(rj) > abs(ri):  # stored columns run down the screen: transpose
        img = img.T
        d = d[:, [1, 0, 2]]
        ri = float(d[:, 0] @ b.right)
    if ri < 0:
        img = img[:, ::-1]
    if float(d[:, 1] @ b.down) < 0:
        img = img[::-1, :]
    return img


def thumbnail(slice_ji: np.ndarray, direction, size: int = 96, window: Window | None = None) -> np.ndarray:
    """An ``(h, w)`` uint8 thumbnail (longest side ``size``) of a stored slice, patient-oriented."""
    img = orient_slice(np.asarray(slice_ji), direction).astype(np.float32)
    w = window or auto_window(img)
    g = np.clip((img - w.low) / w.width, 0.0, 1.0)
    h0, w0 = g.shape
    scale = size / max(h0, w0)
    h1, w1 = max(1, round(h0 * scale)), max(1, round(w0 * scale))
    rows = np.minimum((np.arange(h1) / scale).astype(int), h0 - 1)
    cols = np.minimum((np.arange(w1) / scale).astype(int), w0 - 1)
    return np.ascontiguousarray((g[rows][:, cols] * 255).astype(np.uint8))


def series_thumbnail(paths, size: int = 96) -> np.ndarray | None:
    """Thumbnail of the middle image of the largest stack in ``paths`` (None if none decodes).
    May run on a worker thread."""
    from viewer.io import DecodeError, scan

    stacks = scan(paths).stacks
    if not stacks:
        return None
    st = max(stacks, key=lambda s: s.n_files)
    try:
        sl = st.load_slice(int(st.shape[2]) // 2)
    except DecodeError:
        return None
    return thumbnail(sl, st.direction, size, window=_series_window(st))


def _series_window(stack) -> Window | None:
    """The window the viewport opens the series with: file VOI, else CT brain, else automatic."""
    from viewer.io.metadata import window_of

    voi = window_of(stack.header)
    if voi:
        return Window(width=float(voi[1]), level=float(voi[0]))
    return Window(80, 40) if stack.modality.upper() == "CT" else None
