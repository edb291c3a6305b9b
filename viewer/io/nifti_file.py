"""Write a NIfTI-1 file (``.nii`` or ``.nii.gz``) straight from a C-ordered ``[t,] k, j, i`` array: the
352-byte header (sform and qform = the RAS+ affine, as nibabel and dcm2niix write them) followed by the
voxel bytes, which are already in NIfTI's order (i fastest). No nibabel import: ``convert`` starts in a
fraction of the time (issue 22); nibabel reads these files back in the tests.

``.nii.gz`` is compressed in blocks on threads (zlib releases the GIL) at a fast level, each block a
gzip member of its own: a multi-member gzip stream, which gzip, zlib's ``gzread``, nibabel, ITK, FSL
and dcm2niix all read as one file.
"""
from __future__ import annotations

import math
import os
import struct
import zlib
from pathlib import Path

import numpy as np

#: numpy dtype -> (NIfTI datatype code, bitpix)
DATATYPES = {
    np.dtype(np.uint8): (2, 8), np.dtype(np.int16): (4, 16), np.dtype(np.int32): (8, 32),
    np.dtype(np.float32): (16, 32), np.dtype(np.float64): (64, 64), np.dtype(np.int8): (256, 8),
    np.dtype(np.uint16): (512, 16), np.dtype(np.uint32): (768, 32), np.dtype(np.int64): (1024, 64),
    np.dtype(np.uint64): (1280, 64),
}
HEADER = struct.Struct("<i10s18sihcb8hfffhhhh8ffffhcbffffii80s24shh6f4f4f4f16s4s")
assert HEADER.size == 348
XYZT_MM_SEC = 2 | 8
GZIP_LEVEL = 1  # fast: a brain volume compresses about as well at 1 as at 6, several times sooner
BLOCK_BYTES = 4 * 1024 * 1024


def quaternion(affine: np.ndarray) -> tuple[tuple[float, float, float], float, np.ndarray]:
    """``((b, c, d), qfac, zooms)`` of the 4x4 ``affine``'s rotation, as NIfTI's qform stores it
    (nifti1_io ``nifti_mat44_to_quatern``; a non-orthogonal matrix is replaced by its nearest rotation,
    as nibabel does)."""
    m = np.asarray(affine, float)[:3, :3]
    zooms = np.sqrt((m ** 2).sum(axis=0))
    zooms[zooms == 0] = 1.0
    r = m / zooms
    qfac = 1.0
    if np.linalg.det(r) < 0:
        qfac = -1.0
        r[:, 2] = -r[:, 2]
    if not np.allclose(r @ r.T, np.eye(3), atol=1e-6):
        u, _s, vt = np.linalg.svd(r)
        r = u @ vt
    r11, r12, r13 = r[0]
    r21, r22, r23 = r[1]
    r31, r32, r33 = r[2]
    a = r11 + r22 + r33 + 1.0
    if a > 0.5:
        a = 0.5 * math.sqrt(a)
        b, c, d = 0.25 * (r32 - r23) / a, 0.25 * (r13 - r31) / a, 0.25 * (r21 - r12) / a
    else:
        xd, yd, zd = 1.0 + r11 - (r22 + r33), 1.0 + r22 - (r11 + r33), 1.0 + r33 - (r11 + r22)
        if xd > 1.0:
            b = 0.5 * math.sqrt(xd)
            c, d, a = 0.25 * (r12 + r21) / b, 0.25 * (r13 + r31) / b, 0.25 * (r32 - r23) / b
        elif yd > 1.0:
            c = 0.5 * math.sqrt(yd)
            b, d, a = 0.25 * (r12 + r21) / c, 0.25 * (r23 + r32) / c, 0.25 * (r13 - r31) / c
        else:
            d = 0.5 * math.sqrt(zd)
            b, c, a = 0.25 * (r13 + r31) / d, 0.25 * (r23 + r32) / d, 0.25 * (r21 - r12) / d
        if a < 0.0:
            a, b, c, d = -a, -b, -c, -d
    return (float(b), float(c), float(d)), qfac, zooms


def header_bytes(shape_ijk: tuple[int, ...], dtype: np.dtype, affine_ras: np.ndarray, time_step_s: float = 1.0,
                 descrip: str = "") -> bytes:
    """The 348-byte NIfTI-1 header plus the 4-byte (empty) extension flag of a single ``.nii`` file."""
    dtype = np.dtype(dtype).newbyteorder("=")
    if dtype not in DATATYPES:
        raise ValueError(f"no NIfTI-1 datatype for {dtype}")
    code, bitpix = DATATYPES[dtype]
    dims = [len(shape_ijk), *shape_ijk] + [1] * (7 - len(shape_ijk))
    (qb, qc, qd), qfac, zooms = quaternion(affine_ras)
    pixdim = [qfac, *zooms, time_step_s if len(shape_ijk) > 3 else 1.0, 1.0, 1.0, 1.0][:8]
    a = np.asarray(affine_ras, float)
    fields = (
        348, b"", b"", 0, 0, b"r", 0,
        *dims,
        0.0, 0.0, 0.0, 0, code, bitpix, 0,
        *pixdim,
        352.0, 1.0, 0.0, 0, b"\0", XYZT_MM_SEC, 0.0, 0.0, 0.0, 0.0, 0, 0,
        descrip.encode("ascii", "replace")[:79], b"",
        1, 1,  # qform_code, sform_code: scanner anatomical
        qb, qc, qd, *a[:3, 3],
        *a[0], *a[1], *a[2],
        b"", b"n+1\0",
    )
    return HEADER.pack(*fields) + b"\0\0\0\0"


def _gzip_member(block: bytes) -> bytes:
    z = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)  # wbits 31: a gzip member with header and CRC
    return z.compress(block) + z.flush()


def write_nifti1(path: str | Path, voxels_kji: np.ndarray, affine_ras: np.ndarray, time_step_s: float = 1.0,
                 descrip: str = "", threads: int | None = None) -> Path:
    """Write ``voxels_kji`` (``[k, j, i]`` or ``[t, k, j, i]``) as NIfTI-1 at ``path``; gzip when the name
    ends in ``.gz``. May run on a worker thread."""
    path = Path(path)
    data = np.ascontiguousarray(voxels_kji)
    if data.dtype.byteorder == ">" or (data.dtype.byteorder == "=" and not np.little_endian):
        data = data.astype(data.dtype.newbyteorder("<"))
    shape_ijk = tuple(int(v) for v in data.shape[::-1])
    head = header_bytes(shape_ijk, data.dtype, affine_ras, time_step_s, descrip)
    body = memoryview(data.reshape(-1).view(np.uint8))
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fp:
        if path.suffix != ".gz":
            fp.write(head)
            fp.write(body)
        else:
            blocks = [head] + [body[i:i + BLOCK_BYTES] for i in range(0, len(body), BLOCK_BYTES)]
            first = bytes(head) + bytes(blocks[1]) if len(blocks) > 1 else bytes(head)
            rest = blocks[2:]
            from concurrent.futures import ThreadPoolExecutor  # .nii.gz only

            workers = threads or min(4, os.cpu_count() or 1)
            with ThreadPoolExecutor(workers) as pool:
                for member in pool.map(_gzip_member, [first, *rest]):
                    fp.write(member)
    os.replace(tmp, path)
    return path
