"""In-app messages about a directive's signature: the leaders learn that something waits for them, the officer
learns that it was signed or returned. In Lantoa only (the bell), written in the same transaction as the step,
so a step that fails leaves no message behind."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from lantoa.core.templatetags.lantoa import person_name
from lantoa.directives.selectors import signers_of
from lantoa.directives.signals import directive_issued, directive_returned, directive_submitted
from lantoa.notifications.models import Message
from lantoa.notifications.services import _forget_unread, absolute


def _write(recipients, *, directive, subject: str, body: str) -> None:
    url = absolute(reverse("directives:detail", args=[directive.pk]) + "#ky-duyet")
    messages = [
        Message(recipient=user, directive=directive, subject=subject[:255], body=body, url=url)
        for user in recipients
    ]
    Message.objects.bulk_create(messages)
    _forget_unread({m.recipient_id for m in messages})


@receiver(directive_submitted)
def tell_the_leaders(sender, directive, actor, note="", **kwargs) -> None:
    leaders = [user for user in signers_of(directive.issuer) if user.pk != actor.pk]
    body = _("{person} trình ký {directive}, nhân danh {issuer}.").format(
        person=person_name(actor), directive=directive, issuer=directive.issuer
    )
    if note:
        body += "\n" + _("Ghi chú: {note}").format(note=note)
    _write(
        leaders, directive=directive, subject=_("Văn bản chờ ký duyệt: {d}").format(d=directive), body=body
    )


@receiver(directive_returned)
def tell_the_submitter_it_came_back(sender, directive, actor, reason, **kwargs) -> None:
    if directive.submitted_by_id is None or directive.submitted_by_id == actor.pk:
        return
    _write(
        [directive.submitted_by],
        directive=directive,
        subject=_("Văn bản bị trả lại: {d}").format(d=directive),
        body=_("{person} trả lại văn bản. Lý do: {reason}").format(person=person_name(actor), reason=reason),
    )


@receiver(directive_issued)
def tell_the_submitter_it_was_signed(sender, directive, **kwargs) -> None:
    signer = directive.signed_by
    if directive.submitted_by_id is None or signer is None or directive.submitted_by_id == signer.pk:
        return
    _write(
        [directive.submitted_by],
        directive=directive,
        subject=_("Văn bản đã được ký duyệt: {d}").format(d=directive),
        body=_("{person} đã ký duyệt; nhiệm vụ đã được giao cho các đơn vị.").format(
            person=person_name(signer)
        ),
    )
