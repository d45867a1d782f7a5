from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from lantoa.dashboard import selectors
from lantoa.dashboard.export import dashboard_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def home(request):
    return render(request, "dashboard/home.html", {"overview": selectors.overview_for(request.user)})


@require_GET
def directive_dashboard(request, pk: int):
    directive, access = selectors.get_dashboard_directive_for_user_or_404(request.user, pk)
    dashboard = selectors.directive_dashboard(directive, access)
    # The SVGs are drawn by lantoa.dashboard.charts, which escapes every text it writes.
    charts = [(chart, mark_safe(chart.svg)) for chart in dashboard.group_charts]  # noqa: S308
    daily = (dashboard.daily_chart, mark_safe(dashboard.daily_chart.svg))  # noqa: S308
    return render(
        request,
        "dashboard/directive.html",
        {"directive": directive, "dashboard": dashboard, "charts": charts, "daily": daily},
    )


@require_GET
def directive_xlsx(request, pk: int):
    directive, access = selectors.get_dashboard_directive_for_user_or_404(request.user, pk)
    dashboard = selectors.directive_dashboard(directive, access)
    response = HttpResponse(dashboard_xlsx(dashboard), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tien-do-van-ban-{directive.pk}.xlsx"'
    return response


@require_GET
def indicator_drilldown(request, pk: int, code: str):
    directive, access = selectors.get_dashboard_directive_for_user_or_404(request.user, pk)
    dashboard = selectors.directive_dashboard(directive, access)
    indicator, lines = selectors.indicator_lines(dashboard, code)
    return render(
        request,
        "dashboard/indicator.html",
        {
            "directive": directive,
            "dashboard": dashboard,
            "indicator": indicator,
            "lines": lines,
            "accepted": dashboard.accepted.get(code, 0),
            "pending": dashboard.pending.get(code, 0),
        },
    )
