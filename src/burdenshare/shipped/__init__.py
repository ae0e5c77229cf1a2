"""The shipped-data layer: every file burdenshare ships, and every file a user hands it.

One origin record (:class:`Origin`) for every dataset, one manifest schema for every data
folder (:mod:`.manifest`), one table checker with errors that name the file, the line and
the rule (:mod:`.table`, :class:`DataFileError`), and one reader for user-supplied CSV and
YAML files (:mod:`.user`). Domain packages never open files themselves.

Importing this package reads nothing.
"""

from __future__ import annotations

from burdenshare.shipped.errors import DataFileError
from burdenshare.shipped.origin import Origin

__all__ = ["DataFileError", "Origin"]
