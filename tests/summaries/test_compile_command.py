"""`lantoa compile` writes a directive's summary to files, by id or by number, and fails clearly."""

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_compile_writes_the_docx_and_the_xlsx_by_number(scene, tmp_path, capsys):
    call_command(
        "compile", scene.directive.number, "--docx", tmp_path / "bc.docx", "--xlsx", tmp_path / "bc.xlsx"
    )
    document = docx.Document(tmp_path / "bc.docx")
    assert any(p.text == "BÁO CÁO" for p in document.paragraphs)
    assert openpyxl.load_workbook(tmp_path / "bc.xlsx").sheetnames[0] == "Số liệu"
    out = capsys.readouterr().out
    assert "17/38 units reported, 12 accepted, 21 missing" in out


def test_compile_finds_a_directive_by_id(scene, tmp_path):
    call_command("compile", str(scene.directive.pk), "--docx", tmp_path / "bc.docx")
    assert (tmp_path / "bc.docx").stat().st_size > 0


def test_compile_refuses_an_unknown_directive_and_a_missing_folder(scene, tmp_path):
    with pytest.raises(CommandError, match="No directive"):
        call_command("compile", "9999/KHONG-CO", "--docx", tmp_path / "bc.docx")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("compile", scene.directive.number, "--docx", tmp_path / "missing" / "bc.docx")


def test_compile_exits_non_zero_with_an_english_message_on_the_command_line(scene, tmp_path, capsys):
    from lantoa.summaries.management.commands.compile import Command

    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["lantoa", "compile", "9999/KHONG-CO", "--docx", str(tmp_path / "x.docx")])
    assert exit_.value.code != 0
    assert "No directive with id or number '9999/KHONG-CO'" in capsys.readouterr().err
