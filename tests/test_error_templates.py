"""Error messages in the user's language: every error raised on purpose carries its sentence
as a template (``burdenshare.text.t``) that the one catalog translates; ``str(err)`` stays
English."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import burdenshare
from burdenshare.errors import InputError, message
from burdenshare.i18n import localize
from burdenshare.text import Text, t

SRC = Path(burdenshare.__file__).parent
#: The packages whose raise sites were converted (the domain, the shipped-data layer, the
#: facade and the CLI's own usage errors).
CONVERTED = ["api", "shipped", "catalog", "spending", "targets", "funding", "burden", "rules",
             "readiness", "ledger", "claims", "allies", "cli", "cases.py", "errors.py",
             "i18n.py", "measure.py"]  # fmt: skip
#: Built-in exceptions are bugs or programming errors, not messages for users.
BUILTIN = {"ValueError", "TypeError", "AttributeError", "KeyError", "RuntimeError",
           "NotImplementedError", "AssertionError", "SystemExit", "OSError", "Exit",
           "NotModified", "Hit"}  # fmt: skip
#: Raise sites deliberately left with a plain string: ``path:callee`` (keep this short).
ALLOWED: set[str] = set()


def _literal(node: ast.AST, in_list: bool = False) -> bool:
    """A plain or f-string sentence (also inside ``+`` or a list of problems); a file name
    (``schema.toml``) is none, nor is a list of accepted words (``("csv", "json")``)."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value.strip()
        if in_list:
            return " " in text
        return bool(text) and re.fullmatch(r"[\w.-]+\.(csv|yaml|yml|toml|json)", text) is None
    if isinstance(node, ast.BinOp):
        return _literal(node.left, in_list) or _literal(node.right, in_list)
    if isinstance(node, ast.List | ast.Tuple):
        return any(_literal(e, True) for e in node.elts)
    return False


def plain_raises(source: str, name: str) -> list[str]:
    """``name:line callee`` for every ``raise Error("...")`` / ``raise Error(f"...")``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        callee = ast.unparse(node.exc.func)
        if callee.split(".")[-1] in BUILTIN:
            continue
        args = [*node.exc.args, *(k.value for k in node.exc.keywords if k.arg != "param_hint")]
        if any(_literal(a) for a in args):
            found.append(f"{name}:{node.lineno} {callee}")
    return found


def test_the_scan_sees_a_plain_message() -> None:
    code = 'raise FundingError(f"no key {p}")\nraise FundingError(t("no key {p}", p=p))\n'
    assert plain_raises(code, "x.py") == ["x.py:1 FundingError"]
    assert plain_raises('raise error(file, "empty")', "y.py") == ["y.py:1 error"]
    assert plain_raises('raise ValueError("a bug")', "z.py") == []


def test_no_raise_site_builds_its_message_from_a_plain_string() -> None:
    files = []
    for part in CONVERTED:
        p = SRC / part
        files += sorted(p.rglob("*.py")) if p.is_dir() else [p]
    found = []
    for f in files:
        rel = f.relative_to(SRC).as_posix()
        found += [s for s in plain_raises(f.read_text(encoding="utf-8"), rel)
                  if f"{rel}:{s.split(' ', 1)[1]}" not in ALLOWED]  # fmt: skip
    assert not found, "use burdenshare.text.t(...):\n" + "\n".join(found)


def test_an_error_stays_english_and_keeps_its_template() -> None:
    err = InputError(t("ally"), "XXX", ["NLD", "BEL"])
    assert str(err) == "unknown ally 'XXX'; accepted: NLD, BEL"
    msg = message(err)
    assert isinstance(msg, Text)
    assert localize(msg, "nl") == "bondgenoot 'XXX' is onbekend; toegestaan: NLD, BEL"
    assert localize(msg, "en") == str(err)


def test_localize_translates_nested_sentences_and_errors() -> None:
    inner = InputError(t("language"), "fr", ["en", "nl"])
    outer = t("{file}, line {line}: {rule}", file="a.yaml", line=1234, rule=inner)
    # a line or a year is written as in English (no grouping), the nested error in Dutch
    assert localize(outer, "nl") == "a.yaml, regel 1234: taal 'fr' is onbekend; toegestaan: en, nl"


@pytest.mark.parametrize(
    ("template", "params", "dutch"),
    [
        ("{v} is below the minimum {lo}", {"v": "-1", "lo": "0"}, "-1 ligt onder het minimum 0"),
        ("{value} is out of range ({span})", {"value": 1.5, "span": "x"},
         "1,5 ligt buiten het bereik (x)"),
        ("a probability must be between 0 and 1, not {probability}", {"probability": 1.5},
         "een kans moet tussen 0 en 1 liggen, geen 1,5"),
        ("key {key_period} sums to {total:.6f} %, not 100 ({detail})",
         {"key_period": "2020", "total": 1234.5, "detail": "d"},
         "verdeelsleutel 2020 telt op tot 1234,500000 %, niet tot 100 (d)"),
    ],
)  # fmt: skip
def test_numbers_in_dutch_errors_use_dutch_signs(
    template: str, params: dict[str, object], dutch: str
) -> None:
    assert localize(Text(template, **params), "nl") == dutch
