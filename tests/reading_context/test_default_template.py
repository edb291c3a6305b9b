"""Templates follow the study: the default report template by modality and body part, in both languages."""
from __future__ import annotations

import pytest

from workstation.reading.templates import default_template, load_templates


@pytest.fixture(scope="module")
def templates():
    return load_templates()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_ct_head_order_gets_the_ct_head_template_not_the_mr_one(templates, lang):
    for body in ("HEAD", "BRAIN", "SKULL"):
        t = default_template(templates, "CT", body, lang)
        assert t.id == f"ct_head_{lang}" and t.modality == "CT"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_mr_brain_gets_the_tumour_template_follow_up_with_a_prior(templates, lang):
    assert default_template(templates, "MR", "BRAIN", lang).id == f"brain_tumour_mr_{lang}"
    assert default_template(templates, "MR", "HEAD", lang, follow_up=True).id == f"brain_tumour_followup_mr_{lang}"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_anything_else_gets_the_generic_template(templates, lang):
    for modality, body in (("CR", "CSPINE"), ("MR", "SPINE"), ("CT", ""), ("", "")):
        t = default_template(templates, modality, body, lang)
        assert t.id == f"generic_{lang}" and t.language == lang


def test_the_new_templates_load_in_both_languages(templates):
    ids = {t.id: t for t in templates}
    for name in ("ct_head", "generic"):
        assert ids[f"{name}_en"].language == "en" and ids[f"{name}_ko"].language == "ko"
        assert ids[f"{name}_en"].findings and ids[f"{name}_ko"].impression
    assert "출혈" in ids["ct_head_ko"].findings  # the Korean keyword highlight works on it
