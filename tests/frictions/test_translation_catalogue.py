"""The catalogue a live language switch uses (no Qt): a shown text is traced back to its string in whichever
language it was made, templates carry their arguments over, data is left alone, and the real .ts files of the
app round-trip every finished entry."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from workstation.app.translation_catalogue import TranslationCatalogue

KO = {("Panel", "Save draft"): "임시 저장", ("Panel", "Fused: %s — %s"): "융합: %s — %s",
      ("Panel", "registered (rigid)"): "정합됨 (강체)", ("Panel", "Total: %.1f mL"): "합계: %.1f mL",
      ("Other", "Save draft"): "초안 저장", ("Panel", "Signed by %1 at %2"): "%2에 %1 서명",
      ("Panel", "%s"): "%s", ("Panel", "%n entries"): "%n건"}


def _catalogue() -> TranslationCatalogue:
    return TranslationCatalogue([(c, s, [k]) for (c, s), k in KO.items()])


def korean(context, source, n):
    text = KO.get((context, source), source)
    return text.replace("%n", str(n)) if n >= 0 else text


def english(_context, source, n):
    return source.replace("%n", str(n)) if n >= 0 else source


def test_a_text_goes_to_the_other_language_and_back():
    cat = _catalogue()
    assert cat.retranslate("Save draft", korean, ["Panel"]) == "임시 저장"
    assert cat.retranslate("임시 저장", english, ["Panel"]) == "Save draft"
    assert cat.retranslate("Save draft", korean, ["Other", "Panel"]) == "초안 저장"  # the nearest class decides
    assert cat.retranslate("임시 저장", korean, ["Panel"]) is None  # already in that language


def test_templates_carry_their_arguments_even_reordered():
    cat = _catalogue()
    assert cat.retranslate("Total: 12.5 mL", korean) == "합계: 12.5 mL"
    assert cat.retranslate("합계: 12.5 mL", english) == "Total: 12.5 mL"
    assert cat.retranslate("Signed by dr.kim at 10:00", korean) == "10:00에 dr.kim 서명"
    assert cat.retranslate("10:00에 dr.kim 서명", english) == "Signed by dr.kim at 10:00"
    assert cat.retranslate("7 entries", korean) == "7건"
    # arguments that are strings themselves, and lines a widget joined, are translated too
    assert cat.retranslate("Fused: T2 AX — registered (rigid)", korean) == "융합: T2 AX — 정합됨 (강체)"
    assert cat.retranslate("융합: T2 AX — 정합됨 (강체)", english) == "Fused: T2 AX — registered (rigid)"
    assert cat.retranslate("T2 SEG\nSave draft\nTotal: 3.0 mL", korean) == "T2 SEG\n임시 저장\n합계: 3.0 mL"


def test_data_and_loose_templates_match_nothing():
    cat = _catalogue()
    for text in ("박지훈", "TCGA-FG-6692", "Save draft now", "", "3건"):  # "%s" and "%n건" are too loose to match
        assert cat.retranslate(text, korean) is None and cat.retranslate(text, english) is None


def test_every_finished_entry_of_the_app_round_trips():
    folder = Path(__file__).resolve().parents[2] / "resources" / "translations"
    files = sorted(folder.glob("*_ko.ts"))
    cat = TranslationCatalogue.from_ts_files(files)
    table, checked = {}, 0
    for ts in files:
        for ctx in ET.parse(ts).getroot().iter("context"):
            for m in ctx.iter("message"):
                tr = m.find("translation")
                if m.get("numerus") != "yes" and tr.get("type") is None and tr.text:
                    table[(ctx.findtext("name"), m.findtext("source"))] = tr.text
    for (context, source), text in table.items():
        to_ko = cat.retranslate(source, lambda c, s, _n: table.get((c, s), s), [context])
        assert to_ko in (text, None), (context, source)  # None: the same in both languages
        back = cat.retranslate(text, lambda _c, s, _n: s, [context])
        same = {s for (c, s), t in table.items() if c == context and t == text}  # one Korean for two strings
        assert back in same | {None}, (context, source)
        checked += 1
    assert checked > 300
