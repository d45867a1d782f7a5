"""Telling people: the in-app message is written with the step that caused it, the e-mail goes after.

`notify` writes one `Message` per person inside the caller's transaction (a step that fails leaves no message
behind) and hands the e-mails to `send_after_commit`, which sends them only once the transaction has
committed. A mail server that is down never undoes the step: the message stays owed (`emailed_at` empty) and
the next `lantoa remind` run sends it (`services.deliver_pending_emails`).

`send_after_commit` is the one door to the mail server for events: it queues `notifications.send` jobs
(lantoa/jobs), so the mail goes out of the request, retried with back-off.
"""

import contextlib
import logging
import smtplib
from collections.abc import Iterable

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from lantoa.notifications.models import Channel, Message, NotificationPreference, Reminder
from lantoa.notifications.selectors import unread_cache_key

logger = logging.getLogger(__name__)
# Errors about one message (a refused address); any other error means the server is down for now.
ONE_MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def forget_unread(user_ids) -> None:
    """The bell's cached count is stale for these people: now for this process, and again once committed so
    no request re-caches the old figure meanwhile."""
    from django.core.cache import cache

    keys = [unread_cache_key(pk) for pk in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def addresses(users: Iterable) -> dict[int, str]:
    """The address each person wants mail at now ("" = not now: in-app only, or in the daily digest)."""
    users = list(users)
    later = set(
        NotificationPreference.objects.filter(
            user__in=users, channel__in=[Channel.APP_ONLY, Channel.DIGEST]
        ).values_list("user_id", flat=True)
    )
    return {u.pk: "" if u.pk in later or not u.email else u.email for u in users}


def notify(
    recipients: Iterable, *, directive, subject: str, body: str, url: str, kind: str, reminder=None
) -> list[Message]:
    """One in-app message to each person (once each, whatever the order), and their e-mails after commit."""
    people = {user.pk: user for user in recipients if getattr(user, "is_active", True)}
    if not people:
        return []
    mail_to = addresses(people.values())
    messages = Message.objects.bulk_create(
        [
            Message(
                recipient=user,
                directive=directive,
                reminder=reminder,
                subject=subject[:255],
                body=body,
                url=url,
                email_to=mail_to[user.pk],
                kind=kind,
            )
            for user in people.values()
        ],
        batch_size=1000,
    )
    forget_unread(people)
    owed = [m.pk for m in messages if m.email_to and m.pk]
    if owed:
        send_after_commit(owed)
    return messages


# One job sends at most this many e-mails: a national campaign issued to thousands of units becomes several
# jobs, each short enough to retry on its own.
MAIL_BATCH = 200


def send_after_commit(message_ids: list[int]) -> None:
    """Send these messages' e-mails in background jobs, handed to a worker once the current transaction
    commits: a slow or dead mail server never holds the request, and the job retries with back-off."""
    from lantoa.jobs.services import enqueue

    ids = sorted(message_ids)
    for start in range(0, len(ids), MAIL_BATCH):
        enqueue(kind="notifications.send", params={"messages": ids[start : start + MAIL_BATCH]})


def send_messages(message_ids: list[int]) -> tuple[int, int]:
    """Send the e-mails still owed among these messages: (sent, failed). Never raises: what fails stays owed
    for the next run of `lantoa remind`, which tries again."""
    pending = list(
        Message.objects.filter(pk__in=message_ids, emailed_at__isnull=True)
        .exclude(email_to="")
        .order_by("pk")
    )
    if not pending:
        return 0, 0
    sent, failed = [], 0
    try:
        connection = get_connection(fail_silently=False)
        for message in pending:
            mail = EmailMessage(
                subject=message.subject, body=message.body, to=[message.email_to], connection=connection
            )
            try:
                connection.send_messages([mail])
            except (smtplib.SMTPException, OSError) as exc:
                logger.warning("e-mail of message %s to %s not sent: %s", message.pk, message.email_to, exc)
                if isinstance(exc, ONE_MESSAGE_ERRORS):
                    failed += 1
                    continue
                failed = len(pending) - len(sent)
                break  # the server is down: the rest wait for the next run instead of timing out
            sent.append(message.pk)
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    except Exception:  # a broken mail configuration must not turn a committed step into an error page
        logger.exception("e-mails of messages %s not sent", message_ids)
    if sent:
        now = timezone.now()
        Message.objects.filter(pk__in=sent).update(emailed_at=now)
        settle_reminders({m.reminder_id for m in pending if m.reminder_id and m.pk in sent}, now=now)
    return len(sent), failed


def settle_reminders(reminder_ids: set[int], *, now) -> None:
    """Mark sent the reminders none of whose e-mails is still owed."""
    if not reminder_ids:
        return
    owed = Message.objects.filter(reminder=OuterRef("pk"), emailed_at__isnull=True).exclude(email_to="")
    Reminder.objects.filter(pk__in=reminder_ids, sent_at__isnull=True).exclude(Exists(owed)).update(
        sent_at=now, last_error=""
    )
