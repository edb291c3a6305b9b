"""Our fast Part 10 encoding of a received instance is byte-for-byte pynetdicom's
``encoded_dataset()`` (what the receiver used before): files stored by the SCP do not change."""
import pydicom
import pytest
from pynetdicom import AE, evt
from pynetdicom.sop_class import CTImageStorage, MRImageStorage

from tests.harness.peers import free_port
from workstation.dicom_net.contexts import add_storage_scp_contexts
from workstation.dicom_net.part10 import part10_bytes


@pytest.fixture
def received(shared_data):
    """Send real files (odd and even UID lengths, several syntaxes) to a pynetdicom SCP that
    records both encodings of every instance."""
    got = []

    def handler(event):
        got.append((event.encoded_dataset(), part10_bytes(event)))
        return 0x0000

    port = free_port()
    ae = AE(ae_title="PART10")
    add_storage_scp_contexts(ae)
    server = ae.start_server(("127.0.0.1", port), block=False, evt_handlers=[(evt.EVT_C_STORE, handler)])
    files = sorted((shared_data / "mr_siemens_transfer_syntaxes/dicom").glob("*.dcm"))
    files += [shared_data / "pydicom_codec_samples/pydicom/CT_small.dcm"]
    sender = AE(ae_title="SENDER")
    datasets = [pydicom.dcmread(f) for f in files]
    for ds in datasets:
        cls = CTImageStorage if ds.SOPClassUID == CTImageStorage else MRImageStorage
        sender.add_requested_context(cls, ds.file_meta.TransferSyntaxUID)
    assoc = sender.associate("127.0.0.1", port, ae_title="PART10")
    try:
        assert assoc.is_established
        for ds in datasets:
            assert assoc.send_c_store(ds).Status == 0
    finally:
        assoc.release()
        server.shutdown()
    return got, datasets


def test_part10_bytes_equal_pynetdicoms_encoded_dataset(received):
    got, datasets = received
    assert len(got) == len(datasets) >= 5
    for theirs, ours in got:
        assert ours == theirs
    uids = {len(str(ds.SOPInstanceUID)) % 2 for ds in datasets}
    syntaxes = {str(ds.file_meta.TransferSyntaxUID) for ds in datasets}
    assert uids == {0, 1} and len(syntaxes) >= 5  # both UID paddings, many syntaxes (big endian too)


def test_part10_bytes_read_back_with_the_senders_uids(received):
    got, datasets = received
    for (_theirs, ours), ds in zip(got, datasets):
        back = pydicom.dcmread(pydicom.filebase.DicomBytesIO(ours))
        assert back.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID
        assert back.file_meta.TransferSyntaxUID == ds.file_meta.TransferSyntaxUID
        assert back.SOPInstanceUID == ds.SOPInstanceUID
