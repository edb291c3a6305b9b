"""The start study and its first hung series, read with the standard library's ``sqlite3`` (read-only), without
SQLAlchemy or the archive: what a warm start of the embedded archive can show before the services open.

    start = light_start(archive_dir, database_url, demo_uid=demo_study_uid())   # None: take the full path
    start.study_uid, start.series_uids, start.layout, start.first_files         # what the full path would open

Only for the embedded default (the SQLite ``archive.db`` in the archive folder: no database URL, none in the site
configuration), only when nobody logs in (no rows in ``reading_users``: ``session.builder.open_reading`` asks for
a login only then) and only on a warm start (the archive holds a study). The choice is the full path's: the demo
study when the archive holds it, otherwise the archive's first study (newest first, ``Archive.studies``); its
series hung by ``hang_order`` (the hanging protocol's first stage), which ``ViewerController.open_study`` uses
too. Anything unexpected (a missing table, a locked or damaged file) returns ``None``: the full path decides.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from workstation.reading.hanging import SeriesInfo, hangable, plan_hanging

#: the layout a study opens in, by number of series
DEFAULT_LAYOUTS = ((1, "1x1"), (2, "1x2"), (4, "2x2"), (9, "3x3"))


def default_layout(n_series: int) -> str:
    for n, name in DEFAULT_LAYOUTS:
        if n_series <= n:
            return name
    return "3x3"


def layout_size(layout: str) -> int:
    """Viewports of a ``"RxC"`` layout."""
    rows, cols = layout.lower().split("x")
    return int(rows) * int(cols)


def hang_order(series: list[SeriesInfo]) -> tuple[list[str], bool]:
    """A study's hangable series in the order they hang (the protocol's first stage, then the other image series),
    and whether that stage reads them linked."""
    series = [s for s in series if hangable(s)[0]]
    if not series:
        return [], False
    stage = plan_hanging(series).stages[0]
    hung = [v.series.uid for v in stage.viewports if v.series is not None]
    return hung + [s.uid for s in series if s.uid not in hung], bool(stage.linked)


def start_study_uid(study_uids: list[str], demo_uid: str | None) -> str | None:
    """The study a start opens: the demo study when present, otherwise the first (``study_uids`` newest first)."""
    if not study_uids:
        return None
    return demo_uid if demo_uid in study_uids else study_uids[0]


@dataclass(frozen=True)
class LightStart:
    archive_dir: Path
    study_uid: str
    series_uids: list[str]  # hung, as many as the layout shows
    layout: str
    linked: bool
    first_files: list[tuple[Path, str | None]]  # the first series' files (+ indexed header), the archive's order

    @property
    def preview_file(self) -> Path:
        """The image the full path shows first (``ViewerController.open_series``: the middle one of three or more)."""
        files = self.first_files
        return files[len(files) // 2][0] if len(files) >= 3 else files[0][0]


def light_start(archive_dir: Path | str | None, database_url: str | None = None, *,
                demo_uid: str | None = None) -> LightStart | None:
    """What a warm, login-free start of the embedded archive opens first, or ``None`` (take the full path)."""
    if database_url:
        return None
    if archive_dir is None:
        if _site_database_url():
            return None
        from workstation.paths import default_archive_dir

        archive_dir = default_archive_dir()
    archive_dir = Path(archive_dir)
    db = archive_dir / "archive.db"
    if not db.is_file():
        return None  # a first run: the full path creates the archive and imports the demo
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        return _choose(conn, archive_dir, demo_uid)
    except (sqlite3.Error, OSError, ValueError):
        return None
    finally:
        conn.close()


def _site_database_url() -> str | None:
    from workstation.site_config import SiteConfigError, load

    try:
        return load().database_url_with_password() or None
    except SiteConfigError:
        return "site configuration error"  # the full path reports it


def _choose(conn: sqlite3.Connection, archive_dir: Path, demo_uid: str | None) -> LightStart | None:
    if conn.execute("SELECT 1 FROM reading_users LIMIT 1").fetchone() is not None:
        return None  # a login comes first
    studies = [r[0] for r in conn.execute(
        "SELECT study_instance_uid FROM archive_study "
        "ORDER BY study_date DESC, study_time DESC, study_instance_uid")]
    study_uid = start_study_uid(studies, demo_uid)
    if study_uid is None:
        return None  # cold: the full path imports the demo
    infos = []
    rows = conn.execute(
        "SELECT se.id, se.series_instance_uid, se.series_description, se.modality, se.body_part, se.series_number, "
        "se.instance_count FROM archive_series se JOIN archive_study st ON st.id = se.study_pk "
        "WHERE st.study_instance_uid = ? ORDER BY se.series_number, se.series_instance_uid", (study_uid,)).fetchall()
    for pk, uid, desc, modality, body_part, number, count in rows:
        sop, image_type = "", ()
        if count:
            inst = _instances(conn, pk)
            if inst:
                sop = inst[0][1] or ""
                image_type = _image_type(_absolute(archive_dir, inst[0][2]))
        infos.append(SeriesInfo(uid, desc or "", modality or "", body_part or "", number, count, sop, image_type))
    ordered, linked = hang_order(infos)
    if not ordered:
        return None
    layout = default_layout(len(ordered))
    uids = ordered[: layout_size(layout)]
    first_pk = next(pk for pk, uid, *_ in rows if uid == uids[0])
    files = [(_absolute(archive_dir, path), record) for _uid, _sop, path, record in _instances(conn, first_pk)]
    if not files:
        return None
    return LightStart(archive_dir, study_uid, uids, layout, linked, files)


def _instances(conn: sqlite3.Connection, series_pk: int) -> list[tuple]:
    """``(sop uid, sop class, stored path, image record)`` by instance number (unnumbered last), then UID."""
    rows = conn.execute("SELECT sop_instance_uid, sop_class_uid, stored_path, image_record, instance_number "
                        "FROM archive_instance WHERE series_pk = ?", (series_pk,)).fetchall()
    rows.sort(key=lambda r: (r[4] is None, r[4] or 0, r[0]))
    return [r[:4] for r in rows]


def _absolute(archive_dir: Path, relative: str) -> Path:
    """``FileStore.absolute``: a stored path that would leave the store is refused."""
    parts = relative.split("/")
    if relative.startswith("/") or "\\" in relative or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"stored path {relative[:200]!r} would leave the archive's store")
    return archive_dir / "store" / relative


def _image_type(path: Path) -> tuple[str, ...]:
    import pydicom

    ds = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=["ImageType"])
    return tuple(str(v) for v in (ds.get("ImageType") or ()))
