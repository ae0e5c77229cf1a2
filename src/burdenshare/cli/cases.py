"""``burdenshare cases``: run YAML behaviour cases (the one case runner, for every area)."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    help="YAML behaviour cases: inputs and expected outputs, for funding and targets.",
    no_args_is_help=True,
)


@app.command("run")
def run(
    paths: list[Path] = typer.Argument(
        ..., help="Case files, or folders of *.yaml case files (see docs: Behaviour cases)."
    ),
) -> None:
    """Run the cases; exit 1 with a summary if one fails, 2 for a malformed case file."""
    from burdenshare.api.cases import cases_run
    from burdenshare.cli._output import console, say

    frame = cases_run(paths)
    for row in frame.itertuples(index=False):
        mark = "ok  " if row.passed else "FAIL"
        console.print(f"{mark} {Path(str(row.file)).name}: {row.name}", markup=False,
                      highlight=False)  # fmt: skip
        for failure in str(row.failures).splitlines():
            console.print(f"     {failure}", markup=False, highlight=False)
    failed = int(frame.attrs["n_failed"])
    console.print(
        say("{n} cases, {passed} passed, {failed} failed", n=frame.attrs["n_cases"],
            passed=frame.attrs["n_passed"], failed=failed),
        markup=False,
        highlight=False,
    )
    if failed:
        raise typer.Exit(1)
