"""The four corner texts of a viewport (patient, study, slice, window/zoom), from its state."""
from __future__ import annotations

from viewer.model.patient_geometry import NO_GEOMETRY_TEXT, has_patient_geometry


def _fmt_date(d: str) -> str:
    d = (d or "").strip()
    return f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 and d.isdigit() else d


def _name(value) -> str:
    return str(value or "").replace("^", " ").strip()


def patient_texts(state) -> dict[str, str]:
    """The corners that change only with the series: patient/study (top left), series (top right)."""
    vol = state.volume
    if vol is None:
        return {"top_left": "", "top_right": ""}
    md = vol.metadata or {}
    top_left = "\n".join(x for x in (
        _name(md.get("patient_name")),
        str(md.get("patient_id") or ""),
        _fmt_date(str(md.get("study_date") or "")),
    ) if x)
    top_right = "\n".join(x for x in (
        str(md.get("series_description") or ""),
        str(vol.modality or ""),
    ) if x)
    return {"top_left": top_left, "top_right": top_right}


def slice_text(state, tr=lambda s: s) -> str:
    """Bottom left: loading progress, slice number (and time point), location along the normal and,
    for a series without patient geometry, "No patient geometry"."""
    vol = state.volume
    if vol is None:
        return ""
    slice_line = f"{tr('Im')}: {state.slice_index + 1}/{state.slice_count}"
    if vol.is_4d:
        slice_line += f"  {tr('T')}: {state.timepoint + 1}/{vol.n_timepoints}"
    geometry = "" if has_patient_geometry(vol) else f"\n{tr(NO_GEOMETRY_TEXT)}"  # before the location
    text = f"{slice_line}{geometry}\n{tr('Loc')}: {state.slice_position_mm():.1f} mm"
    if state.loaded_fraction < 1.0:
        text = f"{tr('Loading')} {state.loaded_fraction * 100:.0f}%\n" + text
    return text


def view_text(state, tr=lambda s: s) -> str:
    """Bottom right: window/level and zoom."""
    if state.volume is None:
        return ""
    return (f"{tr('W')}: {state.window.width:.0f} {tr('L')}: {state.window.level:.0f}\n"
            f"{tr('Zoom')}: {state.zoom * 100:.0f}%")


def corner_texts(state, tr=lambda s: s) -> dict[str, str]:
    """``{"top_left", "top_right", "bottom_left", "bottom_right"}`` texts for ``state``
    (a ``ViewportState``). ``tr`` translates the few fixed words."""
    return {**patient_texts(state), "bottom_left": slice_text(state, tr), "bottom_right": view_text(state, tr)}


#: screen pixels of one corner-text line (13 px font), of an edge letter (20 px), of a character (about)
TEXT_LINE_PX, EDGE_LABEL_PX, CHAR_PX = 16, 24, 8


def fit_corner_texts(texts: dict[str, str], width_px: float, height_px: float) -> dict[str, str]:
    """``texts`` cut to what a ``width_px`` × ``height_px`` viewport holds without reaching the orientation
    letters at the middle of its edges: each corner keeps its first (most important) lines, as many as fit
    in half the height beside a letter, and each line at most the characters that fit in half the width
    (cut with "…")."""
    lines = max(1, int((height_px / 2 - EDGE_LABEL_PX / 2 - 4) // TEXT_LINE_PX))
    chars = max(4, int((width_px / 2 - EDGE_LABEL_PX / 2 - 6) // CHAR_PX))
    out = {}
    for corner, text in texts.items():
        kept = (text or "").split("\n")[:lines] if text else []
        out[corner] = "\n".join(x if len(x) <= chars else x[: chars - 1] + "…" for x in kept)
    return out
