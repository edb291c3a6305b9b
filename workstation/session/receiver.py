"""``ReceiveService``: the application's DICOM receive service (C-STORE SCP into the archive), without Qt.

The status-bar field (``workstation.ui.receive_status``) starts/stops it and polls ``take_stored()`` from a
timer on the GUI thread; the SCP's threads only put outcomes into a queue."""
from __future__ import annotations

import queue


class ReceiveService:
    def __init__(self, archive, settings) -> None:
        self.archive, self.settings = archive, settings
        self.scp = None
        self.stored = 0  # instances stored since the window opened
        self._outcomes: queue.Queue = queue.Queue()

    @property
    def running(self) -> bool:
        return self.scp is not None

    def start(self) -> None:
        """Listen on the saved AE title/port (restarting when running). Raises ``OSError`` (port taken) or
        ``ValueError`` (bad AE title/port) with a readable message."""
        from workstation.dicom_net.scp import StorageSCP

        self.stop()
        self.scp = StorageSCP(self.archive, self.settings.dicom_aet, self.settings.dicom_port,
                              on_outcome=lambda outcome, aet: self._outcomes.put(outcome.status)).start()

    def stop(self) -> None:
        if self.scp is not None:
            self.scp.stop()
            self.scp = None

    def take_stored(self) -> int:
        """Instances stored since the last call (adds them to ``stored``). Any thread."""
        new = 0
        while True:
            try:
                status = self._outcomes.get_nowait()
            except queue.Empty:
                break
            new += status == "stored"
        self.stored += new
        return new
