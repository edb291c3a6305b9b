"""Send a job's SEGs to the PACS by STOW-RS (dicomweb-client), when the job names a ``stow_url``.

Credentials never travel in the job (it sits in Redis): the worker reads ``user:password`` from the file
``CDSS_INFERENCE_STOW_AUTH_FILE`` names, if any. Sending the same SEG again (a retried job) sends the same
SOP Instance UID, which the PACS stores once.
"""
from __future__ import annotations

import os
from pathlib import Path


def web_client(url: str, auth_env: tuple[str, ...] = ("CDSS_INFERENCE_STOW_AUTH_FILE",)):
    """A ``DICOMwebClient`` for ``url`` with basic auth from the first file the environment names."""
    import requests
    from dicomweb_client.api import DICOMwebClient

    session = requests.Session()
    auth_file = next((os.environ[e] for e in auth_env if os.environ.get(e)), None)
    if auth_file:
        user, _, password = Path(auth_file).read_text().strip().partition(":")
        session.auth = (user, password)
    return DICOMwebClient(url=url.rstrip("/"), session=session, timeout=120)


def stow(url: str, paths: list[str | Path]) -> None:
    import pydicom

    web_client(url).store_instances([pydicom.dcmread(p) for p in paths])
