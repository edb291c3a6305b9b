"""Report templates (JSON files in ``resources/report_templates``)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from workstation.reading.records import Report


@dataclass(frozen=True)
class ReportTemplate:
    id: str
    name: str
    language: str
    modality: str
    body_part: str
    findings: str
    impression: str
    tumor: dict = field(default_factory=dict)


def templates_dir() -> Path:
    return Path(str(resources.files("resources") / "report_templates"))


def load_templates(folder: Path | None = None, language: str | None = None) -> list[ReportTemplate]:
    """Every valid template in ``folder`` (a broken file is skipped, never fatal), sorted by name."""
    out = []
    for path in sorted(Path(folder or templates_dir()).glob("*.json")):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            t = ReportTemplate(d.get("id", path.stem), d["name"], d.get("language", "en"), d.get("modality", ""),
                               d.get("body_part", ""), d.get("findings", ""), d.get("impression", ""),
                               dict(d.get("tumor") or {}))
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if language is None or t.language == language:
            out.append(t)
    return sorted(out, key=lambda t: t.name)


def apply_template(template: ReportTemplate, report: Report) -> Report:
    """Fill the report from the template; text already typed is kept (the template text goes after it)."""
    def join(mine: str, theirs: str) -> str:
        return theirs if not mine.strip() else f"{mine.rstrip()}\n\n{theirs}"
    tumor = dict(template.tumor)
    tumor.update({k: v for k, v in report.tumor.items() if v not in (None, "")})
    return Report(join(report.findings, template.findings), join(report.impression, template.impression), tumor,
                  list(report.work_notes), version=report.version)


def default_template(templates: list[ReportTemplate], modality: str, body_part: str, language: str = "en",
                     follow_up: bool = False) -> ReportTemplate | None:
    """The template a study opens with: same modality and body region (BRAIN = HEAD = SKULL) in the user's
    language, a follow-up one when the study has a prior; a generic template (no modality) when none fits —
    a CT head order gets the CT head template, never the MR brain-tumour one."""
    from workstation.reading.priors import body_region

    def rank(t: ReportTemplate) -> tuple | None:
        if t.modality and t.modality.upper() != (modality or "").upper():
            return None
        if t.body_part and body_region(t.body_part) != body_region(body_part):
            return None
        specific = (bool(t.modality), bool(t.body_part))
        return (specific, t.language == language, ("followup" in t.id) == follow_up)

    if language not in {t.language for t in templates}:
        language = "en"
    ranked = [(r, t) for t in templates if (r := rank(t)) is not None]
    return max(ranked, key=lambda rt: rt[0])[1] if ranked else None
