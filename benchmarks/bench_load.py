"""Start-up cost: `burdenshare overview` from a cold process against `import pandas`.

Run: `.venv/bin/python benchmarks/bench_load.py` (or `make bench`). Every figure is the median
wall time of several fresh processes started in this one run (so caches of one process do not
flatter the next), measured around `subprocess.run`; nothing is downloaded, and only the
standard library is used. The ratio compares the main command with the floor every data
command pays (starting Python and importing pandas); the aim is 1.6 or less.

To find what a command imports and how long each import takes:
`.venv/bin/python -X importtime -m burdenshare overview 2> imports.txt`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

#: The aim for `burdenshare overview` over `python -c "import pandas"`.
AIM = 1.6


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Unix
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_times(argv: list[str], repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system), in seconds, of ``repeat``
    fresh processes running ``argv``. CPU time suffers less when other jobs share the
    machine; wall time is what a user waits."""
    subprocess.run(argv, capture_output=True, check=True)  # warm the file cache once
    walls, cpus = [], []
    for _ in range(repeat):
        c0, t0 = _children_cpu(), time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        walls.append(time.perf_counter() - t0)
        cpus.append(_children_cpu() - c0)
    return statistics.median(walls), statistics.median(cpus)


def overview_command() -> list[str]:
    """The venv's console script if installed next to this Python, else ``-m burdenshare``."""
    script = Path(sys.executable).with_name("burdenshare")
    if script.exists():
        return [str(script), "overview"]
    return [sys.executable, "-m", "burdenshare", "overview"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="processes per command (median)")
    args = parser.parse_args(argv)
    command = overview_command()
    rows = [
        ("python -c pass (interpreter start)", [sys.executable, "-c", "pass"]),
        ('python -c "import pandas" (floor)', [sys.executable, "-c", "import pandas"]),
        ("burdenshare --help", [*command[:-1], "--help"]),
        ("burdenshare overview", command),
    ]
    times = {label: median_times(argv, args.repeat) for label, argv in rows}
    print(f"medians of {args.repeat} fresh processes each       wall       cpu")
    for label, (wall, cpu) in times.items():
        print(f"{label:<37} {wall * 1000:7.0f} ms {cpu * 1000:7.0f} ms")
    (w_pandas, c_pandas), (w_ov, c_ov) = times[rows[1][0]], times[rows[3][0]]
    ratio = w_ov / w_pandas
    verdict = "within" if ratio <= AIM else "ABOVE"
    print(f"ratio overview / import pandas        {ratio:7.2f}    {c_ov / c_pandas:7.2f}"
          f"     ({verdict} the aim of {AIM} on wall time)")  # fmt: skip

if __name__ == "__main__":
    main()
