"""File → Import… and drag-and-drop: run the import in the background, then say what happened."""

from app.gui.imports.controller import ImportController, dropped_paths
from app.gui.imports.summary import ImportResultsModel, ImportSummaryDialog

__all__ = ["ImportController", "ImportResultsModel", "ImportSummaryDialog", "dropped_paths"]
