"""Key-finding keywords to highlight in a report, in Korean and English (Qt-free: returns spans).

Korean terms match inside a word (particles attach: 종양이, 부종과); English terms match whole-word stems
(tumour/tumor/tumours, haemorrhage/hemorrhagic, enhancing, …).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: key → (Korean terms, English regular expressions)
KEYWORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "tumour": (("종양",), (r"tumou?rs?", r"neoplasms?", r"glioblastomas?", r"gliomas?", r"metastas[ie]s")),
    "haemorrhage": (("출혈",), (r"ha?emorrhag\w*", r"bleed\w*")),
    "oedema": (("부종",), (r"o?edema\w*", r"oedema\w*")),
    "necrosis": (("괴사",), (r"necros[ie]s", r"necrotic")),
    "enhancement": (("조영증강", "조영 증강"), (r"enhanc\w*",)),
    "midline_shift": (("정중선 이동", "정중선이동", "정중선 편위"), (r"midline\s+shift\w*",)),
    "mass_effect": (("종괴 효과", "종괴효과", "압박 효과"), (r"mass\s+effect",)),
    "hydrocephalus": (("수두증",), (r"hydrocephal\w*",)),
    "herniation": (("탈출",), (r"herniat\w*",)),
}


@dataclass(frozen=True)
class KeywordSpan:
    start: int
    length: int
    key: str
    text: str


def _build() -> re.Pattern[str]:
    parts = []
    for key, (ko, en) in KEYWORDS.items():
        alts = [r"\s*".join(map(re.escape, t.split())) for t in ko]
        alts += [rf"\b(?:{e})\b" for e in en]
        parts.append(f"(?P<{key}>{'|'.join(sorted(alts, key=len, reverse=True))})")
    return re.compile("|".join(parts), re.IGNORECASE)


_PATTERN = _build()


def find_keywords(text: str) -> list[KeywordSpan]:
    """Non-overlapping keyword spans in ``text``, in order."""
    return [KeywordSpan(m.start(), m.end() - m.start(), m.lastgroup or "", m.group(0))
            for m in _PATTERN.finditer(text)]


def keys_present(text: str) -> set[str]:
    return {s.key for s in find_keywords(text)}
