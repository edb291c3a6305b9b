"""The Qt application: launch, main window composition, panel registry, viewer controller."""
