"""Every file the ledger reads or writes, behind narrow functions (the only I/O module).

- :func:`read_seed`: the shipped synthetic pledges, checked against ``data/manifest.toml``
  (SHA-256 and number of units), with their origin record;
- :func:`read_pledges`: a user's YAML or CSV file of pledges, checked entirely first: every
  problem of every row is collected and raised at once (:class:`FileFormatError`, naming the
  file, the row and line, and the rule), so nothing is written from a bad file;
- :func:`write_pledges`: the same formats back (an export imports unchanged);
- :func:`read_weights`: fair-share weights per nation (CSV ``nation,weight`` or a YAML
  mapping);
- :func:`default_url`: ``BURDENSHARE_DATABASE_URL`` or the embedded SQLite file in the
  user's data directory.

Accepted pledge keys (YAML or CSV header): ``id``, ``nation``, ``type`` or ``unit_type``,
``notice_to_move_days`` or ``notice_days``, ``available_from``, ``available_until`` (empty or
``null``: open), ``status`` (``offered``, ``pledged``, ``withdrawn``; default ``pledged``),
``offer`` (``true`` means status ``offered``), ``note``, ``tags`` (a list, or ``;``-separated
in CSV), ``synthetic``. A YAML file is a list, or a mapping with ``units:`` or ``pledges:``;
a top-level ``synthetic: true`` marks every unit as synthetic.

>>> from burdenshare.allies import registry
>>> pledges, origin = read_seed(sorted(registry()))
>>> len(pledges), pledges[0].id, all(p.synthetic for p in pledges), origin.id
(19, 'SYN-L01', True, 'readiness-pledges-synthetic')
"""

from __future__ import annotations

import csv
import hashlib
import io as _io
import os
from collections.abc import Collection, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from burdenshare.errors import message
from burdenshare.ledger.errors import FileFormatError, SeedError
from burdenshare.readiness.model import STATUSES, Pledge, problems
from burdenshare.shipped import Origin
from burdenshare.shipped.manifest import Manifest, read_manifest
from burdenshare.shipped.user import read_user_bytes
from burdenshare.shipped.yamltext import YamlSyntaxError, load_with_lines
from burdenshare.text import t

DATA = Path(__file__).parent / "data"
SEED = "pledges_synthetic.yaml"
ENV_URL = "BURDENSHARE_DATABASE_URL"

_KEYS = {
    "id": "id", "nation": "nation", "type": "unit_type", "unit_type": "unit_type",
    "notice_to_move_days": "notice_days", "notice_days": "notice_days",
    "available_from": "available_from", "available_until": "available_until",
    "status": "status", "offer": "offer", "note": "note", "tags": "tags",
    "synthetic": "synthetic",
}  # fmt: skip
_REQUIRED = ("id", "nation", "unit_type", "notice_days", "available_from")


def default_url(environ: Mapping[str, str] | None = None) -> str:
    """``BURDENSHARE_DATABASE_URL``, else a SQLite file in the user's data directory.

    The directory is ``$XDG_DATA_HOME/burdenshare`` when set, else the platform's user data
    directory (``platformdirs``); it is created on first use.
    """
    env = os.environ if environ is None else environ
    if env.get(ENV_URL):
        return env[ENV_URL]
    if env.get("XDG_DATA_HOME"):
        folder = Path(env["XDG_DATA_HOME"]) / "burdenshare"
    else:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("burdenshare", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'ledger.sqlite3'}"


def env_token(environ: Mapping[str, str] | None = None) -> str | None:
    """The API token in ``BURDENSHARE_TOKEN`` (``None`` when unset or empty)."""
    env = os.environ if environ is None else environ
    return env.get("BURDENSHARE_TOKEN") or None


def file_origin(path: Path | str) -> Origin:
    """An origin record for a user's pledge file (name and SHA-256 of its bytes)."""
    p = Path(path)
    try:
        digest = hashlib.sha256(p.read_bytes()).hexdigest()
    except OSError as exc:
        raise FileFormatError(p.name, [t("cannot read the file ({exc})", exc=exc)]) from None
    return Origin(
        id=f"pledges-file-{digest[:12]}", kind="readiness_pledges", publisher="user",
        title=f"pledges file {p.name}", published="", address=str(p), sha256=digest,
    )  # fmt: skip


def _manifest() -> Manifest:
    return read_manifest(DATA, label="ledger/data/manifest.toml", error=SeedError)


def read_seed(nations: Collection[str]) -> tuple[list[Pledge], Origin]:
    """The shipped synthetic pledges and their origin, verified against the manifest.

    Raises:
        SeedError: the file's SHA-256, line count or number of units differs from the
            manifest (through the shipped-data layer).
    """
    m = _manifest()
    rec = m.file(SEED)
    pledges = _parse(m.read_text(rec), SEED, "yaml", nations)
    m.check_entries(rec, "units", len(pledges), "units")
    return pledges, m.origin(rec.dataset or "readiness-pledges-synthetic")


