"""Viewport model objects: plain Python (numpy only), no Qt, no VTK."""
