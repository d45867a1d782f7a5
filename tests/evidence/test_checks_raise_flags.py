"""Each evidence check raises its flag with its reason, and the reviewer sees it on the review list."""

import datetime

import pytest
from django.urls import reverse

from lantoa.evidence.models import Fingerprint, Flag, FlagKind
from lantoa.reports.models import Report
from tests.evidence.conftest import photo, recording

pytestmark = pytest.mark.django_db


def _review_row(client, officer, directive, unit) -> str:
    client.force_login(officer)
    page = client.get(reverse("reports:review", args=[directive.pk])).content.decode()
    return next(row for row in page.split("<tr>") if str(unit) in row)


def test_two_communes_upload_the_same_photo_and_the_second_is_flagged(
    client,
    officer,
    example_directive,
    commune_committee,
    commune_reporter,
    other_commune,
    other_commune_reporter,
    log_with_evidence,
):
    first = log_with_evidence(commune_committee, commune_reporter, files=[photo(seed=7)])
    second = log_with_evidence(
        other_commune, other_commune_reporter, files=[photo("anh-xa-khac.jpg", seed=7)]
    )
    assert not first.flags.exists()
    flag = second.flags.get()
    assert flag.kind == FlagKind.DUPLICATE_PHOTO
    assert str(commune_committee) in flag.reason
    assert "anh-xa-khac.jpg" in flag.reason
    row = _review_row(client, officer, example_directive, other_commune)
    assert "1 cảnh báo" in row
    assert "cảnh báo" not in _review_row(client, officer, example_directive, commune_committee)


def test_a_resized_copy_of_a_photo_is_still_the_same_photo(
    commune_committee, commune_reporter, other_commune, other_commune_reporter, log_with_evidence
):
    log_with_evidence(commune_committee, commune_reporter, files=[photo(seed=3, size=(1600, 1200))])
    copy = log_with_evidence(other_commune, other_commune_reporter, files=[photo(seed=3, size=(800, 600))])
    assert copy.flags.get().kind == FlagKind.DUPLICATE_PHOTO


