"""``TagViewerDialog``: every DICOM tag of one instance in a searchable tree (``workstation.dicom_tags``
builds and filters the tree; this only shows it)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from workstation.dicom_tags import TagNode, count_nodes, filter_nodes, tag_tree


class TagViewerDialog(QDialog):
    """Tags of the instance at ``path``; the search box keeps the matching elements (and the sequences
    around them)."""

    def __init__(self, path: str | Path, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("tag_viewer")
        self.path = Path(path)
        self.nodes: list[TagNode] = tag_tree(self.path)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(4)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.count_label = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.count_label)
        lay.addWidget(buttons)
        self.resize(820, 640)
        self.retranslate()
        self.apply_filter("")

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("DICOM tags — %s") % self.path.name)
        self.search.setPlaceholderText(self.tr("Search tag, name or value…"))
        self.tree.setHeaderLabels([self.tr("Tag"), self.tr("Name"), self.tr("VR"), self.tr("Value")])
        self._show_count()

    def changeEvent(self, ev) -> None:  # noqa: N802
        if ev.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(ev)

    def apply_filter(self, text: str) -> None:
        shown = filter_nodes(self.nodes, text)
        self.tree.clear()
        self.tree.addTopLevelItems([self._item(n) for n in shown])
        if text.strip():
            self.tree.expandAll()
        else:
            self.tree.expandToDepth(0)
        self.tree.resizeColumnToContents(0)
        for col, width in ((1, 260), (2, 40)):
            self.tree.setColumnWidth(col, width)
        self._shown = count_nodes(shown)
        self._show_count()

    def _show_count(self) -> None:
        if hasattr(self, "_shown"):
            self.count_label.setText(self.tr("%1 of %2 elements").replace("%1", str(self._shown))
                                     .replace("%2", str(count_nodes(self.nodes))))

    def _item(self, node: TagNode) -> QTreeWidgetItem:
        name = node.name
        if name.startswith("Item "):
            name = self.tr("Item %s") % name[5:]
        item = QTreeWidgetItem([node.tag, name, node.vr, node.value])
        if node.private_creator:
            item.setToolTip(1, self.tr("Private creator: %s") % node.private_creator)
        item.setToolTip(3, node.value)
        item.setData(0, Qt.UserRole, node.tag)
        item.addChildren([self._item(c) for c in node.children])
        return item

    def shown_items(self) -> list[QTreeWidgetItem]:
        """Every row of the tree, depth first (for tests)."""
        out = []

        def walk(item):
            out.append(item)
            for n in range(item.childCount()):
                walk(item.child(n))

        for n in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(n))
        return out
