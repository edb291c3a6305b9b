"""AI results that are not for clinical use are recognised from what the SEG says of itself (no Qt)."""
from __future__ import annotations

from types import SimpleNamespace

from workstation.ai_review.disclaimer import NOT_CLINICAL, SYNTHETIC, disclaimer_kind, seg_disclaimer, strongest


def _seg(description="", label="", algorithms=()):
    return SimpleNamespace(series_description=description, content_label=label,
                           segments=[SimpleNamespace(algorithm=a) for a in algorithms])


def test_the_demo_m1_seg_is_recognised_even_with_cut_texts():
    # what inference/seg_output writes (DICOM LO cuts the algorithm name at 64 characters)
    m1 = _seg("M1 SEG m1_demo_synthetic - not for clinical use", "TUMOUR",
              ["m1_demo_synthetic (trained on synthetic data - not for clinical 0.1.0"])
    assert seg_disclaimer(m1) == SYNTHETIC
    edited = _seg("edited", "EDIT", ["m1_demo_synthetic (trained on synthetic data - not for clinical 0.1.0"])
    assert seg_disclaimer(edited) == SYNTHETIC  # an edited version keeps the algorithm names


def test_other_results_carry_no_warning_or_a_plain_one():
    assert seg_disclaimer(_seg("Liver segmentation", "LIVER", ["dcmqi 1.0"])) is None
    assert disclaimer_kind("research model - NOT FOR CLINICAL USE") == NOT_CLINICAL
    assert disclaimer_kind("", None) is None
    assert strongest([None, NOT_CLINICAL, SYNTHETIC]) == SYNTHETIC
    assert strongest([None, NOT_CLINICAL]) == NOT_CLINICAL
    assert strongest([]) is None
