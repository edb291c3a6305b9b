"""The DICOM tag tree: sequences expanded, private tags named from their creator, search keeps the path."""
from __future__ import annotations

from workstation.dicom_tags import count_nodes, filter_nodes, tag_tree

GE = "mr_ge_mr750_epi_axial/dicom/axial_epi_fmri_interleaved_i_to_s-00001.dcm"
SEG = "seg_sr_examples/highdicom/seg_image_ct_binary.dcm"


def _find(nodes, tag):
    for n in nodes:
        if n.tag == tag:
            return n
        hit = _find(n.children, tag)
        if hit is not None:
            return hit
    return None


def test_private_tags_named_by_their_creator(shared_data):
    nodes = tag_tree(shared_data / GE)
    node = _find(nodes, "(0043,1098)")
    assert node.private_creator == "GEMS_PARM_01"
    assert node.name == "[ASSET Acquisition Calibration Series UID]"
    assert _find(nodes, "(0010,0010)").name == "Patient's Name"
    assert _find(nodes, "(0002,0010)") is not None  # the file meta group too


def test_sequences_expanded_and_search_keeps_the_path(shared_data):
    nodes = tag_tree(shared_data / SEG)
    seq = _find(nodes, "(0062,0002)")  # SegmentSequence
    assert seq.vr == "SQ" and seq.children and seq.children[0].name == "Item 1"
    labels = [c for c in seq.children[0].children if c.tag == "(0062,0005)"]
    assert labels and labels[0].value  # SegmentLabel inside the item
    shown = filter_nodes(nodes, "(0062,0005)")  # SegmentLabel, by its tag
    assert [n.tag for n in shown] == ["(0062,0002)"]
    assert count_nodes(shown) == 1 + 2 * len(seq.children)  # the sequence, its items, one label each
    assert filter_nodes(nodes, "") is nodes
    assert filter_nodes(nodes, "no such tag anywhere") == []
