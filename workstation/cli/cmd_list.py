"""``cdss-workstation list [--archive DIR | --database URL] [--json]``: what the archive holds.

Text: patients, their studies and series. ``--json``: a list of series objects with ``patient_id``,
``study_instance_uid``, ``series_instance_uid``, ``modality``, ``series_description``, ``instances``
(count stored) and a few more fields.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from workstation.cli.cmd_import import open_archive
from workstation.cli.options import add_archive_options


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help="list the patients, studies and series in the archive")
    add_archive_options(p)
    p.add_argument("--json", action="store_true", help="print a JSON list of series")
    from workstation.cli.auth_gate import add_login_options

    add_login_options(p)  # --user / --password-stdin when local users exist
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from workstation.cli.auth_gate import DENIED, gate
    from workstation.reading.roles import Action

    if gate(args, Action.VIEW_WORKLIST, "list_archive", "archive", detail="cli list") is None:
        return DENIED
    archive = open_archive(args)
    if archive is None:
        return 2
    with archive:
        studies = archive.studies()
        series = archive.series()
    if args.json:
        by_study = {s.study_instance_uid: s for s in studies}
        out = []
        for s in series:
            d = asdict(s)
            st = by_study.get(s.study_instance_uid)
            d["patient_name"] = st.patient_name if st else ""
            d["study_date"] = st.study_date if st else ""
            d["study_description"] = st.study_description if st else ""
            out.append(d)
        json.dump(out, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0
    series_by_study: dict[str, list] = {}
    for s in series:
        series_by_study.setdefault(s.study_instance_uid, []).append(s)
    patient = None
    for st in sorted(studies, key=lambda s: (s.patient_name, s.patient_id, s.study_date)):
        if (st.patient_id, st.patient_name) != patient:
            patient = (st.patient_id, st.patient_name)
            print(f"Patient {st.patient_name or '(no name)'}  ID {st.patient_id or '(none)'}  "
                  f"born {st.birth_date or '?'}  sex {st.sex or '?'}")
        print(f"  Study {st.study_date or '????????'} {st.modalities:8} {st.study_description or '(no description)'}"
              f"  acc {st.accession_number or '-'}  {st.series_count} series, {st.instance_count} instances"
              f"  UID {st.study_instance_uid}")
        for s in series_by_study.get(st.study_instance_uid, []):
            num = "" if s.series_number is None else s.series_number
            print(f"    Series {num!s:>4} {s.modality:4} {s.orientation:8} {s.instances:5} inst  "
                  f"{s.series_description or '(no description)'}  UID {s.series_instance_uid}")
    if not studies:
        print("the archive is empty")
    return 0
