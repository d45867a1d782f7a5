import pytest
from django.core.cache import cache

from lantoa.api.tokens import create_token


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bearer():
    """The Authorization header of a new token of this person's."""

    def make(user) -> dict:
        _model, token = create_token(user=user, name="thử")
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    return make
