"""Refuse an instance whose declared pixel data is absurd before anything is allocated (no Qt, no
numpy): a declared Pixel Data length that does not fit Rows × Columns × Frames × Samples ×
BitsAllocated, or an image bigger than the per-instance limit.

One small function every path that takes DICOM in can call (the loader here; the archive's import and
the C-STORE receiver): :func:`check_pixel_data`. The limit is ``MAX_INSTANCE_BYTES`` (2 GiB), or the
environment variable ``CDSS_MAX_INSTANCE_BYTES`` (bytes) when set, or the ``limit`` argument.
"""
from __future__ import annotations

import os

#: default largest pixel data one instance may declare or decode to (bytes)
MAX_INSTANCE_BYTES = 2 * 1024 ** 3
ENV_LIMIT = "CDSS_MAX_INSTANCE_BYTES"
UNDEFINED_LENGTH = 0xFFFFFFFF


class PixelDataRefused(ValueError):
    """The instance's pixel data is absurd or too big; ``str(exc)`` says why, for a user."""


def instance_limit() -> int:
    """The per-instance limit in bytes: ``CDSS_MAX_INSTANCE_BYTES`` if set to a positive integer, else
    :data:`MAX_INSTANCE_BYTES`."""
    text = os.environ.get(ENV_LIMIT, "").strip()
    if not text:  # the usual case: asked for every file a scan reads
        return MAX_INSTANCE_BYTES
    try:
        value = int(text)
    except ValueError:
        return MAX_INSTANCE_BYTES
    return value if value > 0 else MAX_INSTANCE_BYTES


def _int(value, name: str) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise PixelDataRefused(f"{name} is not a number ({value!r})") from None
    if n < 0:
        raise PixelDataRefused(f"{name} is negative ({n})")
    return n


def expected_pixel_bytes(rows, columns, frames=1, bits_allocated=16, samples=1) -> int:
    """Bytes of uncompressed pixel data the image attributes describe (1-bit images packed)."""
    r, c = _int(rows, "Rows"), _int(columns, "Columns")
    f, b, s = _int(frames or 1, "NumberOfFrames"), _int(bits_allocated, "BitsAllocated"), _int(samples or 1, "SamplesPerPixel")
    if b == 1:
        return (r * c * f * s + 7) // 8
    if b % 8 or b > 64:
        raise PixelDataRefused(f"BitsAllocated {b} is not 1 or a multiple of 8 up to 64")
    return r * c * f * s * (b // 8)


def check_pixel_data(rows, columns, frames=1, bits_allocated=16, samples=1, declared_length: int | None = None,
                     compressed: bool = False, limit: int | None = None) -> int:
    """Check an instance's pixel data before reading or decoding it; return the decoded size in bytes.

    Raises :class:`PixelDataRefused` when the image attributes describe more than ``limit`` bytes
    (default :func:`instance_limit`), when an uncompressed ``declared_length`` is more than the
    attributes need (plus one padding byte; a short one is a truncated file, for the caller to report),
    or when a compressed (encapsulated) ``declared_length`` is itself over the limit."""
    limit = instance_limit() if limit is None else limit
    needed = expected_pixel_bytes(rows, columns, frames, bits_allocated, samples)
    if needed == 0:
        raise PixelDataRefused("empty image matrix (Rows, Columns or NumberOfFrames is 0)")
    if needed > limit:
        raise PixelDataRefused(
            f"image too large: {rows}x{columns}, {frames} frame(s), {bits_allocated} bits need {_size(needed)}, "
            f"over the per-instance limit of {_size(limit)} ({ENV_LIMIT} changes it)")
    if declared_length is not None and declared_length != UNDEFINED_LENGTH:
        if declared_length > limit:
            raise PixelDataRefused(f"Pixel Data declares {_size(declared_length)}, over the per-instance limit "
                                   f"of {_size(limit)} ({ENV_LIMIT} changes it)")
        if not compressed and declared_length > needed + 1 and declared_length > needed * 2:
            raise PixelDataRefused(
                f"Pixel Data declares {declared_length} bytes but {rows}x{columns}, {frames} frame(s), "
                f"{bits_allocated} bits need {needed}: the header does not describe these pixels")
    return needed


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1024 ** 3), ("MiB", 1024 ** 2), ("KiB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"
