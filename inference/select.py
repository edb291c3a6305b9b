"""Choose the T1, T1c, T2 and FLAIR series of a study from their descriptions and sequence tags.

Rules, in order: an override (series UID, or a case-insensitive substring of the description) wins;
then the description (``flair``; ``t2``; ``t1`` with a contrast word such as ``post``, ``gd``, ``+c``,
``ce``; ``t1`` without); then the tags (ContrastBolusAgent present → post-contrast; InversionTime
≥ 1500 ms with a long TR → FLAIR; TE ≥ 70 ms and TR ≥ 2000 ms → T2; TR < 1000 ms and TE < 30 ms → T1).
When several series qualify, the one with more slices wins. A sequence that cannot be found is named
in the error, with the series that were there and how to override.
"""
from __future__ import annotations

import re

from .dicom_series import SeriesHeaders

SEQUENCES = ("T1", "T1c", "T2", "FLAIR")
_CONTRAST = re.compile(r"(post|\bgd\b|gad|\+c|c\+|contrast|\bce\b|t1c|t1ce|mprage.*post|kontrast)", re.I)


class MissingSequenceError(Exception):
    pass


def _f(ds, name) -> float | None:
    v = ds.get(name)
    try:
        return float(v) if v not in (None, "") else None
    except (TypeError, ValueError):
        return None


def classify(s: SeriesHeaders) -> str | None:
    """The sequence a series is, or None."""
    desc = s.description.lower()
    ds = s.headers[0]
    if "flair" in desc or "dark fluid" in desc or "darkfluid" in desc:
        return "FLAIR"
    if re.search(r"\bt2\b|t2w|t2_|_t2|tse.*t2|t2.*tse", desc) and "flair" not in desc:
        return "T2"
    if re.search(r"t1", desc):
        return "T1c" if (_CONTRAST.search(desc) or ds.get("ContrastBolusAgent")) else "T1"
    tr, te, ti = _f(ds, "RepetitionTime"), _f(ds, "EchoTime"), _f(ds, "InversionTime")
    if ti is not None and ti >= 1500 and tr is not None and tr >= 4000:
        return "FLAIR"
    if te is not None and tr is not None:
        if te >= 70 and tr >= 2000:
            return "T2"
        if tr < 1000 and te < 30:
            return "T1c" if ds.get("ContrastBolusAgent") else "T1"
    return None


def _override(series: list[SeriesHeaders], key: str, want: str) -> SeriesHeaders:
    exact = [s for s in series if s.series_uid == want]
    if exact:
        return exact[0]
    hits = [s for s in series if want.lower() in s.description.lower()]
    if len(hits) != 1:
        listing = "; ".join(f"{s.description!r} ({s.series_uid})" for s in series)
        why = "matches no series" if not hits else f"matches {len(hits)} series"
        raise MissingSequenceError(f"{key}={want!r} {why}; series in the study: {listing}")
    return hits[0]


def choose_sequences(series: list[SeriesHeaders], overrides: dict[str, str] | None = None,
                     needed=SEQUENCES) -> dict[str, SeriesHeaders]:
    """``{sequence: series}`` for every sequence in ``needed``, or :class:`MissingSequenceError`."""
    overrides = dict(overrides or {})
    unknown = set(overrides) - set(SEQUENCES)
    if unknown:
        raise MissingSequenceError(f"unknown sequence name(s) {sorted(unknown)} (use {', '.join(SEQUENCES)})")
    chosen = {k: _override(series, k, v) for k, v in overrides.items()}
    used = {s.series_uid for s in chosen.values()}
    for s in sorted(series, key=lambda s: -len(s.files)):
        kind = classify(s)
        if kind and kind not in chosen and s.series_uid not in used:
            chosen[kind] = s
            used.add(s.series_uid)
    missing = [k for k in needed if k not in chosen]
    if missing:
        listing = "; ".join(f"{s.description or '(no description)'!r} -> {classify(s) or 'not recognised'}"
                            for s in series)
        raise MissingSequenceError(
            f"missing sequence(s) {', '.join(missing)}: the model needs {', '.join(needed)}. "
            f"Series found: {listing}. Name a series with --series {missing[0]}=<UID or description>.")
    return {k: chosen[k] for k in needed}
