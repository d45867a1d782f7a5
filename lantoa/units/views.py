from django.core.paginator import Paginator
from django.shortcuts import render

from lantoa.units.selectors import get_unit_for_user_or_404, units_visible_to


def unit_detail(request, pk: int):
    unit = get_unit_for_user_or_404(request.user, pk)
    children = Paginator(
        units_visible_to(request.user).filter(parent=unit).order_by("kind", "name"), 100
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "successors": unit.successors.all(),
            "predecessors": unit.predecessors.all()[:50],
        },
    )
