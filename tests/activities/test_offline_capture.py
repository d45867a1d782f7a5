"""Activities logged offline on a phone reach the server exactly once, and a change made meanwhile (the
report submitted, the directive closed) is told to the person instead of being lost."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.activities.models import Activity
from lantoa.directives.lifecycle import close_directive
from lantoa.reports.models import Report
from lantoa.reports.services import save_report, submit_report
from tests.activities.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


def _photo(name: str, color) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(color=color), content_type="image/jpeg")


def _item(unit, key, *, directive=None, **extra) -> dict:
    data = {
        "client_key": str(key),
        "unit": str(unit.pk),
        "type": "event",
        "occurred_on": "2023-10-05",
        "title": "Lễ phát động Ngày chuyển đổi số tại nhà văn hóa thôn 3",
        "count": "1",
        "participants": "120",
        "files": [_photo("anh-1.jpg", (200, 30, 30)), _photo("anh-2.jpg", (30, 30, 200))],
    }
    if directive is not None:
        data.update({"counted_shown": "1", "counted": [str(directive.pk)]})
    data.update(extra)
    return data


def test_the_same_item_sent_twice_is_saved_once_with_its_two_photos(
    client, commune_reporter, commune_committee, example_directive
):
    client.force_login(commune_reporter)
    key = uuid.uuid4()
    first = client.post(
        reverse("activities:capture"), _item(commune_committee, key, directive=example_directive)
    )
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "created"
    again = client.post(
        reverse("activities:capture"), _item(commune_committee, key, directive=example_directive)
    )
    assert again.status_code == 200
    assert again.json() == {"status": "duplicate", "url": first.json()["url"]}
    activity = Activity.objects.get(client_key=key)
    assert activity.evidence.count() == 2
    assert Activity.objects.filter(title__startswith="Lễ phát động Ngày chuyển đổi số tại nhà").count() == 1


def test_a_report_submitted_meanwhile_is_a_conflict_the_person_decides(
    client, commune_reporter, commune_committee, example_directive
):
    report = Report.objects.get(directive=example_directive, unit=commune_committee)
    save_report(report=report, actor=commune_reporter, results="Đã làm.", difficulties="", proposals="")
    submit_report(report=report, actor=commune_reporter)
    client.force_login(commune_reporter)
    key = uuid.uuid4()
    response = client.post(
        reverse("activities:capture"), _item(commune_committee, key, directive=example_directive)
    )
    assert response.status_code == 409
    answer = response.json()
    assert answer["status"] == "conflict"
    assert "đã được nộp trong lúc hoạt động chờ gửi" in answer["errors"][0]
    assert "Vẫn ghi vào sổ" in answer["advice"]
    assert not Activity.objects.filter(client_key=key).exists()
    kept = client.post(
        reverse("activities:capture"),
        _item(commune_committee, key, directive=example_directive, accept_conflict="1"),
    )
    assert kept.status_code == 201
    assert Activity.objects.get(client_key=key).evidence.count() == 2


def test_a_directive_closed_meanwhile_keeps_the_activity_in_the_ledger_only(
    client, commune_reporter, commune_committee, example_directive, officer
):
    close_directive(directive=example_directive, actor=officer, reason="Kết thúc đợt.")
    client.force_login(commune_reporter)
    key = uuid.uuid4()
    response = client.post(
        reverse("activities:capture"), _item(commune_committee, key, directive=example_directive)
    )
    assert response.status_code == 409
    assert "đã kết thúc" in response.json()["errors"][0]
    kept = client.post(
        reverse("activities:capture"),
        _item(commune_committee, key, directive=example_directive, accept_conflict="1"),
    )
    assert kept.status_code == 201
    assert Activity.objects.filter(client_key=key).exists()


def test_bad_input_gets_sentences_not_a_traceback(client, commune_reporter, commune_committee):
    client.force_login(commune_reporter)
    response = client.post(reverse("activities:capture"), _item(commune_committee, uuid.uuid4(), title=""))
    assert response.status_code == 400
    assert any("Nội dung" in e or "nội dung" in e for e in response.json()["errors"])
    response = client.post(reverse("activities:capture"), {"client_key": "khong-phai-ma"})
    assert response.status_code == 400
    assert response.json()["errors"] == ["Thiếu mã gửi; hãy tải lại trang rồi gửi lại."]


def test_another_communes_reporter_cannot_send_for_this_commune(
    client, other_commune_reporter, commune_committee
):
    client.force_login(other_commune_reporter)
    response = client.post(reverse("activities:capture"), _item(commune_committee, uuid.uuid4()))
    assert response.status_code == 403
    assert not Activity.objects.filter(unit=commune_committee).exists()


def test_a_key_already_used_by_someone_else_finds_nothing_of_theirs(
    client, commune_reporter, other_commune_reporter, commune_committee, other_commune
):
    key = uuid.uuid4()
    client.force_login(commune_reporter)
    assert client.post(reverse("activities:capture"), _item(commune_committee, key)).status_code == 201
    client.force_login(other_commune_reporter)
    response = client.post(reverse("activities:capture"), _item(other_commune, key))
    assert response.status_code == 403
    assert "url" not in response.json()
    assert Activity.objects.filter(client_key=key).count() == 1


def test_a_logged_out_phone_is_sent_to_the_login_page_and_nothing_is_saved(client, commune_committee):
    response = client.post(reverse("activities:capture"), _item(commune_committee, uuid.uuid4()))
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]
    assert not Activity.objects.exists()


def test_the_service_worker_is_served_from_the_root_with_its_scope_and_no_cache(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert b"lantoa-pages" in response.content


def test_the_manifest_makes_the_site_installable(client):
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["icons"]


def test_every_page_of_a_logged_in_person_carries_the_queue_and_its_count(
    client, commune_reporter, commune_committee
):
    client.force_login(commune_reporter)
    page = client.get(reverse("activities:list")).content.decode()
    assert 'id="cho-gui"' in page
    assert 'id="outbox-count"' in page
    assert f'<meta name="lantoa-user" content="{commune_reporter.pk}">' in page
    form = client.get(reverse("activities:create"), {"type": "event"}).content.decode()
    assert f'data-capture-unit="{commune_committee.pk}"' in form
    assert '<meta name="lantoa-photo-max-side" content="1600">' in form
