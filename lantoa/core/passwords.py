"""Password rules beyond Django's own (settings.AUTH_PASSWORD_VALIDATORS lists them all).

Django's list of common passwords is English. People here pick "matkhau123", "anhyeuem", the site's or the
office's name, a keyboard run or one character repeated: those are the first guesses of anyone attacking
a Vietnamese government site, so they are refused whatever digits and symbols surround them.
"""

import re
import unicodedata

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words that carry no secret here: the site, the administration, the usual Vietnamese choices.
GUESSABLE_WORDS = {
    "lantoa",
    "matkhau",
    "matkhaumoi",
    "anhyeuem",
    "emyeuanh",
    "yeuem",
    "yeuanh",
    "iloveyou",
    "vietnam",
    "hanoi",
    "saigon",
    "hochiminh",
    "thanhhoa",
    "ubnd",
    "ubndxa",
    "ubndhuyen",
    "ubndtinh",
    "uybannhandan",
    "congvan",
    "vanhoa",
    "quantri",
    "admin",
    "administrator",
    "password",
    "passw0rd",
    "qwerty",
    "asdfgh",
    "zxcvbn",
    "abc",
    "abcd",
    "abcdef",
}
KEYBOARD_RUNS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "abcdefghijklmnopqrstuvwxyz")
MIN_DISTINCT_CHARACTERS = 5


def _plain(text: str) -> str:
    """Lower case, no diacritics (đ → d): "Mật khẩu" and "matkhau" are the same guess."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _is_run(text: str) -> bool:
    if len(text) < 4:
        return False
    return any(text in run or text in run[::-1] for run in KEYBOARD_RUNS)


class GuessablePasswordValidator:
    """Refuses a password that is only guessable words, repeats, and keyboard runs with digits around."""

    def validate(self, password: str, user=None) -> None:
        plain = _plain(password)
        letters = re.sub(r"[^a-z]", "", plain)
        if letters in GUESSABLE_WORDS or (letters and _is_run(letters)) or _is_run(re.sub(r"\W", "", plain)):
            raise ValidationError(
                _(
                    "Mật khẩu này quá dễ đoán (tên trang, “matkhau”, một dãy phím liền nhau…), dù có thêm số hay "
                    "ký hiệu. Hãy dùng một câu ngắn chỉ bạn biết, ví dụ “Lua-chin-vang-dong-2023”."
                ),
                code="password_guessable",
            )
        if user is not None:
            compact = re.sub(r"[^a-z0-9]", "", plain)
            for attribute in (user.get_username(), (getattr(user, "email", "") or "").split("@")[0]):
                own = re.sub(r"[^a-z0-9]", "", _plain(attribute or ""))
                if len(own) >= 4 and own in compact:
                    raise ValidationError(
                        _("Mật khẩu không được chứa tên đăng nhập hay tên e-mail của bạn."),
                        code="password_contains_username",
                    )
        if len(set(password)) < MIN_DISTINCT_CHARACTERS:
            raise ValidationError(
                _("Mật khẩu cần ít nhất {n} ký tự khác nhau; không lặp lại một vài ký tự.").format(
                    n=MIN_DISTINCT_CHARACTERS
                ),
                code="password_repetitive",
            )

    def get_help_text(self) -> str:
        return _("Không dùng từ dễ đoán (matkhau, tên trang, tên cơ quan) hay dãy phím liền nhau.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule, with its message in Vietnamese (Django's own translation misses the plural)."""

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                _("Mật khẩu quá ngắn: cần ít nhất {n} ký tự.").format(n=self.min_length),
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return _("Mật khẩu có ít nhất {n} ký tự.").format(n=self.min_length)


class MaximumLengthValidator:
    """A bound on what the server hashes per try; long enough for any passphrase."""

    max_length = 128

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("Mật khẩu dài quá {n} ký tự.").format(n=self.max_length), code="password_too_long"
            )

    def get_help_text(self) -> str:
        return _("Mật khẩu dài không quá {n} ký tự.").format(n=self.max_length)
