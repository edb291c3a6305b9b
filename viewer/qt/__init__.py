"""Thin Qt/VTK widgets over ``viewer.model`` and ``viewer.render``."""
