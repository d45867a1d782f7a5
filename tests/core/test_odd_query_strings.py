"""No query string makes a page fail: every page that reads one is fuzzed with odd values (other scripts'
digits, superscripts, huge and negative numbers, NUL, markup) and answers with the page, a redirect, a 400
or a 404 — never a 500."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.activities.models import Activity
from lantoa.reports.models import Report

pytestmark = pytest.mark.django_db

ODD = [
    "²",
    "٣",
    "১২",
    "-1",
    "0",
    "1.5",
    "1e9",
    "99999999999999999999999",
    "\x00",
    "１２",
    "<script>",
    "' OR 1=1 --",
    "",
    " ",
    "2023-13",
    "0000-10",
    "9999-12",
    "2023-٠١",
    "%",
    "null",
]
# Every parameter a list page reads, plus one nobody reads.
PARAMETERS = ["page", "unit", "directive", "type", "month", "state", "late", "next", "q", "zzz"]
values = st.one_of(st.sampled_from(ODD), st.text(max_size=12), st.integers(-(10**20), 10**20).map(str))
queries = st.dictionaries(st.sampled_from(PARAMETERS), values, max_size=4)


@pytest.fixture
def pages(example_directive, commune_committee, commune_reporter):
    activity = Activity.objects.create(
        unit=commune_committee,
        type="broadcast",
        occurred_on=datetime.date(2023, 10, 3),
        title="Bản tin",
        created_by=commune_reporter,
    )
    report = Report.objects.get(directive=example_directive, unit=commune_committee)
    return {
        "commune": [
            reverse("home"),
            reverse("activities:list"),
            reverse("activities:create"),
            reverse("activities:edit", args=[activity.pk]),
            reverse("reports:my_tasks"),
            reverse("reports:detail", args=[report.pk]),
            reverse("reports:figure", args=[report.pk, "radio-news"]),
            reverse("notifications:inbox"),
        ],
        "office": [
            reverse("directives:list"),
            reverse("directives:detail", args=[example_directive.pk]),
            reverse("reports:review", args=[example_directive.pk]),
            reverse("dashboard:home"),
            reverse("dashboard:directive", args=[example_directive.pk]),
            reverse("summaries:detail", args=[example_directive.pk]),
            reverse("units:detail", args=[commune_committee.pk]),
            reverse("account"),
        ],
    }


def _fuzzer(client, url):
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=queries)
    def run(query):
        response = client.get(url, query)
        assert response.status_code in {200, 302, 400, 404}, (url, query, response.status_code)

    return run


def _fuzz(client, urls):
    for url in urls:
        _fuzzer(client, url)()


def test_the_commune_officers_pages_never_fail_on_an_odd_query_string(client, commune_reporter, pages):
    client.force_login(commune_reporter)
    _fuzz(client, pages["commune"])


def test_the_offices_pages_never_fail_on_an_odd_query_string(client, officer, pages):
    client.force_login(officer)
    _fuzz(client, pages["office"])


@pytest.mark.parametrize("value", ["²", "٣", "１２", "99999999999999999999999", "\x00"])
def test_a_superscript_or_foreign_digit_as_a_unit_is_a_404_not_a_500(client, commune_reporter, value):
    client.force_login(commune_reporter)
    assert client.get(reverse("activities:create"), {"unit": value}).status_code == 404
    assert client.get(reverse("activities:create"), {"directive": value, "type": "banner"}).status_code == 200


@pytest.mark.parametrize("month", ["0000-10", "2023-٠١", "٢٠٢٣-١٠", "2023-13", "99999-1"])
def test_an_impossible_month_in_the_ledger_filter_is_refused_politely(client, commune_reporter, month):
    client.force_login(commune_reporter)
    assert client.get(reverse("activities:list"), {"month": month}).status_code == 200
