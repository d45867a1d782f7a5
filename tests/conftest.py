"""The world every test starts from: the demo installation (real Thanh Hóa units of both eras, the
offices of the 2023 example, one user per persona), loaded once per test session; each test runs in a
transaction that is rolled back."""

import pytest
from django.contrib.auth import get_user_model

from lantoa.units.models import Level, Unit, UnitKind


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from lantoa.core.services import load_demo

    with django_db_blocker.unblock():
        load_demo()


def _user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def province_committee(db) -> Unit:
    return Unit.objects.get(code_legacy="38")


@pytest.fixture
def district_committee(db) -> Unit:
    """UBND huyện Hoằng Hóa, the issuer of the 2023 example's kind of directive."""
    return Unit.objects.get(code_legacy="399")


@pytest.fixture
def culture_office(district_committee) -> Unit:
    return Unit.objects.get(parent=district_committee, kind=UnitKind.OFFICE, name__startswith="Phòng Văn hóa")


@pytest.fixture
def commune_committee(db) -> Unit:
    return Unit.objects.get(code_legacy="15877")


@pytest.fixture
def other_district_committee(province_committee) -> Unit:
    return (
        Unit.objects.filter(parent=province_committee, level=Level.DISTRICT)
        .exclude(code_legacy="399")
        .order_by("code_legacy")
        .first()
    )


@pytest.fixture
def officer(db):
    """Chuyên viên of Phòng VH&TT huyện Hoằng Hóa."""
    return _user("chuyenvien")


@pytest.fixture
def leader(db):
    return _user("lanhdao")


@pytest.fixture
def commune_reporter(db):
    return _user("canboxa")


@pytest.fixture
def department_officer(db):
    return _user("sotttt")


@pytest.fixture
def site_admin(db):
    return _user("quantri")


@pytest.fixture
def outsider(db):
    """A person with an account but no role anywhere."""
    return get_user_model().objects.create_user(username="nguoingoai", password="x-unused-x")
