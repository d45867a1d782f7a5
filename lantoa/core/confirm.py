"""Asking before an irreversible step: issuing to 37 units, accepting, submitting, removing, redrafting.

The server decides: a view whose step needs confirming calls `is_confirmed(request)` and, until the POST
carries `xac_nhan=1`, answers with `ask(...)`, a page that names what will happen and posts the same fields
again with the confirmation. So the step is asked for even without JavaScript, and a forged or replayed
POST without the field changes nothing.

With JavaScript, `static/lantoa/confirm.js` asks the same question in a native <dialog> before the form is
sent (the text is in the form's `data-confirm` attributes, see `Confirmation.attrs`) and adds the field, so
the page in between is skipped. The site's Content-Security-Policy allows no inline script or style, hence
a static file and classes only.
"""

from dataclasses import dataclass, field

from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import SafeString

CONFIRM_FIELD = "xac_nhan"


def is_confirmed(request) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "1"


@dataclass
class Confirmation:
    """What will happen, in the words of the person about to do it."""

    title: str  # "Ký duyệt và giao nhiệm vụ?"
    lines: list[str] = field(default_factory=list)  # "Giao 4 nhiệm vụ cho 37 đơn vị.", "Sau khi giao …"
    button: str = ""  # the confirming button: "Ký duyệt và giao"
    cancel_url: str = ""  # where "Thôi" leads on the server-side page
    danger: bool = False  # a removal: the button is drawn as such

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def attrs(self) -> SafeString:
        """The form's attributes that confirm.js reads; every value is escaped."""
        return format_html(
            'data-confirm="{}" data-confirm-title="{}" data-confirm-button="{}"{}',
            self.text or self.title,
            self.title,
            self.button,
            format_html(" {}", "data-confirm-danger") if self.danger else "",
        )


def ask(request, confirmation: Confirmation, *, status: int = 200):
    """The server-side step: the page that says what will happen and sends the same POST again, confirmed."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in values
    ]
    response = render(
        request,
        "core/confirm.html",
        {"confirmation": confirmation, "fields": fields, "action": request.get_full_path()},
        status=status,
    )
    if request.headers.get("HX-Request"):
        # An htmx request only gets here when confirm.js did not run: show the question as the whole page.
        response["HX-Retarget"] = "body"
        response["HX-Reswap"] = "innerHTML"
    return response
