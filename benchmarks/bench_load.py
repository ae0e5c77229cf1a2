"""Start-up costs: `import burdenshare`, loading the whole catalog, `burdenshare --help`.

Run: `.venv/bin/python benchmarks/bench_load.py` (or `make bench`). Each figure is the median
of several fresh interpreter processes, so caches of one run do not flatter the next. The
catalog load is also compared, in the same process, with a plain reference: `pandas.read_csv`
of the same files without hashing, schema checks or reshaping — the ratio is the price of
verification and tidying.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPEAT = 7


def _median_process(code: str) -> float:
    times = []
    for _ in range(REPEAT):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        times.append(float(out.strip().splitlines()[-1]))
    return statistics.median(times)


def _median_command(argv: list[str]) -> float:
    times = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


IMPORT = "import time; t=time.perf_counter(); import burdenshare; print(time.perf_counter()-t)"
IMPORT_LOAD = (
    "import time; t=time.perf_counter(); import burdenshare; "
    "burdenshare.catalog.default_catalog(); print(time.perf_counter()-t)"
)
PANDAS = "import time; t=time.perf_counter(); import pandas; print(time.perf_counter()-t)"


def _in_process_ratio() -> tuple[float, float]:
    import pandas as pd

    from burdenshare.catalog import load_catalog
    from burdenshare.catalog.loader import DATA_DIR

    files = sorted((DATA_DIR / "expenditure").glob("[ea]*_*.csv"))

    def reference() -> None:
        for f in files:
            pd.read_csv(f)

    def ours() -> None:
        load_catalog()

    def best(fn: object, n: int = 15) -> float:
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - t0)
        return min(times)

    ours(), reference()  # warm up
    return best(ours), best(reference)


def main() -> None:
    exe = Path(sys.executable).with_name("burdenshare")
    t_pandas = _median_process(PANDAS)
    t_import = _median_process(IMPORT)
    t_load = _median_process(IMPORT_LOAD)
    t_help = _median_command([str(exe), "--help"]) if exe.exists() else float("nan")
    t_python = _median_command([sys.executable, "-c", "pass"])
    ours, ref = _in_process_ratio()
    print(f"import pandas (floor)              {t_pandas * 1000:8.0f} ms")
    print(f"import burdenshare                 {t_import * 1000:8.0f} ms")
    print(f"import burdenshare + full catalog  {t_load * 1000:8.0f} ms   (aim: well under 500 ms)")
    print(f"`burdenshare --help` as a process  {t_help * 1000:8.0f} ms   "
          f"(bare interpreter start {t_python * 1000:.0f} ms)")  # fmt: skip
    print(f"catalog load, verified + tidy      {ours * 1000:8.1f} ms")
    print(f"reference: plain read_csv of files {ref * 1000:8.1f} ms   ratio {ours / ref:5.1f}x")


if __name__ == "__main__":
    main()
