"""Measurements of the reading (no Qt): lesion tracking with the RANO category it suggests, the archive's
measurement table, DICOM SR (TID 1500) and Key Object Selection export/import, and report text. The maths
are in ``viewer.measure``."""
