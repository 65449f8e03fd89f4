"""The menu bar and the shortcuts people expect: Ctrl+I import, Ctrl+E export, Ctrl+Z and
Ctrl+Shift+Z undo/redo, Ctrl+N new playlist (Ctrl+F lives with the search field)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from app.gui.features import Features
    from app.gui.main_window import MainWindow


def build_menus(window: MainWindow, features: Features) -> dict[str, QAction]:
    """Create the menus; returns the actions by name (tests and the toolbar use them)."""
    tr = window.tr
    actions: dict[str, QAction] = {}
    menu_bar = window.menuBar()

    file_menu = menu_bar.addMenu(tr("&File"))
    actions["import"] = file_menu.addAction(tr("&Import…"))
    actions["import"].setShortcut(QKeySequence("Ctrl+I"))
    actions["import"].triggered.connect(features.imports.choose_files)
    actions["import_folder"] = file_menu.addAction(tr("Import &Folder…"))
    actions["import_folder"].triggered.connect(features.imports.choose_folder)
    actions["export"] = file_menu.addAction(tr("&Export…"))
    actions["export"].setShortcut(QKeySequence("Ctrl+E"))
    actions["export"].triggered.connect(lambda: features.export())
    file_menu.addSeparator()
    actions["new_playlist"] = file_menu.addAction(tr("&New Playlist…"))
    actions["new_playlist"].setShortcut(QKeySequence(QKeySequence.StandardKey.New))
    actions["new_playlist"].triggered.connect(features.playlists.ask_new_playlist)
    file_menu.addSeparator()
    actions["quit"] = file_menu.addAction(tr("&Quit"))
    actions["quit"].setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
    actions["quit"].triggered.connect(window.close)

    edit_menu = menu_bar.addMenu(tr("&Edit"))
    stack = features.editor.stack
    undo = stack.createUndoAction(window, tr("&Undo"))
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    redo = stack.createRedoAction(window, tr("&Redo"))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    actions["undo"], actions["redo"] = undo, redo
    edit_menu.addSeparator()
    actions["find"] = edit_menu.addAction(tr("&Find in Library"))
    actions["find"].triggered.connect(window.focus_search)

    go_menu = menu_bar.addMenu(tr("&Go"))
    for n, key in enumerate(window.section_keys()):
        item = window.sidebar.item(n)
        action = go_menu.addAction(item.text() if item is not None else key)
        action.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
        action.triggered.connect(lambda _=False, key=key: window.show_section(key))

    help_menu = menu_bar.addMenu(tr("&Help"))
    about = help_menu.addAction(tr("&About Mixtape"))
    about.triggered.connect(
        lambda: QMessageBox.about(
            window,
            tr("About Mixtape"),
            tr(
                "Mixtape keeps your music library from every service in one encrypted file on "
                "this computer. Your data is yours: export or delete it at any time."
            ),
        )
    )
    for action in actions.values():
        action.setToolTip(action.text().replace("&", ""))
    return actions
