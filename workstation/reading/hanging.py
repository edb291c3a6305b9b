"""Hanging protocols as data (Qt-free): which series of a study (and of its prior) go in which viewport.

Protocols are JSON files (``resources/hanging_protocols/*.json``, then the site folders
``/etc/cdss-workstation/hanging_protocols`` and ``$CDSS_WORKSTATION_HOME/hanging_protocols``: a site adds a
protocol by dropping a file there; the same ``id`` replaces a bundled one). Their shape follows OHIF's:

* ``protocolMatchingRules``: ``{"attribute", "constraint", "weight", "required"}`` on the study's
  ``Modality``, ``BodyPartExamined``, ``StudyDescription``, ``SeriesDescription`` and ``sequence``
  (list-valued attributes match when one value does); the applicable protocol with the highest score wins,
  then the higher ``priority``.
* ``stages``: ``layout`` (``{"rows", "columns"}`` or ``"auto"``), ``linked``, ``requiresPrior`` and
  ``viewports``, each ``{"label", "study": "current"|"prior", "seriesMatchingRules": [...]}``; ``fillRemaining``
  hangs the other series after the matched ones.
* ``priorMatching``: ``{"sameBodyRegion", "sameModality"}``.

Constraints: ``equals``, ``in``, ``contains``, ``containsAny``, ``regex`` (case-insensitive). Localizers
and scouts, dose reports, screen captures, SEG, SR, presentation states (anything ``hangable`` refuses) are
never hung as images.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from workstation.reading.hanging_protocol import sequence_of

SITE_DIRS = (Path("/etc/cdss-workstation/hanging_protocols"),)
NON_IMAGE_MODALITIES = {"SEG", "SR", "PR", "KO", "REG", "RWV", "RTSTRUCT", "RTPLAN", "RTRECORD", "DOC", "FID",
                        "PLAN", "AU", "ECG"}
_SOP_NOT_IMAGE = ("1.2.840.10008.5.1.4.1.1.7",      # secondary capture (screen captures, exam summaries)
                  "1.2.840.10008.5.1.4.1.1.88.",    # structured reports (dose reports too)
                  "1.2.840.10008.5.1.4.1.1.11.",    # presentation states
                  "1.2.840.10008.5.1.4.1.1.66",     # SEG, registration
                  "1.2.840.10008.5.1.4.1.1.104.")   # encapsulated PDF
_NOT_IMAGE_TEXT = re.compile(r"LOCALI[SZ]ER|SCOUT|SURVIEW|SURVEY|TOPOGRAM|SCANOGRAM|PILOT|DOSE|EXAM ?SUMMARY|"
                             r"SCREEN ?(SHOT|CAPTURE|SAVE)|PATIENT ?PROTOCOL|PHOENIXZIPREPORT")


@dataclass(frozen=True)
class SeriesInfo:
    uid: str
    description: str = ""
    modality: str = ""
    body_part: str = ""
    number: int | None = None
    instances: int = 1
    sop_class_uid: str = ""
    image_type: tuple[str, ...] = ()

    @property
    def sequence(self) -> str | None:
        return sequence_of(self.description)


def hangable(s: SeriesInfo) -> tuple[bool, str]:
    """Whether a series is hung as images, and why not."""
    if s.modality.upper() in NON_IMAGE_MODALITIES:
        return False, f"{s.modality} is not an image"
    if any(s.sop_class_uid.startswith(p) for p in _SOP_NOT_IMAGE):
        return False, "screen capture, report or presentation state"
    if "LOCALIZER" in (t.upper() for t in s.image_type):
        return False, "localizer"
    if _NOT_IMAGE_TEXT.search((s.description or "").upper()):
        return False, "localizer, dose report or screen capture"
    if s.instances <= 0:
        return False, "no images stored"
    return True, ""


# ---- rules --------------------------------------------------------------------------------------
def _values(x: Any) -> list[str]:
    if x is None:
        return []
    if isinstance(x, (list, tuple, set, frozenset)):
        return [str(v) for v in x if v is not None]
    return [str(x)]


def constraint_holds(constraint: dict, value: Any) -> bool:
    vals = [v.upper() for v in _values(value)]
    for op, want in constraint.items():
        wants = [w.upper() for w in _values(want)]
        if op == "equals":
            ok = any(v == wants[0] for v in vals) if wants else not vals
        elif op == "in":
            ok = any(v in wants for v in vals)
        elif op == "containsAny":
            ok = any(w in v for v in vals for w in wants)
        elif op == "contains":
            ok = any(wants[0] in v for v in vals)
        elif op == "regex":
            ok = any(re.search(str(want), v, re.IGNORECASE) for v in vals)
        elif op == "exists":
            ok = bool(vals) == bool(want)
        else:
            raise ValueError(f"unknown constraint {op!r}")
        if not ok:
            return False
    return True


def score(rules: list[dict], attrs: dict[str, Any]) -> int | None:
    """Sum of the weights of the rules that hold; None when a required one does not."""
    total = 0
    for r in rules:
        if constraint_holds(r.get("constraint", {}), attrs.get(r["attribute"])):
            total += int(r.get("weight", 1))
        elif r.get("required"):
            return None
    return total


def series_attrs(s: SeriesInfo) -> dict[str, Any]:
    return {"Modality": s.modality, "SeriesDescription": s.description, "BodyPartExamined": s.body_part,
            "sequence": s.sequence or "", "SeriesNumber": s.number, "ImageType": list(s.image_type)}


def study_attrs(series: list[SeriesInfo], study_description: str = "", body_part: str = "") -> dict[str, Any]:
    return {"Modality": sorted({s.modality for s in series if s.modality}),
            "BodyPartExamined": sorted({p for p in [body_part] + [s.body_part for s in series] if p}),
            "StudyDescription": study_description, "SeriesDescription": [s.description for s in series],
            "sequence": sorted({s.sequence for s in series if s.sequence})}


# ---- protocols ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Protocol:
    id: str
    name: str
    priority: int
    rules: list[dict]
    stages: list[dict]
    prior_matching: dict = field(default_factory=dict)
    source: str = ""


def bundled_dir() -> Path:
    return Path(str(resources.files("resources") / "hanging_protocols"))


def search_dirs() -> list[Path]:
    from workstation.paths import home_dir
    return [bundled_dir(), *SITE_DIRS, home_dir() / "hanging_protocols"]


def parse_protocol(d: dict, source: str = "") -> Protocol:
    stages = d["stages"]
    if not stages or not all(isinstance(st.get("viewports", []), list) for st in stages):
        raise ValueError("a protocol needs stages with a list of viewports")
    return Protocol(str(d["id"]), str(d.get("name", d["id"])), int(d.get("priority", 0)),
                    list(d.get("protocolMatchingRules", [])), list(stages), dict(d.get("priorMatching", {})), source)


def load_protocols(dirs: list[Path] | None = None, errors: list[str] | None = None) -> list[Protocol]:
    """Every valid protocol in ``dirs`` (default ``search_dirs()``); a later file with the same id replaces
    an earlier one. A broken file is skipped and named in ``errors``, never fatal."""
    found: dict[str, Protocol] = {}
    for folder in dirs if dirs is not None else search_dirs():
        if not Path(folder).is_dir():
            continue
        for path in sorted(Path(folder).glob("*.json")):
            try:
                p = parse_protocol(json.loads(path.read_text(encoding="utf-8")), str(path))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                if errors is not None:
                    errors.append(f"{path}: {exc}")
                continue
            found[p.id] = p
    return list(found.values())


def select_protocol(protocols: list[Protocol], series: list[SeriesInfo], study_description: str = "",
                    body_part: str = "") -> Protocol:
    """The applicable protocol with the highest score, then the highest priority."""
    attrs = study_attrs([s for s in series if hangable(s)[0]], study_description, body_part)
    best: tuple[int, int, Protocol] | None = None
    for p in protocols:
        sc = score(p.rules, attrs)
        if sc is not None and (best is None or (sc, p.priority) > best[:2]):
            best = (sc, p.priority, p)
    if best is None:
        raise ValueError("no hanging protocol applies (is the fallback protocol installed?)")
    return best[2]


# ---- hanging -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HungViewport:
    label: str
    study: str                  # current | prior
    series: SeriesInfo | None   # None: nothing matched (the viewport stays empty, its label says what is missing)


@dataclass(frozen=True)
class HungStage:
    id: str
    name: str
    rows: int
    columns: int
    linked: bool
    viewports: list[HungViewport]

    @property
    def layout(self) -> str:
        return f"{self.rows}x{self.columns}"


def _auto_grid(n: int) -> tuple[int, int]:
    for rows, cols in ((1, 1), (1, 2), (2, 2), (2, 3), (3, 3)):
        if n <= rows * cols:
            return rows, cols
    return 3, 3


def hang_stage(stage: dict, current: list[SeriesInfo], prior: list[SeriesInfo] | None = None) -> HungStage:
    """Resolve one stage: each viewport takes the best-scoring unused hangable series of its study."""
    pools = {"current": [s for s in current if hangable(s)[0]], "prior": [s for s in prior or [] if hangable(s)[0]]}
    used: set[tuple[str, str]] = set()
    out: list[HungViewport] = []
    for vp in stage.get("viewports", []):
        which = vp.get("study", "current")
        best: tuple[int, int, SeriesInfo] | None = None
        for n, s in enumerate(pools.get(which, [])):
            if (which, s.uid) in used:
                continue
            sc = score(vp.get("seriesMatchingRules", []), series_attrs(s))
            if sc is not None and sc > 0 and (best is None or sc > best[0]):
                best = (sc, -n, s)
        if best is not None:
            used.add((which, best[2].uid))
        out.append(HungViewport(vp.get("label", ""), which, best[2] if best else None))
    if stage.get("fillRemaining"):  # the other series take the empty places, then follow
        out = [v for v in out if v.series is not None]
        out += [HungViewport("", "current", s) for s in pools["current"] if ("current", s.uid) not in used]
    layout = stage.get("layout", "auto")
    if layout == "auto":
        rows, cols = _auto_grid(max(1, len(out)))
    else:
        rows, cols = int(layout["rows"]), int(layout["columns"])
        if stage.get("fillRemaining") and len(out) > rows * cols:
            rows, cols = max((rows, cols), _auto_grid(len(out)), key=lambda rc: rc[0] * rc[1])
    hung = sum(1 for v in out if v.series)
    return HungStage(stage.get("id", stage.get("name", "")), stage.get("name", ""), rows, cols,
                     bool(stage.get("linked")) and hung >= 2, out)


@dataclass(frozen=True)
class HangingPlan:
    protocol: Protocol
    stages: list[HungStage]     # the stages this study can show (prior stages only with a prior)

    def stage(self, index: int) -> HungStage:
        return self.stages[index % len(self.stages)]


def plan_hanging(current: list[SeriesInfo], prior: list[SeriesInfo] | None = None, *, study_description: str = "",
                 body_part: str = "", protocols: list[Protocol] | None = None) -> HangingPlan:
    """Select the protocol for the current study and resolve its stages (those needing a prior only when
    one is given)."""
    protocols = protocols if protocols is not None else load_protocols()
    proto = select_protocol(protocols, current, study_description, body_part)
    stages = [hang_stage(st, current, prior) for st in proto.stages if prior or not st.get("requiresPrior")]
    return HangingPlan(proto, stages)


def prior_matches(protocol: Protocol, current_modality: str, current_body_part: str, prior_modality: str,
                  prior_body_part: str) -> bool:
    """Whether a prior study suits the protocol's ``priorMatching`` (same body region / modality)."""
    from workstation.reading.priors import body_region
    pm = protocol.prior_matching
    if pm.get("sameModality") and current_modality.upper() != prior_modality.upper():
        return False
    if pm.get("sameBodyRegion") and body_region(current_body_part) != body_region(prior_body_part):
        return False
    return True


def series_from_archive(archive, study_uid: str) -> list[SeriesInfo]:
    """The study's series as ``SeriesInfo`` (SOP class and ImageType from one header per series)."""
    out = []
    for s in archive.series(study_uid):
        sop, image_type = "", ()
        inst = archive.instances(s.series_instance_uid) if s.instances else []
        if inst:
            sop = inst[0].sop_class_uid
            ds = archive.read_dataset(inst[0].sop_instance_uid, stop_before_pixels=True)
            if ds is not None:
                image_type = tuple(str(v) for v in (ds.get("ImageType") or ()))
        out.append(SeriesInfo(s.series_instance_uid, s.series_description or "", s.modality or "",
                              s.body_part or "", s.series_number, s.instances, sop, image_type))
    return out

