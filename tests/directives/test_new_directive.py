"""A directive written from scratch goes through the same proposal page."""

import datetime

import pytest
from django.urls import reverse

from lantoa.core.models import AuditEvent
from lantoa.directives.models import Directive, DirectiveState

pytestmark = pytest.mark.django_db


def test_officer_writes_a_plan_from_scratch_gives_it_to_every_commune_and_the_leader_signs_it(
    client, officer, leader, district_committee, culture_office
):
    client.force_login(officer)
    response = client.post(
        reverse("directives:new"),
        {
            "issuer": district_committee.pk,
            "office": culture_office.pk,
            "doc_type": "ke_hoach",
            "number": "88/KH-UBND",
            "issued_on": "02/03/2024",
            "subject": "Kế hoạch tuyên truyền Tháng tiêu dùng số",
            "period_start": "05/03/2024",
            "period_end": "31/03/2024",
            "report_due": "05/04/2024",
        },
    )
    assert response.status_code == 302
    directive = Directive.objects.get(number="88/KH-UBND")
    assert response["Location"] == reverse("directives:edit", args=[directive.pk])
    assert directive.period_end == datetime.date(2024, 3, 31)
    assert AuditEvent.objects.filter(action="directive.create", object_id=str(directive.pk)).exists()

    client.post(
        reverse("directives:task_add", args=[directive.pk]),
        {
            "text": "Tuyên truyền trên Đài truyền thanh xã.",
            "assignee_text": "UBND các xã, thị trấn",
            "role": "perform",
        },
    )
    task = directive.tasks.get()
    assert task.assignments.count() == 36
    page = client.get(reverse("directives:edit", args=[directive.pk])).content.decode()
    assert "Văn bản soạn trực tiếp" in page
    assert "Sẵn sàng giao nhiệm vụ cho 36 đơn vị." in page

    response = client.post(reverse("directives:submit", args=[directive.pk]))
    assert response["Location"] == reverse("directives:detail", args=[directive.pk])
    directive.refresh_from_db()
    assert directive.state == DirectiveState.PENDING
    client.force_login(leader)
    client.post(reverse("directives:approve", args=[directive.pk]), {"xac_nhan": "1"})
    directive.refresh_from_db()
    assert directive.state == DirectiveState.ISSUED
    assert directive.signed_by == leader


def test_a_period_that_ends_before_it_starts_is_explained(
    client, officer, district_committee, culture_office
):
    client.force_login(officer)
    before = Directive.objects.count()
    response = client.post(
        reverse("directives:new"),
        {
            "issuer": district_committee.pk,
            "office": culture_office.pk,
            "doc_type": "ke_hoach",
            "subject": "Kế hoạch",
            "period_start": "31/03/2024",
            "period_end": "05/03/2024",
        },
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu" in response.content.decode()
    assert Directive.objects.count() == before


def test_a_date_written_the_american_way_is_explained(client, officer, district_committee, culture_office):
    client.force_login(officer)
    response = client.post(
        reverse("directives:new"),
        {
            "issuer": district_committee.pk,
            "office": culture_office.pk,
            "doc_type": "ke_hoach",
            "subject": "Kế hoạch",
            "report_due": "04/25/2024",
        },
    )
    assert "Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/10/2023." in response.content.decode()
