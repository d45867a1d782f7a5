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
