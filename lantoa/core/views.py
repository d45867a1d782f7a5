from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lantoa.core.todo import todo_for
from lantoa.units.selectors import memberships_of


@require_GET
def home(request):
    """ "Việc cần làm": what waits for this person, whatever their role (core.todo)."""
    return render(
        request,
        "core/home.html",
        {"memberships": list(memberships_of(request.user)), "todo": todo_for(request.user)},
    )


@login_not_required
@require_GET
def healthz(request):
    # For load balancers and process managers: answers without a session or a database query.
    return HttpResponse("ok", content_type="text/plain")
