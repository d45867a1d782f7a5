"""Login is required everywhere; a person sees only the units they belong to."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Pages that must answer without a login: signing in, and getting a new password when it is forgotten.
PUBLIC = {
    "login",
    "healthz",
    "admin:login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # The REST API's schema and its docs page describe the API; they hold no data.
    "api:openapi-json",
    "api:openapi-view",
    # The installable app's worker and manifest: the browser fetches them without the session's say, and
    # they hold no data (the pages they keep are fetched with the person's own session).
    "service_worker",
    "manifest",
}
# Views that only take POST answer 405 to a GET whoever asks; they are still behind the login.
POST_ONLY = {"logout", "admin:logout"}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (namespace + p.name) if p.name else None


def _concrete(route: str) -> str:
    """Turn a route into a URL by filling its parameters with plausible values."""
    import re

    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<path:[^>]+>", "x/y", route)
    route = re.sub(r"<[^>]+>", "x", route)
    route = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route)  # regex routes (the admin's)
    route = route.lstrip("^").rstrip("$").replace("\\", "")
    return "/" + route


def test_every_url_sends_an_anonymous_visitor_to_login(client):
    login_url = reverse("login")
    checked = 0
    for route, name in _walk(get_resolver().url_patterns):
        if name in PUBLIC:
            continue
        url = _concrete(route)
        response = client.post(url) if name in POST_ONLY else client.get(url)
        if name and name.startswith("api:"):
            # The API has no login page to send a program to: it answers 401 in JSON (405 to a wrong method).
            assert response.status_code in {401, 404, 405}, f"{url} answered {response.status_code}"
            checked += 1
            continue
        assert response.status_code in {301, 302, 404}, (
            f"{url} answered {response.status_code} to an anonymous visitor"
        )
        if response.status_code == 302:
            location = response["Location"]
            assert location.startswith(login_url) or "/quan-tri/login/" in location, f"{url} -> {location}"
        checked += 1
    assert checked > 20  # the admin's pages are in the walk too


def test_healthz_answers_without_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_officer_sees_own_office_page(client, officer, culture_office):
    client.force_login(officer)
    response = client.get(reverse("units:detail", args=[culture_office.pk]))
    assert response.status_code == 200
    assert "Phòng Văn hóa và Thông tin huyện Hoằng Hóa" in response.content.decode()


def test_leader_of_district_sees_its_communes(client, leader, district_committee, commune_committee):
    client.force_login(leader)
    page = client.get(reverse("units:detail", args=[district_committee.pk])).content.decode()
    assert "UBND xã Hoằng Xuân" in page
    assert client.get(reverse("units:detail", args=[commune_committee.pk])).status_code == 200


def test_commune_officer_cannot_see_the_district_or_other_communes(
    client, commune_reporter, district_committee
):
    client.force_login(commune_reporter)
    assert client.get(reverse("units:detail", args=[district_committee.pk])).status_code == 404
    other = district_committee.children.exclude(code_legacy="15877").filter(kind="peoples_committee").first()
    assert client.get(reverse("units:detail", args=[other.pk])).status_code == 404


def test_outsider_is_refused_every_unit_with_the_same_404_as_a_missing_one(
    client, outsider, district_committee
):
    client.force_login(outsider)
    refused = client.get(reverse("units:detail", args=[district_committee.pk]))
    missing = client.get(reverse("units:detail", args=[10**9]))
    assert refused.status_code == missing.status_code == 404


def test_officer_of_one_district_cannot_open_another_district(client, officer, other_district_committee):
    client.force_login(officer)
    assert client.get(reverse("units:detail", args=[other_district_committee.pk])).status_code == 404


def test_only_site_admins_reach_the_admin(client, officer, site_admin):
    client.force_login(officer)
    assert client.get("/quan-tri/units/unit/").status_code == 302
    client.force_login(site_admin)
    assert client.get("/quan-tri/units/unit/").status_code == 200


def test_stylesheet_and_htmx_are_served_without_login(client):
    for path in ("/static/lantoa/site.css", "/static/lantoa/vendor/htmx-2.0.11.min.js"):
        response = client.get(path)
        assert response.status_code == 200, path
