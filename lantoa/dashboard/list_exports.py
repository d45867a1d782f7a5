"""The review list and the activity ledger as workbooks: the rows the person sees on the page, with the
page's filters, through the same scoping selectors (`review_rows`, `ledger_of`). Here, on the top floor,
because the XLSX writer lives in `summaries`, above the apps whose lists these are."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lantoa.activities.forms import LedgerFilterForm
from lantoa.activities.selectors import ledger_of, member_units
from lantoa.directives.selectors import get_directive_for_user_or_404
from lantoa.reports import selectors as report_selectors
from lantoa.reports.forms import ReviewFilterForm
from lantoa.summaries.xlsx_writer import Sheet, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A ledger sheet this long is already more than a person reads; the filters narrow it.
LEDGER_MAX_ROWS = 20_000


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def _attachment(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def review_sheet(directive, rows, indicators) -> Sheet:
    columns = [_("Đơn vị"), _("Trạng thái"), _("Nộp muộn"), _("Lần nộp"), _("Nộp lúc"), _("Số liệu")]
    columns += [f"{i.name} ({i.unit_of_measure})" for i in indicators]
    body = []
    for row in rows:
        report = row.report
        body.append(
            [
                str(report.unit),
                report.get_state_display(),
                _("Có") if report.is_late else "",
                report.version if report.submitted_at else "",
                _local(report.submitted_at),
                _("đã nộp") if row.submitted_figures else _("tạm tính từ sổ theo dõi"),
                # "—" rather than 0 for what a unit has not reported: missing never reads as zero.
                *("—" if value is None else value for value in row.values),
            ]
        )
    return Sheet(
        title=_("Báo cáo các đơn vị"),
        columns=columns,
        rows=body,
        number_columns=list(range(6, 6 + len(indicators))),
    )


@require_GET
def review_xlsx(request, pk: int):
    directive = get_directive_for_user_or_404(request.user, pk)
    if report_selectors.review_access(request.user, directive) is None:
        raise Http404
    filters = ReviewFilterForm(request.GET or None)
    state, late = "", False
    if filters.is_valid():
        state, late = filters.cleaned_data["state"], filters.cleaned_data["late"]
    rows = report_selectors.review_rows(request.user, directive, state=state, late_only=late)
    sheet = review_sheet(directive, rows, report_selectors.directive_indicators(directive))
    return _attachment(write_xlsx([sheet]), f"bao-cao-cac-don-vi-van-ban-{directive.pk}.xlsx")


def ledger_sheet(activities) -> Sheet:
    columns = [
        _("Ngày"),
        _("Đơn vị"),
        _("Loại"),
        _("Nội dung"),
        _("Kênh, nơi thực hiện"),
        _("Số lượng"),
        _("Số phút"),
        _("Số lượt phát"),
        _("Số người tham gia"),
        _("Số người được hướng dẫn"),
        _("Lượt tiếp cận"),
        _("Minh chứng"),
        _("Đường dẫn"),
    ]
    rows, links = [], []
    for a in activities:
        rows.append(
            [
                a.occurred_on.strftime("%d/%m/%Y"),
                str(a.unit),
                a.get_type_display(),
                a.title,
                a.channel,
                a.count,
                a.minutes,
                a.plays,
                a.participants,
                a.people_guided,
                a.reach,
                a.evidence_count,
                a.url,
            ]
        )
        links.append([None] * 12 + [a.url or None])
    return Sheet(
        title=_("Sổ theo dõi"), columns=columns, rows=rows, links=links, number_columns=list(range(5, 12))
    )


@require_GET
def ledger_xlsx(request):
    filters = LedgerFilterForm(request.GET or None, units=member_units(request.user))
    activities = ledger_of(request.user)
    if filters.is_bound and filters.is_valid():
        activities = filters.apply(activities)
    sheet = ledger_sheet(activities[:LEDGER_MAX_ROWS])
    return _attachment(write_xlsx([sheet]), f"so-theo-doi-{timezone.localdate():%Y-%m-%d}.xlsx")
