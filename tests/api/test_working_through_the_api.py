"""A commune's app and the district's office system do the campaign's work through the API, through the
same services as the pages: a report written, submitted, returned, accepted; an activity logged with its
photo; a summary compiled as a job."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from lantoa.core.models import AuditEvent
from lantoa.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(example_directive, commune_committee):
    return Report.objects.get(directive=example_directive, unit=commune_committee)


def _json(client, method, url, headers, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json", **headers)


def test_the_commune_writes_and_submits_then_the_office_returns_and_accepts(
    client, report, commune_reporter, officer, bearer
):
    commune, office = bearer(commune_reporter), bearer(officer)
    url = f"/api/v1/reports/{report.pk}"
    written = _json(client, "patch", url, commune, {"results": "Đã treo 3 băng rôn."})
    assert written.status_code == 200
    assert written.json()["results"] == "Đã treo 3 băng rôn."
    submitted = client.post(f"{url}/submit", **commune)
    assert submitted.json()["state"] == "submitted"
    # Only the office reviews: the commune accepting its own report is refused with the service's reason.
    refused = client.post(f"{url}/accept", **commune)
    assert refused.status_code in {400, 403}
    assert refused.json()["error"]["message"]
    returned = _json(client, "post", f"{url}/return", office, {"reason": "Thiếu ảnh minh chứng."})
    assert returned.json()["state"] == "returned"
    assert client.post(f"{url}/submit", **commune).json()["state"] == "submitted"
    accepted = client.post(f"{url}/accept", **office)
    assert accepted.json()["state"] == "accepted"
    # The same history rows and audit trail as the pages.
    assert [t.to_state for t in Report.objects.get(pk=report.pk).transitions.all()] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
    assert AuditEvent.objects.filter(action="report.save", object_id=str(report.pk)).exists()


def test_a_refusal_keeps_the_one_error_shape(client, report, commune_reporter, bearer):
    commune = bearer(commune_reporter)
    missing_reason = _json(client, "post", f"/api/v1/reports/{report.pk}/return", commune, {})
    assert missing_reason.status_code == 422
    assert missing_reason.json()["error"]["code"] == "invalid_input"
    assert any("reason" in d for d in missing_reason.json()["error"]["details"])
    unknown = _json(
        client, "patch", f"/api/v1/reports/{report.pk}", commune, {"manual_figures": {"khong-co": 1}}
    )
    assert unknown.status_code == 400
    assert unknown.json()["error"] == {
        "code": "unknown_indicator",
        "message": "Không có chỉ tiêu mã: khong-co.",
        "details": ["Không có chỉ tiêu mã: khong-co."],
    }


def _photo() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile("bang-ron.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_commune_logs_an_activity_with_its_photo_and_lists_it(
    client, example_directive, commune_reporter, commune_committee, bearer
):
    headers = bearer(commune_reporter)
    response = client.post(
        "/api/v1/activities",
        {
            "unit": commune_committee.pk,
            "type": "article",
            "occurred_on": "2023-10-03",
            "title": "Tin về Ngày chuyển đổi số",
            "count": 1,
            "links": "https://xahoangxuan.gov.vn/tin/cds",
            "files": [_photo()],
        },
        **headers,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert sorted(e["kind"] for e in created["evidence"]) == ["link", "photo"]
    listed = client.get(f"/api/v1/activities?unit={commune_committee.pk}&since=2023-10-01", **headers).json()
    assert created["id"] in [a["id"] for a in listed["items"]]


def test_an_activity_for_another_commune_is_refused(client, commune_reporter, district_committee, bearer):
    other = (
        district_committee.children.filter(kind="peoples_committee")
        .exclude(pk__in=commune_reporter.memberships.values("unit_id"))
        .first()
    )
    response = client.post(
        "/api/v1/activities",
        {"unit": other.pk, "type": "article", "occurred_on": str(datetime.date(2023, 10, 3)), "title": "x"},
        **bearer(commune_reporter),
    )
    assert response.status_code == 404


def test_the_office_compiles_the_summary_as_a_job_and_downloads_it(
    client, example_directive, officer, bearer
):
    headers = bearer(officer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        started = client.post(f"/api/v1/summaries/{example_directive.pk}/generate", **headers)
    assert started.status_code == 202
    job = client.get(f"/api/v1/jobs/{started.json()['id']}", **headers).json()
    assert job["state"] == "succeeded", job["error"]
    generations = client.get(f"/api/v1/summaries/{example_directive.pk}/generations", **headers).json()
    assert generations[0]["version"] == job["result"]["version"]
    download = client.get(generations[0]["files"]["docx"], **headers)
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_too_many_requests_are_slowed_down_with_a_vietnamese_message(client, settings, officer, bearer):
    settings.LANTOA_API_RATE = "3/m"
    headers = bearer(officer)
    answers = [client.get("/api/v1/units", **headers).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = client.get("/api/v1/units", **headers)
    assert limited.json()["error"]["code"] == "rate_limited"
    assert "Retry-After" in limited


def test_tokens_are_made_and_revoked_on_the_account_page_shown_once_and_audited(client, officer):
    from lantoa.api.models import ApiToken

    client.force_login(officer)
    page = client.post("/tai-khoan/khoa-api/", {"name": "Phần mềm quản lý văn bản"}).content.decode()
    token = ApiToken.objects.get(user=officer)
    shown = page.split('<code class="token">')[1].split("</code>")[0]
    assert shown.startswith("lt_")
    assert token.digest != shown
    assert shown not in client.get("/tai-khoan/khoa-api/").content.decode()  # never again
    assert client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {shown}").status_code == 200
    client.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/")
    assert client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {shown}").status_code == 401
    assert list(
        AuditEvent.objects.filter(object_id=str(token.pk), action__startswith="api.token").values_list(
            "action", flat=True
        )
    ) == ["api.token.revoke", "api.token.create"]


def test_nobody_revokes_another_persons_token(client, officer, commune_reporter):
    from lantoa.api.tokens import create_token

    token, _secret = create_token(user=officer, name="x")
    client.force_login(commune_reporter)
    assert client.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/").status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_create_token_prints_the_token_once(officer, capsys):
    from django.core.management import call_command

    from lantoa.api.tokens import user_for_token

    call_command("create_token", "chuyenvien", "--name", "eOffice")
    printed = capsys.readouterr().out.strip()
    assert user_for_token(printed) == officer


def test_an_office_system_imports_a_directive_and_reads_the_proposal_when_the_job_is_done(
    client, officer, district_committee, culture_office, example_text, bearer
):
    headers = bearer(officer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        started = client.post(
            "/api/v1/directives/import",
            {"issuer": district_committee.pk, "office": culture_office.pk, "text": example_text},
            **headers,
        )
    assert started.status_code == 202
    job = client.get(f"/api/v1/jobs/{started.json()['id']}", **headers).json()
    assert job["state"] == "succeeded", job["error"]
    proposal = client.get(f"/api/v1/directives/{job['result']['directive']}", **headers).json()
    assert proposal["state"] == "draft"
    assert len(proposal["tasks"]) == 8


def test_a_commune_cannot_import_in_the_districts_name(
    client, commune_reporter, district_committee, culture_office, bearer
):
    response = client.post(
        "/api/v1/directives/import",
        {"issuer": district_committee.pk, "office": culture_office.pk, "text": "x"},
        **bearer(commune_reporter),
    )
    assert response.status_code == 404


def test_too_many_files_are_refused_in_json(client, commune_reporter, commune_committee, bearer, settings):
    files = [
        SimpleUploadedFile(f"anh-{n}.jpg", b"x") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    ]
    response = client.post(
        "/api/v1/activities",
        {
            "unit": commune_committee.pk,
            "type": "article",
            "occurred_on": "2023-10-03",
            "title": "x",
            "files": files,
        },
        **bearer(commune_reporter),
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "request_refused"
