"""One JSON shape for every refusal, in Vietnamese:

    {"error": {"code": "not_found", "message": "…", "details": ["…"]}}

`code` is stable (clients branch on it); `message` is for people; `details` lists what to fix.
"""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaValidationError


class ErrorBody(Schema):
    code: str
    message: str
    details: list[str] = []


class ErrorOut(Schema):
    error: ErrorBody


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _body(code: str, message: str, details: list[str] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or []}}


def _field(error: dict) -> str:
    where = ".".join(
        str(part) for part in error.get("loc", []) if part not in {"body", "query", "path", "form"}
    )
    return f"{where}: {error.get('msg', '')}" if where else str(error.get("msg", ""))


def install(api) -> None:
    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(
            request,
            _body("not_found", _("Không tìm thấy, hoặc bạn không có quyền xem đối tượng này.")),
            status=404,
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        message = str(exc) or _("Bạn không có quyền làm việc này.")
        return api.create_response(request, _body("forbidden", message), status=403)

    @api.exception_handler(DjangoValidationError)
    def refused(request, exc):
        messages = list(exc.messages)
        code = getattr(exc, "code", None) or "invalid"
        return api.create_response(
            request,
            _body(str(code), messages[0] if messages else _("Yêu cầu không hợp lệ."), messages),
            status=400,
        )

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        # Django's own limits on what it reads (too many files or fields, a body too large).
        return api.create_response(
            request,
            _body(
                "request_refused",
                _("Yêu cầu vượt giới hạn của máy chủ (quá nhiều tệp, quá nhiều trường hoặc quá lớn)."),
            ),
            status=400,
        )

    @api.exception_handler(SchemaValidationError)
    def invalid(request, exc):
        return api.create_response(
            request,
            _body(
                "invalid_input",
                _("Dữ liệu gửi lên không đúng dạng: xem danh sách lỗi trong “details”."),
                [_field(error) for error in exc.errors],
            ),
            status=422,
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = api.create_response(
            request,
            _body(
                "unauthenticated",
                _(
                    "Thiếu hoặc sai khóa truy cập API: gửi tiêu đề “Authorization: Bearer <khóa>”; tạo khóa ở "
                    "trang Tài khoản › Khóa truy cập API."
                ),
            ),
            status=401,
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        response = api.create_response(
            request,
            _body("rate_limited", _("Quá nhiều yêu cầu trong thời gian ngắn: hãy chờ một lát rồi gửi lại.")),
            status=429,
        )
        if getattr(exc, "wait", None):
            response["Retry-After"] = str(int(exc.wait))
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return api.create_response(request, _body("error", str(exc)), status=exc.status_code)
