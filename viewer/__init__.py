"""Images on screen: volumes with patient geometry, viewports, MPR, windowing, annotations.

Knows nothing of sync, databases or networks. Sub-packages:
- ``viewer.geometry`` / ``viewer.io`` / ``viewer.model``: plain Python (numpy), no Qt, no VTK.
- ``viewer.render``: VTK pipelines; ``viewer.qt``: thin Qt widgets.
"""
