"""The first-run welcome: demo, import (with how-to for each service) or connect; then taste."""

from app.gui.first_run.welcome import WelcomeDialog

__all__ = ["WelcomeDialog"]
