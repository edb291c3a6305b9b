"""Qt-free glue between the window's dialogs and the services (import, DICOM networking).

Everything here is plain Python, unit-tested without Qt: background tasks reporting through a
``queue.Queue`` (``background``), text/figures for the import dialog (``import_text``), and the query
form → ``Query`` (``query_form``). The sync's window side is in ``workstation.syncing``.
"""
