"""Multi-planar reformatting and cross-series linking: plain maths, no Qt, no VTK (checked by import-linter).

``cursor`` (3D cursor → slice, frame-of-reference link groups), ``sync_scroll``, ``reference_lines``,
``slab`` (numpy reslice / MIP reference), ``viewport_links`` (2D viewports linked by patient position),
``registration`` (SimpleITK rigid prior registration). The planes and the crosshair frame are
``viewer.geometry.planes`` / ``viewer.geometry.crosshair``; the MPR window's state is
``viewer.model.mpr_state``; the VTK pipelines are ``viewer.render.mpr_*`` and ``viewer.render.marks``.
"""
