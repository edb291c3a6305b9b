"""``cdss-workstation find --level study [filters] (--node NAME | --aec/--host/--port | --url)``.

C-FIND (or QIDO-RS with ``--web``) at patient, study, series or image level. Names and IDs take
``*``/``?`` wildcards; ``--date`` is ``YYYYMMDD`` or a range ``YYYYMMDD-YYYYMMDD``.
"""
from __future__ import annotations

import argparse

COLUMNS = {
    "PATIENT": ["PatientID", "PatientName", "PatientBirthDate", "PatientSex", "NumberOfPatientRelatedStudies"],
    "STUDY": ["PatientID", "PatientName", "StudyDate", "ModalitiesInStudy", "AccessionNumber",
              "StudyDescription", "NumberOfStudyRelatedInstances", "StudyInstanceUID"],
    "SERIES": ["SeriesNumber", "Modality", "SeriesDescription", "NumberOfSeriesRelatedInstances",
               "SeriesInstanceUID"],
    "IMAGE": ["InstanceNumber", "SOPInstanceUID", "SOPClassUID"],
}


def add_query_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--patient-id", default="", help="patient ID (wildcards * ?)")
    p.add_argument("--patient-name", default="", help="patient name, e.g. 'DOE*' (wildcards * ?)")
    p.add_argument("--date", default="", help="study date YYYYMMDD or range YYYYMMDD-YYYYMMDD")
    p.add_argument("--modality", default="", help="modality, e.g. MR")
    p.add_argument("--accession", default="", help="accession number")
    p.add_argument("--study-uid", default="", help="Study Instance UID")
    p.add_argument("--series-uid", default="", help="Series Instance UID")


def register(sub: argparse._SubParsersAction) -> None:
    from workstation.cli.options import add_archive_options
    from workstation.dicom_net.cli_support import add_node_options

    p = sub.add_parser("find", help="search a remote node (C-FIND, or QIDO-RS with --web)")
    p.add_argument("--level", default="study", choices=["patient", "study", "series", "image"])
    add_query_options(p)
    p.add_argument("--web", action="store_true", help="use QIDO-RS (the node's DICOMweb URL)")
    add_node_options(p)
    add_archive_options(p)
    p.set_defaults(func=_main)


def _main(args: argparse.Namespace) -> int:
    from workstation.dicom_net.cli_support import run_command

    return run_command(_find, args)


def query_from(args: argparse.Namespace, level: str):
    from workstation.dicom_net.query import Query

    q = Query(level=level.upper(), patient_id=args.patient_id, patient_name=args.patient_name,
              study_date=args.date, modality=args.modality, accession=args.accession,
              study_uid=args.study_uid, series_uid=args.series_uid)
    q.validate()
    return q


def _find(args: argparse.Namespace) -> int:
    from workstation.dicom_net.cli_support import emit, resolve_node, table

    q = query_from(args, args.level)
    node = resolve_node(args)
    if args.web:
        from workstation.dicom_net.dicomweb import qido

        rows = qido(node, q)
    else:
        from workstation.dicom_net.query import find

        rows = find(node, q, args.aet)
    level = q.level
    emit(args, rows, table(rows, COLUMNS[level]) + f"\n{len(rows)} match(es)")
    return 0
