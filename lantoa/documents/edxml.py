"""edXML packages (QCVN 102:2016/BTTTT), the format Vietnamese offices exchange công văn in, read and written.

A package is one XML document in the namespace http://www.mic.gov.vn/TBT/QCVN_102_2016:

    edXML
      edXMLEnvelope
        edXMLHeader
          MessageHeader: From, To…, DocumentId, Code (CodeNumber, CodeNotation),
                         PromulgationInfo (Place, PromulgationDate), DocumentType, Subject, Content,
                         SignerInfo (Competence, Position, FullName)
          TraceHeaderList
        edXMLBody
          edXMLManifest: Reference (ContentId, ContentType, AttachmentName)…
      AttachmentEncoded
        Attachment (ContentId, AttachmentName, ContentType, ContentTransferEncoded = base64)…

Systems in the field differ in details: some put the attachments' elements in no namespace, some zip a file
before encoding it, dates come as 2023/09/25 or 2023-09-25. Reading accepts all of these; writing follows the
structure above. Pure Python: no Django here.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from .errors import DocumentError

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
MAX_PACKAGE_BYTES = 60 * 1024 * 1024

_DATE_FORMATS = ("%Y/%m/%d", "%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


@dataclass
class Organ:
    organ_id: str = ""
    name: str = ""
    in_charge: str = ""


@dataclass
class Attachment:
    name: str
    content_type: str
    data: bytes
    content_id: str = ""


@dataclass
class Package:
    sender: Organ
    number: str = ""  # as printed: "1234/UBND-VHTT"
    date: datetime.date | None = None
    place: str = ""
    subject: str = ""
    type_name: str = ""
    content: str = ""
    signer_name: str = ""
    signer_position: str = ""
    signer_competence: str = ""
    recipients: list[Organ] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    document_id: str = ""


def looks_like_edxml(head: bytes) -> bool:
    """True when these first bytes begin an edXML package (and not some other XML or text)."""
    text = head[:4096].decode("utf-8", errors="ignore").lstrip("\ufeff \r\n\t")
    return text.startswith("<") and bool(re.search(r"<(?:\w+:)?edXML[\s>]", text)) and NS in text


def split_number(number: str) -> tuple[str, str]:
    """ "1234/UBND-VHTT" → ("1234", "UBND-VHTT"): CodeNumber and CodeNotation."""
    number = (number or "").strip()
    head, slash, tail = number.partition("/")
    return (head.strip(), tail.strip()) if slash else (number, "")


def join_number(code_number: str, notation: str) -> str:
    code_number, notation = (code_number or "").strip(), (notation or "").strip()
    return f"{code_number}/{notation}" if code_number and notation else code_number or notation


# --- reading ----------------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(parent: ET.Element | None, name: str) -> ET.Element | None:
    if parent is None:
        return None
    for element in parent:
        if _local(element.tag) == name:
            return element
    return None


def _children(parent: ET.Element | None, name: str) -> list[ET.Element]:
    return [] if parent is None else [e for e in parent if _local(e.tag) == name]


def _text(parent: ET.Element | None, name: str) -> str:
    element = _child(parent, name)
    return " ".join((element.text or "").split()) if element is not None else ""


def _organ(element: ET.Element) -> Organ:
    return Organ(
        organ_id=_text(element, "OrganId"),
        name=_text(element, "OrganName"),
        in_charge=_text(element, "OrganizationInCharge"),
    )


def _date(value: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    for form in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, form).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise DocumentError(
        f"Gói edXML có ngày ban hành không hợp lệ: “{value}” (PromulgationDate phải có dạng năm/tháng/ngày)"
    )


def _unwrap(data: bytes) -> bytes:
    """Some senders zip a file before encoding it: a zip of one file that is not itself an Office document."""
    if not data.startswith(b"PK\x03\x04"):
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if len(names) == 1 and "[Content_Types].xml" not in names:
                return archive.read(names[0])
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return data
    return data


def read_edxml(data: bytes) -> Package:
    """The package in these bytes; DocumentError (Vietnamese) when it is not a well-formed edXML package."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise DocumentError(f"Gói edXML quá lớn (tối đa {MAX_PACKAGE_BYTES // (1024 * 1024)} MB)")
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        # Entities are how XML bombs and file disclosures work; edXML never needs them.
        raise DocumentError("Gói edXML không hợp lệ: có khai báo DOCTYPE/ENTITY, không được phép")
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DTD/entities reach here (refused above)
    except ET.ParseError as exc:
        raise DocumentError(f"Tệp không phải gói edXML hợp lệ: XML bị lỗi ({exc})") from exc
    if _local(root.tag) != "edXML":
        raise DocumentError(
            f"Tệp không phải gói edXML: phần tử gốc là <{_local(root.tag)}>, không phải <edXML>"
        )
    envelope = _child(root, "edXMLEnvelope")
    header = _child(_child(envelope, "edXMLHeader"), "MessageHeader")
    if header is None:
        raise DocumentError("Gói edXML thiếu phần tiêu đề (edXMLEnvelope › edXMLHeader › MessageHeader)")
    sender = _child(header, "From")
    code = _child(header, "Code")
    promulgation = _child(header, "PromulgationInfo")
    signer = _child(header, "SignerInfo")
    missing = [
        name
        for name, present in (
            ("From", sender is not None),
            ("Code", code is not None),
            ("PromulgationInfo", promulgation is not None),
            ("Subject", bool(_text(header, "Subject"))),
        )
        if not present
    ]
    if missing:
        raise DocumentError(f"Gói edXML thiếu thông tin bắt buộc: {', '.join(missing)}")
    package = Package(
        sender=_organ(sender),
        recipients=[_organ(e) for e in _children(header, "To")],
        number=join_number(_text(code, "CodeNumber"), _text(code, "CodeNotation")),
        date=_date(_text(promulgation, "PromulgationDate")),
        place=_text(promulgation, "Place"),
        subject=_text(header, "Subject"),
        type_name=_text(_child(header, "DocumentType"), "TypeName"),
        content=_text(header, "Content"),
        signer_name=_text(signer, "FullName"),
        signer_position=_text(signer, "Position"),
        signer_competence=_text(signer, "Competence"),
        document_id=_text(header, "DocumentId"),
    )
    manifest = _child(_child(envelope, "edXMLBody"), "edXMLManifest")
    listed = {_text(r, "ContentId"): r for r in _children(manifest, "Reference")}
    for encoded in _children(_child(root, "AttachmentEncoded"), "Attachment"):
        content_id = _text(encoded, "ContentId")
        reference = listed.get(content_id)
        name = _text(encoded, "AttachmentName") or _text(reference, "AttachmentName") or "tep-dinh-kem"
        raw = (
            "".join((_child(encoded, "ContentTransferEncoded").text or "").split())
            if _child(encoded, "ContentTransferEncoded") is not None
            else ""
        )
        try:
            body = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise DocumentError(
                f"Tệp đính kèm “{name}” trong gói edXML không giải mã được (base64 lỗi)"
            ) from exc
        if not body:
            raise DocumentError(f"Tệp đính kèm “{name}” trong gói edXML rỗng")
        package.attachments.append(
            Attachment(
                name=name,
                content_type=_text(encoded, "ContentType") or _text(reference, "ContentType"),
                data=_unwrap(body),
                content_id=content_id,
            )
        )
    return package


# --- writing ----------------------------------------------------------------------------------------------


def _add(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NS}}}{name}")
    if text is not None:
        element.text = text
    return element


