import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded directives land in a throw-away folder, never in the data folder of the machine."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def department(province_committee):
    """Sở Thông tin và Truyền thông Thanh Hóa: it prepares what the UBND tỉnh signs."""
    from lantoa.units.models import Unit

    return Unit.objects.get(parent=province_committee, name__startswith="Sở Thông tin và Truyền thông")


@pytest.fixture
def commune_officer(commune_committee):
    """Công chức văn hóa - xã hội of UBND xã Hoằng Xuân with the officer role: prepares the commune's own."""
    from django.contrib.auth import get_user_model

    from lantoa.units.services import grant_membership

    person = get_user_model().objects.create_user(username="congchucxa", password="x-unused-x")
    grant_membership(user=person, unit=commune_committee, role="officer", title="Công chức văn hóa - xã hội")
    return person


@pytest.fixture
def distant_commune(other_district_committee):
    """A commune of another district: nothing of Hoằng Hóa's may reach it."""
    from lantoa.units.models import Level, UnitKind

    return (
        other_district_committee.children.filter(kind=UnitKind.PEOPLES_COMMITTEE, level=Level.COMMUNE)
        .order_by("code_legacy")
        .first()
    )


@pytest.fixture
def distant_activity(distant_commune):
    """A broadcast that commune logged, with its photo: the read the audit saw go from 404 to 200."""
    import datetime
    import io

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from lantoa.activities.services import create_activity
    from lantoa.units.services import grant_membership

    reporter = get_user_model().objects.create_user(username="canboxaxa", password="x-unused-x")
    grant_membership(user=reporter, unit=distant_commune, role="reporter")
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (30, 120, 60)).save(buffer, format="JPEG")
    return create_activity(
        unit=distant_commune,
        actor=reporter,
        activity_type="broadcast",
        occurred_on=datetime.date(2023, 10, 4),
        title="Bản tin chuyển đổi số của xã",
        quantities={"count": 1, "minutes": 10, "plays": 2},
        files=[SimpleUploadedFile("loa.jpg", buffer.getvalue(), content_type="image/jpeg")],
    )
