"""The brain-tumour hanging: FLAIR, T1 post-contrast, T2, T1, linked; series recognised by description."""
import pytest

from workstation.reading.hanging_protocol import hang_series, sequence_of


@pytest.mark.parametrize("description, kind", [
    ("AX T2 FLAIR", "flair"), ("t2_tirm_tra_dark-fluid", "flair"), ("Ax T2 FLAIR post", "flair"),
    ("AX T1 SE POST GD", "t1c"), ("T1 +C AX", "t1c"), ("AX T1 C+", "t1c"), ("3D MPRAGE POST CONTRAST", "t1c"),
    ("t1_se_tra_Gd", "t1c"), ("AX T1 SE", "t1"), ("AX T1 PRE CONTRAST", "t1"), ("MR brain 3D T1 MP-RAGE", "t1"),
    ("Sag T1 FSPGR W/O", "t1"), ("AX T2 TSE", "t2"), ("t2_tse_tra", "t2"),
    ("AX T2* GRE", None), ("DWI b1000", None), ("ADC", None), ("SWI", None), ("3-plane localizer", None),
    ("", None), ("MNI152 T12 template", None),
])
def test_sequence_from_series_description(description, kind):
    assert sequence_of(description) == kind


def test_demo_study_hangs_flair_t1c_t2_t1_whatever_the_archive_order():
    # the archive lists series by number, i.e. acquisition order: T2, FLAIR, T1, T1 post
    descriptions = ["AX T2 TSE", "AX T2 FLAIR", "AX T1 SE", "AX T1 SE POST GD"]
    h = hang_series(descriptions)
    assert [descriptions[n] for n in h.order] == ["AX T2 FLAIR", "AX T1 SE POST GD", "AX T2 TSE", "AX T1 SE"]
    assert h.linked
    h = hang_series(list(reversed(descriptions)))
    assert [list(reversed(descriptions))[n] for n in h.order] == [
        "AX T2 FLAIR", "AX T1 SE POST GD", "AX T2 TSE", "AX T1 SE"]


def test_other_series_follow_and_a_second_t1_post_is_not_hung_first():
    d = ["Localizer", "AX DWI", "AX T1 POST", "COR T1 POST", "AX FLAIR"]
    h = hang_series(d)
    assert [d[n] for n in h.order] == ["AX FLAIR", "AX T1 POST", "Localizer", "AX DWI", "COR T1 POST"]
    assert h.linked


def test_a_study_without_tumour_sequences_keeps_its_order_unlinked():
    assert hang_series(["CT head", "Bone"]) == hang_series(["CT head", "Bone"])
    h = hang_series(["STD BRAIN 5MM", "Scout"])
    assert h.order == [0, 1] and not h.linked
    assert not hang_series(["AX T1"]).linked  # one sequence: nothing to link
