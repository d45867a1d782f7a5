"""Broken or hostile files fail fast with DocumentError; parse_text never raises."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantoa.documents import DocumentError, extract_text, parse_text


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(DocumentError, match="rỗng"):
        extract_text(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError):
        extract_text(tmp_path / "nope.docx")


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk or memory used
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="quá lớn"):
        extract_text(path)
    assert time.perf_counter() - started < 1


def test_truncated_pdf_is_refused(example_pdf: Path, tmp_path: Path) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(example_pdf.read_bytes()[:600])
    with pytest.raises(DocumentError):
        extract_text(path)


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Kinh gui")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentError, match="mật khẩu"):
        extract_text(path)


def test_zip_bomb_disguised_as_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (40 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="giải nén"):
        extract_text(path)
    assert time.perf_counter() - started < 2


def test_zip_that_is_not_a_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(DocumentError, match="không phải DOCX"):
        extract_text(path)


def test_truncated_docx_is_refused(example_docx: Path, tmp_path: Path) -> None:
    path = tmp_path / "truncated.docx"
    path.write_bytes(example_docx.read_bytes()[:2000])
    with pytest.raises(DocumentError):
        extract_text(path)


def test_corrupt_image_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(DocumentError):
        extract_text(path)


def test_legacy_word_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(DocumentError, match=r"\.docx"):
        extract_text(path)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_text_never_raises_on_arbitrary_text(text: str) -> None:
    parse_text(text)


_PIECES = st.sampled_from(
    ["Kính gửi:", "- Phòng Văn hóa;", "1. Sở Y tế", "III. TỔ CHỨC THỰC HIỆN", "Giao Sở A chủ trì, phối hợp với",
     "trước ngày 15/10", "từ ngày 01/10/2023 đến", "Nơi nhận:", "KT. CHỦ TỊCH", "\n", " ", "./.", "a)", "UBND các xã,",
     "báo cáo", "(qua Phòng", "ngày 31 tháng 2 năm 2023", "99/99/2023", ":", "V/v"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join))
def test_parse_text_never_raises_on_directive_like_fragments(text: str) -> None:
    parsed = parse_text(text)
    for assignment in parsed.assignments:
        for task in assignment.tasks:
            assert 0 <= task.span[0] <= task.span[1] <= len(text)