def test_different_photos_and_blank_photos_raise_nothing(
    commune_committee, commune_reporter, other_commune, other_commune_reporter, log_with_evidence
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.activities.conftest import jpeg_bytes

    log_with_evidence(commune_committee, commune_reporter, files=[photo(seed=1)])
    log_with_evidence(
        commune_committee, commune_reporter, files=[SimpleUploadedFile("den.jpg", jpeg_bytes(), "image/jpeg")]
    )
    other = log_with_evidence(
        other_commune,
        other_commune_reporter,
        files=[photo(seed=2), SimpleUploadedFile("den.jpg", jpeg_bytes(), "image/jpeg")],
    )
    assert not other.flags.exists()


def test_the_same_photo_again_in_a_later_activity_of_the_same_commune(
    commune_committee, commune_reporter, log_with_evidence
):
    log_with_evidence(
        commune_committee, commune_reporter, on=datetime.date(2023, 10, 2), files=[photo(seed=5)]
    )
    again = log_with_evidence(commune_committee, commune_reporter, files=[photo(seed=5)])
    assert "ở một hoạt động khác" in again.flags.get().reason


def test_the_duplicate_lookup_reads_an_index_not_every_photo(
    commune_committee, commune_reporter, log_with_evidence
):
    log_with_evidence(commune_committee, commune_reporter, files=[photo(seed=9)])
    fingerprint = Fingerprint.objects.get()
    assert len(fingerprint.phash) == 16
    assert [fingerprint.band0, fingerprint.band1, fingerprint.band2, fingerprint.band3] == [
        int(fingerprint.phash[i : i + 4], 16) for i in (0, 4, 8, 12)
    ]


def test_a_photo_dated_the_year_before_is_flagged(
    client, officer, example_directive, commune_committee, commune_reporter, log_with_evidence
):
    activity = log_with_evidence(
        commune_committee, commune_reporter, files=[photo(seed=11, taken="2022:10:05 08:30:00")]
    )
    flag = activity.flags.get()
    assert flag.kind == FlagKind.PHOTO_DATE
    assert "05/10/2022" in flag.reason
    assert "01/10/2023 – 10/10/2023" in flag.reason
    assert "1 cảnh báo" in _review_row(client, officer, example_directive, commune_committee)


def test_a_photo_taken_in_the_window_raises_nothing(commune_committee, commune_reporter, log_with_evidence):
    activity = log_with_evidence(
        commune_committee, commune_reporter, files=[photo(seed=12, taken="2023:10:05 08:30:00")]
    )
    assert not activity.flags.exists()


def test_a_photo_dated_after_its_upload_is_flagged(commune_committee, commune_reporter, log_with_evidence):
    activity = log_with_evidence(
        commune_committee, commune_reporter, files=[photo(seed=13, taken="2099:01:01 08:00:00")]
    )
    assert "sau ngày tải lên" in activity.flags.get().reason


def test_a_four_minute_recording_claimed_as_120_minutes_is_flagged(
    client, officer, example_directive, commune_committee, commune_reporter, log_with_evidence
):
    activity = log_with_evidence(
        commune_committee,
        commune_reporter,
        type="broadcast",
        title="Bản tin chuyển đổi số trên đài truyền thanh xã",
        quantities={"count": 1, "minutes": 120},
        files=[recording(240)],
    )
    flag = activity.flags.get()
    assert flag.kind == FlagKind.BROADCAST_LENGTH
    assert flag.reason == "Khai 120 phút phát sóng, nhưng bản ghi âm kèm theo chỉ dài 4 phút."
    assert "1 cảnh báo" in _review_row(client, officer, example_directive, commune_committee)


def test_a_recording_played_several_times_covers_its_minutes(
    commune_committee, commune_reporter, log_with_evidence
):
    activity = log_with_evidence(
        commune_committee,
        commune_reporter,
        type="broadcast",
        quantities={"count": 1, "minutes": 12, "plays": 3},
        files=[recording(240)],
    )
    assert not activity.flags.exists()


def test_correcting_the_minutes_clears_the_flag(
    commune_committee, commune_reporter, log_with_evidence, django_capture_on_commit_callbacks
):
    from lantoa.activities.services import update_activity

    activity = log_with_evidence(
        commune_committee,
        commune_reporter,
        type="broadcast",
        quantities={"count": 1, "minutes": 120},
        files=[recording(240)],
    )
    assert activity.flags.exists()
    with django_capture_on_commit_callbacks(execute=True):
        update_activity(
            activity=activity,
            actor=commune_reporter,
            activity_type="broadcast",
            occurred_on=activity.occurred_on,
            title=activity.title,
            quantities={"count": 1, "minutes": 4},
        )
    assert not activity.flags.exists()


def test_a_dead_link_is_flagged(
    client, officer, example_directive, commune_committee, commune_reporter, log_with_evidence, news_site
):
    activity = log_with_evidence(
        commune_committee,
        commune_reporter,
        type="article",
        title="Tin Ngày chuyển đổi số",
        links=[f"{news_site}/khong-con"],
    )
    flag = activity.flags.get()
    assert flag.kind == FlagKind.DEAD_LINK
    assert "/khong-con" in flag.reason
    assert "lỗi 404" in flag.reason
    assert "1 cảnh báo" in _review_row(client, officer, example_directive, commune_committee)


def test_a_link_to_a_server_that_does_not_answer_is_flagged(
    commune_committee, commune_reporter, log_with_evidence, news_site
):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    activity = log_with_evidence(
        commune_committee, commune_reporter, type="article", url=f"http://127.0.0.1:{closed_port}/tin"
    )
    assert "không kết nối được" in activity.flags.get(kind=FlagKind.DEAD_LINK).reason


def test_an_article_dated_outside_the_window_is_flagged_and_one_inside_is_not(
    example_directive, commune_committee, commune_reporter, log_with_evidence, news_site
):
    from lantoa.indicators.models import Indicator

    example_directive.indicators.add(Indicator.objects.get(code="web-articles"))
    old = log_with_evidence(commune_committee, commune_reporter, type="article", url=f"{news_site}/bai-cu")
    new = log_with_evidence(commune_committee, commune_reporter, type="article", url=f"{news_site}/bai-moi")
    flag = old.flags.get()
    assert flag.kind == FlagKind.LINK_DATE
    assert "01/05/2022" in flag.reason
    assert not new.flags.exists()


def test_private_addresses_are_not_fetched_in_production(
    settings, commune_committee, commune_reporter, log_with_evidence, news_site
):
    settings.LANTOA_EVIDENCE_FETCH_PRIVATE = False
    activity = log_with_evidence(commune_committee, commune_reporter, type="article", url=f"{news_site}/x")
    assert not activity.flags.exists()


def test_flags_never_block_the_unit(
    client, commune_committee, commune_reporter, example_directive, log_with_evidence
):
    log_with_evidence(
        commune_committee, commune_reporter, files=[photo(seed=11, taken="2022:10:05 08:30:00")]
    )
    report = Report.objects.get(directive=example_directive, unit=commune_committee)
    client.force_login(commune_reporter)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Cảnh báo minh chứng" not in page
    assert Flag.objects.count() == 1


def test_an_activity_its_photos_and_its_links_are_checked_in_one_run(
    commune_committee, commune_reporter, log_with_evidence, news_site
):
    from tests.evidence.conftest import _Pages

    log_with_evidence(
        commune_committee,
        commune_reporter,
        type="article",
        url=f"{news_site}/bai-moi",
        links=[f"{news_site}/bai-moi?lan=2"],
        files=[photo(seed=21), photo("anh-2.jpg", seed=22)],
    )
    assert sorted(_Pages.asked) == ["/bai-moi", "/bai-moi?lan=2"]  # each page fetched once


def test_a_photo_from_an_earlier_campaign_used_again_is_flagged_as_such(
    example_directive, commune_committee, commune_reporter, log_with_evidence
):
    log_with_evidence(
        commune_committee, commune_reporter, on=datetime.date(2022, 10, 6), files=[photo(seed=31)]
    )
    again = log_with_evidence(commune_committee, commune_reporter, files=[photo("anh-nam-nay.jpg", seed=31)])
    reason = again.flags.get().reason
    assert "06/10/2022" in reason
    assert "Ảnh đó thuộc một đợt trước, ngoài thời gian của đợt này." in reason
