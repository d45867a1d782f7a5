from django.core.paginator import Paginator
from django.shortcuts import render

from lantoa.units.changes import history_of
from lantoa.units.labels import annotate_areas
from lantoa.units.selectors import get_unit_for_user_or_404, search_units, units_visible_to


def unit_detail(request, pk: int):
    unit = get_unit_for_user_or_404(request.user, pk)
    visible = units_visible_to(request.user)
    children = Paginator(visible.filter(parent=unit).order_by("kind", "name"), 100).get_page(
        request.GET.get("page")
    )
    history = history_of(unit)
    # The other side of each change is linked only when the person may see it.
    related = {u.pk for change in history for u in [*change.sources.all(), *change.results.all()]}
    seen = set(visible.filter(pk__in=related).values_list("pk", flat=True))
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "successors": unit.successors.all(),
            "predecessors": unit.predecessors.all()[:50],
            "history": history,
            "visible_ids": seen,
            "upcoming": [c for c in history if c.settled_on is None and unit in c.sources.all()],
        },
    )


def unit_search(request):
    """Find a unit by name among those the person may see, however the name is written."""
    query = request.GET.get("q", "").strip()[:200]
    units = None
    if query:
        found = search_units(units_visible_to(request.user), query).select_related("parent").order_by("path")
        units = Paginator(found, 50).get_page(request.GET.get("page"))
        annotate_areas(units.object_list)
    return render(request, "units/unit_search.html", {"query": query, "units": units})
