"""What the workstation speaks over DICOM: storage SOP classes, transfer syntaxes, Q/R models.

Plain constants and small builders for pynetdicom presentation contexts; no network here.
"""
from __future__ import annotations

from pydicom.uid import UID
from pynetdicom import AE, build_role
from pynetdicom.sop_class import (
    BasicTextSRStorage,
    Comprehensive3DSRStorage,
    ComprehensiveSRStorage,
    CTImageStorage,
    EnhancedCTImageStorage,
    EnhancedMRColorImageStorage,
    EnhancedMRImageStorage,
    EnhancedPETImageStorage,
    EnhancedSRStorage,
    GrayscaleSoftcopyPresentationStateStorage,
    KeyObjectSelectionDocumentStorage,
    LegacyConvertedEnhancedCTImageStorage,
    LegacyConvertedEnhancedMRImageStorage,
    LegacyConvertedEnhancedPETImageStorage,
    MRImageStorage,
    MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
    MultiFrameGrayscaleWordSecondaryCaptureImageStorage,
    MultiFrameTrueColorSecondaryCaptureImageStorage,
    PatientRootQueryRetrieveInformationModelFind,
    PatientRootQueryRetrieveInformationModelGet,
    PatientRootQueryRetrieveInformationModelMove,
    PositronEmissionTomographyImageStorage,
    RealWorldValueMappingStorage,
    SecondaryCaptureImageStorage,
    SegmentationStorage,
    StudyRootQueryRetrieveInformationModelFind,
    StudyRootQueryRetrieveInformationModelGet,
    StudyRootQueryRetrieveInformationModelMove,
    Verification,
)

#: storage SOP classes a brain-tumour service sees (MR, CT, PET, SC, SEG, SR, GSPS and friends)
STORAGE_SOP_CLASSES: tuple[UID, ...] = (
    MRImageStorage, EnhancedMRImageStorage, EnhancedMRColorImageStorage,
    LegacyConvertedEnhancedMRImageStorage,
    CTImageStorage, EnhancedCTImageStorage, LegacyConvertedEnhancedCTImageStorage,
    PositronEmissionTomographyImageStorage, EnhancedPETImageStorage,
    LegacyConvertedEnhancedPETImageStorage,
    SecondaryCaptureImageStorage, MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
    MultiFrameGrayscaleWordSecondaryCaptureImageStorage,
    MultiFrameTrueColorSecondaryCaptureImageStorage,
    SegmentationStorage,
    BasicTextSRStorage, EnhancedSRStorage, ComprehensiveSRStorage, Comprehensive3DSRStorage,
    KeyObjectSelectionDocumentStorage,
    GrayscaleSoftcopyPresentationStateStorage,
    RealWorldValueMappingStorage,
)

UNCOMPRESSED_TS: tuple[str, ...] = (
    "1.2.840.10008.1.2.1",     # Explicit VR Little Endian
    "1.2.840.10008.1.2",       # Implicit VR Little Endian
    "1.2.840.10008.1.2.1.99",  # Deflated Explicit VR Little Endian
    "1.2.840.10008.1.2.2",     # Explicit VR Big Endian (retired, still sent by old modalities)
)
COMPRESSED_TS: tuple[str, ...] = (
    "1.2.840.10008.1.2.4.50",  # JPEG Baseline 8 bit
    "1.2.840.10008.1.2.4.51",  # JPEG Extended 12 bit
    "1.2.840.10008.1.2.4.57",  # JPEG Lossless
    "1.2.840.10008.1.2.4.70",  # JPEG Lossless SV1
    "1.2.840.10008.1.2.4.80",  # JPEG-LS Lossless
    "1.2.840.10008.1.2.4.81",  # JPEG-LS near-lossless
    "1.2.840.10008.1.2.4.90",  # JPEG 2000 Lossless
    "1.2.840.10008.1.2.4.91",  # JPEG 2000
    "1.2.840.10008.1.2.5",     # RLE Lossless
)
ACCEPTED_TS: tuple[str, ...] = UNCOMPRESSED_TS + COMPRESSED_TS

FIND_MODELS = {"study": StudyRootQueryRetrieveInformationModelFind,
               "patient": PatientRootQueryRetrieveInformationModelFind}
MOVE_MODELS = {"study": StudyRootQueryRetrieveInformationModelMove,
               "patient": PatientRootQueryRetrieveInformationModelMove}
GET_MODELS = {"study": StudyRootQueryRetrieveInformationModelGet,
              "patient": PatientRootQueryRetrieveInformationModelGet}


def add_storage_scp_contexts(ae: AE) -> None:
    """Accept every storage class of ``STORAGE_SOP_CLASSES`` in every ``ACCEPTED_TS`` (+ Verification)."""
    ae.add_supported_context(Verification)
    for sop in STORAGE_SOP_CLASSES:
        ae.add_supported_context(sop, list(ACCEPTED_TS))


def add_get_contexts(ae: AE, model: str = "study") -> list:
    """Request the C-GET model plus storage contexts we can receive on; return the SCP/SCU role items.

    Each storage class gets one uncompressed context and one per compressed syntax, so the sender can
    keep each file in the syntax it already has (no transcoding). Stays under the 128-context limit.
    """
    ae.add_requested_context(GET_MODELS[model])
    roles = []
    for sop in STORAGE_SOP_CLASSES:
        ae.add_requested_context(sop, list(UNCOMPRESSED_TS[:2]))
        roles.append(build_role(sop, scp_role=True))
    for sop in (MRImageStorage, EnhancedMRImageStorage, CTImageStorage, EnhancedCTImageStorage,
                PositronEmissionTomographyImageStorage, SecondaryCaptureImageStorage,
                LegacyConvertedEnhancedMRImageStorage):
        for ts in COMPRESSED_TS:
            ae.add_requested_context(sop, ts)
    return roles
