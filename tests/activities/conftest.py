"""Fixtures of the ledger: evidence files land in a temporary folder, never in the data folder."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lantoa.activities.models import Activity
from lantoa.units.models import Membership, Role, Unit


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg_bytes(size=(64, 48), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def photo():
    return SimpleUploadedFile("le-phat-dong.jpg", jpeg_bytes(), content_type="image/jpeg")


@pytest.fixture
def center_reporter(db):
    """Reporter of the Trung tâm VH,TT,TT&DL huyện Hoằng Hóa."""
    return get_user_model().objects.get(username="trungtam")


@pytest.fixture
def other_commune(district_committee, commune_committee) -> Unit:
    """Another commune of Hoằng Hóa, also assigned by the example directive."""
    return (
        Unit.objects.filter(parent=district_committee, kind="peoples_committee")
        .exclude(pk=commune_committee.pk)
        .order_by("code_legacy")
        .first()
    )


@pytest.fixture
def other_commune_reporter(other_commune):
    user = get_user_model().objects.create_user(username="canboxakhac", password="x-unused-x")
    Membership.objects.create(user=user, unit=other_commune, role=Role.REPORTER)
    return user


@pytest.fixture
def commune_viewer(commune_committee):
    user = get_user_model().objects.create_user(username="nguoixemxa", password="x-unused-x")
    Membership.objects.create(user=user, unit=commune_committee, role=Role.VIEWER)
    return user


@pytest.fixture
def log(commune_reporter, commune_committee):
    """Write a ledger row directly, for tests about reading it."""

    def make(*, unit=None, type="article", day=datetime.date(2023, 10, 5), by=None, **fields) -> Activity:
        fields.setdefault("title", f"{type} {day:%d/%m}")
        return Activity.objects.create(
            unit=unit or commune_committee,
            type=type,
            occurred_on=day,
            created_by=by or commune_reporter,
            **fields,
        )

    return make
