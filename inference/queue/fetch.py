"""Where a worker gets a job's images: the job names the study (and optionally its series) by UID and a
source; the worker finds or fetches the files itself.

* ``"inputs": [...]`` — files or folders as the worker host sees them (the archive's storage mounted
  under the same path); the client resolved them.
* ``"source": {"archive": {"database_url": ..., "storage": ...}}`` — the worker reads the archive's own
  tables (``archive_study`` → ``archive_series`` → ``archive_instance.stored_path``) with a small
  read-only SQLAlchemy query (no import of the workstation package) and takes the files under
  ``storage`` (the archive's ``store/`` folder as mounted on the worker). The URL carries no password
  (secrets never travel in a job): the worker reads it from the file ``CDSS_INFERENCE_ARCHIVE_PASSWORD_FILE``.
* ``"source": {"dicomweb": {"url": ...}}`` — the worker retrieves the series by WADO-RS (QIDO-RS to list
  them when the job names none) into the job's private temp folder, removed after the job; basic auth from
  ``CDSS_INFERENCE_DICOMWEB_AUTH_FILE`` (else ``CDSS_INFERENCE_STOW_AUTH_FILE``), ``user:password``.

* ``"source": {"cget": {"host", "port", "ae_title"}}`` — DICOM C-GET from a PACS without DICOMweb
  (``fetch_cget.py``).

Without ``series_uids`` the study's MR and CT series are taken (what M1 reads); a study that has none
there fails with a clear reason (``InputMissing``).
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

IMAGE_MODALITIES = ("MR", "CT")


class FetchError(Exception):
    """The images could not be had from the source; the message says from where and why."""


def archive_files(study_uid: str, source: dict, series_uids: list[str] | None = None) -> list[Path]:
    """The stored files of the study's series from the archive database (read only)."""
    from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select
    from sqlalchemy.engine import make_url

    url, storage = source.get("database_url"), source.get("storage")
    if not url or not storage:
        raise FetchError("the job's archive source needs database_url and storage")
    u = make_url(url)
    pw_file = os.environ.get("CDSS_INFERENCE_ARCHIVE_PASSWORD_FILE")
    if pw_file and not u.password:
        u = u.set(password=Path(pw_file).read_text().strip())
    if u.get_backend_name() == "sqlite" and u.database:  # read only: never lock or change the archive
        u = u.set(database=f"file:{u.database}?mode=ro", query={"uri": "true"})
    md = MetaData()
    study = Table("archive_study", md, Column("id", Integer), Column("study_instance_uid", String))
    series = Table("archive_series", md, Column("id", Integer), Column("study_pk", Integer),
                   Column("series_instance_uid", String), Column("modality", String))
    inst = Table("archive_instance", md, Column("series_pk", Integer), Column("stored_path", String),
                 Column("instance_number", Integer))
    q = (select(inst.c.stored_path).join(series, inst.c.series_pk == series.c.id)
         .join(study, series.c.study_pk == study.c.id).where(study.c.study_instance_uid == study_uid)
         .order_by(series.c.id, inst.c.instance_number))
    q = q.where(series.c.series_instance_uid.in_(series_uids)) if series_uids else \
        q.where(series.c.modality.in_(IMAGE_MODALITIES))
    safe = u.render_as_string(hide_password=True)
    engine = create_engine(u, pool_pre_ping=True)
    try:
        with engine.connect() as conn:
            if u.get_backend_name() in ("mysql", "mariadb"):  # read only on a shared server too
                conn.exec_driver_sql("SET SESSION TRANSACTION READ ONLY")
            elif u.get_backend_name() == "postgresql":
                conn.exec_driver_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            rows = [r[0] for r in conn.execute(q)]
    except Exception as exc:
        raise FetchError(f"cannot read the archive database {safe}: {type(exc).__name__}: {exc}"[:400]) from None
    finally:
        engine.dispose()
    if not rows:
        what = f"none of the series {', '.join(series_uids)}" if series_uids else "no MR or CT series"
        raise FetchError(f"the archive database {safe} holds {what} of study {study_uid}")
    root = Path(storage)
    out = []
    for rel in rows:
        parts = rel.split("/")
        if rel.startswith("/") or "\\" in rel or any(p in ("", ".", "..") for p in parts):
            raise FetchError(f"the archive database lists a stored path that leaves the storage: {rel[:200]!r}")
        out.append(root / rel)
    return out


def dicomweb_files(study_uid: str, source: dict, folder: Path, series_uids: list[str] | None = None,
                   cancel: threading.Event | None = None) -> list[Path]:
    """Retrieve the study's series by WADO-RS into ``folder``; the written files."""
    from .stow import web_client

    url = source.get("url")
    if not url:
        raise FetchError("the job's dicomweb source needs a url")
    client = web_client(url, ("CDSS_INFERENCE_DICOMWEB_AUTH_FILE", "CDSS_INFERENCE_STOW_AUTH_FILE"))
    try:
        if not series_uids:
            found = client.search_for_series(study_instance_uid=study_uid, fields=["00080060"], get_remaining=True)
            series_uids = [s["0020000E"]["Value"][0] for s in found
                           if (s.get("00080060", {}).get("Value") or [""])[0] in IMAGE_MODALITIES]
        if not series_uids:
            raise FetchError(f"the PACS at {url} holds no MR or CT series of study {study_uid}")
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for n, series_uid in enumerate(series_uids):
            for m, ds in enumerate(client.iter_series(study_uid, series_uid)):
                if cancel is not None and cancel.is_set():
                    from inference.dicom_series import Cancelled

                    raise Cancelled()
                path = folder / f"{n:03d}_{m:05d}.dcm"
                ds.save_as(path, enforce_file_format=True)
                out.append(path)
    except FetchError:
        raise
    except Exception as exc:
        if type(exc).__name__ == "Cancelled":
            raise
        raise FetchError(f"cannot retrieve study {study_uid} from the PACS at {url}: "
                         f"{type(exc).__name__}: {exc}"[:400]) from None
    if not out:
        raise FetchError(f"the PACS at {url} returned no images of study {study_uid}")
    return out
