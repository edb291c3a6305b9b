"""The one declarative base of the workstation's local database.

Every model module of the workstation (archive, reading, settings, ...) subclasses ``Base`` and is
listed in ``MODEL_MODULES`` so migrations and ``create_all`` see every table.
"""
from __future__ import annotations

import importlib

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


#: modules that define tables on ``Base``; add yours here (one line, keep sorted)
MODEL_MODULES: list[str] = [
    "workstation.ai_review.models",
    "workstation.archive.models",
    "workstation.dicom_net.nodes",
    "workstation.measurements.models",
    "workstation.reading.models",
]


def load_all_models() -> MetaData:
    """Import every model module so ``Base.metadata`` holds all tables; return the metadata."""
    for name in MODEL_MODULES:
        importlib.import_module(name)
    return Base.metadata
