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
    text = f"{slice_line}\n{tr('Loc')}: {state.slice_position_mm():.1f} mm"
    if not has_patient_geometry(vol):
        text += f"\n{tr(NO_GEOMETRY_TEXT)}"
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
