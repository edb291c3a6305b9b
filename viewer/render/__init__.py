"""VTK pipelines that draw a ``Volume`` in patient orientation (no Qt)."""
