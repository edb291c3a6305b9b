"""Our own Orthanc (Debian ``orthanc`` + ``orthanc-dicomweb``) on loopback ports, temp storage, auth on."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import requests

from .peers import free_port, require_binary, stop_process, wait_until

PLUGIN_DIR = Path("/usr/share/orthanc/plugins")


class OrthancServer:
    user = "test"
    password = "test-secret"
    aet = "TESTORTHANC"

    def __init__(self, workdir: Path, modalities: dict[str, tuple[str, str, int]] | None = None):
        self.workdir = Path(workdir)
        self.http_port = free_port()
        self.dicom_port = free_port()
        self.modalities = modalities or {}
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def dicomweb_url(self) -> str:
        return f"{self.url}/dicom-web"

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    def start(self) -> "OrthancServer":
        binary = require_binary("Orthanc", "orthanc")
        plugins = [str(p) for p in sorted(PLUGIN_DIR.glob("*.so"))
                   if "DicomWeb" in p.name or "Gdcm" in p.name]
        if not any("DicomWeb" in p for p in plugins):
            require_binary("orthanc-dicomweb-plugin-missing", "orthanc-dicomweb")
        db = self.workdir / "db"
        db.mkdir(parents=True, exist_ok=True)
        config = {
            "Name": "TEST", "StorageDirectory": str(db), "IndexDirectory": str(db),
            "HttpPort": self.http_port, "DicomPort": self.dicom_port, "DicomAet": self.aet,
            "RemoteAccessAllowed": False, "AuthenticationEnabled": True,
            "RegisteredUsers": {self.user: self.password},
            "DicomModalities": {k: list(v) for k, v in self.modalities.items()},
            "DicomAlwaysAllowFind": False, "DicomAlwaysAllowMove": False,
            "Plugins": plugins, "DicomWeb": {"Enable": True, "Root": "/dicom-web/"},
            "HttpTimeout": 60, "DicomScpTimeout": 30, "StableAge": 1,
        }
        cfg = self.workdir / "orthanc.json"
        cfg.write_text(json.dumps(config, indent=1))
        self.log = open(self.workdir / "orthanc.log", "wb")
        self.proc = subprocess.Popen([binary, str(cfg)], stdout=self.log, stderr=subprocess.STDOUT)
        wait_until(self._up, timeout=60, what="Orthanc /system")
        return self

    def _up(self) -> bool:
        if self.proc and self.proc.poll() is not None:
            raise RuntimeError((self.workdir / "orthanc.log").read_text()[-3000:])
        return requests.get(f"{self.url}/system", auth=self.auth, timeout=1).ok

    def get(self, path: str, **kw):
        r = requests.get(f"{self.url}{path}", auth=self.auth, timeout=60, **kw)
        r.raise_for_status()
        return r.json()

    def upload(self, path: Path) -> dict:
        r = requests.post(f"{self.url}/instances", data=Path(path).read_bytes(), auth=self.auth,
                          headers={"Content-Type": "application/dicom"}, timeout=60)
        r.raise_for_status()
        return r.json()

    def stop(self) -> None:
        if self.proc:
            stop_process(self.proc, timeout=20)
            self.proc = None
            self.log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
