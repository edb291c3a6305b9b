"""The application session (no Qt): what the workstation opens once at start and hands to its panels.

``builder.open_session`` opens the archive and the local database, logs the user in (through a callback the
GUI supplies), opens the reading service (seeding the demo orders into an empty database), and makes the sync
link and the DICOM receive service (not started). ``context.AppSession`` holds them; ``context.PanelContext``
is what a panel factory gets. ``settings.Settings`` are the user's saved settings.
"""
