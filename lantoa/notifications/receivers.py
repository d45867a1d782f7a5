"""Who is told what, when something happens to a directive or a report.

- a directive is submitted for signature → the issuer's leaders; returned or signed → whoever submitted it;
- a directive is issued → the people of each assigned unit (its reporters, officers and leaders);
- a report is submitted or resubmitted → its reviewers (the officers of the directive's office);
- a report is returned, accepted or reopened → the people of its unit.

The in-app message is written in the same transaction as the step (a step that fails leaves none); its e-mail,
for those who want one now, goes once the transaction has committed (`delivery.notify`). Nobody is told of
their own step.
"""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from lantoa.core.templatetags.lantoa import person_name
from lantoa.directives.selectors import signers_of
from lantoa.directives.signals import directive_issued, directive_returned, directive_submitted
from lantoa.notifications.delivery import notify
from lantoa.notifications.models import MessageKind
from lantoa.notifications.services import absolute
from lantoa.reports.signals import report_accepted, report_reopened, report_returned, report_submitted
from lantoa.units.models import Membership, Role

# The people of a unit who write its report, and so hear about its tasks and its report's review.
UNIT_PEOPLE = (Role.REPORTER, Role.OFFICER, Role.LEADER)


def _people(unit_ids, roles, *, besides=None) -> list:
    rows = (
        Membership.objects.filter(unit_id__in=unit_ids, role__in=roles, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    people = {m.user_id: m.user for m in rows}
    if besides is not None:
        people.pop(besides.pk, None)
    return list(people.values())


def _signing(recipients, *, directive, subject: str, body: str) -> None:
    url = absolute(reverse("directives:detail", args=[directive.pk]) + "#ky-duyet")
    notify(recipients, directive=directive, subject=subject, body=body, url=url, kind=MessageKind.SIGNATURE)


@receiver(directive_submitted)
def tell_the_leaders(sender, directive, actor, note="", **kwargs) -> None:
    leaders = [user for user in signers_of(directive.issuer) if user.pk != actor.pk]
    body = _("{person} trình ký {directive}, nhân danh {issuer}.").format(
        person=person_name(actor), directive=directive, issuer=directive.issuer
    )
    if note:
        body += "\n" + _("Ghi chú: {note}").format(note=note)
    _signing(
        leaders, directive=directive, subject=_("Văn bản chờ ký duyệt: {d}").format(d=directive), body=body
    )


@receiver(directive_returned)
def tell_the_submitter_it_came_back(sender, directive, actor, reason, **kwargs) -> None:
    if directive.submitted_by_id is None or directive.submitted_by_id == actor.pk:
        return
    _signing(
        [directive.submitted_by],
        directive=directive,
        subject=_("Văn bản bị trả lại: {d}").format(d=directive),
        body=_("{person} trả lại văn bản. Lý do: {reason}").format(person=person_name(actor), reason=reason),
    )


@receiver(directive_issued)
def tell_the_submitter_it_was_signed(sender, directive, **kwargs) -> None:
    signer = directive.signed_by
    if directive.submitted_by_id is None or signer is None or directive.submitted_by_id == signer.pk:
        return
    _signing(
        [directive.submitted_by],
        directive=directive,
        subject=_("Văn bản đã được ký duyệt: {d}").format(d=directive),
        body=_("{person} đã ký duyệt; nhiệm vụ đã được giao cho các đơn vị.").format(
            person=person_name(signer)
        ),
    )


@receiver(directive_issued)
def tell_the_assigned_units(sender, directive, **kwargs) -> None:
    """Each assigned unit's people learn what they were given and by when: one message each."""
    unit_ids = directive.assignments.values("unit_id")
    people = _people(unit_ids, UNIT_PEOPLE, besides=directive.signed_by)
    if not people:
        return
    due = directive.report_due.strftime("%d/%m/%Y") if directive.report_due else _("chưa có hạn")
    body = "\n".join(
        [
            _("{issuer} giao nhiệm vụ cho đơn vị của bạn: {directive}.").format(
                issuer=directive.issuer, directive=directive
            ),
            _("Hạn báo cáo: {due}. Báo cáo gửi về {office}.").format(
                due=due, office=directive.report_via or directive.office
            ),
            _("Xem nhiệm vụ và làm báo cáo trong “Việc cần làm”."),
        ]
    )
    notify(
        people,
        directive=directive,
        subject=_("Nhiệm vụ mới: {d}").format(d=directive),
        body=body,
        url=absolute(reverse("home")),
        kind=MessageKind.ISSUED,
    )


def _reviewers(directive, *, besides) -> list:
    """Who checks the reports: the officers of the directive's office; its leaders and the issuer's
    officers when the office has no officer in Lantoa."""
    people = _people([directive.office_id], (Role.OFFICER,), besides=besides)
    return people or _people(
        [directive.office_id, directive.issuer_id], (Role.OFFICER, Role.LEADER), besides=besides
    )


def _report_url(report) -> str:
    return absolute(reverse("reports:detail", args=[report.pk]))


@receiver(report_submitted)
def tell_the_reviewers(sender, report, actor, resubmission=False, **kwargs) -> None:
    directive = report.directive
    if resubmission:
        subject = _("Báo cáo nộp lại (lần {n}): {unit}").format(n=report.version, unit=report.unit)
        first = _(
            "{unit} đã sửa và nộp lại báo cáo về {directive}; trang báo cáo cho thấy những gì đã thay đổi."
        )
    else:
        subject = _("Báo cáo mới: {unit}").format(unit=report.unit)
        first = _("{unit} đã nộp báo cáo về {directive}.")
    body = "\n".join(
        [
            first.format(unit=report.unit, directive=directive),
            _("Nộp muộn so với hạn.") if report.is_late else _("Nộp đúng hạn."),
            _("Hãy kiểm tra, duyệt hoặc trả lại: {url}").format(url=_report_url(report)),
        ]
    )
    notify(
        _reviewers(directive, besides=actor),
        directive=directive,
        subject=subject,
        body=body,
        url=_report_url(report),
        kind=MessageKind.SUBMITTED,
    )


def _tell_the_unit(report, actor, *, kind: str, subject: str, lines: list[str]) -> None:
    notify(
        _people([report.unit_id], UNIT_PEOPLE, besides=actor),
        directive=report.directive,
        subject=subject,
        body="\n".join([*lines, _("Mở báo cáo: {url}").format(url=_report_url(report))]),
        url=_report_url(report),
        kind=kind,
    )


@receiver(report_returned)
def tell_the_unit_it_came_back(sender, report, actor, reason, **kwargs) -> None:
    _tell_the_unit(
        report,
        actor,
        kind=MessageKind.RETURNED,
        subject=_("Báo cáo bị trả lại: {directive}").format(directive=report.directive),
        lines=[
            _("{person} ({office}) trả lại báo cáo của {unit}.").format(
                person=person_name(actor), office=report.directive.office, unit=report.unit
            ),
            _("Lý do: {reason}").format(reason=reason),
            _("Hãy sửa, bổ sung rồi bấm “Nộp lại báo cáo”."),
        ],
    )


@receiver(report_accepted)
def tell_the_unit_it_was_accepted(sender, report, actor, **kwargs) -> None:
    _tell_the_unit(
        report,
        actor,
        kind=MessageKind.ACCEPTED,
        subject=_("Báo cáo đã được duyệt: {directive}").format(directive=report.directive),
        lines=[
            _("{office} đã duyệt báo cáo của {unit}; số liệu được đưa vào báo cáo tổng hợp.").format(
                office=report.directive.office, unit=report.unit
            )
        ],
    )


@receiver(report_reopened)
def tell_the_unit_it_was_reopened(sender, report, actor, reason, **kwargs) -> None:
    _tell_the_unit(
        report,
        actor,
        kind=MessageKind.REOPENED,
        subject=_("Báo cáo được mở lại để sửa: {directive}").format(directive=report.directive),
        lines=[
            _("{person} ({office}) mở lại báo cáo đã duyệt của {unit}.").format(
                person=person_name(actor), office=report.directive.office, unit=report.unit
            ),
            _("Lý do: {reason}").format(reason=reason),
            _("Hãy sửa, bổ sung rồi bấm “Nộp lại báo cáo”."),
        ],
    )
