"""iTunes / Music.app ``Library.xml`` ("File → Library → Export Library…"), an XML property list.

Read with defusedxml (entity declarations, external entities: refused) and streamed with
``iterparse``: each track or playlist is converted and dropped before the next one is read, so
memory holds one playlist plus a small map of the tracks seen so far.
"""

from connectors.apple_library_xml._importer import AppleLibraryXml

IMPORTERS = (AppleLibraryXml(),)

__all__ = ["IMPORTERS", "AppleLibraryXml"]