def read_pledges(path: Path | str, nations: Collection[str]) -> list[Pledge]:
    """Every pledge in a YAML or CSV file, or one error listing every problem.

    Raises:
        FileFormatError: unreadable file, unknown format, or any bad row (all listed).
    """
    p = Path(path)
    fmt = _format(p)
    raw, _ = read_user_bytes(p, what="", error=FileFormatError.one)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FileFormatError(p.name, [t("not UTF-8 text (a binary file?)")]) from None
    return _parse(text, p.name, fmt, nations)


def parse_pledges(text: str, name: str, fmt: str, nations: Collection[str]) -> list[Pledge]:
    """Like :func:`read_pledges` for text already in memory (``fmt``: ``yaml`` or ``csv``)."""
    return _parse(text, name, fmt, nations)


def _format(p: Path) -> str:
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".csv":
        return "csv"
    raise FileFormatError(p.name, [t(
        "unknown file type {suffix!r} (accepted: .yaml, .yml, .csv)",
        suffix=suffix,
    )])


def _rows(text: str, name: str, fmt: str) -> tuple[list[dict[str, Any]], bool]:
    """Raw rows (each with ``__row__`` and ``__line__``) and the file's synthetic flag."""
    if fmt == "csv":
        reader = csv.DictReader(_io.StringIO(text))
        rows: list[dict[str, Any]] = []
        for i, row in enumerate(reader, start=1):
            rows.append({**row, "__row__": i, "__line__": reader.line_num})
        if reader.fieldnames is None:
            raise FileFormatError(name, [t("empty file (no header)")])
        return rows, False
    try:
        doc = load_with_lines(text)
    except YamlSyntaxError as exc:
        where = t("line {line}: ", line=exc.line) if exc.line is not None else ""
        raise FileFormatError(name, [t(
            "{where}not valid YAML ({problem})",
            where=where, problem=exc.problem,
        )]) from None
    synthetic = False
    if isinstance(doc, dict):
        synthetic = doc.get("synthetic") is True
        items = doc.get("units", doc.get("pledges"))
        if items is None:
            raise FileFormatError(name, [t(
                "expected a list of pledges under 'units:' or 'pledges:'",
            )])
    else:
        items = doc
    if not isinstance(items, list):
        raise FileFormatError(name, [t("expected a list of pledges")])
    out = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            out.append({"__row__": i, "__line__": None, "__bad__": "a pledge must be a mapping"})
        else:
            out.append({**item, "__row__": i})
    return out, synthetic


def _date(value: Any, key: str) -> date | None:
    if value is None or (isinstance(value, str) and value.strip() in ("", "null", "None")):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(
            t("{key} {value!r} is not a date (YYYY-MM-DD)", key=key, value=value)
        ) from None


