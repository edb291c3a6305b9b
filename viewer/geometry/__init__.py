"""Patient geometry: volumes, affines, orientation labels, planes. numpy only (no Qt, no VTK)."""
