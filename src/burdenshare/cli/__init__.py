"""The command line: ``burdenshare <area> <verb>``.

Each area is a Typer sub-app in its own module; heavy imports (pandas) happen inside the
commands, so ``burdenshare --help`` stays fast. Errors the user can act on are printed as
one line on stderr with exit code 2; usage errors also exit with 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, get_args, get_origin

import typer
from typer.core import TyperArgument, _TyperParameter

from burdenshare import text as _text
from burdenshare.cli import (
    burden,
    cases,
    claims,
    data,
    funding,
    ledger,
    readiness,
    report,
    serve,
    spending,
    targets,
)
from burdenshare.cli._output import err_console, settings


def _usual_type(self: Any, ctx: Any) -> str:
    """Help types in the style users know (``TEXT``, ``INTEGER``, ``[table|csv]``, nothing
    for a flag) instead of Typer's ``<str>``, ``<list[str]>``, ``<bool>``."""
    if getattr(self, "is_flag", False):
        return ""
    desc = self.type_descriptor
    if desc.is_choice:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices or ()) + "]"
    if desc.is_path:
        return "PATH"
    annotation = desc.annotation
    while get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    names = {str: "TEXT", int: "INTEGER", float: "FLOAT", bool: "BOOLEAN"}
    return names.get(annotation, "VALUE") if isinstance(annotation, type) else "VALUE"


def _usual_usage(self: Any) -> str:
    """``ALLY`` and ``[ALLY]...`` on the usage line (Typer prints ``{ally}``, ``[ally]...``)."""
    name = str(self.metavar or self.name.upper())
    name = name if self.required else f"[{name}]"
    return name + ("..." if self.nargs != 1 and not name.endswith("...") else "")


_TyperParameter.display_type = _usual_type  # type: ignore[method-assign]
TyperArgument._usage_display_name = _usual_usage  # type: ignore[method-assign]

app = typer.Typer(
    name="burdenshare",
    help="NATO burden sharing: defence spending with provenance and vintages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _global_options(
    lang: str = typer.Option(
        "en", "--lang", envvar="BURDENSHARE_LANG", metavar="LANG",
        help="Language of tables and sentences: en or nl.",
    ),
    wide: bool = typer.Option(
        False, "--wide", help="Tables as wide as they need (default: fit the terminal)."
    ),
) -> None:
    """NATO burden sharing: defence spending with provenance and vintages."""
    from burdenshare.i18n import check_language

    settings["lang"] = check_language(lang)
    settings["wide"] = wide


app.add_typer(data.app, name="data")
app.add_typer(spending.app, name="spending")
app.add_typer(targets.app, name="targets")
app.add_typer(burden.app, name="burden")
app.add_typer(funding.app, name="funding")
app.add_typer(cases.app, name="cases")
app.add_typer(readiness.app, name="readiness")
app.add_typer(ledger.app, name="ledger")
app.add_typer(claims.app, name="claims")
app.add_typer(report.app, name="report")
app.command("overview")(spending.overview)
app.command("serve")(serve.serve)


def _one_line(message: str) -> None:
    """``error: <message>`` on stderr, the message in the chosen language (a domain error's
    :class:`~burdenshare.text.Text` goes through the one catalog; ``str(err)`` stays English)."""
    from burdenshare.cli._output import say
    from burdenshare.i18n import localize

    prefix = say("error")
    text = localize(message, settings["lang"])
    err_console.print(f"{prefix}: {text}", markup=False, highlight=False, soft_wrap=True)


#: pydantic's messages for the option types Typer checks with it, by error type.
_PYDANTIC = {
    "less_than_equal": _text.t("Input should be less than or equal to {le}"),
    "greater_than_equal": _text.t("Input should be greater than or equal to {ge}"),
    "less_than": _text.t("Input should be less than {lt}"),
    "greater_than": _text.t("Input should be greater than {gt}"),
    "int_parsing": _text.t("Input should be a valid integer, unable to parse string as an integer"),
    "float_parsing": _text.t("Input should be a valid number, unable to parse string as a number"),
    "int_from_float": _text.t(
        "Input should be a valid integer, got a number with a fractional part"
    ),
    "bool_parsing": _text.t("Input should be a valid boolean, unable to interpret input"),
}


