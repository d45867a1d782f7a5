"""The dashboard as a workbook: the same figures as on screen, one sheet per section."""

from django.utils.translation import gettext as _

from lantoa.dashboard.selectors import LOCAL_TIME, Dashboard
from lantoa.summaries.xlsx_writer import Sheet, write_xlsx


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def dashboard_sheets(dashboard: Dashboard) -> list[Sheet]:
    c = dashboard.completeness
    sheets = [
        Sheet(
            title=_("Tình hình báo cáo"),
            columns=[_("Nội dung"), _("Số đơn vị")],
            rows=[
                [_("Phải báo cáo"), c.expected],
                [_("Đã nộp (kể cả bị trả lại)"), c.submitted],
                [_("Đúng hạn"), c.on_time],
                [_("Nộp muộn"), c.late],
                [_("Đã duyệt"), c.accepted],
                [_("Chờ duyệt"), c.pending],
                [_("Bị trả lại"), c.returned],
                [_("Chưa nộp"), c.missing],
                [_("Tiến độ (đã gửi báo cáo, %)"), dashboard.progress.percent],
            ],
        ),
        Sheet(
            title=_("Số liệu tổng hợp"),
            columns=[_("Chỉ tiêu"), _("Đơn vị tính"), _("Đã duyệt"), _("Chờ duyệt (chưa tính)")],
            rows=[
                [i.name, i.unit_of_measure, accepted, pending] for i, accepted, pending in dashboard.totals
            ],
            number_columns=[2, 3],
        ),
        Sheet(
            title=_("Số liệu từng đơn vị"),
            columns=[_("Đơn vị"), _("Trạng thái"), _("Nộp muộn")] + [i.name for i in dashboard.indicators],
            rows=[
                [
                    row.unit_name,
                    row.state_label,
                    _("Có") if row.is_late else "",
                    *dashboard.aggregation.values(row),
                ]
                for row in dashboard.rows
            ],
            number_columns=list(range(3, 3 + len(dashboard.indicators))),
        ),
    ]
    for chart in dashboard.group_charts:
        sheets.append(Sheet(title=chart.title, columns=chart.table.columns, rows=chart.table.rows))
    if dashboard.daily_chart is not None:
        chart = dashboard.daily_chart
        sheets.append(
            Sheet(title=chart.title, columns=chart.table.columns, rows=chart.table.rows, totals=True)
        )
    sheets.append(
        Sheet(
            title=_("Đơn vị chưa nộp"),
            columns=[_("Đơn vị"), _("Trạng thái"), _("Hạn nộp"), _("Số ngày quá hạn"), _("Nhắc lần cuối")],
            rows=[
                [
                    o.unit_name,
                    o.state_label,
                    _date(o.due_on),
                    max(o.days_overdue or 0, 0),
                    o.last_reminded.astimezone(LOCAL_TIME).strftime("%H:%M %d/%m/%Y")
                    if o.last_reminded
                    else "",
                ]
                for o in dashboard.owed
            ],
            number_columns=[3],
        )
    )
    if dashboard.areas:
        sheets.append(
            Sheet(
                title=_("Theo địa bàn"),
                columns=[
                    _("Địa bàn"),
                    _("Phải báo cáo"),
                    _("Đã nộp"),
                    _("Đã duyệt"),
                    _("Chưa nộp"),
                    _("Muộn"),
                ],
                rows=[
                    [a.area_name, a.expected, a.progress.done, a.accepted, a.missing, a.late]
                    for a in dashboard.areas
                ],
                totals=True,
            )
        )
    return sheets


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    return write_xlsx(dashboard_sheets(dashboard))
