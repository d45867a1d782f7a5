"""The notification work done in the background: event e-mails and the scheduled reminder run."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lantoa.jobs.registry import JobRetry, job_kind
from lantoa.notifications.delivery import send_messages
from lantoa.notifications.models import Message
from lantoa.notifications.services import run_reminders


@job_kind("notifications.send", label=_("Gửi thư thông báo"), max_attempts=4)
def send_notification_emails(job, progress) -> dict:
    ids = [int(pk) for pk in job.params.get("messages", [])]
    sent, failed = send_messages(ids)
    owed = Message.objects.filter(pk__in=ids, emailed_at__isnull=True).exclude(Q(email_to="")).count()
    if owed:
        # Still owed after this attempt: the job retries with back-off, and `lantoa remind` also sends them.
        raise JobRetry(_("Máy chủ thư chưa nhận {n} thư.").format(n=owed))
    return {"sent": sent, "failed": failed}


@job_kind("reminders.run", label=_("Nhắc báo cáo theo lịch"), max_attempts=2)
def run_reminder_job(job, progress) -> dict:
    result = run_reminders()
    return {
        "reminders": result.reminders,
        "messages": result.messages,
        "emails_sent": result.emails_sent,
        "emails_failed": result.emails_failed,
        "digests": result.digests,
    }
