"""One way to type a date everywhere: dd/mm/yyyy in a text box, as Vietnamese write it.

A browser's own date input shows mm/dd/yyyy in an English browser beside our dd/mm/yyyy text, so it is not
used. The box says its pattern and the browser checks it before sending; the server reads dd/mm/yyyy (also
with "-" or "." and a two-digit year) and ISO dates, which older pages and scripts send.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_HELP = _("dd/mm/yyyy")
INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%Y-%m-%d"]
# Anchored by the browser; ISO is let through for the same reason the server reads it.
PATTERN = r"\d{1,2}[\/.\-]\d{1,2}[\/.\-](\d{2}|\d{4})|\d{4}-\d{1,2}-\d{1,2}"


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs: dict | None = None):
        base = {
            "placeholder": DATE_HELP,
            "inputmode": "numeric",
            "autocomplete": "off",
            "pattern": PATTERN,
            "title": _("Ngày/tháng/năm, ví dụ 15/10/2023"),
            "maxlength": 10,
            "class": "date-input",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class DateField(forms.DateField):
    widget = DateInput
    input_formats = INPUT_FORMATS
    default_error_messages = {"invalid": _("Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/10/2023.")}
