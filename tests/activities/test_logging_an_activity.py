"""A commune officer logs what the unit did from a phone: pick the type, fill the relevant figures, attach
photos straight from the camera; then corrects, unticks or deletes it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lantoa.activities.models import Activity, ActivityExclusion
from lantoa.activities.services import ActivityError, create_activity
from lantoa.core.models import AuditEvent
from lantoa.units.models import Membership, Role

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


def test_the_form_starts_with_the_type_and_shows_only_its_figures(client, commune_reporter):
    client.force_login(commune_reporter)
    picker = client.get(reverse("activities:create")).content.decode()
    assert "Phát thanh, truyền hình" in picker
    assert "type=broadcast" in picker

    broadcast = client.get(reverse("activities:create") + "?type=broadcast").content.decode()
    assert 'name="count"' in broadcast
    assert "Số tin, bài phát sóng" in broadcast
    assert 'name="minutes"' in broadcast
    assert 'name="plays"' in broadcast
    assert 'name="participants"' not in broadcast
    assert 'name="reach"' not in broadcast

    contest = client.get(reverse("activities:create") + "?type=contest").content.decode()
    assert 'name="participants"' in contest
    assert 'name="count"' not in contest

    event = client.get(reverse("activities:create") + "?type=event").content.decode()
    assert 'name="count"' in event
    assert 'name="participants"' in event
    assert 'name="minutes"' not in event

    for activity_type, field in [("cnscd_session", "people_guided"), ("social_post", "reach")]:
        page = client.get(reverse("activities:create") + f"?type={activity_type}").content.decode()
        assert f'name="{field}"' in page
        assert 'name="count"' in page
        assert 'name="minutes"' not in page
    for activity_type in ["article", "web_banner", "banner", "eboard", "story", "other"]:
        page = client.get(reverse("activities:create") + f"?type={activity_type}").content.decode()
        assert 'name="count"' in page
        assert not any(
            f'name="{f}"' in page for f in ["minutes", "plays", "participants", "people_guided", "reach"]
        )


def test_the_file_input_opens_the_phone_camera(client, commune_reporter):
    client.force_login(commune_reporter)
    page = client.get(reverse("activities:create") + "?type=event").content.decode()
    assert 'type="file"' in page
    assert 'accept="image/*,audio/*,application/pdf"' in page
    assert 'capture="environment"' in page
    assert "multiple" in page
    assert 'enctype="multipart/form-data"' in page


def test_logging_a_broadcast_with_photos_and_links_then_showing_it(
    client, example_directive, commune_committee, commune_reporter
):
    client.force_login(commune_reporter)
    response = client.post(
        reverse("activities:create") + "?type=broadcast",
        {
            "type": "broadcast",
            "occurred_on": "2023-10-02",
            "title": "Bản tin Ngày Chuyển đổi số",
            "channel": "Đài truyền thanh xã",
            "count": "2",
            "minutes": "15",
            "plays": "3",
            "links": "https://facebook.com/hoangxuan/posts/1\n\nhttps://zalo.me/g/abc",
            "files": [
                SimpleUploadedFile("IMG_0001.JPG", jpeg_bytes()),
                SimpleUploadedFile("IMG_0002.JPG", jpeg_bytes()),
            ],
            "counted": [example_directive.pk],
        },
    )
    activity = Activity.objects.get(unit=commune_committee)
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:detail", args=[activity.pk])
    assert (activity.count, activity.minutes, activity.plays, activity.participants) == (2, 15, 3, None)
    assert activity.created_by == commune_reporter
    assert activity.evidence.filter(kind="photo").count() == 2
    assert activity.evidence.filter(kind="link").count() == 2
    assert AuditEvent.objects.filter(action="activity.create", object_id=str(activity.pk)).exists()
    assert AuditEvent.objects.filter(action="evidence.add").count() == 4

    page = client.get(response["Location"]).content.decode()
    assert "02/10/2023" in page
    assert "Bản tin Ngày Chuyển đổi số" in page
    assert (
        "IMG_0001.JPG" in page or reverse("activities:evidence", args=[activity.evidence.first().pk]) in page
    )
    assert "1234/UBND-VHTT" in page  # counts toward the example directive, shown with its checkbox
    assert 'name="counted"' in page


def test_bad_input_is_shown_in_vietnamese_and_nothing_is_saved(client, commune_reporter, commune_committee):
    client.force_login(commune_reporter)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("activities:create") + "?type=article",
        {
            "type": "article",
            "occurred_on": tomorrow.isoformat(),
            "title": "Tin bài",
            "count": "1",
            "links": "không-phải-link",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ngày thực hiện không được sau hôm nay" in page
    assert not Activity.objects.filter(unit=commune_committee).exists()

    response = client.post(
        reverse("activities:create") + "?type=article",
        {"type": "article", "occurred_on": "2023-10-02", "title": "", "count": "0"},
    )
    assert response.status_code == 400
    assert not Activity.objects.filter(unit=commune_committee).exists()


def test_a_future_date_is_refused_by_the_service(commune_committee, commune_reporter):
    with pytest.raises(ActivityError) as refused:
        create_activity(
            unit=commune_committee,
            actor=commune_reporter,
            activity_type="article",
            occurred_on=datetime.date(2999, 1, 1),
            title="Tin",
            quantities={"count": 1},
        )
    assert "không được sau hôm nay" in refused.value.messages[0]


def test_success_goes_back_to_a_safe_next_page_only(client, commune_reporter):
    client.force_login(commune_reporter)
    data = {"type": "story", "occurred_on": "2023-10-02", "title": "Gương bà Lê Thị Hoa", "count": "1"}
    response = client.post(reverse("activities:create") + "?type=story", {**data, "next": "/bao-cao/5/"})
    assert response["Location"] == "/bao-cao/5/"
    response = client.post(
        reverse("activities:create") + "?type=story", {**data, "next": "https://evil.example/"}
    )
    assert response["Location"].startswith("/hoat-dong/")


def test_a_person_of_several_units_chooses_the_unit_first(
    client, commune_reporter, commune_committee, other_commune
):
    Membership.objects.create(user=commune_reporter, unit=other_commune, role=Role.REPORTER)
    client.force_login(commune_reporter)
    page = client.get(reverse("activities:create")).content.decode()
    assert f"unit={commune_committee.pk}" in page
    assert f"unit={other_commune.pk}" in page
    page = client.get(reverse("activities:create") + f"?unit={other_commune.pk}&type=banner").content.decode()
    assert str(other_commune) in page


def test_coming_from_a_report_after_the_campaign_starts_on_its_last_day(
    client, example_directive, commune_reporter
):
    client.force_login(commune_reporter)
    page = client.get(
        reverse("activities:create") + f"?directive={example_directive.pk}&type=article"
    ).content.decode()
    assert 'value="10/10/2023"' in page  # dd/mm/yyyy, the house's one date box


def test_editing_changes_the_figures_and_clears_those_the_new_type_does_not_carry(
    client, commune_committee, commune_reporter
):
    activity = create_activity(
        unit=commune_committee,
        actor=commune_reporter,
        activity_type="broadcast",
        occurred_on=datetime.date(2023, 10, 2),
        title="Phát thanh",
        quantities={"count": 1, "minutes": 10, "plays": 2},
    )
    client.force_login(commune_reporter)
    edit = reverse("activities:edit", args=[activity.pk])
    assert 'value="10"' in client.get(edit).content.decode()
    response = client.post(
        edit + "?type=article",
        {"type": "article", "occurred_on": "2023-10-03", "title": "Tin bài trên trang xã", "count": "3"},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.type, activity.count, activity.minutes, activity.plays) == ("article", 3, None, None)
    assert AuditEvent.objects.filter(action="activity.update", object_id=str(activity.pk)).exists()


def test_unticking_and_ticking_back_from_the_detail_page(
    client, example_directive, commune_committee, commune_reporter
):
    activity = create_activity(
        unit=commune_committee,
        actor=commune_reporter,
        activity_type="article",
        occurred_on=datetime.date(2023, 10, 2),
        title="Tin",
        quantities={"count": 1},
    )
    client.force_login(commune_reporter)
    url = reverse("activities:counting", args=[activity.pk])
    client.post(url, {})
    assert ActivityExclusion.objects.filter(activity=activity, directive=example_directive).exists()
    client.post(url, {"counted": [example_directive.pk]})
    assert not ActivityExclusion.objects.filter(activity=activity, directive=example_directive).exists()
    assert AuditEvent.objects.filter(action="activity.uncount").exists()
    assert AuditEvent.objects.filter(action="activity.count").exists()


def test_unticking_on_the_create_form(client, example_directive, commune_committee, commune_reporter):
    client.force_login(commune_reporter)
    client.post(
        reverse("activities:create") + "?type=article",
        {
            "type": "article",
            "occurred_on": "2023-10-02",
            "title": "Tin không thuộc chiến dịch",
            "count": "1",
            "counted_shown": "1",
        },
    )
    activity = Activity.objects.get(unit=commune_committee)
    assert ActivityExclusion.objects.filter(activity=activity, directive=example_directive).exists()


def test_deleting_asks_first_then_removes_the_activity_and_its_files(
    client, commune_committee, commune_reporter, media_root, django_capture_on_commit_callbacks
):
    activity = create_activity(
        unit=commune_committee,
        actor=commune_reporter,
        activity_type="banner",
        occurred_on=datetime.date(2023, 10, 2),
        title="Băng rôn",
        quantities={"count": 4},
        files=[SimpleUploadedFile("bang-ron.jpg", jpeg_bytes())],
    )
    path = media_root / activity.evidence.get().file.name
    client.force_login(commune_reporter)
    url = reverse("activities:delete", args=[activity.pk])
    assert "Xóa hoạt động?" in client.get(url).content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == reverse("activities:list")
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not path.exists()
    assert AuditEvent.objects.filter(action="activity.delete", object_id=str(activity.pk)).exists()


def test_deleting_one_piece_of_evidence(
    client, commune_committee, commune_reporter, media_root, django_capture_on_commit_callbacks
):
    activity = create_activity(
        unit=commune_committee,
        actor=commune_reporter,
        activity_type="banner",
        occurred_on=datetime.date(2023, 10, 2),
        title="Băng rôn",
        quantities={"count": 4},
        files=[SimpleUploadedFile("a.jpg", jpeg_bytes()), SimpleUploadedFile("b.jpg", jpeg_bytes())],
    )
    first, second = activity.evidence.all()
    client.force_login(commune_reporter)
    url = reverse("activities:evidence_delete", args=[first.pk])
    assert "Xóa minh chứng?" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert list(activity.evidence.all()) == [second]
    assert not (media_root / first.file.name).exists()
    assert (media_root / second.file.name).exists()


def test_adding_evidence_from_the_detail_page(client, commune_committee, commune_reporter):
    activity = create_activity(
        unit=commune_committee,
        actor=commune_reporter,
        activity_type="eboard",
        occurred_on=datetime.date(2023, 10, 2),
        title="Màn hình LED",
        quantities={"count": 1},
    )
    client.force_login(commune_reporter)
    url = reverse("activities:evidence_add", args=[activity.pk])
    client.post(url, {"files": [SimpleUploadedFile("led.jpg", jpeg_bytes())]})
    assert activity.evidence.filter(kind="photo").count() == 1
    response = client.post(url, {"files": [SimpleUploadedFile("led.jpg", b"<?php ?>")]}, follow=True)
    assert "không phải ảnh" in response.content.decode()
    assert activity.evidence.count() == 1


def test_a_post_without_the_boxes_leaves_the_activity_counted(
    client, example_directive, commune_committee, commune_reporter
):
    client.force_login(commune_reporter)
    client.post(
        reverse("activities:create") + "?type=article",
        {"type": "article", "occurred_on": "2023-10-02", "title": "Tin gửi từ biểu mẫu cũ", "count": "1"},
    )
    activity = Activity.objects.get(unit=commune_committee)
    assert not ActivityExclusion.objects.filter(activity=activity).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "x" * 501}, "Nội dung dài quá 500 ký tự"),
        ({"quantities": {"count": 1, "minutes": 3_000_000_000}}, "Số liệu phải là số nguyên"),
        ({"quantities": {"count": 1, "minutes": -5}}, "Số liệu phải là số nguyên"),
        ({"url": "javascript:alert(1)"}, "không hợp lệ"),
        ({"links": ["ftp://example.vn/a"]}, "không hợp lệ"),
    ],
)
def test_the_service_refuses_values_the_ledger_cannot_hold(
    commune_committee, commune_reporter, changes, message
):
    fields = {
        "unit": commune_committee,
        "actor": commune_reporter,
        "activity_type": "broadcast",
        "occurred_on": datetime.date(2023, 10, 2),
        "title": "Phát thanh",
        "quantities": {"count": 1},
    }
    fields.update(changes)
    with pytest.raises(ActivityError) as refused:
        create_activity(**fields)
    assert message in " ".join(refused.value.messages)
    assert not Activity.objects.filter(unit=commune_committee).exists()
