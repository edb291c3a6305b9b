"""A live language switch retranslates every open window: each text a user reads (labels, buttons, menus and
their items, tabs, group boxes, dock and window titles, combo box choices, placeholders, tool tips, table and
tree headers) is looked up in the translation catalogue and set again in the new language.

``workstation.app.i18n.switch_language`` runs it after installing the new translators. Widgets that build a
text from several parts or from live data also re-read it themselves on ``QEvent.LanguageChange`` (the main
window, the MPR window, the report editor, …); this pass covers every text made once with ``tr()``, in any
window, panel or dialog, without each one keeping a list of its strings."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QComboBox, QDockWidget, QGroupBox, QLabel, QLineEdit, QMenu,
    QPlainTextEdit, QTabBar, QTableWidget, QTextEdit, QToolBox, QTreeWidget, QWidget,
)

from workstation.app.translation_catalogue import TranslationCatalogue


#: cells of one table or tree looked at (a long audit log is not walked through on a language switch)
MAX_CELLS = 3000


@lru_cache(maxsize=4)
def catalogue(folder: str) -> TranslationCatalogue:
    return TranslationCatalogue.from_ts_files(sorted(Path(folder).glob("*.ts")))


def _translate(context: str, source: str, n: int) -> str:
    return QCoreApplication.translate(context, source, None, n)


def _contexts(obj: QObject) -> list[str]:
    """Class names of ``obj`` and its parents (their bases too), nearest first: the contexts its ``tr()`` used."""
    out: list[str] = []
    while obj is not None:
        for cls in type(obj).__mro__:
            if cls.__name__ not in out:
                out.append(cls.__name__)
        obj = obj.parent()
    return out


class _Pass:
    def __init__(self, cat: TranslationCatalogue) -> None:
        self.cat, self.changed, self._seen_actions = cat, 0, set()

    def text(self, obj: QObject, getter, setter) -> None:
        new = self.cat.retranslate(getter(), _translate, _contexts(obj))
        if new is not None:
            setter(new)
            self.changed += 1

    def action(self, a: QAction) -> None:
        if id(a) in self._seen_actions:
            return
        self._seen_actions.add(id(a))
        self.text(a, a.text, a.setText)
        self.text(a, a.toolTip, a.setToolTip)

    def widget(self, w: QWidget) -> None:
        t = self.text
        if w.isWindow() or isinstance(w, QDockWidget):
            t(w, w.windowTitle, w.setWindowTitle)
        t(w, w.toolTip, w.setToolTip)
        if isinstance(w, QLabel):
            t(w, w.text, w.setText)
        elif isinstance(w, QAbstractButton):
            t(w, w.text, w.setText)
        elif isinstance(w, QGroupBox):
            t(w, w.title, w.setTitle)
        elif isinstance(w, QMenu):
            t(w, w.title, w.setTitle)
        elif isinstance(w, QComboBox):
            if not w.isEditable():  # choices; an editable box holds what the user typed
                for i in range(w.count()):
                    t(w, lambda i=i: w.itemText(i), lambda s, i=i: w.setItemText(i, s))
            t(w, w.placeholderText, w.setPlaceholderText)
        elif isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
            t(w, w.placeholderText, w.setPlaceholderText)
        elif isinstance(w, QTabBar):  # a tab widget's, or the docks' tabs
            for i in range(w.count()):
                t(w, lambda i=i: w.tabText(i), lambda s, i=i: w.setTabText(i, s))
                t(w, lambda i=i: w.tabToolTip(i), lambda s, i=i: w.setTabToolTip(i, s))
        elif isinstance(w, QToolBox):
            for i in range(w.count()):
                t(w, lambda i=i: w.itemText(i), lambda s, i=i: w.setItemText(i, s))
        if isinstance(w, QAbstractItemView):
            self.headers(w)
        for a in w.actions():
            self.action(a)

    def headers(self, view: QAbstractItemView) -> None:
        """Header and cell texts of item widgets (a status, "current", "no order"; data matches no string);
        models that translate in ``headerData``/``data`` are asked to redraw."""
        if isinstance(view, QTreeWidget):
            items = [view.headerItem()] if view.headerItem() is not None else []
            stack = [view.topLevelItem(i) for i in range(view.topLevelItemCount())]
            while stack and len(items) < MAX_CELLS:
                item = stack.pop()
                items.append(item)
                stack += [item.child(i) for i in range(item.childCount())]
            for item in items:
                for c in range(item.columnCount()):
                    self.text(view, lambda c=c, i=item: i.text(c), lambda s, c=c, i=item: i.setText(c, s))
        elif isinstance(view, QTableWidget):
            cells = [view.horizontalHeaderItem(c) for c in range(view.columnCount())]
            cells += [view.verticalHeaderItem(r) for r in range(view.rowCount())]
            cells += [view.item(r, c) for r in range(min(view.rowCount(), MAX_CELLS // max(1, view.columnCount())))
                      for c in range(view.columnCount())]
            for item in cells:
                if item is not None:
                    self.text(view, item.text, item.setText)
        else:
            header = view.header() if hasattr(view, "header") else getattr(view, "horizontalHeader", lambda: None)()
            if header is not None and header.count():
                header.headerDataChanged(Qt.Horizontal, 0, header.count() - 1)
            view.viewport().update()


def retranslate_open_windows(app, folder: Path) -> int:
    """Set every known text of every open window again in the language now installed; returns how many
    texts changed."""
    p = _Pass(catalogue(str(folder)))
    for top in app.topLevelWidgets():
        for w in [top, *top.findChildren(QWidget)]:
            p.widget(w)
        for a in top.findChildren(QAction):
            p.action(a)
    return p.changed
