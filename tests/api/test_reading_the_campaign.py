"""Another system reads the campaign through the API with a person's token, and sees what that person sees."""

import pytest

from lantoa.reports.models import Report

pytestmark = pytest.mark.django_db


def test_without_a_token_the_api_answers_401_in_vietnamese(client, example_directive):
    for url in ("/api/v1/reports", f"/api/v1/directives/{example_directive.pk}", "/api/v1/units"):
        response = client.get(url)
        assert response.status_code == 401
        body = response.json()
        assert body["error"]["code"] == "unauthenticated"
        assert "khóa truy cập API" in body["error"]["message"]
        assert response["WWW-Authenticate"] == "Bearer"


def test_a_wrong_or_revoked_token_is_refused(client, commune_reporter, bearer):
    from lantoa.api.models import ApiToken
    from lantoa.api.tokens import revoke_token

    assert client.get("/api/v1/reports", HTTP_AUTHORIZATION="Bearer lt_khong-dung").status_code == 401
    headers = bearer(commune_reporter)
    assert client.get("/api/v1/reports", **headers).status_code == 200
    revoke_token(token=ApiToken.objects.get(user=commune_reporter), actor=commune_reporter)
    assert client.get("/api/v1/reports", **headers).status_code == 401


def test_a_tokens_last_use_is_written_down_at_most_once_a_minute(client, commune_reporter, bearer, settings):
    import datetime

    from lantoa.api.models import ApiToken

    settings.LANTOA_SEEN_RESOLUTION_SECONDS = 60
    headers = bearer(commune_reporter)
    client.get("/api/v1/reports", **headers)
    token = ApiToken.objects.get(user=commune_reporter)
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/reports", **headers)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(seconds=61))
    client.get("/api/v1/reports", **headers)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_a_commune_officers_token_lists_only_that_communes_reports(
    client, example_directive, commune_reporter, commune_committee, bearer
):
    assert Report.objects.filter(directive=example_directive).count() > 1
    body = client.get("/api/v1/reports", **bearer(commune_reporter)).json()
    assert body["count"] == 1
    assert [r["unit"]["id"] for r in body["items"]] == [commune_committee.pk]


def test_the_officer_pages_through_every_report_and_filters_them(client, example_directive, officer, bearer):
    headers = bearer(officer)
    total = Report.objects.filter(directive=example_directive).count()
    first = client.get(f"/api/v1/reports?directive={example_directive.pk}&page_size=10", **headers).json()
    assert first["count"] == total
    assert len(first["items"]) == 10
    second = client.get(
        f"/api/v1/reports?directive={example_directive.pk}&page_size=10&page=2", **headers
    ).json()
    assert not {r["id"] for r in first["items"]} & {r["id"] for r in second["items"]}
    drafts = client.get("/api/v1/reports?state=submitted", **headers).json()
    assert drafts["count"] == 0


def test_a_directive_comes_with_its_tasks_and_the_assignments_the_person_may_see(
    client, example_directive, officer, commune_reporter, commune_committee, bearer
):
    whole = client.get(f"/api/v1/directives/{example_directive.pk}", **bearer(officer)).json()
    assert whole["number"] == example_directive.number
    assert len(whole["tasks"]) == example_directive.tasks.count()
    assert sum(len(t["assignments"]) for t in whole["tasks"]) == example_directive.assignments.count()
    own = client.get(f"/api/v1/directives/{example_directive.pk}", **bearer(commune_reporter)).json()
    units = {a["unit"]["id"] for t in own["tasks"] for a in t["assignments"]}
    assert units == {commune_committee.pk}


def test_units_are_searched_by_name_among_those_the_person_may_see(client, leader, commune_reporter, bearer):
    found = client.get("/api/v1/units?q=hoằng xuân", **bearer(leader)).json()
    assert any("Hoằng Xuân" in u["name"] for u in found["items"])
    own = client.get("/api/v1/units", **bearer(commune_reporter)).json()
    assert own["count"] == 1


def test_an_outsiders_token_lists_nothing(client, example_directive, outsider, bearer):
    """(Every object endpoint refusing an outsider is walked in tests/core/test_no_object_leaks_to_outsiders.py.)"""
    headers = bearer(outsider)
    for url in ("/api/v1/reports", "/api/v1/directives", "/api/v1/activities", "/api/v1/units"):
        assert client.get(url, **headers).json()["count"] == 0, url


def test_the_schema_and_its_docs_are_served_from_here(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    body = schema.json()
    assert body["openapi"].startswith("3.")
    assert "/api/v1/reports/{report_id}/submit" in body["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
