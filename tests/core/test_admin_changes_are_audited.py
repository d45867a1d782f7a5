"""The admin goes through the same locks as the app: the campaign's records are read-only there, and
every change it can make is in the audit trail with its old and new values."""

import datetime
import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from lantoa.activities.models import Activity
from lantoa.activities.services import create_activity
from lantoa.core.admin_audit import AuditedModelAdmin, is_read_only
from lantoa.core.models import AuditEvent
from lantoa.indicators.models import Indicator
from lantoa.reports.models import Report
from lantoa.reports.services import accept_report, save_report, submit_report
from lantoa.units.models import Membership, Role

pytestmark = pytest.mark.django_db

# The campaign's records: they change only through their services (permissions, locks, history).
CAMPAIGN_APPS = {"directives", "activities", "reports", "summaries"}


def _superuser_request(site_admin):
    request = RequestFactory().get("/quan-tri/")
    request.user = site_admin
    return request


def test_every_admin_page_is_read_only_or_audited(site_admin):
    request = _superuser_request(site_admin)
    for model, model_admin in admin.site._registry.items():
        assert is_read_only(model_admin, request) or isinstance(model_admin, AuditedModelAdmin), model
        for inline in model_admin.get_inline_instances(request):
            if not isinstance(model_admin, AuditedModelAdmin):
                assert not inline.has_add_permission(request, None), (model, inline)
                assert not inline.has_change_permission(request), (model, inline)
                assert not inline.has_delete_permission(request), (model, inline)


def test_activities_reports_directives_and_summaries_are_read_only_in_the_admin(site_admin):
    request = _superuser_request(site_admin)
    campaign = [m for m in admin.site._registry if m._meta.app_label in CAMPAIGN_APPS]
    assert {m._meta.app_label for m in campaign} == CAMPAIGN_APPS
    for model in campaign:
        model_admin = admin.site._registry[model]
        assert is_read_only(model_admin, request), model
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_delete_permission(request), (model, inline)


def _photo():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 90, 200)).save(buffer, format="JPEG")
    return SimpleUploadedFile("anh.jpg", buffer.getvalue())


def test_an_activity_counted_in_an_accepted_report_cannot_be_changed_in_the_admin(
    client, site_admin, example_directive, commune_committee, commune_reporter, officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    activity = create_activity(
        unit=commune_committee,
        actor=commune_reporter,
        activity_type="broadcast",
        occurred_on=datetime.date(2023, 10, 3),
        title="Bản tin chuyển đổi số",
        quantities={"count": 1, "minutes": 10, "plays": 2},
        files=[_photo()],
    )
    report = Report.objects.get(directive=example_directive, unit=commune_committee)
    save_report(
        report=report, actor=commune_reporter, results="Đã phát bản tin.", difficulties="", proposals=""
    )
    submit_report(report=report, actor=commune_reporter)
    accept_report(report=report, actor=officer)
    client.force_login(site_admin)
    url = f"/quan-tri/activities/activity/{activity.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200  # it can be looked at
    before = AuditEvent.objects.exclude(action__startswith="auth.").count()
    form = {"title": activity.title, "count": "999", "type": "broadcast", "occurred_on": "03/10/2023"}
    assert client.post(url, form).status_code == 403
    assert (
        client.post(f"/quan-tri/activities/activity/{activity.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    evidence = activity.evidence.get()
    assert (
        client.post(f"/quan-tri/activities/evidence/{evidence.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    activity.refresh_from_db()
    assert activity.count == 1
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert AuditEvent.objects.exclude(action__startswith="auth.").count() == before


def test_a_change_to_an_indicator_is_audited_with_old_and_new_values(client, site_admin):
    indicator = Indicator.objects.order_by("pk").first()
    client.force_login(site_admin)
    url = f"/quan-tri/indicators/indicator/{indicator.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["activity_types"] = data.get("activity_types") or []
    old_name = indicator.name
    data["name"] = "Số tin, bài (đã đổi)"
    data["is_active"] = "on" if indicator.is_active else ""
    response = client.post(url, {k: v for k, v in data.items() if v not in (False, None)})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin.change", object_id=str(indicator.pk))
    assert event.actor == site_admin
    assert event.detail["changes"]["name"] == [old_name, "Số tin, bài (đã đổi)"]
    assert event.detail["via"] == "admin"


def test_a_role_given_in_the_admin_is_audited(client, site_admin, commune_committee, outsider):
    client.force_login(site_admin)
    response = client.post(
        "/quan-tri/units/membership/add/",
        {
            "user": outsider.pk,
            "unit": commune_committee.pk,
            "role": Role.REPORTER,
            "title": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=outsider)
    event = AuditEvent.objects.get(action="admin.add", object_id=str(membership.pk))
    assert event.detail["changes"]["role"] == [None, Role.REPORTER]
    assert str(commune_committee) in event.detail["changes"]["unit"][1]


def test_a_password_set_in_the_admin_is_audited_without_the_password(client, site_admin, outsider):
    client.force_login(site_admin)
    response = client.post(
        f"/quan-tri/auth/user/{outsider.pk}/password/",
        {
            "password1": "Lua-chin-vang-dong-2023",
            "password2": "Lua-chin-vang-dong-2023",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.change", object_id=str(outsider.pk))
    assert "password" in str(event.detail)
    assert "Lua-chin" not in str(event.detail)


def test_deleting_a_membership_in_the_admin_keeps_what_it_was_in_the_trail(
    client, site_admin, commune_reporter
):
    membership = Membership.objects.filter(user=commune_reporter).first()
    client.force_login(site_admin)
    response = client.post(f"/quan-tri/units/membership/{membership.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.delete", object_id=str(membership.pk))
    assert event.detail["deleted"]["role"] == membership.role


def test_lifting_a_login_lock_in_the_admin_is_audited(client, site_admin):
    for n in range(10):
        client.post("/dang-nhap/", {"username": "chuyenvien", "password": f"sai-{n}"})
    from lantoa.core.models import LoginFailures

    row = LoginFailures.objects.get(username="chuyenvien")
    client.force_login(site_admin)
    assert client.get("/quan-tri/core/loginfailures/").status_code == 200
    client.post(f"/quan-tri/core/loginfailures/{row.pk}/delete/", {"post": "yes"})
    assert not LoginFailures.objects.filter(username="chuyenvien").exists()
    assert AuditEvent.objects.filter(action="admin.delete", object_type="core.loginfailures").exists()
