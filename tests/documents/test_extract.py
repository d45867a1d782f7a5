"""File → text: encodings, DOCX and text-layer PDF of the example give the same directive."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from lantoa.documents import DocumentError, extract_text, parse_text, read_directive


def _essentials(data: dict[str, Any]) -> dict[str, Any]:
    """The directive without spans and free texts, which depend on the exact extracted text."""
    return {
        "doc_type": data["doc_type"],
        "recipients": data["recipients"],
        "references": data["references"],
        "assignments": [(a["unit"], a["role"], [t["text"] for t in a["tasks"]]) for a in data["assignments"]],
        "period": (data["period"] or {}).get("start"),
        "period_end": (data["period"] or {}).get("end"),
        "deadlines": [(d["date"], d["to"], d["via"]) for d in data["report_deadlines"]],
        "signer": data["signer"],
        "cc": data["cc"],
    }


def test_reader_package_does_not_import_django() -> None:
    code = "import sys, lantoa.documents, lantoa.documents.cli, lantoa.documents.extract; print('django' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


def test_utf8_text_is_read_as_nfc(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Kính gửi: UBND các xã".encode())
    decomposed = tmp_path / "b.txt"
    decomposed.write_bytes(unicodedata.normalize("NFD", "Kính gửi: UBND các xã").encode("utf-8"))
    assert extract_text(path) == extract_text(decomposed) == "Kính gửi: UBND các xã"


def test_utf16_with_bom_is_read(tmp_path: Path, example_text: str) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(example_text.encode("utf-16"))
    assert extract_text(path) == example_text


def test_cp1258_text_is_converted_to_unicode(tmp_path: Path) -> None:
    path = tmp_path / "cp1258.txt"
    sentence = "Kính gửi: UBND các xã, thị trấn. Thực hiện công văn của huyện về ngày hội."
    path.write_bytes(_cp1258(sentence))
    assert extract_text(path) == sentence


def _cp1258(text: str) -> bytes:
    """cp1258 spells tones as combining marks after a precomposed base letter (ư, ơ, â…)."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)


def test_vni_text_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "vni.txt"
    # "Kính gửi: Phòng Văn hóa và Thông tin" typed with the VNI font encoding.
    path.write_bytes(
        "Kính göûi: Phoøng Vaên hoùa vaø Thoâng tin; Coâng vaên soá 12 cuûa UBND huyeän".encode("cp1252")
    )
    with pytest.raises(DocumentError, match="VNI"):
        extract_text(path)


def test_binary_junk_named_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(DocumentError):
        extract_text(path)


def test_docx_of_the_example_reads_like_the_text(example_docx: Path, example_text: str) -> None:
    expected = _essentials(parse_text(example_text).to_dict())
    assert _essentials(read_directive(str(example_docx)).to_dict()) == expected


def test_docx_tables_are_read_in_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nHUYỆN QUẢNG XƯƠNG\nSố: 12/UBND-VP"
    table.cell(
        0, 1
    ).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nQuảng Xương, ngày 05 tháng 10 năm 2023"
    document.add_paragraph("Kính gửi: UBND các xã, thị trấn.")
    path = tmp_path / "header.docx"
    document.save(str(path))
    parsed = read_directive(str(path))
    assert (parsed.number, parsed.date, parsed.place) == ("12/UBND-VP", "2023-10-05", "Quảng Xương")
    assert parsed.issuer == "Ủy ban nhân dân huyện Quảng Xương"
    assert parsed.recipients == ["UBND các xã, thị trấn"]


def test_text_layer_pdf_of_the_example_reads_like_the_text(example_pdf: Path, example_text: str) -> None:
    expected = _essentials(parse_text(example_text).to_dict())
    assert _essentials(read_directive(str(example_pdf)).to_dict()) == expected


def test_pdf_spans_index_the_extracted_text(example_pdf: Path) -> None:
    text = extract_text(example_pdf)
    parsed = parse_text(text)
    for assignment in parsed.assignments:
        for task in assignment.tasks:
            assert " ".join(text[task.span[0] : task.span[1]].split()) == task.text


def test_file_type_comes_from_content_not_extension(example_docx: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "cong-van.txt"
    disguised.write_bytes(example_docx.read_bytes())
    assert extract_text(disguised) == extract_text(example_docx)
