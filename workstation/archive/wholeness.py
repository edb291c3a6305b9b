"""The archive's name for the project's one header walker, which lives in :mod:`viewer.io.walker`
(the viewer cannot import the workstation; the archive can import the viewer)."""
from viewer.io.walker import (  # noqa: F401 - re-exported
    LONG_VRS, MAX_DEPTH, PIXEL_DATA_TAGS, SHORT_VRS, UNDEFINED, Truncated, Walk, _Walker, read_meta, walk_file,
)
