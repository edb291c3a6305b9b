"""Thin Qt widgets of the reading workflow (logic in ``workstation.reading``)."""
