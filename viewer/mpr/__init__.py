"""Multi-planar reformatting and cross-series linking.

Qt-free and VTK-free geometry: ``planes`` (display planes, crosshair frame, oblique rotation), ``cursor``
(3D cursor → slice, frame-of-reference link groups), ``sync_scroll``, ``reference_lines``, ``slab``
(numpy reslice / MIP reference), ``registration`` (SimpleITK rigid prior registration).
``render_mpr`` is the VTK reslice pipeline (no Qt).
"""
