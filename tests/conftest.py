"""The world every test starts from: the demo installation (real Thanh Hóa units of both eras, the
offices of the 2023 example, one user per persona), loaded once per test session; each test runs in a
transaction that is rolled back."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from lantoa.units.models import Level, Unit, UnitKind


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from lantoa.demo.services import load_demo

    with django_db_blocker.unblock():
        load_demo(with_campaign=False)


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


EXAMPLE = Path(__file__).parent / "documents" / "fixtures" / "cong-van-ngay-cds-2023.txt"


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def draft_example_directive(officer, district_committee, culture_office, example_text):
    """The example công văn read by the real parser, proposed by the Phòng VH&TT for the UBND huyện."""
    from lantoa.directives.services import create_directive_from_parse
    from lantoa.documents import parse_text

    directive = create_directive_from_parse(
        issuer=district_committee,
        office=culture_office,
        actor=officer,
        parsed=parse_text(example_text),
        source_text=example_text,
        source_name="cong-van-ngay-cds-2023.txt",
    )
    # The example's text has no header; the officer types the number and date in.
    directive.number = "1234/UBND-VHTT"
    directive.issued_on = datetime.date(2023, 9, 25)
    directive.save(update_fields=["number", "issued_on"])
    return directive


@pytest.fixture
def department_leader(db):
    """Phó Giám đốc of the Sở TT&TT: signs the Sở's own directives."""
    return _user("lanhdaoso")


@pytest.fixture
def province_leader(province_committee):
    """Phó Chủ tịch UBND tỉnh: signs what the Sở prepares in the province's name."""
    from lantoa.units.services import grant_membership

    person = get_user_model().objects.create_user(
        username="lanhdaotinh", password="x-unused-x", last_name="Đầu Thanh", first_name="Tùng"
    )
    grant_membership(user=person, unit=province_committee, role="leader", title="Phó Chủ tịch")
    return person


@pytest.fixture
def example_directive(draft_example_directive, officer, leader):
    """The example, issued: the Phòng VH&TT submits it, the leader of the UBND huyện signs it, and it goes
    to the Phòng VH&TT, the Trung tâm and the 36 communes and towns of Hoằng Hóa."""
    from tests.signing import sign_and_issue

    return sign_and_issue(draft_example_directive, preparer=officer, signer=leader)


@pytest.fixture(autouse=True)
def _last_seen_written_once_an_hour(settings):
    """A query count never depends on how long the setup between two counts took: the session's "last seen"
    and a token's last use are written once a minute in production, which a slow setup can cross (the
    tests of that write set the minute back)."""
    settings.LANTOA_SEEN_RESOLUTION_SECONDS = 3600


@pytest.fixture(autouse=True)
def _page_checks_start_uncached(settings):
    """Each test starts with an empty cache and keeps what it caches for an hour: the demo flag and the bell's
    count cached by an earlier test can neither leak into this one nor expire between two query counts."""
    from django.core.cache import cache

    settings.LANTOA_PAGE_CHECK_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _jobs_run_when_their_transaction_commits(settings):
    """Background jobs run in the test's own thread once the step that queued them commits (tests that need
    a real worker or the broker say so)."""
    settings.LANTOA_JOBS_MODE = "eager"


def pytest_configure(config):
    # Before any live server imports lantoa.wsgi (which starts the embedded job thread in "embedded" mode).
    from django.conf import settings

    settings.LANTOA_JOBS_MODE = "eager"


@pytest.fixture(autouse=True)
def evidence_checks_inline(settings):
    """Evidence checks run at commit in the test's own thread, and fetch no link unless a test asks to."""
    settings.LANTOA_EVIDENCE_CHECKS = "inline"
    settings.LANTOA_EVIDENCE_LINK_CHECKS = False
