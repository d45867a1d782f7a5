"""edXML in and out: a directive imported from an edXML package, and packages made from an issued directive
and from a báo cáo tổng hợp, ready to send on through the offices' document exchange."""

import dataclasses
import io
import mimetypes
from pathlib import Path

from django.core.files.base import File
from django.utils.translation import gettext as _

from lantoa.directives.lifecycle import DirectiveError
from lantoa.directives.models import Directive
from lantoa.documents import DocumentError, ParsedDirective
from lantoa.documents.edxml import Attachment, Organ, Package, looks_like_edxml, read_edxml, write_edxml
from lantoa.units.models import Unit

__all__ = ["directive_package", "is_edxml_upload", "open_package", "package_bytes_of_summary", "with_header"]

_READABLE = (".pdf", ".docx", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def is_edxml_upload(upload) -> bool:
    head = upload.read(4096)
    upload.seek(0)
    return looks_like_edxml(head)


def open_package(upload) -> tuple[Package, File]:
    """The package's header, and its document (the first attachment the reader can read) as a file."""
    try:
        package = read_edxml(upload.read())
    except DocumentError as exc:
        raise DirectiveError(str(exc)) from exc
    finally:
        upload.seek(0)
    readable = [
        a for a in package.attachments if Path(a.name).suffix.lower() in _READABLE
    ] or package.attachments
    if readable:
        attachment = readable[0]
        return package, File(io.BytesIO(attachment.data), name=Path(attachment.name).name or "van-ban")
    if package.content:
        return package, File(io.BytesIO(package.content.encode("utf-8")), name="noi-dung.txt")
    raise DirectiveError(_("Gói edXML không có tệp văn bản đính kèm nào để đọc."))


def with_header(parsed: ParsedDirective, package: Package) -> ParsedDirective:
    """What the package's header says is the sender's own record: it wins over what the reader found."""
    return dataclasses.replace(
        parsed,
        number=package.number or parsed.number,
        date=package.date.isoformat() if package.date else parsed.date,
        place=package.place or parsed.place,
        issuer=package.sender.name or parsed.issuer,
        subject=package.subject or parsed.subject,
        recipients=[o.name for o in package.recipients if o.name] or parsed.recipients,
    )


def _organ(unit: Unit) -> Organ:
    parent = unit.parent.name if unit.parent_id else ""
    return Organ(
        organ_id=unit.code_2025 or unit.code_legacy or f"lantoa-{unit.pk}", name=unit.name, in_charge=parent
    )


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def directive_package(directive: Directive) -> bytes:
    """An issued directive as an edXML package: its header, the units it assigns as recipients, and the file
    it was read from (or its text) as the attachment."""
    if not directive.is_in_force:
        raise DirectiveError(_("Chỉ xuất gói edXML cho văn bản đã ban hành."))
    if not (directive.number and directive.subject):
        raise DirectiveError(
            _("Văn bản chưa có số, ký hiệu hoặc chưa có trích yếu: gói edXML bắt buộc có cả hai.")
        )
    attachments = []
    if directive.source_file:
        with directive.source_file.open("rb") as handle:
            data = handle.read()
        name = directive.source_name or Path(directive.source_file.name).name
        attachments.append(Attachment(name=name, content_type=_content_type(name), data=data))
    elif directive.source_text:
        attachments.append(
            Attachment(
                name="van-ban.txt", content_type="text/plain", data=directive.source_text.encode("utf-8")
            )
        )
    units = (
        Unit.objects.filter(assignments__directive=directive)
        .distinct()
        .select_related("parent")
        .order_by("path")
    )
    package = Package(
        sender=_organ(directive.issuer),
        recipients=[_organ(u) for u in units],
        number=directive.number,
        date=directive.issued_on,
        place=directive.place,
        subject=directive.subject,
        type_name=directive.get_doc_type_display(),
        signer_name=directive.signer_name,
        signer_position=directive.signer_position,
        signer_competence=directive.signer_authority,
        attachments=attachments,
    )
    return write_edxml(package)


def package_bytes_of_summary(generation) -> bytes:
    """A generated báo cáo tổng hợp as an edXML package: the summary's header, its recipients as written
    ("Kính gửi"), the DOCX (and the PDF when there is one) attached."""
    summary = generation.summary
    directive = summary.directive
    attachments = []
    for kind in ("pdf", "docx", "xlsx"):
        stored = getattr(generation, kind)
        if stored:
            with stored.open("rb") as handle:
                name = f"bao-cao-tong-hop-lan-{generation.version}.{kind}"
                attachments.append(
                    Attachment(name=name, content_type=_content_type(name), data=handle.read())
                )
    package = Package(
        sender=_organ(directive.issuer),
        recipients=[
            Organ(name=line.strip(" -;")) for line in summary.recipients.splitlines() if line.strip()
        ],
        number=summary.number,
        date=summary.date,
        place=summary.place,
        subject=summary.subject,
        type_name=_("Báo cáo"),
        signer_name=summary.signer_name,
        signer_position=summary.signer_position,
        signer_competence=summary.signer_authority,
        attachments=attachments,
    )
    return write_edxml(package)
