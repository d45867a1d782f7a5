from django import template

register = template.Library()


@register.filter
def person_name(user) -> str:
    """Vietnamese order: họ (last_name) then tên (first_name): "Nguyễn Thị Lan"."""
    full = f"{user.last_name} {user.first_name}".strip()
    return full or user.get_username()


@register.simple_tag(takes_context=True)
def way_back(context) -> str:
    """The page the person came from, if it is one of ours (an error page offers it as the way back); a
    referrer from another site or a malformed one gives nothing."""
    from django.utils.http import url_has_allowed_host_and_scheme

    request = context.get("request")
    if request is None:
        return ""
    referrer = request.META.get("HTTP_REFERER", "")
    if (
        referrer
        and referrer != request.build_absolute_uri()
        and url_has_allowed_host_and_scheme(
            referrer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return referrer
    return ""
