"""Keyboard and mouse bindings of the 2D viewport, shared by the widget, the help dialog and docs.

Close to Weasis/Horos/RadiAnt habits. Each entry: (key sequence as Qt writes it, action, what it does).
"""
from __future__ import annotations

#: slices one PgUp/PgDown moves (the viewport and Help both read it)
PAGE_SLICES = 10

KEY_BINDINGS: list[tuple[str, str, str]] = [
    ("Up", "prev_slice", "Previous slice"),
    ("Down", "next_slice", "Next slice"),
    ("Left", "prev_slice", "Previous slice"),
    ("Right", "next_slice", "Next slice"),
    ("PgUp", "prev_page", f"Back {PAGE_SLICES} slices"),
    ("PgDown", "next_page", f"Forward {PAGE_SLICES} slices"),
    ("Home", "first_slice", "First slice"),
    (",", "prev_time", "Previous time point (4D series)"),
    (".", "next_time", "Next time point (4D series)"),
    ("End", "last_slice", "Last slice"),
    ("1-9", "preset", "Window preset 1-9 (CT: 1 brain 80/40, 2 subdural 200/75, 3 stroke 40/40, 4 bone 2800/600; MR: 1 file VOI, 2 automatic)"),
    ("I", "invert", "Invert grey scale"),
    ("F", "fit", "Fit image to viewport"),
    ("Esc", "reset", "Reset view (window, zoom, pan, rotation, flips)"),
    ("R", "rotate_cw", "Rotate 90° clockwise"),
    ("Shift+R", "rotate_ccw", "Rotate 90° counter-clockwise"),
    ("H", "flip_h", "Flip left-right"),
    ("V", "flip_v", "Flip top-bottom"),
    ("+", "zoom_in", "Zoom in"),
    ("-", "zoom_out", "Zoom out"),
    ("N", "cycle_interpolation", "Interpolation: nearest / linear / cubic"),
    ("Space", "cine", "Start/stop cine"),
    ("[", "cine_slower", "Cine slower"),
    ("]", "cine_faster", "Cine faster"),
    ("F1", "help", "This help"),
]

#: the main window's own shortcuts (its Image/View/File menus read theirs from here): (keys, action, what it does)
WINDOW_BINDINGS: list[tuple[str, str, str]] = [
    ("Ctrl+T", "tags", "DICOM tags of the shown image"),
    ("Ctrl+E", "export", "Export the view as PNG/JPEG"),
    ("Ctrl+Shift+E", "export_plain", "Export the image without texts and overlays"),
    ("Ctrl+Shift+C", "copy", "Copy the view to the clipboard"),
    ("Ctrl+K", "key_image", "Flag the shown image as a key image"),
    ("Ctrl+Shift+F", "images_only", "Images only: collapse the panels, again to bring them back"),
    ("Ctrl+Q", "quit", "Quit"),
]


def window_shortcut(action: str) -> str:
    """The key sequence (Qt's portable text) of a main-window action of ``WINDOW_BINDINGS``."""
    return next(k for k, a, _d in WINDOW_BINDINGS if a == action)


MOUSE_BINDINGS: list[tuple[str, str]] = [
    ("Wheel", "Scroll slices"),
    ("Ctrl+Wheel", "Zoom"),
    ("Shift+Wheel", "Time points of a 4D series"),
    ("Left drag", "Window/level: right = wider window, down = higher level"),
    ("Right drag", "Zoom: up = zoom in"),
    ("Middle drag / Shift+Left drag", "Pan"),
    ("Double-click", "Maximise this viewport / back to the grid"),
]
