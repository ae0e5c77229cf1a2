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
