"""DICOM networking (Qt-free): C-ECHO/C-STORE SCP, C-FIND/C-MOVE/C-GET/C-STORE SCU, DICOMweb, remote nodes.

Modules:
- ``contexts``  storage SOP classes, transfer syntaxes, presentation-context builders
- ``handlers``  pynetdicom event handlers as plain functions (C-ECHO, C-STORE into the archive)
- ``scp``       ``StorageSCP``: the receiving server object (start/stop, AE title and port)
- ``query``     ``echo``, ``find`` (patient/study/series level)
- ``retrieve``  ``move``/``get`` with progress, cancel and resume without duplicates
- ``send``      ``send_files`` / ``send_study``: C-STORE to a remote node
- ``dicomweb``  QIDO-RS (raw query strings), WADO-RS into the archive, STOW-RS
- ``nodes``     ``RemoteNode`` and ``NodeStore`` (table ``dicom_net_remote_node``)
- ``redact``    logging filter that removes credentials
"""
