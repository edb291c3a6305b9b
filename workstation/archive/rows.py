"""Database side of storing instances: look up existing UIDs and insert a batch of rows in one
transaction (patients, studies and series created as needed, series counts kept right)."""
from __future__ import annotations

from sqlalchemy import Connection, func, insert, select, update

from .models import Instance, Patient, Series, Study

CHUNK = 500  # bound parameters per IN (...) query
#: instance columns the receiver and import fill (``created_at`` is the server's default)
INSTANCE_COLUMNS = ("series_pk", "sop_instance_uid", "sop_class_uid", "transfer_syntax_uid", "instance_number",
                    "number_of_frames", "stored_path", "size_bytes", "content_hash", "source", "image_record")


def _driver_sql(conn: Connection, sql: str) -> str:
    """``sql`` written with ``?`` marks, in the driver's own parameter style."""
    return sql if conn.dialect.paramstyle == "qmark" else sql.replace("?", "%s")


def _insert_instances(conn: Connection, rows: list[tuple]) -> None:
    """Plain-SQL executemany of instance rows (``INSTANCE_COLUMNS`` order). The receiver commits a batch
    every ~50 ms on a thread that shares the GIL with the association: building and compiling SQLAlchemy
    statements cost more than the insert itself. Errors still arrive as SQLAlchemy exceptions."""
    sql = (f"INSERT INTO {Instance.__tablename__} ({', '.join(INSTANCE_COLUMNS)}) "
           f"VALUES ({', '.join('?' * len(INSTANCE_COLUMNS))})")
    conn.exec_driver_sql(_driver_sql(conn, sql), rows)


def _add_to_series_counts(conn: Connection, added: dict[int, int]) -> None:
    sql = f"UPDATE {Series.__tablename__} SET instance_count = instance_count + ? WHERE id = ?"
    conn.exec_driver_sql(_driver_sql(conn, sql), [(added[pk], pk) for pk in sorted(added)])  # one lock order


def _chunks(items: list, n: int = CHUNK):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def existing_instances(conn: Connection, sop_uids: list[str]) -> dict[str, tuple[str, str]]:
    """``{sop uid: (content hash, stored path)}`` for the UIDs already in the archive."""
    out: dict[str, tuple[str, str]] = {}
    for part in _chunks(sorted(set(sop_uids))):
        rows = conn.execute(select(Instance.sop_instance_uid, Instance.content_hash, Instance.stored_path)
                            .where(Instance.sop_instance_uid.in_(part)))
        for uid, h, p in rows:
            out[uid] = (h, p)
    return out


def _ids(conn: Connection, column, key_col, keys: list[str], known: dict | None = None) -> dict[str, int]:
    """``{key: primary key}`` of the rows that exist; ``known`` (a caller's cache) answers first."""
    out: dict[str, int] = {}
    ask = sorted(set(keys))
    if known is not None:
        out = {k: known[k] for k in ask if k in known}
        ask = [k for k in ask if k not in out]
    for part in _chunks(ask):
        for k, pk in conn.execute(select(key_col, column).where(key_col.in_(part))):
            out[k] = pk
    if known is not None:
        known.update(out)
    return out


def insert_batch(conn: Connection, prepared: list, known_ids: dict | None = None) -> None:
    """Insert rows for ``prepared`` (list of ``PreparedInstance`` whose files are already durable).

    Runs inside the caller's transaction; raises ``IntegrityError`` if another writer got there first.
    ``known_ids``: a cache of patient/study/series primary keys kept across batches by one writer (the
    caller clears it when a transaction fails, so it never holds a key that was not committed).
    """
    if not prepared:
        return
    headers = [p.header for p in prepared]
    cache = {} if known_ids is None else known_ids
    known = {name: cache.setdefault(name, {}) if known_ids is not None else None
             for name in ("patient", "study", "series")}
    # patients
    pats = {h.patient["patient_id"]: h.patient for h in headers}
    pat_ids = _ids(conn, Patient.id, Patient.patient_id, list(pats), known["patient"])
    new = [pats[k] for k in pats if k not in pat_ids]
    if new:
        conn.execute(insert(Patient), new)
        pat_ids = _ids(conn, Patient.id, Patient.patient_id, list(pats), known["patient"])
    # studies
    studies = {h.study_instance_uid: h for h in headers}
    study_ids = _ids(conn, Study.id, Study.study_instance_uid, list(studies), known["study"])
    new = [{**h.study, "study_instance_uid": uid, "patient_pk": pat_ids[h.patient["patient_id"]]}
           for uid, h in studies.items() if uid not in study_ids]
    if new:
        conn.execute(insert(Study), new)
        study_ids = _ids(conn, Study.id, Study.study_instance_uid, list(studies), known["study"])
    # series
    series = {h.series_instance_uid: h for h in headers}
    series_ids = _ids(conn, Series.id, Series.series_instance_uid, list(series), known["series"])
    new = [{**h.series, "series_instance_uid": uid, "study_pk": study_ids[h.study_instance_uid],
            "instance_count": 0}
           for uid, h in series.items() if uid not in series_ids]
    new_series = bool(new)
    if new:
        conn.execute(insert(Series), new)
        series_ids = _ids(conn, Series.id, Series.series_instance_uid, list(series), known["series"])
    # series counts first: every writer takes a series' row lock before its instance rows (whose foreign
    # key checks share-lock that row), so two writers into one series queue up instead of deadlocking.
    # Every instance below is new (a duplicate fails the whole transaction): the counts go up by exactly
    # what is inserted, no recount of series that may hold thousands of instances, batch after batch
    added: dict[int, int] = {}
    for p in prepared:
        pk = series_ids[p.header.series_instance_uid]
        added[pk] = added.get(pk, 0) + 1
    _add_to_series_counts(conn, added)
    # instances
    _insert_instances(conn, [
        (series_ids[p.header.series_instance_uid], p.header.sop_instance_uid, p.header.sop_class_uid,
         p.header.transfer_syntax_uid, p.header.instance["instance_number"], p.header.instance["number_of_frames"],
         p.relative_path, len(p.data), p.ensure_hash(), (p.source or "")[-1024:], p.header.image_record)
        for p in prepared])
    if new_series:  # a study's modalities change only with a new series
        refresh_counts(conn, [], [study_ids[s] for s in studies])


def refresh_counts(conn: Connection, series_pks: list[int], study_pks: list[int]) -> None:
    """Recompute ``Series.instance_count`` and ``Study.modalities`` for the given rows."""
    for part in _chunks(sorted(set(series_pks))):
        counts = dict(conn.execute(select(Instance.series_pk, func.count()).where(Instance.series_pk.in_(part))
                                   .group_by(Instance.series_pk)).all())
        for pk in part:
            conn.execute(update(Series).where(Series.id == pk).values(instance_count=counts.get(pk, 0)))
    for part in _chunks(sorted(set(study_pks))):
        mods: dict[int, set[str]] = {pk: set() for pk in part}
        for pk, modality in conn.execute(select(Series.study_pk, Series.modality).where(Series.study_pk.in_(part))):
            if modality:
                mods[pk].add(modality)
        for pk, m in mods.items():
            conn.execute(update(Study).where(Study.id == pk).values(modalities="\\".join(sorted(m))[:64]))
