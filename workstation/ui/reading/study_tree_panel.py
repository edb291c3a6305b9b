"""Study detail tree: patient → study → series (counts from the archive) → report."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from workstation.reading.errors import ReadingError
from workstation.reading.study_tree import TreeNode, build_tree
from workstation.ui.reading import labels


class StudyTreePanel(QWidget):
    def __init__(self, hub, parent=None):
        super().__init__(parent)
        self.setObjectName("reading_study_tree")
        self.hub = hub
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Item"), self.tr("Details")])
        self.tree.itemDoubleClicked.connect(self._activated)
        self._current_order: int | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.tree)
        hub.order_selected.connect(self.show_order)
        if hasattr(hub, "context_changed"):
            hub.context_changed.connect(self._follow_context)
        hub.orders_changed.connect(lambda: self._current_order and self.show_order(self._current_order))

    def _follow_context(self) -> None:
        """A study without a reading order became the context: its patient and study, not the previous ones."""
        st = self.hub.context.study
        if st is None or self.hub.context.order is not None or self._current_order is None:
            return
        self._current_order = None
        self.tree.clear()
        top = QTreeWidgetItem([f"{st.display_name} ({st.patient_number})", ""])
        top.addChild(QTreeWidgetItem([f"{st.date_text} {st.modality} {st.description}".strip(), self.tr("no order")]))
        self.tree.addTopLevelItem(top)
        top.setExpanded(True)

    def tree_patient(self) -> str:
        """The patient number the tree shows (for tests and tools)."""
        top = self.tree.topLevelItem(0)
        return "" if top is None else top.text(0).rsplit("(", 1)[-1].rstrip(")")

    def show_order(self, order_id: int) -> None:
        try:
            order = self.hub.service.get_order(order_id)
            history = self.hub.service.patient_history(order.patient.patient_number, audit=False)
        except ReadingError as exc:
            self.hub.error.emit(str(exc))
            return
        self._current_order = order_id
        root = build_tree(order.patient, history, self.hub.series_lookup)
        self.tree.clear()
        top = self._item(root, None)
        self.tree.addTopLevelItem(top)
        top.setExpanded(True)
        for i in range(top.childCount()):
            child = top.child(i)
            if child.data(0, Qt.UserRole + 1) == order_id:
                child.setExpanded(True)
                self.tree.setCurrentItem(child)
        self.tree.resizeColumnToContents(0)

    def _item(self, node: TreeNode, parent: QTreeWidgetItem | None) -> QTreeWidgetItem:
        v = node.values
        if node.kind == "patient":
            age = v["age"]
            texts = [f"{v['name']} ({v['number']})", f"{age if age is not None else '—'} / {labels.sex(v['sex'])}"]
        elif node.kind == "study":
            src = self.tr("archive") if v["source"] == "archive" else self.tr("CDSS")
            texts = [f"{v['date'] or '—'} {v['modality']} {v['body_part']}",
                     self.tr("%1 series, %2 images (%3)").replace("%1", str(v["series_count"]))
                     .replace("%2", str(v["instance_count"])).replace("%3", src)]
        elif node.kind == "series":
            texts = [f"{v['modality']} {v['description']}".strip(), self.tr("%1 images").replace("%1", str(v["instances"]))]
        elif node.kind == "missing":
            texts = [self.tr("Not in the local archive"), ""]
        else:
            status = labels.reading_status(v["reading_status"])
            if v["reading_status"] == "signed":
                status += f" v{v['version']}"
            texts = [self.tr("Report"), f"{status} · {labels.order_status(v['order_status'])}"]
        item = QTreeWidgetItem(texts)
        item.setData(0, Qt.UserRole, node.kind)
        item.setData(0, Qt.UserRole + 1, node.key)
        for child in node.children:
            item.addChild(self._item(child, item))
        return item

    def _activated(self, item: QTreeWidgetItem, _col: int) -> None:
        kind, key = item.data(0, Qt.UserRole), item.data(0, Qt.UserRole + 1)
        if kind == "study":
            self.hub.open_images(key)
        elif kind == "series":
            self.hub.open_series(item.parent().data(0, Qt.UserRole + 1), key)
        elif kind == "report":
            self.hub.open_report(key)
