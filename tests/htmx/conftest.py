"""The htmx tests post as the browser does with htmx: the HX-Request header, and HX-Target naming the
element the answer replaces."""

import pytest
from django.contrib.auth import get_user_model

from lantoa.reports.models import Report
from lantoa.reports.services import save_report, submit_report
from tests.reports.conftest import campaign, hoang_xuan_report  # noqa: F401 - fixtures shared with tests/reports


@pytest.fixture
def htmx():
    """Headers of an htmx request, optionally naming the element it targets."""

    def headers(target: str = "") -> dict:
        sent = {"HX-Request": "true"}
        if target:
            sent["HX-Target"] = target
        return sent

    return headers


@pytest.fixture
def submitted(hoang_xuan_report, commune_reporter) -> Report:  # noqa: F811 - the fixture imported above
    report = save_report(
        report=hoang_xuan_report,
        actor=commune_reporter,
        results="Đăng 3 tin bài.",
        difficulties="",
        proposals="",
    )
    return submit_report(report=report, actor=commune_reporter)


@pytest.fixture
def centre_reporter(db):
    """The reporter of the district's Trung tâm VH,TT,TT&DL: reads its own unit's report only."""
    return get_user_model().objects.get(username="trungtam")
