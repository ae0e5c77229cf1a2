"""Run YAML behaviour cases (the one case runner, :mod:`burdenshare.cases`) for analysts."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from burdenshare import cases as _cases
from burdenshare.provenance import attach
from burdenshare.shipped import Origin
from burdenshare.text import t

COLUMNS = ["file", "name", "area", "passed", "failures"]


def cases_run(paths: str | Path | Iterable[str | Path]) -> pd.DataFrame:
    """Run the YAML behaviour cases in the files and folders named, one row per case.

    Every case file is read and checked first, so a malformed file stops the run before
    any case runs (a folder without case files is an error, not an empty success).

    Args:
        paths: case files, or folders whose ``*.yaml`` files are case files.

    Returns:
        Columns ``file, name, area, passed, failures`` (the failed expectations, one per
        line; empty when the case passes). ``attrs["n_failed"]`` counts the failed cases
        (``n_passed``, ``n_cases``: the others and the base).

    Raises:
        CaseFileError: a path that does not exist, an empty folder, a file that is not
            valid YAML or breaks the case format (naming the file and line).

    >>> from pathlib import Path
    >>> import burdenshare
    >>> root = Path(burdenshare.__file__).parents[2] / "tests" / "funding" / "cases"
    >>> r = cases_run(root)
    >>> len(r) >= 8, bool(r["passed"].all()), r.attrs["n_failed"]
    (True, True, 0)
    """
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    results = _cases.run_cases(items)
    out = pd.DataFrame(
        [
            {
                "file": r.file,
                "name": r.name,
                "area": r.area,
                "passed": r.passed,
                "failures": "\n".join(r.failures),
            }
            for r in results
        ],
        columns=COLUMNS,
    )
    files = list(dict.fromkeys(r.file for r in results))
    origins = [
        Origin(f"case-file:{f}", "cases", "user", Path(f).name, "", address=f) for f in files
    ]
    attach(
        out,
        release=None,
        datasets=origins,
        what=t("YAML behaviour cases"),
        notes={"runner": "burdenshare.cases (areas: " + ", ".join(_cases.AREAS) + ")"},
    )
    out.attrs["n_failed"] = int((~out["passed"]).sum())
    out.attrs["n_cases"] = len(out)
    out.attrs["n_passed"] = len(out) - out.attrs["n_failed"]
    return out


__all__ = ["cases_run"]
