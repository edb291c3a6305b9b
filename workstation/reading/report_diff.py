"""Differences between two reports (prior vs current), word by word (difflib; Korean words included)."""
from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from workstation.reading.records import TUMOR_FIELDS, Report

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Piece:
    tag: str    # equal | insert | delete
    text: str


@dataclass(frozen=True)
class FieldDiff:
    field: str
    pieces: tuple[Piece, ...]

    @property
    def changed(self) -> bool:
        return any(p.tag != "equal" for p in self.pieces)


def diff_text(old: str, new: str) -> list[Piece]:
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    out: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(Piece("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Piece("delete", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Piece("insert", "".join(b[j1:j2])))
    return out


def _tumor_text(tumor: dict, names: dict[str, str]) -> str:
    keys = [k for k in TUMOR_FIELDS if k in tumor] + sorted(k for k in tumor if k not in TUMOR_FIELDS)
    return "\n".join(f"{names.get(k, k)}: {tumor[k]}" for k in keys
                     if tumor[k] not in (None, "") and not isinstance(tumor[k], (dict, list)))  # measurements JSON: in the findings


def diff_reports(prior: Report, current: Report, tumor_names: dict[str, str] | None = None) -> list[FieldDiff]:
    """Findings, impression and tumour fields of ``prior`` against ``current`` (``tumor_names``: how to
    name each tumour field, e.g. translated)."""
    names = tumor_names or {}
    return [FieldDiff("findings", tuple(diff_text(prior.findings, current.findings))),
            FieldDiff("impression", tuple(diff_text(prior.impression, current.impression))),
            FieldDiff("tumor", tuple(diff_text(_tumor_text(prior.tumor, names), _tumor_text(current.tumor, names))))]


def diff_html(diffs: list[FieldDiff], titles: dict[str, str] | None = None) -> str:
    """HTML for a rich-text view: removed words struck through in red, added words green."""
    titles = titles or {}
    parts = []
    for d in diffs:
        if not "".join(p.text for p in d.pieces).strip():
            continue  # empty in both reports: no heading over nothing
        body = []
        for p in d.pieces:
            t = html.escape(p.text).replace("\n", "<br>")
            if p.tag == "insert":
                body.append(f'<span style="background:#c8f7c5;color:#064d00">{t}</span>')
            elif p.tag == "delete":
                body.append(f'<span style="background:#f9c9c9;color:#7a0000;text-decoration:line-through">{t}</span>')
            else:
                body.append(t)
        parts.append(f"<h4>{html.escape(titles.get(d.field, d.field))}</h4><p>{''.join(body)}</p>")
    return "".join(parts)