def _add_organ(parent: ET.Element, name: str, organ: Organ) -> None:
    element = _add(parent, name)
    _add(element, "OrganId", organ.organ_id)
    _add(element, "OrganizationInCharge", organ.in_charge or organ.name)
    _add(element, "OrganName", organ.name)


def write_edxml(package: Package, *, now: datetime.datetime | None = None) -> bytes:
    """The package as edXML bytes (UTF-8), attachments base64-encoded as they are."""
    ET.register_namespace("edXML", NS)
    now = now or datetime.datetime.now()  # noqa: DTZ005 - the sender's local time, as the trace header wants
    root = ET.Element(f"{{{NS}}}edXML")
    envelope = _add(root, "edXMLEnvelope")
    header = _add(envelope, "edXMLHeader")
    message = _add(header, "MessageHeader")
    _add_organ(message, "From", package.sender)
    for organ in package.recipients:
        _add_organ(message, "To", organ)
    _add(message, "DocumentId", package.document_id or str(uuid.uuid4()))
    code = _add(message, "Code")
    code_number, notation = split_number(package.number)
    _add(code, "CodeNumber", code_number)
    _add(code, "CodeNotation", notation)
    promulgation = _add(message, "PromulgationInfo")
    _add(promulgation, "Place", package.place)
    _add(promulgation, "PromulgationDate", package.date.strftime("%Y/%m/%d") if package.date else "")
    doc_type = _add(message, "DocumentType")
    _add(doc_type, "TypeName", package.type_name)
    _add(message, "Subject", package.subject)
    _add(message, "Content", package.content)
    signer = _add(message, "SignerInfo")
    _add(signer, "Competence", package.signer_competence)
    _add(signer, "Position", package.signer_position)
    _add(signer, "FullName", package.signer_name)
    trace = _add(_add(header, "TraceHeaderList"), "TraceHeader")
    _add(trace, "OrganId", package.sender.organ_id)
    _add(trace, "Timestamp", now.strftime("%Y/%m/%d %H:%M:%S"))
    manifest = _add(_add(envelope, "edXMLBody"), "edXMLManifest")
    manifest.set("version", "1.0")
    encoded = ET.SubElement(root, "AttachmentEncoded")
    for number, attachment in enumerate(package.attachments, start=1):
        content_id = attachment.content_id or f"cid:{number}"
        reference = _add(manifest, "Reference")
        _add(reference, "ContentId", content_id)
        _add(reference, "ContentType", attachment.content_type)
        _add(reference, "AttachmentName", attachment.name)
        item = ET.SubElement(encoded, "Attachment")
        ET.SubElement(item, "ContentId").text = content_id
        ET.SubElement(item, "AttachmentName").text = attachment.name
        ET.SubElement(item, "ContentType").text = attachment.content_type
        _add(item, "ContentTransferEncoded", base64.b64encode(attachment.data).decode("ascii"))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
