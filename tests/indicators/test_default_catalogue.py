"""A fresh installation knows what a Ngày Chuyển đổi số campaign counts."""

import pytest

from lantoa.indicators.models import Indicator
from lantoa.indicators.services import ensure_default_catalogue

pytestmark = pytest.mark.django_db


def test_the_default_catalogue_covers_the_campaign():
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {
        "web-articles", "web-banners", "radio-news", "radio-plays", "radio-minutes", "eboards", "banners",
        "social-posts", "social-reach", "events", "event-participants", "contest-participants",
        "cnscd-sessions", "cnscd-people-guided", "stories",
    } <= codes  # fmt: skip
    assert Indicator.objects.get(code="radio-minutes").unit_of_measure == "phút"
    assert not Indicator.objects.get(code="guidance-documents").is_itemised


def test_restoring_the_catalogue_adds_only_what_is_missing_and_keeps_admin_edits():
    Indicator.objects.filter(code="stories").delete()
    Indicator.objects.filter(code="banners").update(name="Băng rôn (đã sửa)")
    assert ensure_default_catalogue() == 1
    assert Indicator.objects.get(code="banners").name == "Băng rôn (đã sửa)"
    assert ensure_default_catalogue() == 0
