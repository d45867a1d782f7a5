"""What every operation shares: token authentication, rate limits, pagination."""

from django.conf import settings
from ninja.pagination import PageNumberPagination
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from lantoa.api.schemas import Field
from lantoa.api.tokens import user_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer lt_…`: a personal access token; the request then acts as its owner."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user


class _SettingsRate:
    """The rate is read from the settings on each request, so an installation (or a test) can change it."""

    setting = ""

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class TokenRate(_SettingsRate, AuthRateThrottle):
    setting = "LANTOA_API_RATE"


class AddressRate(_SettingsRate, AnonRateThrottle):
    setting = "LANTOA_API_ANON_RATE"


class Pages(PageNumberPagination):
    """`?page=` (from 1) and `?page_size=` (at most 200); `count` is the total."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=200)

    def __init__(self, **kwargs):
        super().__init__(page_size=50, max_page_size=200, **kwargs)
