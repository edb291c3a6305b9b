"""Hanging a brain-tumour MR study: which series goes in which viewport (Qt-free).

A neuroradiologist reads a tumour study as FLAIR, T1 post-contrast, T2, T1 (row by row in a 2×2 grid),
linked by patient position. ``sequence_of`` recognises a series from its SeriesDescription (the
``sequence`` attribute of the hanging protocols' rules, ``workstation.reading.hanging``); ``hang_series``
orders a study's series for the viewports by the bundled brain-tumour protocol and says whether to link them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: viewport order of the brain-tumour hanging (row by row)
BRAIN_TUMOUR_ORDER = ("flair", "t1c", "t2", "t1")

_FLAIR = re.compile(r"FLAIR|TIRM|DARK[ _-]?FLUID")
_B, _E = r"(?<![A-Z0-9])", r"(?![A-Z0-9])"  # word edges where "_" separates words too
_POST = re.compile(rf"POST|\+ ?C{_E}|{_B}C ?\+|{_B}GD{_E}|GAD|CONTRAST|{_B}CE{_E}|ENHANC")
_PRE = re.compile(rf"{_B}PRE{_E}|NON[ _-]?CONTRAST|W/?O{_E}")
_T1 = re.compile(rf"T1(?!\d)|MP-?RAGE|SPGR|BRAVO|{_B}TFE{_E}")
_T2 = re.compile(rf"T2(?![*\d])|{_B}TSE{_E}")
_OTHER = re.compile(rf"T2\*|SWI|{_B}GRE{_E}|DWI|DIFFUSION|{_B}ADC{_E}|PERF|{_B}DTI{_E}|LOCALI[SZ]ER|SCOUT|SURVEY")


def sequence_of(description: str) -> str | None:
    """``"flair"``, ``"t1c"`` (T1 after contrast), ``"t2"``, ``"t1"`` or None (anything else: DWI, SWI,
    localizers, …) from a SeriesDescription such as ``"AX T1 SE POST GD"``."""
    d = (description or "").upper()
    if _FLAIR.search(d):
        return "flair"
    if _OTHER.search(d):
        return None
    if _T1.search(d):
        return "t1c" if _POST.search(d) and not _PRE.search(d) else "t1"
    if _T2.search(d):
        return "t2"
    return None


@dataclass(frozen=True)
class Hanging:
    order: list[int]  # indices into the study's series, in viewport order
    linked: bool  # link the viewports by patient position


def hang_series(descriptions: list[str]) -> Hanging:
    """Viewport order for a study's series (given by their descriptions, in archive order): recognised
    sequences first as FLAIR, T1 post-contrast, T2, T1 (the first series of each kind), then the rest in
    their order. Linked when at least two of the four kinds are there; a study with none keeps its order.
    The first stage of the bundled brain-tumour protocol (``workstation.reading.hanging``) decides."""
    from workstation.reading.hanging import SeriesInfo, bundled_dir, hang_stage, load_protocols

    protocol = next(p for p in load_protocols([bundled_dir()]) if p.id == "brain-mr-tumour-followup")
    series = [SeriesInfo(str(n), d, "MR") for n, d in enumerate(descriptions)]
    stage = hang_stage(protocol.stages[0], series)
    hung = [int(v.series.uid) for v in stage.viewports if v.series is not None]
    rest = [n for n in range(len(descriptions)) if n not in hung]
    return Hanging(hung + rest, linked=len(hung) >= 2)
