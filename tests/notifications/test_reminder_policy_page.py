"""The office changes when a directive's late units are chased, on a page instead of the Django admin."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lantoa.core.models import AuditEvent
from lantoa.notifications.models import ReminderPolicy
from lantoa.notifications.services import plan_reminders, set_reminder_policy
from tests.notifications.conftest import day

pytestmark = pytest.mark.django_db

NEW_RULES = {
    "enabled": "on",
    "days_before": "2, 5",
    "on_due_day": "on",
    "overdue_every_days": "3",
    "escalate_after": "2",
}


def _url(directive) -> str:
    return reverse("notifications:policy", args=[directive.pk])


def _planned_keys(directive, report, today) -> list[str]:
    return [
        p.key
        for plan in plan_reminders(today=today)
        if plan.directive.pk == directive.pk
        for p in plan.reminders
        if p.report.pk == report.pk
    ]


def test_the_officer_sees_the_default_rules_of_a_directive_nobody_configured(client, campaign, officer):
    client.force_login(officer)
    response = client.get(_url(campaign))

    assert response.status_code == 200
    page = response.content.decode()
    assert "đang dùng cách nhắc mặc định" in page
    assert "Nhắc trước hạn 3, 1 ngày." in page
    assert "Nhắc vào đúng ngày đến hạn." in page
    assert "nhắc 2 ngày một lần" in page
    assert "từ 3 lần trở lên" in page
    assert 'value="3, 1"' in page
    assert not ReminderPolicy.objects.filter(directive=campaign).exists()


def test_the_officer_saves_new_rules_and_the_next_run_follows_them(client, campaign, officer, commune_report):
    # Five days before the deadline: the default rules (3 and 1 days before) remind nobody.
    assert _planned_keys(campaign, commune_report, day(-5)) == []

    client.force_login(officer)
    response = client.post(_url(campaign), NEW_RULES)

    assert response.status_code == 302
    assert response["Location"] == _url(campaign)
    row = ReminderPolicy.objects.get(directive=campaign)
    assert row.days_before == [5, 2]
    assert (row.enabled, row.on_due_day, row.overdue_every_days, row.escalate_after) == (True, True, 3, 2)
    assert _planned_keys(campaign, commune_report, day(-5)) == ["before-5"]
    assert _planned_keys(campaign, commune_report, day(-3)) == []  # the old rule no longer fires
    assert _planned_keys(campaign, commune_report, day(3)) == ["overdue-2023-10-18"]

    event = AuditEvent.objects.get(action="reminder_policy.set")
    assert event.actor == officer
    assert event.detail["from"]["days_before"] == [3, 1]
    assert event.detail["to"]["days_before"] == [5, 2]

    page = client.get(response["Location"]).content.decode()
    assert "Đã lưu cách nhắc việc" in page
    assert "Nhắc trước hạn 5, 2 ngày." in page
    assert "nhắc 3 ngày một lần" in page
    assert 'value="5, 2"' in page


def test_switching_reminders_off_stops_every_reminder_of_the_directive(
    client, campaign, officer, commune_report
):
    client.force_login(officer)
    client.post(_url(campaign), {**NEW_RULES, "enabled": ""})

    assert ReminderPolicy.objects.get(directive=campaign).enabled is False
    assert _planned_keys(campaign, commune_report, day(0)) == []
    assert "Đang tắt" in client.get(_url(campaign)).content.decode()


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("ba, một", "“ba, một” không phải số ngày hợp lệ: gõ các số nguyên từ 1 đến 30"),
        ("3, 45", "“45” không phải số ngày hợp lệ"),
        ("0", "“0” không phải số ngày hợp lệ"),
        ("2.5", "“2.5” không phải số ngày hợp lệ"),
        ("3, 1, 3", "Số ngày 3 được gõ hơn một lần: mỗi số chỉ gõ một lần, ví dụ: 3, 1."),
    ],
)
def test_bad_days_before_keeps_what_was_typed_with_a_vietnamese_error(
    client, campaign, officer, typed, error
):
    client.force_login(officer)
    response = client.post(_url(campaign), {**NEW_RULES, "days_before": typed})

    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert f'value="{typed}"' in page
    assert 'value="3"' in page  # the other fields keep what was typed too
    assert not ReminderPolicy.objects.filter(directive=campaign).exists()


def test_out_of_range_numbers_say_what_to_type(client, campaign, officer):
    client.force_login(officer)
    response = client.post(_url(campaign), {**NEW_RULES, "overdue_every_days": "99", "escalate_after": ""})

    page = response.content.decode()
    assert "Gõ một số nguyên từ 0 đến 30, ví dụ: 2" in page
    assert "Gõ một số nguyên từ 1 đến 20, ví dụ: 3." in page
    assert 'value="99"' in page
    assert not ReminderPolicy.objects.filter(directive=campaign).exists()


def test_days_before_may_be_left_empty_to_remind_only_from_the_deadline(
    client, campaign, officer, commune_report
):
    client.force_login(officer)
    client.post(_url(campaign), {**NEW_RULES, "days_before": ""})

    assert ReminderPolicy.objects.get(directive=campaign).days_before == []
    assert _planned_keys(campaign, commune_report, day(-1)) == []
    assert _planned_keys(campaign, commune_report, day(0)) == ["due"]


def test_a_commune_reporter_and_an_outsider_cannot_open_or_change_the_rules(
    client, campaign, outsider, commune_reporter
):
    for person in (outsider, commune_reporter):
        client.force_login(person)
        dunning = client.get(reverse("notifications:dunning", args=[campaign.pk]))
        assert client.get(_url(campaign)).status_code == dunning.status_code == 404
        assert client.post(_url(campaign), NEW_RULES).status_code == 404

    assert not ReminderPolicy.objects.filter(directive=campaign).exists()
    assert not AuditEvent.objects.filter(action="reminder_policy.set").exists()


def test_the_service_refuses_anyone_who_does_not_manage_the_directive(campaign, commune_reporter, outsider):
    for person in (outsider, commune_reporter):
        with pytest.raises(PermissionDenied):
            set_reminder_policy(
                directive=campaign,
                actor=person,
                enabled=False,
                days_before=[5],
                on_due_day=False,
                overdue_every_days=0,
                escalate_after=1,
            )
    assert not ReminderPolicy.objects.filter(directive=campaign).exists()


def test_the_directive_page_and_the_dunning_page_link_to_the_rules(
    client, campaign, officer, commune_reporter
):
    client.force_login(officer)
    assert _url(campaign) in client.get(reverse("directives:detail", args=[campaign.pk])).content.decode()
    assert _url(campaign) in client.get(reverse("notifications:dunning", args=[campaign.pk])).content.decode()

    client.force_login(commune_reporter)
    assert _url(campaign) not in client.get(reverse("directives:detail", args=[campaign.pk])).content.decode()


def test_the_service_refuses_rules_the_form_would_refuse(campaign, officer):
    with pytest.raises(ValidationError) as refused:
        set_reminder_policy(
            directive=campaign,
            actor=officer,
            enabled=True,
            days_before=[3, 3, 40],
            on_due_day=True,
            overdue_every_days=31,
            escalate_after=0,
        )
    assert set(refused.value.message_dict) == {"days_before", "overdue_every_days", "escalate_after"}
    assert not ReminderPolicy.objects.filter(directive=campaign).exists()
