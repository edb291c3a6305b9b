"""The workstation's side of the CDSS sync, in one package (no Qt):

- ``bridge``: ``SyncBridge`` — pulled CDSS rows into the reading store, its change feed into the outbox;
- ``runner``: ``WindowSyncRunner`` — the client's background runner as the window uses it;
- ``link``: ``SyncLink`` — client, bridge and runner started/stopped together from the settings; conflicts;
- ``status``: the status-bar line parts and the conflict view (one conflict model: mine / theirs).

The Qt side (a status-bar label polling ``SyncLink``) is ``workstation.ui.sync_status``.
"""
