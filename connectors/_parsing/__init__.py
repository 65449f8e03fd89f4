"""Shared readers for the service-export importers: streaming JSON, CSV/text, times and ids.

Every reader turns a parse failure into one :class:`~connectors.errors.BadExport` that names the
file and, where it can, the record (``"record 1234"``) or line (``"line 56"``). Nothing here
knows about any one service; the format packages (``connectors/<format>/``) build on it.

This package starts with an underscore, so the importer registry does not look inside it.
"""
