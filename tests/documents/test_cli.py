"""`parse FILE [--json]` through the reader's CLI and through the `lantoa` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lantoa.documents.cli import main

EXAMPLE = Path(__file__).parent / "fixtures" / "cong-van-ngay-cds-2023.txt"


def test_cli_json_prints_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["doc_type"] == "cong_van"
    assert len(data["assignments"]) == 3


def test_cli_summary_is_human_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Loại văn bản (type): Công văn" in out
    assert "UBND các xã, thị trấn [thực hiện]" in out


def test_cli_error_is_one_line_with_exit_code_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 10)
    assert main([str(junk), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Lỗi:")
    assert len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err


def test_cli_without_file_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert capsys.readouterr().err.startswith("Lỗi:")


def test_lantoa_parse_command_forwards_output_and_exit_code(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "lantoa.cli", "parse"]
    ok = subprocess.run(
        [*run, str(EXAMPLE), "--json"], capture_output=True, text=True, timeout=60, check=False
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["recipients"][0] == "Phòng Văn hóa và Thông tin"
    missing = subprocess.run(
        [*run, str(tmp_path / "missing.pdf")], capture_output=True, text=True, timeout=60, check=False
    )
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr


def test_lantoa_parse_reads_without_starting_django() -> None:
    """Scripts read one file per call: the reader must not pay for settings, apps and the database."""
    code = (
        "import sys\n"
        "from lantoa import cli\n"
        "try:\n"
        f"    cli.main(['lantoa', 'parse', {str(EXAMPLE)!r}, '--json'])\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0\n"
        "print('django' in sys.modules, file=sys.stderr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["doc_type"] == "cong_van"
    assert run.stderr.strip() == "False"
