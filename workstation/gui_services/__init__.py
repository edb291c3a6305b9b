"""Qt-free glue between the window and the services (import, sync, DICOM networking).

Everything here is plain Python, unit-tested without Qt: background tasks reporting through a
``queue.Queue`` (``background``), text/figures for the import dialog (``import_text``), the sync
settings and conflict views (``sync_glue``), and the query form → ``Query`` (``query_form``).
"""
