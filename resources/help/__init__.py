"""Illustrations for the app's help pages (drawn for Mixtape; not screenshots of any service)."""
