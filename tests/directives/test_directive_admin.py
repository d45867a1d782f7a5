"""Site admins can look directives up in the admin; changes go through the pages and their services."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_site_admin_reads_a_directive_with_its_tasks_but_cannot_change_it(
    client, site_admin, example_directive
):
    client.force_login(site_admin)
    listing = client.get(reverse("admin:directives_directive_changelist"))
    assert listing.status_code == 200
    assert "1234/UBND-VHTT" in listing.content.decode()
    page = client.get(reverse("admin:directives_directive_change", args=[example_directive.pk]))
    assert page.status_code == 200
    assert "Tuyên truyền, phổ biến Ngày chuyển đổi số quốc gia" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:directives_directive_add")).status_code == 403
    assignments = client.get(reverse("admin:directives_assignment_changelist") + "?q=Hoằng+Xuân")
    assert assignments.status_code == 200
    assert "UBND xã Hoằng Xuân" in assignments.content.decode()


def test_an_officer_does_not_reach_the_directive_admin(client, officer):
    client.force_login(officer)
    assert client.get(reverse("admin:directives_directive_changelist")).status_code == 302
