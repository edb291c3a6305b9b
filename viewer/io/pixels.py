"""Pixel decoding: uncompressed data straight from the file's bytes with numpy, anything else
(JPEG baseline/lossless, JPEG-LS, JPEG 2000, RLE, 1-bit) through pydicom with pylibjpeg.

Values returned here are the *stored* values; the modality LUT is applied by the caller.
"""
from __future__ import annotations

import numpy as np

from .frames import BIG_ENDIAN, DEFLATED, FileInfo


class DecodeError(Exception):
    """A file's pixel data could not be decoded (the message says why)."""


def _fix_bits(arr: np.ndarray, info: FileInfo) -> np.ndarray:
    """Keep only BitsStored bits (unsigned) or sign-extend them (signed)."""
    ba, bs = info.bits_allocated, info.bits_stored
    if bs >= ba or ba not in (8, 16, 32) or arr.dtype.kind not in "iu":
        return arr
    if info.signed:
        shift = ba - bs
        arr = arr.astype(np.dtype(f"i{ba // 8}"), copy=False)
        return (arr << shift) >> shift
    return arr & np.array((1 << bs) - 1, dtype=arr.dtype)


def decode_frames(info: FileInfo, frames: list[int] | None = None) -> np.ndarray:
    """Decoded stored values ``[n, rows, cols]`` for ``frames`` (0-based; None = all).

    May run on a worker thread (reads the file itself; shares no state)."""
    wanted = list(range(info.n_frames)) if frames is None else list(frames)
    try:
        if info.native and info.bits_allocated in (8, 16, 32) and info.pixel_offset is not None:
            dtype = np.dtype(f"{'i' if info.signed else 'u'}{info.bits_allocated // 8}")
            dtype = dtype.newbyteorder(">" if info.transfer_syntax == BIG_ENDIAN else "<")
            fb = info.frame_bytes()
            with info.source.open() as fp:
                contiguous = bool(wanted) and wanted == list(range(wanted[0], wanted[0] + len(wanted)))
                if contiguous:
                    fp.seek(info.pixel_offset + wanted[0] * fb)
                    raw = fp.read(fb * len(wanted))
                    arr = np.frombuffer(raw, dtype=dtype)
                else:
                    fp.seek(info.pixel_offset)
                    raw = fp.read(fb * info.n_frames)
                    arr = np.frombuffer(raw, dtype=dtype).reshape(info.n_frames, -1)[wanted]
            if arr.size != len(wanted) * info.rows * info.cols:
                raise DecodeError("truncated pixel data")
            arr = arr.reshape(len(wanted), info.rows, info.cols)
            if dtype.byteorder == ">":
                arr = arr.astype(dtype.newbyteorder("="))
            return _fix_bits(arr, info)
        import pydicom  # compressed data only: an uncompressed series never imports pydicom here
        import pydicom.pixels

        with info.source.open() as fp:
            if info.transfer_syntax == DEFLATED:  # pixel_array(file) cannot inflate: read it whole
                arr = pydicom.dcmread(fp).pixel_array
                arr = arr[np.newaxis] if info.n_frames == 1 else arr
                arr = arr[[0] * len(wanted)] if info.n_frames == 1 else arr[wanted]
            elif info.n_frames == 1:
                arr = pydicom.pixels.pixel_array(fp)[np.newaxis][[0] * len(wanted)]
            elif len(wanted) == 1:
                arr = pydicom.pixels.pixel_array(fp, index=wanted[0])[np.newaxis]
            else:
                arr = pydicom.pixels.pixel_array(fp)[wanted]
    except DecodeError:
        raise
    except Exception as exc:  # noqa: BLE001 - any decoder failure becomes a reported, skipped file
        detail = " ".join(str(exc).split())
        raise DecodeError(f"cannot decode pixel data ({type(exc).__name__}: {detail})") from None
    if arr.shape[1:] != (info.rows, info.cols):
        raise DecodeError(f"decoded size {arr.shape[1:]} differs from header {info.rows}x{info.cols}")
    return _fix_bits(arr, info)
