"""Prior studies for comparison: the same patient's earlier studies of the same body part."""
from __future__ import annotations

from collections.abc import Iterable

from workstation.reading.records import Order
from workstation.reading.repository import order_day
from workstation.reading.status import OrderStatus

#: DICOM BodyPartExamined values that mean the same region for comparison
BODY_PART_GROUPS: dict[str, str] = {
    "BRAIN": "HEAD", "HEAD": "HEAD", "SKULL": "HEAD", "HEADNECK": "HEAD", "뇌": "HEAD", "두부": "HEAD",
}


def body_region(body_part: str) -> str:
    key = (body_part or "").strip().upper().replace(" ", "").replace("_", "")
    return BODY_PART_GROUPS.get(key, key)


def matching_priors(current: Order, history: Iterable[Order]) -> list[Order]:
    """Earlier orders of the same patient with a study of the same body region, newest first; studies of
    the same modality before others. Cancelled orders and orders without a study are left out."""
    if current.study is None:
        return []
    region, day = body_region(current.study.body_part), order_day(current)
    out = [o for o in history
           if o.id != current.id and o.patient.patient_number == current.patient.patient_number
           and o.study is not None and o.status != OrderStatus.CANCELLED
           and body_region(o.study.body_part) == region and order_day(o) < day]
    out.sort(key=order_day, reverse=True)
    out.sort(key=lambda o: o.study.modality.upper() != current.study.modality.upper())
    return out


def best_prior(current: Order, history: Iterable[Order]) -> Order | None:
    """The prior to offer first: the newest matching one with a signed report, else the newest matching."""
    priors = matching_priors(current, history)
    signed = [o for o in priors if o.report.confirmed]
    return (signed or priors or [None])[0]
