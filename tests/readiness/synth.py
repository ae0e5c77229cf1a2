"""Random but reproducible pledges and requirements for tests and the benchmark."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from burdenshare.readiness.model import Requirement

NATIONS = ["BEL", "CAN", "DEU", "DNK", "ESP", "FRA", "GBR", "ITA", "NLD", "NOR", "POL", "ROU",
           "TUR", "USA", "CZE", "PRT"]  # fmt: skip
TYPES = ["mechanised_battalion", "air_squadron", "combat_vessel", "other"]


def pledges(n: int, seed: int = 1, start: date = date(2024, 1, 1), years: int = 10) -> pd.DataFrame:
    """``n`` random pledges over ``years`` from ``start`` (a pledge frame)."""
    rng = np.random.default_rng(seed)
    span = years * 365
    begin = rng.integers(-200, span, n)
    length = rng.integers(30, 3 * 365, n)
    open_end = rng.random(n) < 0.2
    frm = [start + timedelta(days=int(b)) for b in begin]
    until = [None if o else f + timedelta(days=int(k)) for f, k, o in zip(frm, length, open_end,
                                                                            strict=True)]
    frame = pd.DataFrame(
        {
            "id": [f"U{i:05d}" for i in range(n)],
            "nation": rng.choice(NATIONS, n),
            "unit_type": rng.choice(TYPES, n, p=[0.3, 0.3, 0.3, 0.1]),
            "notice_days": rng.integers(0, 90, n),
            "available_from": pd.to_datetime(frm).astype("datetime64[ns]"),
            "available_until": pd.to_datetime(until).astype("datetime64[ns]"),
            "status": rng.choice(["pledged", "offered", "withdrawn"], n, p=[0.8, 0.15, 0.05]),
            "note": "",
            "synthetic": True,
        }
    )
    return frame


def requirements(n: int, seed: int = 2, scale: int = 12) -> list[Requirement]:
    """``n`` random requirements (counts up to ``scale`` per type, limits 10-60 days)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        counts = {t: int(rng.integers(0, scale)) for t in TYPES[:3]}
        out.append(Requirement(f"R{i:03d}", counts, float(rng.choice([10, 15, 20, 30, 45, 60]))))
    return out


def weights(seed: int = 3) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    return {n: float(w) for n, w in zip(NATIONS, rng.random(len(NATIONS)) + 0.1, strict=True)}
