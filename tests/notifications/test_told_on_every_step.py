"""People hear about each step when it happens, not only from the nightly reminders: the units when they are
given tasks and when their report is returned, accepted or reopened; the office when a report arrives. In
Lantoa at once, by e-mail as each person chose (at once, in a daily digest, or not), and only after the step
is committed: a mail server that is down never undoes the step."""

import datetime

import pytest
from django.core import mail

from lantoa.directives.lifecycle import approve_directive, submit_for_signature
from lantoa.notifications.models import Channel, Message, MessageKind, NotificationPreference
from lantoa.notifications.services import run_reminders, send_digests, set_channel
from lantoa.reports.services import (
    accept_report,
    reopen_report,
    return_report,
    save_report,
    submit_report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailboxes(commune_reporter, officer, leader):
    for person, address in (
        (commune_reporter, "canboxa@hoangxuan.example"),
        (officer, "chuyenvien@vhtt.example"),
        (leader, "lanhdao@hoanghoa.example"),
    ):
        person.email = address
        person.save(update_fields=["email"])


def _messages(person, kind):
    return list(Message.objects.filter(recipient=person, kind=kind))


def _mailed_to(address):
    return [m for m in mail.outbox if address in m.to]


def _written(report, person):
    return save_report(
        report=report, actor=person, results="Đã đăng 3 tin bài.", difficulties="", proposals=""
    )


def test_issuing_tells_every_assigned_unit_after_the_signature_is_committed(
    draft_example_directive, officer, leader, commune_reporter, mailboxes, django_capture_on_commit_callbacks
):
    submit_for_signature(directive=draft_example_directive, actor=officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approve_directive(directive=draft_example_directive, actor=leader)
    told = _messages(commune_reporter, MessageKind.ISSUED)
    assert len(told) == 1
    assert told[0].subject.startswith("Nhiệm vụ mới: Công văn số 1234/UBND-VHTT")
    assert "Hạn báo cáo: 15/10/2023" in told[0].body
    assert not _mailed_to("canboxa@hoangxuan.example")  # not before the commit
    for callback in callbacks:
        callback()
    sent = _mailed_to("canboxa@hoangxuan.example")
    assert [m.subject for m in sent] == [told[0].subject]
    told[0].refresh_from_db()
    assert told[0].emailed_at is not None
    assert not _messages(leader, MessageKind.ISSUED)  # the signer is not told of their own step


def test_a_submission_and_a_resubmission_reach_the_reviewers(
    example_directive,
    commune_report,
    commune_reporter,
    officer,
    mailboxes,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(report=_written(commune_report, commune_reporter), actor=commune_reporter)
    first = _messages(officer, MessageKind.SUBMITTED)
    assert [m.subject for m in first] == ["Báo cáo mới: UBND xã Hoằng Xuân"]
    assert _mailed_to("chuyenvien@vhtt.example")
    return_report(report=commune_report, actor=officer, reason="Thiếu ảnh.")
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(report=commune_report, actor=commune_reporter)
    again = [m for m in _messages(officer, MessageKind.SUBMITTED) if m.pk != first[0].pk]
    assert [m.subject for m in again] == ["Báo cáo nộp lại (lần 2): UBND xã Hoằng Xuân"]
    assert "trang báo cáo cho thấy những gì đã thay đổi" in again[0].body
    assert not _messages(commune_reporter, MessageKind.SUBMITTED)


def test_returned_accepted_and_reopened_reach_the_unit(
    example_directive,
    commune_report,
    commune_reporter,
    officer,
    mailboxes,
    django_capture_on_commit_callbacks,
):
    submit_report(report=_written(commune_report, commune_reporter), actor=commune_reporter)
    with django_capture_on_commit_callbacks(execute=True):
        return_report(report=commune_report, actor=officer, reason="Bổ sung ảnh minh chứng.")
    returned = _messages(commune_reporter, MessageKind.RETURNED)
    assert len(returned) == 1
    assert "Lý do: Bổ sung ảnh minh chứng." in returned[0].body
    assert returned[0].url.endswith(f"/bao-cao/{commune_report.pk}/")
    submit_report(report=commune_report, actor=commune_reporter)
    with django_capture_on_commit_callbacks(execute=True):
        accept_report(report=commune_report, actor=officer)
    assert len(_messages(commune_reporter, MessageKind.ACCEPTED)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        reopen_report(report=commune_report, actor=officer, reason="Nhầm số phút.")
    reopened = _messages(commune_reporter, MessageKind.REOPENED)
    assert "Lý do: Nhầm số phút." in reopened[0].body
    assert len(_mailed_to("canboxa@hoangxuan.example")) == 3
    assert not Message.objects.filter(
        recipient=officer, kind__in=["returned", "accepted", "reopened"]
    ).exists()


def test_in_app_only_means_no_mail_and_the_action_stands_when_the_server_is_down(
    settings,
    example_directive,
    commune_report,
    commune_reporter,
    officer,
    mailboxes,
    django_capture_on_commit_callbacks,
):
    set_channel(actor=officer, channel=Channel.APP_ONLY)
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(report=_written(commune_report, commune_reporter), actor=commune_reporter)
    assert len(_messages(officer, MessageKind.SUBMITTED)) == 1
    assert not _mailed_to("chuyenvien@vhtt.example")

    settings.EMAIL_BACKEND = "tests.notifications.backends.UnreachableBackend"
    with django_capture_on_commit_callbacks(execute=True):
        return_report(report=commune_report, actor=officer, reason="Thiếu ảnh.")  # no error page
    commune_report.refresh_from_db()
    assert commune_report.state == "returned"
    owed = Message.objects.get(recipient=commune_reporter, kind=MessageKind.RETURNED)
    assert owed.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_reminders(today=datetime.date(2023, 10, 1))  # the next run sends what is owed
    owed.refresh_from_db()
    assert owed.emailed_at is not None


def test_the_daily_digest_gathers_the_days_messages_into_one_mail(
    example_directive,
    commune_report,
    commune_reporter,
    officer,
    mailboxes,
    django_capture_on_commit_callbacks,
):
    set_channel(actor=commune_reporter, channel=Channel.DIGEST)
    submit_report(report=_written(commune_report, commune_reporter), actor=commune_reporter)
    with django_capture_on_commit_callbacks(execute=True):
        return_report(report=commune_report, actor=officer, reason="Thiếu ảnh.")
    assert not _mailed_to("canboxa@hoangxuan.example")  # in the digest, not now
    unread = Message.objects.filter(recipient=commune_reporter, read_at__isnull=True).count()
    assert unread >= 1

    today = datetime.date(2023, 10, 14)
    assert send_digests(today=today) == 1
    digest = _mailed_to("canboxa@hoangxuan.example")
    assert len(digest) == 1
    assert digest[0].subject == f"Lantoa: {unread} thông báo mới (14/10/2023)"
    assert "Báo cáo bị trả lại" in digest[0].body
    assert send_digests(today=today) == 0  # at most one a day
    assert NotificationPreference.objects.get(user=commune_reporter).last_digest_on == today
    assert send_digests(today=today + datetime.timedelta(days=1)) == 0  # nothing new since


def test_a_step_that_tells_thousands_sends_their_mail_in_background_jobs_of_a_batch_each(
    example_directive,
    commune_report,
    commune_reporter,
    mailboxes,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    from lantoa.jobs.models import Job, JobState
    from lantoa.notifications import delivery
    from lantoa.notifications.delivery import notify

    monkeypatch.setattr(delivery, "MAIL_BATCH", 1)  # as if the step told more people than one job should mail
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [commune_reporter],
            directive=example_directive,
            subject="Nhiệm vụ mới",
            body="…",
            url="http://t/",
            kind=MessageKind.ISSUED,
        )
    jobs = Job.objects.filter(kind="notifications.send")
    assert [job.state for job in jobs] == [JobState.SUCCEEDED]
    assert [m.subject for m in mail.outbox] == ["Nhiệm vụ mới"]
