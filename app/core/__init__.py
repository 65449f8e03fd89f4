"""Use cases shared by the CLI and the desktop app (no Qt here): importing, the demo, export."""
