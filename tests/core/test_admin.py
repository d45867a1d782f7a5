"""The Django admin works for units, memberships and users, in Vietnamese, for site admins only."""

import pytest
from django.contrib.auth import get_user_model

from lantoa.units.models import Membership, Role, Unit

pytestmark = pytest.mark.django_db

PAGES = [
    "/quan-tri/",
    "/quan-tri/units/unit/",
    "/quan-tri/units/unit/add/",
    "/quan-tri/units/unit/?q=Hoằng+Hóa",
    "/quan-tri/units/membership/",
    "/quan-tri/units/membership/add/",
    "/quan-tri/auth/user/",
    "/quan-tri/auth/user/add/",
    "/quan-tri/indicators/indicator/",
    "/quan-tri/core/auditevent/",
]


@pytest.mark.parametrize("url", PAGES)
def test_site_admin_opens_admin_pages_in_vietnamese(client, site_admin, url):
    client.force_login(site_admin)
    response = client.get(url)
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()


def test_unit_change_page_shows_its_people_and_dates(client, site_admin, culture_office):
    client.force_login(site_admin)
    page = client.get(f"/quan-tri/units/unit/{culture_office.pk}/change/").content.decode()
    assert "Phòng Văn hóa và Thông tin huyện Hoằng Hóa" in page
    assert "Ngày thôi hoạt động" in page or "ngày thôi hoạt động" in page
    assert "chuyenvien" in page


def test_site_admin_gives_a_person_a_role_through_the_admin(client, site_admin, commune_committee):
    person = get_user_model().objects.create_user(username="canbomoi", password="x-unused-x")
    client.force_login(site_admin)
    response = client.post(
        "/quan-tri/units/membership/add/",
        {
            "user": person.pk,
            "unit": commune_committee.pk,
            "role": Role.REPORTER,
            "title": "Công chức",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=person, unit=commune_committee, role=Role.REPORTER).exists()


def test_unit_search_finds_units_by_code(client, site_admin):
    client.force_login(site_admin)
    page = client.get("/quan-tri/units/unit/?q=15877").content.decode()
    assert "UBND xã Hoằng Xuân" in page
    assert Unit.objects.filter(code_legacy="15877").exists()


def test_officer_without_staff_status_is_sent_to_the_admin_login(client, officer):
    client.force_login(officer)
    assert client.get("/quan-tri/units/unit/").status_code == 302


def test_the_audit_trail_records_who_did_what_from_where_and_cannot_be_edited(
    client, site_admin, example_directive
):
    from lantoa.core.models import AuditEvent

    event = AuditEvent.objects.filter(action="directive.issue", object_id=str(example_directive.pk)).get()
    assert event.actor.username == "lanhdao"  # the leader's signature issues it
    client.force_login(site_admin)
    assert "directive.issue" in client.get("/quan-tri/core/auditevent/").content.decode()
    assert client.post(f"/quan-tri/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_change_made_over_http_records_the_client_address(client, officer, draft_example_directive):
    from lantoa.core.models import AuditEvent

    client.force_login(officer)
    client.post(f"/van-ban/{draft_example_directive.pk}/trinh-ky/", REMOTE_ADDR="203.0.113.7")
    event = AuditEvent.objects.get(action="directive.submit", object_id=str(draft_example_directive.pk))
    assert event.ip == "203.0.113.7"
