"""``Stack``: one volume's worth of files found by a scan, with its geometry known before any pixel
is decoded. ``load()`` decodes the pixels into a :class:`~viewer.geometry.volume.Volume`."""
from __future__ import annotations

import os
import threading
from typing import Callable

import numpy as np

from viewer.geometry.orientation import plane_name
from viewer.geometry.volume import Volume

from .frames import FileInfo, Frame
from .metadata import metadata_of, window_of
from .mosaic import split_mosaic
from .pixels import DecodeError, decode_frames
from .resample import resample_stack
from .stacking import Geometry


class LoadCancelled(Exception):
    """``Stack.load`` stopped because its cancel event was set."""


class Stack:
    """Sorted slices of one series with one orientation and matrix size (3D or 4D).

    ``slices[t][k]`` are the frames; ``geometry`` the grid ``load()`` returns."""

    def __init__(self, slices: list[list[Frame]], geometry: Geometry, warnings: list[str]):
        self.slices = slices
        self.geometry = geometry
        self.warnings = list(geometry.warnings) + list(warnings)
        first = slices[0][0]
        ds = first.file.header
        self.header = ds
        self.series_instance_uid = str(ds.get("SeriesInstanceUID", ""))
        self.study_instance_uid = str(ds.get("StudyInstanceUID", ""))
        self.frame_of_reference_uid = str(ds.get("FrameOfReferenceUID", ""))
        self.modality = str(ds.get("Modality", ""))
        self.description = str(ds.get("SeriesDescription", "") or "")
        self.series_number = str(ds.get("SeriesNumber", "") or "")
        ftype = first.extras.get("frame_type")
        if ftype and len(ftype) > 3 and ftype[3] not in ("", "NONE", "M", "MAGNITUDE"):
            self.description = f"{self.description} [{ftype[3]}]".strip()

    # ---- what a scan knows -------------------------------------------------------------------
    @property
    def files(self) -> list[str]:
        """Distinct source files, in slice order (k, then t)."""
        seen: dict[str, None] = {}
        for t_slices in self.slices:
            for fr in t_slices:
                seen.setdefault(fr.file.source.name, None)
        return list(seen)

    @property
    def n_files(self) -> int:
        return len(self.files)

    @property
    def is_4d(self) -> bool:
        return len(self.slices) > 1

    @property
    def n_timepoints(self) -> int:
        return len(self.slices)

    @property
    def shape(self) -> tuple[int, ...]:
        """``(i, j, k)`` or ``(i, j, k, t)`` of the volume ``load()`` returns."""
        s = tuple(int(v) for v in self.geometry.n_ijk)
        return s + (self.n_timepoints,) if self.is_4d else s

    @property
    def spacing(self) -> np.ndarray:
        return self.geometry.spacing.copy()

    @property
    def origin(self) -> np.ndarray:
        return self.geometry.origin.copy()

    @property
    def direction(self) -> np.ndarray:
        return self.geometry.direction.copy()

    @property
    def affine(self) -> np.ndarray:
        """4x4 voxel index → LPS mm of the loaded grid."""
        return self.geometry.affine

    @property
    def file_affine(self) -> np.ndarray:
        """4x4 as the files are (sheared for gantry tilt; equals ``affine`` unless resampled)."""
        return self.geometry.file_affine.copy()

    @property
    def resampled(self) -> bool:
        return self.geometry.resample

    @property
    def plane(self) -> str:
        return plane_name(np.cross(self.geometry.direction[:, 0], self.geometry.direction[:, 1]))

    @property
    def metadata(self) -> dict:
        """Patient/study/series facts as strings (the keys of ``Volume.metadata``)."""
        return metadata_of(self.header)

    @property
    def window(self) -> tuple[float, float] | None:
        """The file's default VOI window (center, width), or None."""
        return window_of(self.header, self._frame_voi())

    @property
    def monochrome1(self) -> bool:
        return self.slices[0][0].file.photometric == "MONOCHROME1"

    def _frame_voi(self):
        ds = self.header
        if "PerFrameFunctionalGroupsSequence" not in ds and "SharedFunctionalGroupsSequence" not in ds:
            return None
        from .enhanced import _group

        f0 = self.slices[0][0]
        per = ds.get("PerFrameFunctionalGroupsSequence") or []
        shared = ds.SharedFunctionalGroupsSequence[0] if ds.get("SharedFunctionalGroupsSequence") else None
        return _group(per[f0.frame_index] if f0.frame_index < len(per) else None, shared, "FrameVOILUTSequence")

    def __repr__(self) -> str:
        return f"<Stack {self.modality} {self.description!r} shape={self.shape} files={self.n_files}>"

    # ---- pixels ------------------------------------------------------------------------------
    def _frame_values(self, frames: list[Frame], decoded: dict[tuple[int, int], np.ndarray]) -> list[np.ndarray]:
        out = []
        for fr in frames:
            plane = decoded[(id(fr.file), fr.frame_index)]
            if fr.mosaic_tile is not None:
                plane = split_mosaic(plane, fr.mosaic_grid, [fr.mosaic_tile])[0]
            out.append(plane)
        return out

    @staticmethod
    def _decode(info: FileInfo, frame_indices: list[int]) -> dict[tuple[int, int], np.ndarray]:
        arr = decode_frames(info, sorted(set(frame_indices)))
        return {(id(info), f): arr[n] for n, f in enumerate(sorted(set(frame_indices)))}

    def load_slice(self, k: int, t: int = 0) -> np.ndarray:
        """Slice ``k`` (sorted order, time point ``t``) of the *files* as ``[j, i]`` real-world
        values, for a first image while the rest decodes. For a resampled stack ``k`` indexes the
        grid and the file slice nearest to that grid slice is returned (in the files' own pixel
        layout, which may differ from the grid's in-plane size). May run on a worker thread."""
        if self.resampled:
            z = k * float(self.geometry.spacing[2])
            k = int(np.argmin(np.abs(self.geometry.normal_offsets - z)))
        return self.load_file_slice(k, t)

    def load_file_slice(self, k: int, t: int = 0) -> np.ndarray:
        """The ``k``-th file slice in sorted order (``[j, i]``, real-world values), whatever the
        grid. May run on a worker thread."""
        fr = self.slices[t][k]
        decoded = self._decode(fr.file, [fr.frame_index])
        raw = self._frame_values([fr], decoded)[0]
        return (raw.astype(np.float32) * np.float32(fr.slope) + np.float32(fr.intercept)
                if (fr.slope, fr.intercept) != (1.0, 0.0) else raw.copy())

    def load(self, progress: Callable[[int, int], None] | None = None,
             cancel: threading.Event | None = None) -> Volume:
        """Decode every slice into a :class:`Volume` (modality LUT applied, resampled when the
        stack is tilted or irregular). Runs fine on a worker thread; ``progress(done, total)`` is
        called from that thread after each file; setting ``cancel`` raises :class:`LoadCancelled`.
        A file that fails to decode is filled with the lowest value and named in ``warnings``."""
        by_file: dict[int, tuple[FileInfo, list[int]]] = {}
        for t_slices in self.slices:
            for fr in t_slices:
                by_file.setdefault(id(fr.file), (fr.file, []))[1].append(fr.frame_index)
        jobs = list(by_file.values())
        total = len(jobs)
        grid = _Grid(self.slices)
        failed: dict[int, str] = {}
        compressed = any(not info.native for info, _ in jobs)
        workers = min(4, os.cpu_count() or 1) if compressed and total > 2 else 1

        def work(job):
            if cancel is not None and cancel.is_set():
                return job, None, None
            try:
                return job, self._decode(*job), None
            except DecodeError as exc:
                return job, None, str(exc)

        def store(info, res, err) -> None:
            if err is not None:
                failed[id(info)] = f"{info.source.name}: {err}"
            elif res is not None:
                grid.put(info, res)  # each file's planes go straight into the volume: no second copy

        done = 0
        if workers > 1:
            from concurrent.futures import ThreadPoolExecutor  # compressed files only

            with ThreadPoolExecutor(workers) as pool:
                results = pool.map(work, jobs)
                for (info, _), res, err in results:
                    if cancel is not None and cancel.is_set():
                        raise LoadCancelled()
                    done += 1
                    store(info, res, err)
                    if progress:
                        progress(done, total)
        else:
            for job in jobs:
                if cancel is not None and cancel.is_set():
                    raise LoadCancelled()
                (info, _), res, err = work(job)
                done += 1
                store(info, res, err)
                if progress:
                    progress(done, total)
        if cancel is not None and cancel.is_set():
            raise LoadCancelled()
        return self._assemble(grid.raw, failed)

    def _assemble(self, raw: np.ndarray | None, failed: dict[int, str]) -> Volume:
        frames = [fr for t_slices in self.slices for fr in t_slices]
        scales = {(fr.slope, fr.intercept) for fr in frames}
        warnings = list(self.warnings)
        nt = len(self.slices)
        if raw is None:
            raise DecodeError("no slice of this stack could be decoded: " + "; ".join(failed.values()))
        bad = [(t, k) for t, t_slices in enumerate(self.slices) for k, fr in enumerate(t_slices)
               if id(fr.file) in failed]
        warnings += [f"could not decode {msg}; its slices are blank" for msg in failed.values()]
        values = self._rescale(raw, scales)
        if values is None:  # scaling differs between frames (e.g. Philips per-frame rescale)
            values = np.empty(raw.shape, dtype=np.float32)
            for t, t_slices in enumerate(self.slices):
                for k, fr in enumerate(t_slices):
                    values[t, k] = raw[t, k] * np.float32(fr.slope) + np.float32(fr.intercept)
        del raw
        geom = self.geometry
        # the lowest value fills blank slices and what resampling leaves outside: a pass over the volume,
        # only when one of those needs it
        fill = float(values.min()) if bad or geom.resample else 0.0
        if bad:
            good = np.ones(values.shape[:2], bool)
            for t, k in bad:
                good[t, k] = False
            fill = float(values[good].min()) if good.any() else 0.0
            for t, k in bad:
                values[t, k] = fill
        if geom.resample:
            values = np.stack([resample_stack(values[t], geom, fill) for t in range(nt)])
        vox = np.ascontiguousarray(values if nt > 1 else values[0])
        meta = self.metadata
        meta["files"] = self.files
        return Volume(
            voxels=vox,
            spacing=geom.spacing,
            origin=geom.origin,
            direction=geom.direction,
            modality=self.modality,
            window=self.window,
            study_instance_uid=self.study_instance_uid,
            series_instance_uid=self.series_instance_uid,
            frame_of_reference_uid=self.frame_of_reference_uid,
            sop_instance_uids=self._sop_uids(),
            metadata=meta,
            warnings=warnings,
            monochrome1=self.monochrome1,
        )

    def _sop_uids(self) -> list[str]:
        return [str(fr.file.header.get("SOPInstanceUID", "")) for fr in self.slices[0]]

    @staticmethod
    def _rescale(raw: np.ndarray, scales: set[tuple[float, float]]) -> np.ndarray | None:
        if len(scales) == 1:
            slope, intercept = next(iter(scales))
            if slope == 1.0 and intercept == 0.0:
                return raw
            if slope == 1.0 and float(intercept).is_integer() and raw.dtype.kind in "iu":
                lo = int(raw.min()) + int(intercept)
                hi = int(raw.max()) + int(intercept)
                for dt in (np.int16, np.int32):
                    info = np.iinfo(dt)
                    if info.min <= lo and hi <= info.max:
                        out = raw.astype(dt)
                        out += dt(intercept)
                        return out
            return raw.astype(np.float32) * np.float32(slope) + np.float32(intercept)
        return None


