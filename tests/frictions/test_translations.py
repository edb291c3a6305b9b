"""Korean everywhere: every string the code translates is in the .ts files, translated and finished, and in
the compiled .qm the app loads (the strings of fixed contexts included: lupdate does not see those)."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")
#: each .ts and the sources its strings come from (as docs/viewer.md and docs/reading.md build them)
PARTS = {
    "workstation_ko.ts": ["viewer/qt/*.py", "workstation/app/*.py", "workstation/ui/*.py"],
    "reading_ko.ts": ["workstation/ui/reading/*.py"],
}


def _missing(ts: Path) -> list[str]:
    """Entries of ``ts`` without a finished translation (left out: those lupdate marks vanished/obsolete)."""
    out = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name")
        for m in ctx.iter("message"):
            tr = m.find("translation")
            kind = tr.get("type")
            if kind in ("vanished", "obsolete"):
                continue
            text = (tr.text or "").strip() or "".join((n.text or "") for n in tr.findall("numerusform")).strip()
            if kind == "unfinished" or not text:
                out.append(f"{name}: {m.findtext('source')!r}")
    return out


@pytest.mark.parametrize("ts_name", sorted(PARTS))
def test_every_translated_source_string_is_in_the_ts_and_finished(ts_name, tmp_path):
    ts = TRANSLATIONS / ts_name
    assert _missing(ts) == []  # as committed
    if not LUPDATE.exists():
        pytest.fail(f"{LUPDATE} missing (PySide6 tools)")
    copy = tmp_path / ts_name
    shutil.copy(ts, copy)
    sources = sorted(str(p.relative_to(ROOT)) for pattern in PARTS[ts_name] for p in ROOT.glob(pattern))
    subprocess.run([str(LUPDATE), *sources, "-ts", str(copy)], cwd=ROOT, check=True, capture_output=True)
    assert _missing(copy) == [], "strings in the code without a Korean translation (run lupdate, translate, lrelease)"


def _fixed_context_strings() -> set[tuple[str, str]]:
    """(context, source) of the strings translated through a module's ``_tr`` (a fixed context),
    ``QCoreApplication.translate("Ctx", "...")`` and ``QT_TRANSLATE_NOOP("Ctx", "...")`` with literals."""
    out: set[tuple[str, str]] = set()
    for f in sorted([*ROOT.glob("viewer/**/*.py"), *ROOT.glob("workstation/**/*.py")]):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        fixed = None
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == "_tr":
                call = next((n for n in ast.walk(node) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "translate"), None)
                if call is not None and isinstance(call.args[0], ast.Constant):
                    fixed = call.args[0].value
        for n in ast.walk(tree):
            if not isinstance(n, ast.Call) or not n.args:
                continue
            name = getattr(n.func, "id", None) or getattr(n.func, "attr", None)
            args = n.args
            if name == "_tr" and fixed and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                out.add((fixed, args[0].value))
            elif name in ("translate", "QT_TRANSLATE_NOOP") and len(args) >= 2 and all(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args[:2]):
                out.add((args[0].value, args[1].value))
    return out


def test_fixed_context_strings_are_in_the_compiled_translations(qapp):
    from PySide6.QtCore import QTranslator

    from viewer.model.patient_geometry import NO_GEOMETRY_TEXT
    from viewer.model.shortcuts import KEY_BINDINGS, MOUSE_BINDINGS, WINDOW_BINDINGS
    from workstation.ui.measurements_panel import TOOLS

    wanted = _fixed_context_strings()
    wanted |= {("Shortcuts", d) for _k, _a, d in KEY_BINDINGS + WINDOW_BINDINGS}
    wanted |= {("MeasurementsPanel", t) for _k, t in TOOLS}  # self.tr(text) over a table: lupdate misses them
    wanted |= {("Shortcuts", t) for pair in MOUSE_BINDINGS for t in pair}
    wanted |= {("Viewport", w) for w in ("Im", "T", "Loc", "Loading", "W", "L", "Zoom", NO_GEOMETRY_TEXT)}
    from viewer.model.mpr_state import VIEW_NAMES
    from viewer.qt.mpr_view import SLAB_CHOICES

    wanted |= {("MprView", n.capitalize()) for n in VIEW_NAMES} | {("MprView", label) for _m, label in SLAB_CHOICES}
    assert len(wanted) > 100
    translators = []
    for qm in sorted(TRANSLATIONS.glob("*_ko.qm")):
        t = QTranslator()
        assert t.load(str(qm)), qm
        translators.append(t)
    missing = sorted(f"{c}: {s!r}" for c, s in wanted if not any(t.translate(c, s) for t in translators))
    assert missing == []
