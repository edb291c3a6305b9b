"""DICOM in, :class:`~viewer.geometry.volume.Volume` out (no Qt, no VTK).

``scan(paths)`` reads headers and finds stacks; ``Stack.load()`` decodes pixels; ``load_path``
does both. See docs/geometry.md.
"""
from .pixels import DecodeError
from .scan import LoadResult, ScanResult, Skipped, load_path, scan, skipped_for
from .stack import LoadCancelled, Stack

__all__ = ["scan", "load_path", "ScanResult", "LoadResult", "Skipped", "Stack", "LoadCancelled", "DecodeError", "skipped_for"]
