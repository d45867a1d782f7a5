"""The page where a person creates and revokes their own API tokens."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.api.tokens import TokenError, create_token, revoke_token, tokens_of


def token_list(request):
    created = None
    error = ""
    if request.method == "POST":
        try:
            _token, created = create_token(
                user=request.user, name=request.POST.get("name", ""), actor=request.user
            )
        except TokenError as exc:
            error = str(exc)
    return render(
        request,
        "api/tokens.html",
        {"tokens": tokens_of(request.user), "created": created, "error": error},
    )


@require_POST
def token_revoke(request, pk: int):
    token = tokens_of(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    revoke_token(token=token, actor=request.user)
    messages.success(
        request, _("Đã thu hồi khóa “{name}”: khóa này không dùng được nữa.").format(name=token.name)
    )
    return redirect("api_tokens:list")
