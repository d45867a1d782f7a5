"""edXML packages (QCVN 102:2016) read and written without Django; a malformed one is refused in Vietnamese."""

import base64
import datetime
import io
import zipfile

import pytest

from lantoa.documents import DocumentError
from lantoa.documents.edxml import (
    NS,
    Attachment,
    Organ,
    Package,
    looks_like_edxml,
    read_edxml,
    split_number,
    write_edxml,
)


def _package(**changes) -> Package:
    values = {
        "sender": Organ("000.00.39.H37", "UBND huyện Hoằng Hóa", "UBND tỉnh Thanh Hóa"),
        "number": "1234/UBND-VHTT",
        "date": datetime.date(2023, 9, 25),
        "place": "Hoằng Hóa",
        "subject": "V/v hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023",
        "recipients": [Organ("15877", "UBND xã Hoằng Xuân")],
        "attachments": [Attachment("cong-van.pdf", "application/pdf", b"%PDF-1.7 noi dung")],
    }
    return Package(**{**values, **changes})


def test_a_package_reads_back_as_it_was_written():
    package = read_edxml(write_edxml(_package()))
    assert package.number == "1234/UBND-VHTT"
    assert package.date == datetime.date(2023, 9, 25)
    assert package.subject == "V/v hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023"
    assert package.sender.name == "UBND huyện Hoằng Hóa"
    assert [o.name for o in package.recipients] == ["UBND xã Hoằng Xuân"]
    assert package.attachments[0].data == b"%PDF-1.7 noi dung"
    assert package.attachments[0].name == "cong-van.pdf"


def test_the_written_package_has_the_standards_structure():
    from xml.etree import ElementTree as ET

    root = ET.fromstring(write_edxml(_package()))  # noqa: S314 - our own output
    q = f"{{{NS}}}"
    header = root.find(f"{q}edXMLEnvelope/{q}edXMLHeader/{q}MessageHeader")
    assert header.find(f"{q}Code/{q}CodeNumber").text == "1234"
    assert header.find(f"{q}Code/{q}CodeNotation").text == "UBND-VHTT"
    assert header.find(f"{q}PromulgationInfo/{q}PromulgationDate").text == "2023/09/25"
    assert header.find(f"{q}From/{q}OrganId").text == "000.00.39.H37"
    assert (
        root.find(f"{q}edXMLEnvelope/{q}edXMLBody/{q}edXMLManifest/{q}Reference/{q}AttachmentName")
        is not None
    )
    encoded = root.find("AttachmentEncoded/Attachment")
    assert base64.b64decode(encoded.find(f"{q}ContentTransferEncoded").text) == b"%PDF-1.7 noi dung"


def test_an_attachment_zipped_by_the_sender_is_unwrapped_but_a_docx_is_kept_whole():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("abc.pdf", b"%PDF-1.7 trong zip")
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    package = read_edxml(
        write_edxml(
            _package(
                attachments=[
                    Attachment("a.pdf", "application/pdf", buffer.getvalue()),
                    Attachment("b.docx", "application/vnd", docx.getvalue()),
                ]
            )
        )
    )
    assert package.attachments[0].data == b"%PDF-1.7 trong zip"
    assert package.attachments[1].data == docx.getvalue()


def test_dates_written_either_way_are_read():
    data = write_edxml(_package()).replace(b"2023/09/25", b"2023-09-25")
    assert read_edxml(data).date == datetime.date(2023, 9, 25)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"khong phai xml", "XML bị lỗi"),
        (b"<?xml version='1.0'?><Document/>", "phần tử gốc là <Document>"),
        (f"<edXML xmlns='{NS}'><edXMLEnvelope/></edXML>".encode(), "thiếu phần tiêu đề"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><edXML/>', "DOCTYPE/ENTITY"),
    ],
    ids=["not-xml", "other-xml", "no-header", "entities"],
)
def test_a_malformed_package_is_refused_with_a_clear_message(data, expected):
    with pytest.raises(DocumentError) as refused:
        read_edxml(data)
    assert expected in str(refused.value)


def test_a_package_without_its_number_or_subject_says_which_is_missing():
    data = write_edxml(_package(subject=""))
    with pytest.raises(DocumentError, match="thiếu thông tin bắt buộc: Subject"):
        read_edxml(data)


def test_a_damaged_attachment_is_named():
    data = write_edxml(_package()).replace(base64.b64encode(b"%PDF-1.7 noi dung"), b"###")
    with pytest.raises(DocumentError, match=r"“cong-van\.pdf”.*base64"):
        read_edxml(data)


def test_a_bad_date_is_named():
    data = write_edxml(_package()).replace(b"2023/09/25", "25 tháng 9".encode())
    with pytest.raises(DocumentError, match="ngày ban hành không hợp lệ"):
        read_edxml(data)


def test_packages_are_told_from_other_files_by_their_first_bytes():
    assert looks_like_edxml(write_edxml(_package()))
    assert not looks_like_edxml(b"<?xml version='1.0'?><html/>")
    assert not looks_like_edxml(b"%PDF-1.7")
    assert split_number("1234/UBND-VHTT") == ("1234", "UBND-VHTT")
    assert split_number("402-CV/VPĐU") == ("402-CV", "VPĐU")


def test_the_reader_module_needs_no_django():
    import subprocess
    import sys

    code = "import sys, lantoa.documents.edxml; sys.exit(1 if 'django' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
