"""The công văn đôn đốc: drafted on request from the units that are late now, never stored.

It is a công văn of the directive's issuer (the same header the báo cáo tổng hợp uses), addressed to the late
units, naming the directive, its number and date and the day the reports were due; the number and the signing
date are left blank for the văn thư to fill.
"""

import datetime

from django.utils.translation import gettext as _

from lantoa.directives.models import Directive
from lantoa.notifications.services import late_reports
from lantoa.summaries.document import OfficialDocument, Signer
from lantoa.summaries.selectors import issuer_of
from lantoa.units.models import Unit


def _reference(directive: Directive) -> str:
    """ "Công văn số 1234/UBND-VHTT ngày 25/09/2023 của UBND huyện Hoằng Hóa"."""
    parts = [directive.get_doc_type_display()]
    if directive.number:
        parts.append(_("số {number}").format(number=directive.number))
    if directive.issued_on:
        parts.append(_("ngày {date}").format(date=directive.issued_on.strftime("%d/%m/%Y")))
    parts.append(_("của {issuer}").format(issuer=directive.issuer.name))
    return " ".join(parts)


def _topic(directive: Directive) -> str:
    subject = " ".join((directive.subject or "").split()).rstrip(".")
    if subject.lower().startswith("v/v "):
        subject = subject[4:]
    return subject[:1].lower() + subject[1:]


def late_units(directive: Directive) -> list[Unit]:
    return [
        report.unit
        for report in late_reports(directive).select_related("unit").order_by("unit__path", "unit__name")
    ]


def dunning_document(directive: Directive, units: list[Unit], *, today: datetime.date) -> OfficialDocument:
    issuer = issuer_of(directive)
    office = directive.office
    abbreviation = issuer.abbreviation or "UBND"
    if office.pk != directive.issuer_id and office.abbreviation:
        abbreviation = f"{abbreviation}-{office.abbreviation}"
    due = directive.report_due
    due_text = due.strftime("%d/%m/%Y") if due else _("thời hạn đã giao")
    topic = _topic(directive)
    what = _("kết quả thực hiện {reference}").format(reference=_reference(directive))
    names = ", ".join(u.name for u in units)
    intro = [
        _(
            "Thực hiện {reference}{topic}, {issuer} đề nghị các đơn vị báo cáo kết quả thực hiện về {office} "
            "trước ngày {due}."
        ).format(
            reference=_reference(directive),
            topic=_(" về việc {topic}").format(topic=topic) if topic else "",
            issuer=issuer.short_name,
            office=office.name,
            due=due_text,
        ),
        _(
            "Đến ngày {today}, đã quá hạn báo cáo ({due}) nhưng các đơn vị sau chưa gửi báo cáo hoặc báo cáo "
            "bị trả lại chưa được bổ sung: {names}."
        ).format(today=today.strftime("%d/%m/%Y"), due=due_text, names=names),
        _(
            "Để kịp thời tổng hợp, báo cáo theo quy định, {issuer} đề nghị Thủ trưởng các đơn vị nêu trên khẩn "
            "trương chỉ đạo hoàn thành, gửi báo cáo {what} về {office} (qua hệ thống Lantoa) trước ngày {deadline}."
        ).format(
            issuer=issuer.short_name,
            what=what,
            office=office.name,
            deadline=(today + datetime.timedelta(days=3)).strftime("%d/%m/%Y"),
        ),
        _("Đề nghị các đơn vị nghiêm túc thực hiện"),
    ]
    return OfficialDocument(
        doc_kind="cong_van",
        parent_agency=issuer.parent_agency,
        agency=issuer.agency,
        number=f"    /{abbreviation}",
        place=issuer.place,
        date=None,
        title="",
        subject=_("đôn đốc báo cáo {what}").format(what=what),
        recipients=[u.name for u in units],
        intro=intro,
        cc=[_("Như trên"), _("Lưu: VT, {office}").format(office=office.abbreviation or abbreviation)],
        signer=Signer(
            authority=directive.signer_authority,
            position=directive.signer_position,
            name=directive.signer_name,
        ),
    )
