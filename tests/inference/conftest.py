"""Fixtures for the inference tests: the shipped demo model, a synthetic left-lesion DICOM study and
its pipeline result (computed once per session: the whole pipeline is the slow part)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_MODEL = ROOT / "resources" / "models" / "m1_demo_synthetic"
DEMO_STUDY = ROOT / "resources" / "demo" / "tcga_lgg_fg_6692"


@pytest.fixture(scope="session", autouse=True)
def _one_torch_thread():
    """Two cores shared with the rest of the suite: a single torch thread is faster under load."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="session")
def demo_model_dir() -> Path:
    assert (DEMO_MODEL / "manifest.json").is_file(), f"the demo model is missing from {DEMO_MODEL}"
    return DEMO_MODEL


@pytest.fixture(scope="session")
def demo_model(demo_model_dir):
    from inference.models.loader import load_model

    return load_model(demo_model_dir, device="cpu")


@pytest.fixture(scope="session")
def thick_oblique_case():
    """A seeded synthetic case as the network sees it (1 mm, masked, normalised), acquired as thick
    (3.5-6.5 mm) oblique slices, with a 15 mm-radius tumour (a typical glioblastoma's size)."""
    from inference.training.cases import make_case

    return make_case(np.random.default_rng(424242), "thick_oblique", tumour_radius_mm=15.0)


def thick_oblique_grids(centre):
    """T1/T1c on one 5 mm grid tilted 8° about x; T2/FLAIR on another tilted the other way (like the demo study)."""
    from inference.synthetic.acquire import centred_grid
    from inference.synthetic.phantom import rotation

    g1 = centred_grid(centre, (200, 220, 140), (1.2, 1.2, 5.0), rotation([1, 0, 0], 8))
    g2 = centred_grid(centre, (200, 220, 140), (1.2, 1.2, 5.0), rotation([1, 0.2, 0], -12))
    return {"T1": g1, "T1c": g1, "T2": g2, "FLAIR": g2}


@pytest.fixture(scope="session")
def left_lesion_study(tmp_path_factory):
    """A synthetic four-sequence DICOM study, thick oblique slices, tumour in the LEFT hemisphere (LPS x > 0)."""
    from inference.synthetic.dicom_study import write_study
    from inference.synthetic.phantom import HeadPhantom

    rng = np.random.default_rng(20260101)
    ph = HeadPhantom(rng, side="left", tumour_radius_mm=14.0)
    return write_study(tmp_path_factory.mktemp("left_study"), ph, thick_oblique_grids(ph.centre), rng)


@pytest.fixture(scope="session")
def left_lesion_result(left_lesion_study, demo_model, tmp_path_factory):
    from inference.pipeline import segment_study

    stages = []
    res = segment_study(left_lesion_study.folder, tmp_path_factory.mktemp("left_out"), model=demo_model,
                        progress=lambda s, f: stages.append((s, f)))
    res.progress_seen = stages
    return res
