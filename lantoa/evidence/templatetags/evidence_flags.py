"""The flags block of an activity page. A template tag, so that the ledger's pages show what the checks
found without the ledger importing the app above it."""

from django import template

from lantoa.activities.selectors import can_log_for
from lantoa.evidence.selectors import can_check_flag, flags_of_activities

register = template.Library()


@register.inclusion_tag("evidence/_activity_flags.html", takes_context=True)
def activity_flags(context, activity):
    request = context["request"]
    # The unit's own people are not shown the flags: the checks inform the review, they never block.
    if can_log_for(request.user, activity.unit):
        return {"flags": []}
    flags = flags_of_activities([activity.pk])
    if flags:
        may_check = can_check_flag(request.user, flags[0])
        for flag in flags:
            flag.may_check = may_check
    return {"flags": flags, "next_url": request.get_full_path(), "show_activity": False, "request": request}
