"""The officer submits the directive for signature from the proposal page once nothing stops it; a leader of
the issuer signs it, which issues it."""

import pytest
from django.urls import reverse

from lantoa.directives.models import DirectiveState
from lantoa.reports.models import Report

pytestmark = pytest.mark.django_db


def _issue(client, directive, **kwargs):
    return client.post(reverse("directives:submit", args=[directive.pk]), **kwargs)


def test_issue_is_blocked_with_clear_messages_until_the_problems_are_fixed(
    client, officer, draft_example_directive, culture_office
):
    directive = draft_example_directive
    client.force_login(officer)
    client.post(
        reverse("directives:task_add", args=[directive.pk]),
        {"text": "Tổng hợp kết quả.", "assignee_text": "Phòng Văn hóa", "role": "lead"},
    )
    task = directive.tasks.get(position=9)

    page = client.get(reverse("directives:edit", args=[directive.pk])).content.decode()
    checklist = page[page.index('class="checklist"') : page.index("</ul>", page.index('class="checklist"'))]
    assert "Nhiệm vụ 9: chưa xác định được đơn vị “Phòng Văn hóa” — hãy chọn đơn vị hoặc bỏ qua." in checklist

    response = _issue(client, directive, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(reverse("directives:edit", args=[directive.pk]) + "#giao")
    assert "Nhiệm vụ 9: chưa xác định được đơn vị “Phòng Văn hóa”" in page
    directive.refresh_from_db()
    assert directive.state == DirectiveState.DRAFT
    assert not Report.objects.filter(directive=directive).exists()

    client.post(
        reverse("directives:task_settle", args=[directive.pk, task.pk]),
        {"text": "Phòng Văn hóa", "unit": culture_office.pk},
    )
    page = client.get(reverse("directives:edit", args=[directive.pk])).content.decode()
    assert "Sẵn sàng giao nhiệm vụ cho 38 đơn vị." in page
    response = _issue(client, directive)
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:detail", args=[directive.pk])


def test_a_directive_without_units_says_what_is_missing(client, officer, district_committee, culture_office):
    client.force_login(officer)
    response = client.post(
        reverse("directives:new"),
        {
            "issuer": district_committee.pk,
            "office": culture_office.pk,
            "doc_type": "ke_hoach",
            "subject": "Kế hoạch",
        },
    )
    directive_url = response["Location"]
    pk = int(directive_url.strip("/").split("/")[-2])
    page = client.post(reverse("directives:submit", args=[pk]), follow=True).content.decode()
    assert "Chưa giao nhiệm vụ cho đơn vị nào." in page


def test_signing_lands_on_the_directive_page_with_every_units_report(
    client, officer, leader, draft_example_directive
):
    directive = draft_example_directive
    client.force_login(officer)
    response = _issue(client, directive, follow=True)
    assert response.redirect_chain[-1][0] == reverse("directives:detail", args=[directive.pk])
    page = response.content.decode()
    assert "Đã trình ký" in page
    assert "Chờ ký duyệt" in page
    assert page.count('class="badge report-draft"') == 0
    assert not Report.objects.filter(directive=directive).exists()

    client.force_login(leader)
    response = client.post(reverse("directives:approve", args=[directive.pk]), {"xac_nhan": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("directives:detail", args=[directive.pk])
    page = response.content.decode()
    assert "Đã ký duyệt và giao nhiệm vụ" in page
    assert "Đơn vị thực hiện (38)" in page
    assert page.count('class="badge report-draft"') == 38
    directive.refresh_from_db()
    assert directive.state == DirectiveState.ISSUED
    assert Report.objects.filter(directive=directive).count() == 38


def test_an_issued_directive_can_no_longer_be_edited(client, officer, example_directive):
    client.force_login(officer)
    response = client.get(reverse("directives:edit", args=[example_directive.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:detail", args=[example_directive.pk])
    task = example_directive.tasks.get(position=1)
    response = client.post(
        reverse("directives:task_add", args=[example_directive.pk]),
        {"text": "Thêm việc", "role": "perform"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("directives:detail", args=[example_directive.pk])
    assert "Văn bản đã giao; không sửa nhiệm vụ và đơn vị được nữa." in response.content.decode()
    assert example_directive.tasks.count() == 8
    client.post(reverse("directives:task_remove", args=[example_directive.pk, task.pk]))
    assert example_directive.tasks.filter(pk=task.pk).exists()
    page = _issue(client, example_directive, follow=True).content.decode()
    assert "Văn bản đã giao" in page
