"""Evidence is read all the way as what its first bytes claim: a PDF parses page by page, a recording has a
stream that plays, a HEIC photo's boxes add up. Headers glued onto anything else, and files cut short, are
refused with a message that says what to do."""

import io
import wave

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantoa.activities.evidence import EvidenceRejected, check_uploads

pytestmark = pytest.mark.django_db


def _pdf(**encryption) -> bytes:
    from fpdf import FPDF

    document = FPDF()
    if encryption:
        document.set_encryption(**encryption)
    for page in range(3):
        document.add_page()
        document.set_font("helvetica", size=12)
        document.cell(0, 10, f"Bao cao ket qua, trang {page + 1}")
    return bytes(document.output())


def _wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x01\x00" * 8000)
    return buffer.getvalue()


def _mp3() -> bytes:
    # Forty MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz) of silence: about one second.
    return (b"\xff\xfb\x90\x00" + b"\x00" * 413) * 40


def _amr(frames: int = 50) -> bytes:
    # AMR-NB at 12.2 kbit/s: a header byte 0x3C then 31 bytes per 20-ms frame.
    return b"#!AMR\n" + (b"\x3c" + b"\x00" * 31) * frames


def _heic() -> bytes:
    ftyp = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
    meta = (8 + 12).to_bytes(4, "big") + b"meta" + b"\x00" * 12
    mdat = (8 + 100).to_bytes(4, "big") + b"mdat" + b"\x07" * 100
    return ftyp + meta + mdat


def _accepts(name: str, data: bytes) -> None:
    assert len(check_uploads([SimpleUploadedFile(name, data)])) == 1


def _refuses(name: str, data: bytes) -> str:
    with pytest.raises(EvidenceRejected) as refused:
        check_uploads([SimpleUploadedFile(name, data)])
    message = refused.value.messages[0]
    assert name in message
    return message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bao-cao.pdf", _pdf()),
        ("ban-tin.wav", _wav()),
        ("ban-tin.mp3", _mp3()),
        ("ghi-am.amr", _amr()),
        ("anh.heic", _heic()),
    ],
)
def test_real_files_of_every_kind_are_accepted(name, data):
    _accepts(name, data)


def test_a_pdf_header_on_something_else_is_refused_with_what_to_do():
    message = _refuses("ke-hoach.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    assert "không đọc được như một tài liệu PDF" in message
    assert "xuất hoặc quét lại" in message


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_a_pdf_cut_short_by_a_broken_upload_is_refused(keep):
    data = _pdf()
    _refuses("bao-cao.pdf", data[: int(len(data) * keep)])


def test_a_pdf_with_a_password_is_refused_and_the_message_says_how_to_fix_it():
    message = _refuses("mat.pdf", _pdf(owner_password="chu", user_password="mo"))
    assert "có đặt mật khẩu" in message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ban-tin.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"<?php system($_GET['c']); ?>" * 10),
        ("ban-tin.mp3", b"\xff\xfb\x90\x00" + b"<html>" * 30),
        ("ban-tin.m4a", b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\x00" * 200),
        ("ban-tin.ogg", b"OggS\x00\x02" + b"\x00" * 200),
        ("ban-tin.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40),
        ("ghi-am.amr", _amr()[:-7]),
        ("ghi-am.amr", b"#!AMR\n" + b"\xff" * 40),
    ],
)
def test_a_recording_that_does_not_play_is_refused(name, data):
    assert "không phát được như một bản ghi âm" in _refuses(name, data)


def test_a_heic_header_glued_onto_something_else_is_refused():
    assert "không mở được như một ảnh" in _refuses("anh.heic", _heic()[:-30])
    assert "không mở được như một ảnh" in _refuses(
        "anh.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"<html>" * 10
    )


def test_one_bad_file_refuses_the_whole_lot():
    with pytest.raises(EvidenceRejected) as refused:
        check_uploads(
            [SimpleUploadedFile("a.pdf", _pdf()), SimpleUploadedFile("b.mp3", b"ID3" + b"\x00" * 50)]
        )
    assert len(refused.value.messages) == 1
