"""A unit's ledger is read by the unit, the units above it and the office running a campaign it counts
toward; it is written only by the unit's own reporters, officers and leaders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.activities.models import Activity, Evidence
from lantoa.activities.selectors import activities_visible_to
from lantoa.activities.services import create_activity, delete_activity, set_counted, update_activity

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

MISSING = 10**9


@pytest.fixture
def commune_activity(commune_committee, commune_reporter):
    return create_activity(
        unit=commune_committee,
        actor=commune_reporter,
        activity_type="broadcast",
        occurred_on=datetime.date(2023, 10, 2),
        title="Bản tin Ngày Chuyển đổi số trên Đài truyền thanh xã",
        quantities={"count": 1, "minutes": 10, "plays": 3},
        files=[SimpleUploadedFile("dai.jpg", jpeg_bytes())],
    )


def _pages(activity):
    evidence = activity.evidence.get()
    return [
        reverse("activities:detail", args=[activity.pk]),
        reverse("activities:edit", args=[activity.pk]),
        reverse("activities:delete", args=[activity.pk]),
        reverse("activities:evidence", args=[evidence.pk]),
        reverse("activities:evidence_delete", args=[evidence.pk]),
    ]


def _missing_pages():
    return [
        reverse("activities:detail", args=[MISSING]),
        reverse("activities:edit", args=[MISSING]),
        reverse("activities:delete", args=[MISSING]),
        reverse("activities:evidence", args=[MISSING]),
        reverse("activities:evidence_delete", args=[MISSING]),
    ]


def test_commune_cannot_see_or_change_other_communes_activities_same_404_as_missing(
    client, commune_activity, other_commune_reporter
):
    client.force_login(other_commune_reporter)
    for url, missing in zip(_pages(commune_activity), _missing_pages(), strict=True):
        assert client.get(url).status_code == client.get(missing).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert Activity.objects.filter(pk=commune_activity.pk).exists()
    assert commune_activity.evidence.count() == 1


def test_outsider_is_refused_every_activity_page_with_404(client, commune_activity, outsider):
    client.force_login(outsider)
    for url in _pages(commune_activity):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert client.post(reverse("activities:counting", args=[commune_activity.pk])).status_code == 404
    assert client.post(reverse("activities:evidence_add", args=[commune_activity.pk])).status_code == 404
    assert client.get(reverse("activities:create")).status_code == 403
    assert not activities_visible_to(outsider).exists()


def test_direct_posts_for_another_commune_are_refused(client, commune_committee, other_commune_reporter):
    client.force_login(other_commune_reporter)
    response = client.post(
        reverse("activities:create") + f"?unit={commune_committee.pk}&type=article",
        {"type": "article", "occurred_on": "2023-10-03", "title": "Tin giả mạo", "count": "9"},
    )
    assert response.status_code == 404
    assert not Activity.objects.filter(unit=commune_committee).exists()


def test_services_refuse_people_of_another_unit(
    commune_activity, commune_committee, other_commune_reporter, officer
):
    for person in [other_commune_reporter, officer]:
        with pytest.raises(PermissionDenied):
            create_activity(
                unit=commune_committee,
                actor=person,
                activity_type="article",
                occurred_on=datetime.date(2023, 10, 3),
                title="x",
                quantities={"count": 1},
            )
        with pytest.raises(PermissionDenied):
            update_activity(
                activity=commune_activity,
                actor=person,
                activity_type="article",
                occurred_on=datetime.date(2023, 10, 3),
                title="x",
                quantities={"count": 1},
            )
        with pytest.raises(PermissionDenied):
            delete_activity(activity=commune_activity, actor=person)


def test_a_viewer_reads_the_ledger_but_cannot_log_or_change(
    client, commune_activity, commune_committee, commune_viewer
):
    client.force_login(commune_viewer)
    assert client.get(reverse("activities:detail", args=[commune_activity.pk])).status_code == 200
    assert client.get(reverse("activities:list")).status_code == 200
    assert client.get(reverse("activities:create")).status_code == 403
    assert client.get(reverse("activities:edit", args=[commune_activity.pk])).status_code == 403
    assert client.post(reverse("activities:delete", args=[commune_activity.pk])).status_code == 403
    evidence = commune_activity.evidence.get()
    assert client.post(reverse("activities:evidence_delete", args=[evidence.pk])).status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    with pytest.raises(PermissionDenied):
        create_activity(
            unit=commune_committee,
            actor=commune_viewer,
            activity_type="article",
            occurred_on=datetime.date(2023, 10, 3),
            title="x",
            quantities={"count": 1},
        )


def test_the_district_reads_its_communes_activities_but_does_not_write_them(client, commune_activity, leader):
    client.force_login(leader)
    assert client.get(reverse("activities:detail", args=[commune_activity.pk])).status_code == 200
    assert client.get(reverse("activities:edit", args=[commune_activity.pk])).status_code == 403
    assert client.post(reverse("activities:delete", args=[commune_activity.pk])).status_code == 403
    assert Activity.objects.filter(pk=commune_activity.pk).exists()


def test_the_office_sees_only_what_counts_toward_its_directive(
    client, example_directive, commune_activity, commune_committee, commune_reporter, officer, log
):
    outside_window = log(type="broadcast", day=datetime.date(2023, 11, 20))
    feeds_nothing = log(type="other")
    visible = set(activities_visible_to(officer).filter(unit=commune_committee))
    assert visible == {commune_activity}
    client.force_login(officer)
    assert client.get(reverse("activities:detail", args=[outside_window.pk])).status_code == 404
    assert client.get(reverse("activities:detail", args=[feeds_nothing.pk])).status_code == 404

    set_counted(activity=commune_activity, directive=example_directive, counted=False, actor=commune_reporter)
    assert not activities_visible_to(officer).filter(unit=commune_committee).exists()


def test_an_office_of_another_district_sees_nothing(example_directive, commune_activity, department_officer):
    assert not activities_visible_to(department_officer).filter(pk=commune_activity.pk).exists()


def test_the_site_administrator_sees_every_activity(commune_activity, site_admin):
    assert activities_visible_to(site_admin).filter(pk=commune_activity.pk).exists()


def test_the_ledger_list_shows_only_the_persons_own_units(
    client, commune_activity, other_commune, other_commune_reporter, log
):
    mine = log(unit=other_commune, title="Băng rôn trước trụ sở", type="banner")
    client.force_login(other_commune_reporter)
    page = client.get(reverse("activities:list")).content.decode()
    assert mine.title in page
    assert commune_activity.title not in page


def test_the_trung_tam_logs_for_itself(client, center_reporter, district_committee):
    client.force_login(center_reporter)
    response = client.get(reverse("activities:create") + "?type=broadcast")
    assert response.status_code == 200
    assert "Trung tâm" in response.content.decode()
