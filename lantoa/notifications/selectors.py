"""Reads that depend on the person: their own messages, and the directives whose late units they may chase."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404

from lantoa.directives.models import Directive
from lantoa.directives.selectors import can_manage, get_directive_for_user_or_404
from lantoa.notifications.models import Channel, Message, NotificationPreference

INBOX_SIZE = 100


def messages_visible_to(user) -> QuerySet[Message]:
    """A person's own messages; nobody reads another person's, not even the office."""
    if not user.is_authenticated:
        return Message.objects.none()
    return Message.objects.filter(recipient=user)


def inbox_of(user) -> list[Message]:
    return list(messages_visible_to(user).order_by("-created_at", "-pk")[:INBOX_SIZE])


def get_message_for_user_or_404(user, pk: int) -> Message:
    message = messages_visible_to(user).filter(pk=pk).first()
    if message is None:
        raise Http404
    return message


def unread_cache_key(user_id: int) -> str:
    return f"lantoa:unread:{user_id}"


def unread_count(user) -> int:
    """The bell's figure: one COUNT, kept briefly in the cache (every page shows it); writes clear it."""
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = messages_visible_to(user).filter(read_at__isnull=True).count()
        cache.set(key, count, settings.LANTOA_PAGE_CHECK_SECONDS)
    return count


def channel_of(user) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.channel if preference else Channel.EMAIL_AND_APP


def get_nudgeable_report_or_404(user, pk: int):
    """A report whose unit this person may chase ("Nhắc ngay"): one they see, of a directive they manage."""
    from lantoa.reports.selectors import get_report_for_user_or_404

    report = get_report_for_user_or_404(user, pk)
    if not can_manage(user, report.directive):
        raise Http404
    return report


def get_dunning_directive_or_404(user, pk: int) -> Directive:
    """Only the directive's managers draft a công văn đôn đốc; anyone else gets the same 404 as a missing one."""
    directive = get_directive_for_user_or_404(user, pk)
    if not can_manage(user, directive):
        raise Http404
    return directive
