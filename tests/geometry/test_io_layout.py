"""viewer.io's modules import each other one way only (issue 13): the records (frames) know no layout,
each layout (enhanced, mosaic, UIH VFRAME) knows the records, frame_split knows the layouts."""
from __future__ import annotations

import grimp


def test_viewer_io_has_no_import_cycle():
    graph = grimp.build_graph("viewer")
    mods = sorted(m for m in graph.modules if m.startswith("viewer.io"))
    cycles = [(a, b) for a in mods for b in mods
              if a < b and graph.find_shortest_chain(a, b) and graph.find_shortest_chain(b, a)]
    assert cycles == []
    assert graph.find_shortest_chain("viewer.io.frames", "viewer.io.enhanced") is None
    assert graph.find_shortest_chain("viewer.io.frames", "viewer.io.mosaic") is None
