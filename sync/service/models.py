"""All tables of the service, importable in one place (Alembic and ``create_all`` use ``metadata``)."""
from sync.service.db import ServiceBase
from sync.service.models_access import ApiToken, ApiUser, AuditHead, IdempotencyRecord
from sync.service.models_ai import AIInferenceLog, AIInferenceRequest, AIInferenceResult, AIModel
from sync.service.models_clinical import Encounter, ImagingStudy, Order, OrderHistory, Patient

metadata = ServiceBase.metadata

__all__ = [
    "AIInferenceLog", "AIInferenceRequest", "AIInferenceResult", "AIModel", "ApiToken", "ApiUser", "AuditHead",
    "Encounter", "IdempotencyRecord", "ImagingStudy", "Order", "OrderHistory", "Patient", "metadata",
]