def _bool(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0", "", "none", "null"):
        return False
    raise ValueError(t("{key} {value!r} is not true or false", key=key, value=value))


def _pledge(row: Mapping[str, Any], synthetic: bool) -> tuple[Pledge | None, list[str]]:
    """One pledge from a raw row, or the reasons it cannot be read."""
    if "__bad__" in row:
        return None, [str(row["__bad__"])]
    found: list[str] = []
    vals: dict[str, Any] = {}
    for key, value in row.items():
        if key.startswith("__"):
            continue
        if key not in _KEYS:
            found.append(t(
                "unknown column {key!r} (accepted: {KEYS})",
                key=key, KEYS=', '.join(sorted(_KEYS)),
            ))
            continue
        vals[_KEYS[key]] = value
    for key in _REQUIRED:
        if vals.get(key) is None or str(vals.get(key)).strip() == "":
            found.append(t("missing {key}", key=key))
    if found:
        return None, found
    try:
        notice_raw = vals["notice_days"]
        notice = int(str(notice_raw).strip()) if not isinstance(notice_raw, int) else notice_raw
    except ValueError:
        found.append(t(
            "notice_to_move_days {notice_days!r} is not a whole number of days",
            notice_days=vals['notice_days'],
        ))
        notice = 0
    start = end = None
    try:
        start = _date(vals["available_from"], "available_from")
    except ValueError as exc:
        found.append(message(exc))
    try:
        end = _date(vals.get("available_until"), "available_until")
    except ValueError as exc:
        found.append(message(exc))
    status = str(vals.get("status") or "pledged").strip()
    try:
        if "offer" in vals and _bool(vals["offer"], "offer"):
            if vals.get("status") not in (None, "", "offered"):
                found.append(t("offer: true contradicts status {status!r}", status=status))
            status = "offered"
        is_synthetic = synthetic or _bool(vals.get("synthetic", False), "synthetic")
    except ValueError as exc:
        found.append(message(exc))
        is_synthetic = synthetic
    if status not in STATUSES:
        found.append(t(
            "unknown status {status!r} (accepted: {STATUSES})",
            status=status, STATUSES=', '.join(STATUSES),
        ))
    tags_raw = vals.get("tags") or []
    tags = tuple(t for t in (tags_raw.split(";") if isinstance(tags_raw, str) else tags_raw) if t)
    if found or start is None:
        return None, found
    pledge = Pledge(
        id=str(vals["id"]).strip(),
        nation=str(vals["nation"]).strip(),
        unit_type=str(vals["unit_type"]).strip(),
        notice_days=notice,
        available_from=start,
        available_until=end,
        status=status,
        note=str(vals.get("note") or ""),
        tags=tuple(str(t) for t in tags),
        synthetic=is_synthetic,
    )
    return pledge, []


def _parse(text: str, name: str, fmt: str, nations: Collection[str]) -> list[Pledge]:
    rows, synthetic = _rows(text, name, fmt)
    found: list[str] = []
    out: list[Pledge] = []
    seen: dict[str, int] = {}
    for row in rows:
        line = row.get("__line__")
        where = (t("row {row} (line {line})", row=row["__row__"], line=line) if line
                 else t("row {row}", row=row["__row__"]))  # fmt: skip
        pledge, issues = _pledge(row, synthetic)
        if pledge is not None:
            issues = problems(pledge, nations)
            if pledge.id in seen:
                issues.append(t(
                    "duplicate id {pledge_id!r} (first in row {seen})",
                    pledge_id=pledge.id, seen=seen[pledge.id],
                ))
            seen.setdefault(pledge.id, int(row["__row__"]))
            out.append(pledge)
        found += [t("{file}, {where}: {problem}", file=name, where=where, problem=msg)
                  for msg in issues]  # fmt: skip
    if found:
        raise FileFormatError(name, found)
    return out


def pledges_text(pledges: list[Pledge], fmt: str) -> str:
    """Pledges as YAML (``pledges:`` list) or CSV text, in the keys :func:`read_pledges` reads."""
    records = [p.as_dict() for p in pledges]
    if fmt == "yaml":
        return yaml.safe_dump({"pledges": records}, sort_keys=False, allow_unicode=True)
    if fmt == "csv":
        buf = _io.StringIO()
        fields = ["id", "nation", "unit_type", "notice_days", "available_from", "available_until",
                  "status", "note", "tags", "synthetic"]  # fmt: skip
        writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for r in records:
            writer.writerow({**r, "available_until": r["available_until"] or "",
                             "tags": ";".join(r["tags"]), "synthetic": str(r["synthetic"]).lower()})
        return buf.getvalue()
    raise FileFormatError(t("export"), [t("unknown format {fmt!r} (accepted: yaml, csv)", fmt=fmt)])


def write_pledges(pledges: list[Pledge], path: Path | str) -> None:
    """Write pledges to ``path`` in the format its suffix names (``.yaml``/``.yml``/``.csv``)."""
    p = Path(path)
    p.write_text(pledges_text(pledges, _format(p)), encoding="utf-8")


def read_weights(path: Path | str) -> dict[str, float]:
    """Fair-share weights per nation from CSV (``nation,weight``) or YAML (a mapping).

    Raises:
        FileFormatError: every bad row listed.
    """
    p = Path(path)
    fmt = _format(p)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise FileFormatError(p.name, [t("cannot read the file ({exc})", exc=exc)]) from None
    pairs: list[tuple[str, Any, str]] = []
    if fmt == "csv":
        reader = csv.DictReader(_io.StringIO(text))
        if not reader.fieldnames or not {"nation", "weight"} <= set(reader.fieldnames):
            raise FileFormatError(p.name, [t("header must have columns nation,weight")])
        for i, row in enumerate(reader, start=1):
            pairs.append((str(row["nation"]).strip(), row["weight"], t("row {row}", row=i)))
    else:
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError:
            raise FileFormatError(p.name, [t("not valid YAML")]) from None
        if not isinstance(doc, dict):
            raise FileFormatError(p.name, [t("expected a mapping nation: weight")])
        pairs = [(str(k), v, t("key {key}", key=k)) for k, v in doc.items()]
    found: list[str] = []
    out: dict[str, float] = {}
    for nation, value, where in pairs:
        try:
            w = float(value)
        except (TypeError, ValueError):
            found.append(t(
                "{p_name}, {where}: weight {value!r} is not a number",
                p_name=p.name, where=where, value=value,
            ))
            continue
        if not w >= 0:
            found.append(t(
                "{p_name}, {where}: weight must be 0 or more",
                p_name=p.name, where=where,
            ))
        out[nation] = w
    if found:
        raise FileFormatError(p.name, found)
    return out