class _Grid:
    """The stored values ``[t, k, rows, cols]`` of a stack, filled file by file as they decode. Allocated
    with the first decoded plane's dtype (zeros: a file that fails stays blank), widened if a later file
    needs a wider type (mixed files: no wrap-around). Filled from one thread at a time."""

    def __init__(self, slices: list[list[Frame]]):
        self.shape = (len(slices), len(slices[0]), slices[0][0].rows, slices[0][0].cols)
        self.places: dict[int, list[tuple[int, int, Frame]]] = {}
        for t, t_slices in enumerate(slices):
            for k, fr in enumerate(t_slices):
                self.places.setdefault(id(fr.file), []).append((t, k, fr))
        self.raw: np.ndarray | None = None

    def put(self, info: FileInfo, decoded: dict[tuple[int, int], np.ndarray]) -> None:
        for t, k, fr in self.places.get(id(info), ()):
            plane = decoded[(id(fr.file), fr.frame_index)]
            if fr.mosaic_tile is not None:
                plane = split_mosaic(plane, fr.mosaic_grid, [fr.mosaic_tile])[0]
            if self.raw is None:
                self.raw = np.zeros(self.shape, dtype=plane.dtype)
            elif plane.dtype != self.raw.dtype:
                wide = np.result_type(self.raw.dtype, plane.dtype)
                if wide != self.raw.dtype:
                    self.raw = self.raw.astype(wide)
            self.raw[t, k] = plane
