"""API lists cost the same number of queries for 5 rows as for 50: nothing is fetched row by row."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.activities.services import create_activity

pytestmark = pytest.mark.django_db


def _queries(client, url, headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path", ["/api/v1/reports", "/api/v1/directives", "/api/v1/units", "/api/v1/activities"]
)
def test_a_list_costs_the_same_whatever_its_page_size(
    client, example_directive, leader, commune_committee, path, bearer
):
    from lantoa.units.models import Unit

    communes = Unit.objects.filter(parent=example_directive.issuer, kind="peoples_committee")[:6]
    for number, unit in enumerate(communes):
        from lantoa.units.models import Role
        from lantoa.units.services import grant_membership

        grant_membership(user=leader, unit=unit, role=Role.REPORTER)
        create_activity(
            unit=unit,
            actor=leader,
            activity_type="article",
            occurred_on=datetime.date(2023, 10, 2),
            title=f"Tin {number}",
            quantities={"count": 1},
            links=[f"https://xa.gov.vn/tin/{number}", f"https://xa.gov.vn/anh/{number}"],
        )
    headers = bearer(leader)
    client.get("/api/v1/units", **headers)  # the token's first use is written down (once a minute)
    small = _queries(client, f"{path}?page_size=2", headers)
    large = _queries(client, f"{path}?page_size=50", headers)
    assert large == small
    assert large <= 12
