"""Who may see, edit and issue a directive: the same 404 for "missing" and "not yours"."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from lantoa.directives.models import Directive, DirectiveState
from lantoa.directives.services import create_directive_from_parse, update_directive
from lantoa.documents import parse_text
from lantoa.units.models import Unit
from tests.signing import sign_and_issue

pytestmark = pytest.mark.django_db


def _pages(directive) -> list[str]:
    task = directive.tasks.order_by("position").first()
    assignment = directive.assignments.first()
    return (
        [
            reverse("directives:detail", args=[directive.pk]),
            reverse("directives:edit", args=[directive.pk]),
            reverse("directives:source", args=[directive.pk]),
            reverse("directives:task", args=[directive.pk, task.pk]),
        ]
        + [
            reverse(f"directives:{name}", args=[directive.pk, task.pk])
            for name in ("task_remove", "task_units", "task_settle", "task_dismiss")
        ]
        + [
            reverse(f"directives:{name}", args=[directive.pk, assignment.pk])
            for name in ("assignment", "assignment_remove")
        ]
        + [
            reverse(f"directives:{name}", args=[directive.pk])
            for name in ("indicators", "submit", "withdraw", "approve", "return", "task_add")
        ]
    )


@pytest.fixture
def directive_with_file(officer, district_committee, culture_office, example_text):
    return create_directive_from_parse(
        issuer=district_committee,
        office=culture_office,
        actor=officer,
        parsed=parse_text(example_text),
        source_text=example_text,
        source_file=ContentFile(example_text.encode()),
        source_name="cong-van.txt",
    )


def test_commune_reporter_sees_the_issued_directive_that_assigns_them(
    client, commune_reporter, example_directive
):
    client.force_login(commune_reporter)
    listing = client.get(reverse("directives:list")).content.decode()
    assert reverse("directives:detail", args=[example_directive.pk]) in listing
    page = client.get(reverse("directives:detail", args=[example_directive.pk])).content.decode()
    assert "Nhiệm vụ 8" in page
    assert "UBND xã Hoằng Xuân" in page


def test_commune_reporter_sees_only_its_own_row_not_the_other_communes(
    client, commune_reporter, example_directive
):
    client.force_login(commune_reporter)
    page = client.get(reverse("directives:detail", args=[example_directive.pk])).content.decode()
    assert "Đơn vị thực hiện (1)" in page
    assert "UBND xã Hoằng Xuyên" not in page
    assert "Sửa đề xuất" not in page


def test_commune_reporter_does_not_see_a_draft(client, commune_reporter, draft_example_directive):
    client.force_login(commune_reporter)
    listing = client.get(reverse("directives:list")).content.decode()
    assert reverse("directives:detail", args=[draft_example_directive.pk]) not in listing
    assert client.get(reverse("directives:detail", args=[draft_example_directive.pk])).status_code == 404


def test_commune_reporter_cannot_open_edit_or_post_to_any_editing_address(
    client, commune_reporter, officer, leader, draft_example_directive
):
    directive = draft_example_directive
    sign_and_issue(directive, preparer=officer, signer=leader)
    client.force_login(commune_reporter)
    assert client.get(reverse("directives:edit", args=[directive.pk])).status_code == 404
    for url in _pages(directive)[1:]:
        if url.endswith("/tep-goc/"):
            continue
        assert client.post(url, {"text": "x", "number": "SỬA", "role": "lead"}).status_code == 404, url
    directive.refresh_from_db()
    assert directive.number == "1234/UBND-VHTT"
    assert directive.tasks.count() == 8


def test_commune_reporter_cannot_submit_or_sign_a_draft_by_a_direct_post(
    client, commune_reporter, draft_example_directive
):
    client.force_login(commune_reporter)
    for name in ("submit", "approve"):
        response = client.post(reverse(f"directives:{name}", args=[draft_example_directive.pk]))
        assert response.status_code == 404
    draft_example_directive.refresh_from_db()
    assert draft_example_directive.state == DirectiveState.DRAFT


def test_outsider_gets_the_same_404_as_a_missing_directive_everywhere(client, outsider, example_directive):
    client.force_login(outsider)
    missing = client.get(reverse("directives:detail", args=[10**9]))
    assert missing.status_code == 404
    for url in _pages(example_directive):
        assert client.get(url).status_code in {404, 405}, url
        assert client.post(url).status_code == 404, url
    listing = client.get(reverse("directives:list")).content.decode()
    assert "Chưa có văn bản chỉ đạo nào bạn được xem." in listing
    assert "Nhập văn bản" not in listing


def test_outsider_cannot_import_or_write_from_scratch(client, outsider, district_committee, culture_office):
    client.force_login(outsider)
    before = Directive.objects.count()
    response = client.post(
        reverse("directives:new"),
        {
            "issuer": district_committee.pk,
            "office": culture_office.pk,
            "doc_type": "ke_hoach",
            "subject": "x",
        },
    )
    assert response.status_code == 200
    assert Directive.objects.count() == before


def test_officer_of_another_district_cannot_see_the_directive(
    client, example_directive, other_district_committee
):
    from lantoa.units.services import grant_membership

    stranger = get_user_model().objects.create_user(username="huyenkhac")
    grant_membership(user=stranger, unit=other_district_committee, role="officer", title="")
    client.force_login(stranger)
    assert client.get(reverse("directives:detail", args=[example_directive.pk])).status_code == 404
    assert client.get(reverse("directives:edit", args=[example_directive.pk])).status_code == 404


def test_the_level_above_reads_the_directive_it_receives_reports_of_but_cannot_edit(
    client, officer, leader, department_officer, draft_example_directive, province_committee
):
    directive = draft_example_directive
    department = Unit.objects.get(parent=province_committee, name__startswith="Sở Thông tin và Truyền thông")
    update_directive(directive=directive, actor=officer, report_to=department)
    client.force_login(department_officer)
    assert client.get(reverse("directives:detail", args=[directive.pk])).status_code == 404  # still a draft

    sign_and_issue(directive, preparer=officer, signer=leader)
    page = client.get(reverse("directives:detail", args=[directive.pk])).content.decode()
    assert "Đơn vị thực hiện (38)" in page  # the level above sees every unit
    assert "Sửa đề xuất" not in page
    assert client.get(reverse("directives:edit", args=[directive.pk])).status_code == 404
    assert client.post(reverse("directives:edit", args=[directive.pk]), {"number": "X"}).status_code == 404


def test_leader_of_the_issuer_manages_the_draft(client, leader, draft_example_directive):
    client.force_login(leader)
    assert client.get(reverse("directives:edit", args=[draft_example_directive.pk])).status_code == 200


def test_the_original_file_goes_only_to_people_who_see_the_directive(
    client, officer, leader, commune_reporter, outsider, directive_with_file
):
    url = reverse("directives:source", args=[directive_with_file.pk])
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(commune_reporter)
    assert client.get(url).status_code == 404  # a draft is not theirs yet
    sign_and_issue(directive_with_file, preparer=officer, signer=leader)
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_a_directive_without_a_file_has_no_download(client, officer, draft_example_directive):
    client.force_login(officer)
    assert client.get(reverse("directives:source", args=[draft_example_directive.pk])).status_code == 404
