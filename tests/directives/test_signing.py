"""Trình ký → ký duyệt: the officer submits, a leader of the issuer signs (which issues it) or returns it
with a reason; the officer may withdraw it to correct it. Each step is a transition with its history row."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lantoa.directives.lifecycle import (
    REFUSALS,
    RULES,
    DirectiveError,
    approve_directive,
    close_directive,
    return_directive,
    submit_for_signature,
    withdraw_submission,
)
from lantoa.directives.models import DirectiveState, DirectiveTransition
from lantoa.directives.services import add_task, assign_units, create_directive, update_directive
from lantoa.notifications.models import Message
from lantoa.reports.models import Report
from lantoa.units.services import grant_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft_example_directive, officer):
    return submit_for_signature(directive=draft_example_directive, actor=officer, note="Kính trình anh ký.")


def test_every_forbidden_step_says_why_and_what_to_do_instead():
    for action, rule in RULES.items():
        for state in DirectiveState.values:
            if state not in rule.sources:
                assert str(REFUSALS[(action, state)]), (action, state)


def test_submitting_locks_the_proposal_and_tells_the_leader(submitted, officer, leader):
    assert submitted.state == DirectiveState.PENDING
    assert submitted.submitted_by == officer
    step = DirectiveTransition.objects.filter(directive=submitted).last()
    assert (step.from_state, step.to_state, step.actor, step.reason) == (
        DirectiveState.DRAFT,
        DirectiveState.PENDING,
        officer,
        "Kính trình anh ký.",
    )
    message = Message.objects.get(recipient=leader, directive=submitted)
    assert message.subject.startswith("Văn bản chờ ký duyệt")
    assert "Nguyễn Thị Lan trình ký" in message.body
    assert "Kính trình anh ký." in message.body
    assert not Report.objects.filter(directive=submitted).exists()
    with pytest.raises(DirectiveError, match="đang chờ lãnh đạo ký duyệt nên không sửa được"):
        update_directive(directive=submitted, actor=officer, number="99/UBND-VHTT")


def test_the_edit_page_of_a_submitted_directive_says_why_it_is_locked(client, submitted, officer):
    client.force_login(officer)
    response = client.get(reverse("directives:edit", args=[submitted.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("directives:detail", args=[submitted.pk])
    page = response.content.decode()
    assert "hãy rút lại văn bản đã trình ký" in page
    assert "Rút lại để sửa" in page
    assert "Ký duyệt và giao nhiệm vụ" not in page  # the officer does not sign


def test_the_leader_finds_what_waits_with_a_count_and_signs_it(client, submitted, leader, officer):
    client.force_login(leader)
    listing = client.get(reverse("directives:list")).content.decode()
    assert "1 văn bản chờ bạn ký duyệt" in listing
    awaiting = client.get(reverse("directives:awaiting")).content.decode()
    assert "Văn bản chờ ký duyệt (1)" in awaiting
    assert "Nguyễn Thị Lan" in awaiting
    page = client.get(reverse("directives:detail", args=[submitted.pk])).content.decode()
    assert "Đang chờ lãnh đạo UBND huyện Hoằng Hóa ký duyệt" in page
    assert "Người trình ký" in page
    assert "Kính trình anh ký." in page

    response = client.post(reverse("directives:approve", args=[submitted.pk]), {"xac_nhan": "1"}, follow=True)
    page = response.content.decode()
    assert "Đã ký duyệt và giao nhiệm vụ" in page
    assert "Lãnh đạo ký duyệt" in page
    assert "Lê Văn Minh" in page
    submitted.refresh_from_db()
    assert submitted.state == DirectiveState.ISSUED
    assert (submitted.signed_by, submitted.submitted_by) == (leader, officer)
    assert Report.objects.filter(directive=submitted).count() == 38
    assert Message.objects.filter(recipient=officer, subject__startswith="Văn bản đã được ký duyệt").exists()
    assert "Văn bản chờ ký duyệt (0)" in client.get(reverse("directives:awaiting")).content.decode()


def test_the_officer_has_nothing_to_sign(client, submitted, officer):
    client.force_login(officer)
    assert "chờ bạn ký duyệt" not in client.get(reverse("directives:list")).content.decode()
    assert (
        "Không có văn bản nào chờ bạn ký duyệt."
        in client.get(reverse("directives:awaiting")).content.decode()
    )
    assert client.post(reverse("directives:approve", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("directives:return", args=[submitted.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        approve_directive(directive=submitted, actor=officer)
    with pytest.raises(PermissionDenied):
        return_directive(directive=submitted, actor=officer, reason="tự trả lại")


def test_a_site_administrator_does_not_sign(submitted, site_admin):
    with pytest.raises(PermissionDenied):
        approve_directive(directive=submitted, actor=site_admin)


def test_a_return_needs_a_reason_and_the_officer_is_told(submitted, leader, officer):
    with pytest.raises(DirectiveError, match="Hãy ghi lý do trả lại"):
        return_directive(directive=submitted, actor=leader, reason="   ")
    returned = return_directive(directive=submitted, actor=leader, reason="Sửa hạn báo cáo thành 16/10.")
    assert returned.state == DirectiveState.RETURNED
    message = Message.objects.get(recipient=officer, directive=submitted)
    assert message.subject.startswith("Văn bản bị trả lại")
    assert "Sửa hạn báo cáo thành 16/10." in message.body
    # Returned, it is the officer's to edit again, and to submit again.
    update_directive(directive=returned, actor=officer, number="99/UBND-VHTT")
    assert submit_for_signature(directive=returned, actor=officer).state == DirectiveState.PENDING


def test_the_officer_withdraws_a_submission_to_correct_it(client, submitted, officer):
    client.force_login(officer)
    response = client.post(reverse("directives:withdraw", args=[submitted.pk]))
    assert response["Location"] == reverse("directives:edit", args=[submitted.pk])
    submitted.refresh_from_db()
    assert submitted.state == DirectiveState.DRAFT
    assert client.get(reverse("directives:edit", args=[submitted.pk])).status_code == 200
    with pytest.raises(DirectiveError, match="chưa trình ký"):
        withdraw_submission(directive=submitted, actor=officer)


def test_a_leader_who_prepared_it_signs_it_at_once(client, leader, draft_example_directive):
    client.force_login(leader)
    page = client.get(reverse("directives:edit", args=[draft_example_directive.pk])).content.decode()
    assert "Ký duyệt và giao nhiệm vụ" in page
    client.post(reverse("directives:approve", args=[draft_example_directive.pk]), {"xac_nhan": "1"})
    draft_example_directive.refresh_from_db()
    assert draft_example_directive.state == DirectiveState.ISSUED
    assert draft_example_directive.signed_by == leader
    assert draft_example_directive.submitted_by is None


def test_nothing_is_submitted_while_something_stops_it(officer, district_committee, culture_office):
    directive = create_directive(issuer=district_committee, office=culture_office, actor=officer, subject="x")
    with pytest.raises(DirectiveError, match="Chưa giao nhiệm vụ cho đơn vị nào"):
        submit_for_signature(directive=directive, actor=officer)
    assert directive.state == DirectiveState.DRAFT


def test_the_offices_own_directive_is_signed_by_the_offices_leader_not_the_committees(
    client, officer, leader, culture_office, commune_committee
):
    from django.contrib.auth import get_user_model

    directive = create_directive(
        issuer=culture_office,
        office=culture_office,
        actor=officer,
        subject="Hướng dẫn báo cáo số liệu",
        issued_on=datetime.date(2023, 9, 26),
        report_due=datetime.date(2023, 10, 15),
    )
    task = add_task(directive=directive, actor=officer, text="Báo cáo số liệu đài truyền thanh.")
    assign_units(task=task, units=[commune_committee], actor=officer)
    # The Phòng has no leader in Lantoa yet: the officer is told whom to ask, and nothing is locked.
    with pytest.raises(DirectiveError, match="chưa có lãnh đạo nào trong Lantoa"):
        submit_for_signature(directive=directive, actor=officer)
    head = get_user_model().objects.create_user(username="truongphong", last_name="Hoàng", first_name="Nam")
    grant_membership(user=head, unit=culture_office, role="leader", title="Trưởng phòng")
    submit_for_signature(directive=directive, actor=officer)

    for person in (officer, leader):  # neither the officer nor the UBND huyện's leader signs for the Phòng
        with pytest.raises(PermissionDenied):
            approve_directive(directive=directive, actor=person)
    directive = approve_directive(directive=directive, actor=head)
    assert directive.state == DirectiveState.ISSUED
    assert (directive.signer_name, directive.signer_position) == ("Hoàng Nam", "TRƯỞNG PHÒNG")


def test_closing_is_for_a_signed_directive_only(submitted, officer, leader):
    with pytest.raises(DirectiveError, match="Chỉ kết thúc được văn bản đã giao"):
        close_directive(directive=submitted, actor=officer)
    approve_directive(directive=submitted, actor=leader)
    assert (
        close_directive(directive=submitted, actor=officer, reason="Hết đợt").state == DirectiveState.CLOSED
    )


def test_the_history_names_each_step(client, submitted, leader, officer):
    return_directive(directive=submitted, actor=leader, reason="Bổ sung số văn bản.")
    submit_for_signature(directive=submitted, actor=officer)
    approve_directive(directive=submitted, actor=leader)
    client.force_login(officer)
    page = client.get(reverse("directives:detail", args=[submitted.pk])).content.decode()
    history = page[page.index("Lịch sử") :]
    for step in ("Tạo văn bản", "Trình ký", "Trả lại", "Trình ký lại", "Ký duyệt, giao nhiệm vụ"):
        assert step in history
    assert "Bổ sung số văn bản." in history


def test_the_return_page_asks_the_leader_for_a_reason(client, submitted, leader):
    client.force_login(leader)
    url = reverse("directives:return", args=[submitted.pk])
    assert 'name="reason"' in client.get(url).content.decode()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Hãy ghi lý do trả lại để chuyên viên biết cần sửa gì." in response.content.decode()
    approve_directive(directive=submitted, actor=leader)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("directives:detail", args=[submitted.pk])
    assert "không trả lại được" in response.content.decode()
