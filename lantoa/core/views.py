from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lantoa.units.selectors import memberships_of


def home(request):
    return render(request, "core/home.html", {"memberships": memberships_of(request.user)})


@login_not_required
@require_GET
def healthz(request):
    # For load balancers and process managers: answers without a session or a database query.
    return HttpResponse("ok", content_type="text/plain")
