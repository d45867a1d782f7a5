from lantoa.notifications.selectors import unread_count


class _Unread:
    """The bell's count: one COUNT query, run only when a template shows it, at most once per request."""

    def __init__(self, request):
        self.request = request

    def __call__(self) -> int:
        cached = getattr(self.request, "_lantoa_unread", None)
        if cached is None:
            user = getattr(self.request, "user", None)
            cached = unread_count(user) if user is not None and user.is_authenticated else 0
            self.request._lantoa_unread = cached
        return cached


def notifications(request) -> dict:
    return {"unread_messages": _Unread(request)}
