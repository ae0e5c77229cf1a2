"""The one message catalog: every Dutch entry is translated and keeps its placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

import burdenshare
from burdenshare.i18n import translator

PO = Path(burdenshare.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "burdenshare.po"
FIELD = re.compile(r"\{[^}]*\}")


def _catalog():  # type: ignore[no-untyped-def]
    with PO.open("rb") as fh:
        return read_po(fh, locale="nl")


def test_every_dutch_entry_is_translated_and_keeps_its_placeholders() -> None:
    for msg in _catalog():
        if not msg.id:
            continue
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        strs = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        assert all(strs), f"untranslated: {ids[0]!r}"
        want = set(FIELD.findall(ids[-1]))
        for s in strs:
            assert set(FIELD.findall(s)) == want, f"{ids[0]!r}: placeholders differ in {s!r}"
        assert not msg.fuzzy, f"fuzzy: {ids[0]!r}"


def test_the_catalog_is_used_at_run_time() -> None:
    t = translator("nl")
    assert t.ngettext("{n} ally", "{n} allies", 3).format(n=3) == "3 bondgenoten"


def test_numbers_in_sentences_are_grouped_only_where_the_template_asks() -> None:
    """A year passed as a number stays 2025 in Dutch (not 2.025); ``{n:,}`` groups, as in
    English; decimals follow the spec with the Dutch comma."""
    from burdenshare.i18n import _LocaleFormatter

    fmt = _LocaleFormatter("nl")
    assert fmt.format("{y} {n:,} {x:.1f} {p:.0%}", y=2025, n=4428, x=0.75, p=0.5) == (
        "2025 4.428 0,8 50%"
    )
    assert f"{2025} {4428:,} {0.75:.1f}" == "2025 4,428 0.8"


# --------------------------------------------------------------------------------------
# Method texts: every sentence the domain or the facade writes for people is a Text whose
# template (and every sentence inside it) the catalog translates

#: attrs that hold no sentence of ours: citations and titles as published, licences,
#: identifiers and lists of codes.
NOT_OURS = {"source", "licence", "efp_source", "title", "published", "concept", "indicators",
            "gdp_assumption_source", "cost_shares_source_ids", "weights_given", "weights_used",
            "group"}  # fmt: skip
#: provenance notes that are not sentences (lists of years, a module name)
NOT_OURS_NOTES = {"estimate_years", "runner", "solver", "optimality gap"}
SENTENCE = re.compile(r"[a-z]{2,} [a-z]{2,} [a-z]{2,}")


def _untranslated(text: object, catalog: object) -> list[str]:
    """The templates of ``text`` (and of the sentences inside it) the catalog lacks."""
    from burdenshare.text import Text

    if not isinstance(text, Text):
        return []
    msg = catalog.get(text.template)  # type: ignore[attr-defined]
    out = [] if msg is not None and msg.string else [text.template]
    for value in text.params.values():
        out += _untranslated(value, catalog)
    return out


def _sentences(frame: object) -> list[tuple[str, object]]:
    attrs = getattr(frame, "attrs", {})
    env = attrs.get("provenance") or {}
    items = [(str(k), v) for k, v in attrs.items() if k not in NOT_OURS]
    items.append(("provenance.what", env.get("what")))
    items += [(f"provenance.notes.{k}", v) for k, v in (env.get("notes") or {}).items()
              if k not in NOT_OURS_NOTES]  # fmt: skip
    return [(k, v) for k, v in items if isinstance(v, str) and SENTENCE.search(v)]


def test_every_method_text_in_the_api_attrs_is_translated() -> None:
    from burdenshare.text import Text
    from tests.test_public_api import CALLS

    catalog = _catalog()
    english, missing, seen = [], [], 0
    for name, call in CALLS.items():
        if name.startswith("ledger_"):
            continue  # the ledger calls write to a shared test ledger (tokens, targets)
            # that test_public_api creates once

        result = call()
        for frame in result if isinstance(result, list | tuple) else [result]:
            for key, value in _sentences(frame):
                seen += 1
                if not isinstance(value, Text):
                    english.append(f"{name}: {key} = {value[:60]!r}")
                missing += [f"{name}: {key}: {m[:60]!r}" for m in _untranslated(value, catalog)]
    assert seen > 80, seen  # the check looks at something
    assert not english, "plain English sentences (use burdenshare.text.t):\n" + "\n".join(english)
    assert not missing, "templates without Dutch:\n" + "\n".join(missing)


def test_sentences_in_table_cells_are_translated() -> None:
    """Status details, sub-tests, notes, path labels and GDP origins are Text in the frame
    (so the Dutch terminal table translates them) and plain English in CSV."""
    import burdenshare as bs
    from burdenshare.i18n import localize
    from burdenshare.text import Text

    catalog = _catalog()
    frames = {
        "check": bs.targets_path("NLD", release="2026-07"),
        "gdp_origin": bs.targets_path("NLD", release="2026-07"),
        "subtests": bs.targets_compliance(2016, "DEU", release="2026-07"),
        "path": bs.targets_compliance(2016, "DEU", release="2026-07"),
        "note": bs.targets_compliance([2014, 2026], ["DEU", "ISL", "NLD"], release="2026-07"),
    }
    for column, frame in frames.items():
        cells = [c for c in frame[column] if isinstance(c, str) and re.search("[a-z]{3}", c)]
        assert cells, column
        for cell in cells:
            assert isinstance(cell, Text), f"{column}: {cell!r}"
            assert not _untranslated(cell, catalog), f"{column}: {cell!r}"
            assert localize(cell, "nl") != str(cell), f"{column}: {cell!r}"
    path = frames["check"].set_index("year")["check"]
    assert localize(path[2025], "nl").startswith("voor met 0,")  # the issue's own example
    assert " mln)" in localize(path[2025], "nl") and "." in localize(path[2025], "nl")
    csv = frames["check"].to_csv(index=False)
    assert "ahead by 0.38 pp (4,428 mn)" in csv  # machine formats stay English


def test_localize_keeps_years_whole_and_translates_nested_sentences() -> None:
    from burdenshare.i18n import localize
    from burdenshare.text import join, t

    assert localize(t("budgets {year}", year=2035), "nl") == "begrotingen 2035"
    msg = join([t("halt decline: no"), t("budgets {year}", year=2019)])
    assert localize(msg, "nl") == "daling gestopt: nee; begrotingen 2019"
    assert str(msg) == "halt decline: no; budgets 2019"


def test_every_sentence_in_the_source_has_its_dutch() -> None:
    """What ``make i18n`` would extract (babel.cfg and the Makefile's keywords) is all in the
    Dutch catalog with a translation: a new ``t("...")``, ``say(...)`` or template sentence
    without its Dutch fails here, before a Dutch reader meets English."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = Path(__file__).resolve().parents[1]
    with open(root / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {"gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "say": None,
                "say_n": (1, 2), "t": None}  # the Makefile's -k options  # fmt: skip
    catalog = _catalog()
    seen, lacking = 0, []
    for filename, _lineno, message, _comments, context in extract_from_dir(
        str(root), method_map, options_map, keywords=keywords
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if not msgid:
            continue
        seen += 1
        entry = catalog.get(msgid, context=context)
        text = entry.string if entry is not None else None
        if not (text if isinstance(text, str) else text and all(text)):
            lacking.append(f"{filename}: {msgid[:70]!r}")
    assert seen > 800, seen
    assert not lacking, "sentences without Dutch (run `make i18n`, fill in msgstr):\n" + "\n".join(
        lacking
    )


# --------------------------------------------------------------------------------------
# Column labels: every column a person can see in a terminal table has a header in English
# and in Dutch (burdenshare.i18n.LABELS); CSV and JSON keep the column ids


def test_every_label_has_an_english_and_a_dutch_header() -> None:
    from burdenshare.i18n import LABELS, label

    empty = [c for c, (en, nl) in LABELS.items() if not en.strip() or not nl.strip()]
    assert not empty, empty
    assert label("target_year", "nl") == "doeljaar" and label("target_year") == "target year"


def test_every_column_of_the_public_api_has_a_dutch_label() -> None:
    """Without a label a Dutch table shows the column id (``target year``, ``share pct``)."""
    from burdenshare.i18n import LABELS
    from tests.test_public_api import CALLS

    missing, seen = [], 0
    for name, call in CALLS.items():
        if name.startswith("ledger_"):
            continue  # they write to the shared test ledger test_public_api creates once
        result = call()
        for frame in result if isinstance(result, list | tuple) else [result]:
            for column in map(str, frame.columns):
                seen += 1
                if not LABELS.get(column, ("", ""))[1].strip():
                    missing.append(f"{name}: {column}")
    assert seen > 400, seen  # the check looks at something
    assert not missing, "columns without a Dutch label:\n" + "\n".join(missing)
