"""``burdenshare serve``: registered, with host, port and workers."""

from __future__ import annotations

import pytest

from burdenshare.cli import run


def test_serve_is_a_command_with_host_port_and_workers(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--workers"):
        assert option in out


def test_serve_rejects_a_bad_port_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["serve", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "--port" in err
