"""Which translatable string a text on screen came from, and the same text in another language (Qt-free).

A widget built with ``self.tr("Save draft")`` keeps only the resulting text. After a live language switch
``workstation.app.live_retranslate`` asks this catalogue (read from the ``.ts`` files) which ``(context, source)``
a shown text is — in whichever language it was made — and sets that string's translation in the new language.
Texts made from a template with placeholders (``"Total: %.1f mL"``, ``"Signed by %1 at %2"``) are matched by
pattern and carry their arguments over; anything else (patient data, typed text) matches nothing and stays."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

#: printf-style (``%s``, ``%d``, ``%.1f``) and Qt-style (``%1``, ``%n``) placeholders
_PLACEHOLDER = re.compile(r"%(?:\d+|n|[-+ #0]*\d*(?:\.\d+)?[sdifgeExXr])")

#: ``translate(context, source, n)`` → the text in the current language (``n``: numerus count or -1)
Translate = Callable[[str, str, int], str]


@dataclass(frozen=True)
class Origin:
    context: str
    source: str


def _keys(template: str) -> list[tuple]:
    """Each placeholder's identity: Qt ``%1`` by number, ``%n`` as the count, printf ones by position."""
    out, printf = [], 0
    for m in _PLACEHOLDER.finditer(template):
        tok = m.group()
        if tok == "%n":
            out.append(("n",))
        elif tok[1:].isdigit():
            out.append(("q", tok[1:]))
        else:
            out.append(("p", printf))
            printf += 1
    return out


def _pattern(template: str) -> re.Pattern:
    parts = _PLACEHOLDER.split(template)
    return re.compile("^" + "(.+?)".join(re.escape(p) for p in parts) + "$", re.S)


def fill(template: str, args: dict[tuple, str]) -> str | None:
    """``template`` with each placeholder replaced by the argument of the same identity (``None``: one missing)."""
    keys = _keys(template)
    if any(k not in args for k in keys):
        return None
    it = iter(keys)
    return _PLACEHOLDER.sub(lambda _m: args[next(it)], template)


class TranslationCatalogue:
    """Every ``(context, source)`` of the ``.ts`` files, found by its source text or any translation of it."""

    def __init__(self, pairs: Iterable[tuple[str, str, Sequence[str]]]) -> None:
        """``pairs``: ``(context, source, [translations])``."""
        self._exact: dict[str, list[Origin]] = {}
        self._templates: list[tuple[re.Pattern, str, Origin]] = []
        for context, source, translations in pairs:
            origin = Origin(context, source)
            for text in {source, *translations}:
                if not text:
                    continue
                if _PLACEHOLDER.search(text):
                    if sum(ch.isalpha() for ch in _PLACEHOLDER.sub("", text)) >= 2:  # ("%s", "%n건": too loose)
                        self._templates.append((_pattern(text), text, origin))
                else:
                    self._exact.setdefault(text, []).append(origin)

    @classmethod
    def from_ts_files(cls, paths: Iterable[Path]) -> "TranslationCatalogue":
        pairs = []
        for path in paths:
            for ctx in ET.parse(path).getroot().iter("context"):
                name = ctx.findtext("name") or ""
                for m in ctx.iter("message"):
                    tr = m.find("translation")
                    texts = [tr.text or ""] + [n.text or "" for n in tr.findall("numerusform")] if tr is not None else []
                    pairs.append((name, m.findtext("source") or "", [t for t in texts if t.strip()]))
        return cls(pairs)

    def origins(self, text: str) -> list[tuple[Origin, dict[tuple, str]]]:
        """The strings ``text`` may have been made from, with the placeholder arguments it carries."""
        found = [(o, {}) for o in self._exact.get(text, [])]
        if not found:
            for pattern, template, origin in self._templates:
                m = pattern.match(text)
                if m:
                    found.append((origin, dict(zip(_keys(template), m.groups()))))
        return found

    def retranslate(self, text: str, translate: Translate, contexts: Sequence[str] = ()) -> str | None:
        """``text`` in the language ``translate`` gives now, or ``None`` when it is no known string (data) or
        already reads so. ``contexts``: the classes it was shown by, nearest first (they decide between equal
        source texts of different contexts)."""
        new = self._retranslate(text, translate, contexts, depth=0)
        return new if new is not None and new != text else None

    def _retranslate(self, text: str, translate: Translate, contexts: Sequence[str], depth: int) -> str | None:
        if not text or not text.strip() or depth > 2:
            return None
        found = self.origins(text)
        if not found:
            if "\n" not in text:
                return None
            lines = text.split("\n")  # lines joined by the widget: each its own string
            new = [self._retranslate(line, translate, contexts, depth + 1) for line in lines]
            return "\n".join(n if n is not None else line for n, line in zip(new, lines)) if any(new) else None
        rank = {c: n for n, c in enumerate(contexts)}
        origin, args = min(found, key=lambda f: rank.get(f[0].context, len(rank)))
        count = int(args[("n",)]) if ("n",) in args and args[("n",)].isdigit() else -1
        new = translate(origin.context, origin.source, count)
        if args:  # an argument may be a translated word itself ("Fused: T2 — registered (rigid)")
            args = {k: self._retranslate(v, translate, contexts, depth + 1) or v for k, v in args.items()}
            new = fill(new, args)
        return new
