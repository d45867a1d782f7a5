"""Only the directive's managers edit and generate a summary; the level above reads it; nobody else even
learns it exists (the same 404 as a directive that does not exist)."""

import pytest
from django.urls import reverse

from lantoa.core.models import AuditEvent
from lantoa.summaries.models import Summary
from lantoa.summaries.selectors import summary_directive_visible_to, summary_directives_visible_to
from lantoa.summaries.services import generate_summary

pytestmark = pytest.mark.django_db

POSTS = ("summaries:save", "summaries:redraft", "summaries:generate", "summaries:submit_upward")


@pytest.fixture
def generation(scene, officer):
    return generate_summary(directive=scene.directive, actor=officer, base_url="http://t/", with_pdf=False)


def _every_page(directive, generation):
    yield "get", reverse("summaries:detail", args=[directive.pk])
    for name in POSTS:
        yield "post", reverse(name, args=[directive.pk])
    for kind in ("docx", "xlsx", "pdf"):
        yield "get", reverse("summaries:file", args=[generation.pk, kind])


def test_an_outsider_gets_the_same_404_as_for_a_missing_directive_and_changes_nothing(
    client, outsider, scene, generation
):
    client.force_login(outsider)
    before = AuditEvent.objects.count()
    for method, url in _every_page(scene.directive, generation):
        assert getattr(client, method)(url).status_code == 404, url
    assert client.get(reverse("summaries:detail", args=[10**9])).status_code == 404
    assert AuditEvent.objects.count() == before


def test_a_commune_reporter_cannot_open_the_summary_of_a_directive_it_reports_on(
    client, commune_reporter, scene, generation
):
    client.force_login(commune_reporter)
    before = AuditEvent.objects.count()
    for method, url in _every_page(scene.directive, generation):
        assert getattr(client, method)(url).status_code == 404, url
    assert AuditEvent.objects.count() == before


def test_the_officer_sees_the_overview_the_drafted_text_and_the_generate_button(client, officer, scene):
    client.force_login(officer)
    page = client.get(reverse("summaries:detail", args=[scene.directive.pk])).content.decode()
    assert "17/38" in page  # submitted out of expected
    assert "Tạo báo cáo" in page
    assert "Còn 21 đơn vị chưa gửi báo cáo" in page  # the drafted section II
    assert scene.missing[0].unit.short_name in page
    assert not Summary.objects.filter(directive=scene.directive).exists()  # reading writes nothing


def test_the_officer_edits_the_text_and_generates(client, officer, scene, django_capture_on_commit_callbacks):
    client.force_login(officer)
    url = reverse("summaries:save", args=[scene.directive.pk])
    response = client.post(
        url,
        {
            "number": "125/BC-UBND",
            "place": "Hoằng Hóa",
            "date": "18/10/2023",
            "subject": "Kết quả tuyên truyền Ngày Chuyển đổi số",
            "recipients": "Sở Thông tin và Truyền thông tỉnh Thanh Hóa",
            "results": "Toàn huyện đã đăng tải [tổng: radio-news] tin, bài.",
            "cc": "Như trên\nLưu: VT, VHTT",
            "signer_authority": "KT. CHỦ TỊCH",
            "signer_position": "PHÓ CHỦ TỊCH",
            "signer_name": "Lê Văn Minh",
        },
    )
    assert response.status_code == 302
    summary = Summary.objects.get(directive=scene.directive)
    assert summary.number == "125/BC-UBND"
    assert summary.date.isoformat() == "2023-10-18"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("summaries:generate", args=[scene.directive.pk]))
    # The files are written by a background job; its page leads back to the summary.
    assert client.get(response["Location"])["Location"] == reverse(
        "summaries:detail", args=[scene.directive.pk]
    )
    generation = summary.generations.get()
    response = client.get(reverse("summaries:file", args=[generation.pk, "docx"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert ".docx" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_a_bad_date_is_explained_and_nothing_is_lost(client, officer, scene):
    client.force_login(officer)
    response = client.post(
        reverse("summaries:save", args=[scene.directive.pk]), {"date": "32/13/2023", "results": "Đã làm."}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ngày/tháng/năm" in page
    assert "Đã làm." in page  # what was typed is still in the form


def test_the_level_above_reads_but_a_reader_posting_is_refused(client, scene, generation, district_committee):
    from django.contrib.auth import get_user_model

    from lantoa.units.models import Role
    from lantoa.units.services import grant_membership

    viewer = get_user_model().objects.create_user(username="xem-huyen", password="x-unused-x")
    grant_membership(user=viewer, unit=district_committee.parent, role=Role.VIEWER)  # the UBND tỉnh
    client.force_login(viewer)
    page = client.get(reverse("summaries:detail", args=[scene.directive.pk]))
    assert page.status_code == 200
    assert "Chỉ xem" in page.content.decode()
    assert client.get(reverse("summaries:file", args=[generation.pk, "xlsx"])).status_code == 200
    before = AuditEvent.objects.count()
    for name in POSTS:
        assert client.post(reverse(name, args=[scene.directive.pk])).status_code == 403, name
    assert AuditEvent.objects.count() == before


def test_the_directive_page_and_the_review_page_lead_to_the_summary(client, officer, scene):
    client.force_login(officer)
    link = reverse("summaries:detail", args=[scene.directive.pk])
    assert link in client.get(reverse("directives:detail", args=[scene.directive.pk])).content.decode()
    assert link in client.get(reverse("reports:review", args=[scene.directive.pk])).content.decode()


def test_the_one_directive_lookup_lets_in_exactly_whom_the_list_of_summaries_lets_in(
    scene, upstream, officer, leader, commune_reporter, department_officer, outsider, site_admin
):
    """The summary and dashboard pages ask about one directive with a cheaper query: it must never let in
    more, or fewer, people than the list of summaries a person may try — through the cascade too (the Sở
    reads the district's roll-up of its own directive)."""
    people = [officer, leader, commune_reporter, department_officer, outsider, site_admin]
    for person in people:
        listed = set(summary_directives_visible_to(person).values_list("pk", flat=True))
        for directive in (scene.directive, upstream):
            one = set(summary_directive_visible_to(person, directive.pk).values_list("pk", flat=True))
            assert one == listed & {directive.pk}, (person.username, directive.number)
    assert scene.directive.pk in set(
        summary_directive_visible_to(department_officer, scene.directive.pk).values_list("pk", flat=True)
    )
    assert not summary_directive_visible_to(outsider, scene.directive.pk).exists()
