"""Measurements and annotations in patient coordinates (DICOM LPS mm): plane maths, ROI statistics
sampled along any plane, RANO bidimensional with its perpendicular constraint, 3D volumes, the
measurement model with undo/redo. numpy only: no Qt, no VTK (an import-linter contract holds it)."""
