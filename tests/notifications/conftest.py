import datetime

import pytest

from lantoa.notifications.models import Message
from lantoa.reports.models import Report

DUE = datetime.date(2023, 10, 15)


def day(offset: int) -> datetime.date:
    """A day relative to the example's report deadline (15/10/2023)."""
    return DUE + datetime.timedelta(days=offset)


@pytest.fixture
def campaign(example_directive, commune_reporter, officer, commune_committee):
    """The issued example with e-mail addresses on the people who are reminded, and no message yet: the
    messages of its signing (trình ký, ký duyệt) are not what these tests count."""
    Message.objects.filter(directive=example_directive).delete()
    commune_reporter.email = "canboxa@hoangxuan.example"
    commune_reporter.save(update_fields=["email"])
    officer.email = "chuyenvien@vhtt.example"
    officer.save(update_fields=["email"])
    return example_directive


@pytest.fixture
def commune_report(campaign, commune_committee) -> Report:
    return Report.objects.get(directive=campaign, unit=commune_committee)


@pytest.fixture
def clock(monkeypatch):
    """Freeze django's clock at a local (Asia/Ho_Chi_Minh) time given as dd/mm/yyyy HH:MM."""
    import zoneinfo

    from django.utils import timezone

    def set_to(local: str) -> datetime.datetime:
        moment = datetime.datetime.strptime(local, "%d/%m/%Y %H:%M").replace(
            tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
        )
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to