def _pydantic_text(exc: BaseException, english: str) -> str:
    """The first pydantic error behind a Typer usage error as a template (same English)."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return english
    found: list[dict[str, Any]] = list(errors())
    first = found[0] if found else {}
    kind, ctx = first.get("type"), dict(first.get("ctx") or {})
    if kind == "value_error":
        value, sep, choices = str(ctx.get("error", "")).partition(" is not one of ")
        if sep:
            return _text.t("Value error, {value} is not one of {choices}", value=value,
                           choices=choices)  # fmt: skip
    elif kind in _PYDANTIC:
        return _text.t(_PYDANTIC[kind].template, **ctx)
    return english


def _usage_text(exc: Any) -> str:
    """A usage error of Click (vendored by Typer) as a :class:`~burdenshare.text.Text` with the
    very English Click writes, so that the catalog can translate it; Click's own wording is
    kept (untranslated) for any message this does not rebuild exactly."""
    english = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    names = {c.__name__ for c in type(exc).__mro__}
    text: str = english
    if "MissingParameter" in names:
        param = getattr(exc, "param", None)
        kind = exc.param_type or (param.param_type_name if param is not None else None)
        hint = exc.param_hint or (param.get_error_hint() if param is not None else None)
        if kind == "argument" and isinstance(hint, str):
            text = _text.t("Missing argument {name}.", name=hint)
        elif kind == "option" and isinstance(hint, str):
            text = _text.t("Missing option {name}.", name=hint)
    elif "BadParameter" in names:
        message = exc.message
        cause = exc.__cause__
        if cause is not None:
            message = _pydantic_text(cause, message)
        hint = exc.param_hint
        if hint is None and exc.param is not None:
            hint = exc.param.get_error_hint()
        if hint is None:
            text = _text.t("Invalid value: {message}", message=message)
        else:
            if isinstance(hint, list | tuple):
                hint = " / ".join(repr(h) for h in hint)
            text = _text.t("Invalid value for {option}: {message}", option=hint, message=message)
    elif "NoSuchOption" in names:
        text = _text.t("No such option: {name}", name=exc.option_name)
        if exc.possibilities:
            text = _text.t("No such option: {name} (Possible options: {possibilities})",
                           name=exc.option_name,
                           possibilities=", ".join(sorted(exc.possibilities)))  # fmt: skip
    elif english.startswith("Got unexpected extra argument(s) ("):
        args = english.removeprefix("Got unexpected extra argument(s) (").removesuffix(")")
        text = _text.t("Got unexpected extra argument(s) ({args})", args=args)
    return text if str(text) == english else english


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` and return the exit code (used by ``main`` and tests).

    Every error a user can cause — a domain error (unknown ally, year outside the release,
    ...) or a usage error (unknown option, a value of the wrong type) — is one line on stderr
    starting with ``error:``, with exit code 2. Help is printed as usual.
    """
    from burdenshare.errors import BurdenshareError, message

    settings.update({"lang": "en", "wide": False})
    try:
        result = app(
            args=list(argv) if argv is not None else None,
            prog_name="burdenshare",
            standalone_mode=False,
        )
    except BurdenshareError as exc:
        _one_line(message(exc))
        return 2
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        _one_line("aborted")
        return 1
    except typer.TyperException as exc:  # usage errors (Click's, vendored by Typer)
        text = _usage_text(exc)
        ctx = getattr(exc, "ctx", None)
        if text:  # no_args_is_help has printed the help already
            if ctx is not None:
                text = _text.t("{message} (see '{command} --help')", message=text,
                               command=ctx.command_path)  # fmt: skip
            _one_line(text)
        return int(getattr(exc, "exit_code", 2))
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except BrokenPipeError:  # the reader (`head`) closed the pipe: end quietly
        _quiet_stdout()
        return 0
    return result if isinstance(result, int) else 0


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor
        pass


def main() -> None:
    code = run()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
    sys.exit(code)
