"""Remote DICOM nodes (PACS, modalities, DICOMweb servers) kept in the archive's database.

``RemoteNode`` is the plain value the SCU and DICOMweb functions take; ``NodeStore`` saves them in the
``dicom_net_remote_node`` table. A password is stored for the node but never shown by ``repr`` or
``describe()``, so it cannot slip into a log line.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import Engine, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from workstation.db.base import Base


@dataclass(frozen=True)
class RemoteNode:
    """A peer we talk to. ``ae_title``/``host``/``port`` for DIMSE, ``dicomweb_url`` for DICOMweb."""

    name: str
    ae_title: str = ""
    host: str = ""
    port: int = 0
    dicomweb_url: str = ""
    username: str = ""
    password: str = field(default="", repr=False)

    def describe(self) -> str:
        """One readable line without the password."""
        parts = [f"{self.name}:"]
        if self.ae_title:
            parts.append(f"{self.ae_title}@{self.host}:{self.port}")
        if self.dicomweb_url:
            parts.append(self.dicomweb_url)
        if self.username:
            parts.append(f"user={self.username} password={'set' if self.password else 'none'}")
        return " ".join(parts)

    def validate(self) -> None:
        """Raise ``ValueError`` with a readable reason if the node cannot be used."""
        if not self.name.strip():
            raise ValueError("a remote node needs a name")
        if not (self.ae_title or self.dicomweb_url):
            raise ValueError(f"node {self.name!r}: give an AE title (DIMSE) or a DICOMweb URL")
        if self.ae_title:
            if len(self.ae_title) > 16 or not self.ae_title.strip():
                raise ValueError(f"node {self.name!r}: AE title must be 1-16 characters")
            if not self.host or not (0 < int(self.port) < 65536):
                raise ValueError(f"node {self.name!r}: a DIMSE node needs a host and a port 1-65535")
        if self.dicomweb_url and not self.dicomweb_url.startswith(("http://", "https://")):
            raise ValueError(f"node {self.name!r}: DICOMweb URL must start with http:// or https://")


class RemoteNodeRow(Base):
    __tablename__ = "dicom_net_remote_node"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    ae_title: Mapped[str] = mapped_column(String(16), default="")
    host: Mapped[str] = mapped_column(String(255), default="")
    port: Mapped[int] = mapped_column(Integer, default=0)
    dicomweb_url: Mapped[str] = mapped_column(String(1024), default="")
    username: Mapped[str] = mapped_column(String(255), default="")
    password: Mapped[str] = mapped_column(String(255), default="")

    def __repr__(self) -> str:  # never the password
        return f"RemoteNodeRow(name={self.name!r}, ae_title={self.ae_title!r}, host={self.host!r})"

    def to_node(self) -> RemoteNode:
        return RemoteNode(self.name, self.ae_title, self.host, self.port, self.dicomweb_url,
                          self.username, self.password)


class NodeStore:
    """CRUD for remote nodes in the archive database (the engine must have been migrated)."""

    def __init__(self, engine: Engine):
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    def list(self) -> list[RemoteNode]:
        with self._sessions() as s:
            return [r.to_node() for r in s.scalars(select(RemoteNodeRow).order_by(RemoteNodeRow.name))]

    def get(self, name: str) -> RemoteNode:
        """The node called ``name``; ``KeyError`` with the known names if there is none."""
        with self._sessions() as s:
            row = s.scalar(select(RemoteNodeRow).where(RemoteNodeRow.name == name))
            if row is None:
                known = ", ".join(n.name for n in self.list()) or "none"
                raise KeyError(f"no remote node named {name!r} (known: {known})")
            return row.to_node()

    def save(self, node: RemoteNode) -> RemoteNode:
        """Insert or update (by name)."""
        node.validate()
        with self._sessions.begin() as s:
            row = s.scalar(select(RemoteNodeRow).where(RemoteNodeRow.name == node.name))
            if row is None:
                row = RemoteNodeRow(name=node.name)
                s.add(row)
            for attr in ("ae_title", "host", "port", "dicomweb_url", "username", "password"):
                setattr(row, attr, getattr(node, attr))
        return replace(node)

    def delete(self, name: str) -> bool:
        with self._sessions.begin() as s:
            row = s.scalar(select(RemoteNodeRow).where(RemoteNodeRow.name == name))
            if row is None:
                return False
            s.delete(row)
            return True
