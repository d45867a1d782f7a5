"""The office gets one collective summary per run and directive, not one mail per late unit."""

import pytest
from django.core import mail

from lantoa.notifications.models import Message
from lantoa.notifications.services import run_reminders
from tests.notifications.conftest import day

pytestmark = pytest.mark.django_db


def test_the_office_gets_one_summary_naming_the_late_units(campaign, officer):
    run_reminders(today=day(2))

    summary = Message.objects.get(recipient=officer)
    assert summary.reminder is None
    assert summary.subject.startswith("38 đơn vị chưa báo cáo")
    assert "UBND xã Hoằng Xuân" in summary.body
    assert "15/10/2023" in summary.body
    assert summary.url.endswith(f"/bao-cao/van-ban/{campaign.pk}/")
    to_office = [m for m in mail.outbox if m.to == ["chuyenvien@vhtt.example"]]
    assert len(to_office) == 1


def test_a_second_run_the_same_day_sends_the_office_nothing(campaign, officer):
    run_reminders(today=day(0))
    run_reminders(today=day(0))

    assert Message.objects.filter(recipient=officer).count() == 1


def test_the_summary_points_to_the_dunning_letter_once_units_are_reminded_often_enough(campaign, officer):
    for offset in (2, 4, 6):
        run_reminders(today=day(offset))

    bodies = list(Message.objects.filter(recipient=officer).order_by("pk").values_list("body", flat=True))
    assert len(bodies) == 3
    assert "công văn đôn đốc" not in bodies[1]
    assert "38 đơn vị đã được nhắc quá hạn từ 3 lần" in bodies[2]
    assert f"/thong-bao/don-doc/{campaign.pk}/" in bodies[2]
