"""Evidence files are judged by their bytes, stored under generated names, and served only to those who may
see the activity."""

import datetime
import hashlib
import io
import wave
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from lantoa.activities.evidence import EvidenceRejected, check_uploads, sniff
from lantoa.activities.models import Activity, Evidence
from lantoa.activities.services import add_evidence, create_activity, update_activity

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

PHP = b"<?php system($_GET['c']); ?>\n"
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def _files_on_disk(media_root: Path) -> list[Path]:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def _log(unit, actor, **extra):
    fields = {
        "unit": unit,
        "actor": actor,
        "activity_type": "event",
        "occurred_on": datetime.date(2023, 10, 3),
        "title": "Lễ phát động Ngày Chuyển đổi số",
        "quantities": {"count": 1, "participants": 120},
    }
    fields.update(extra)
    return create_activity(**fields)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), (0, 128, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def _webp() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), (0, 0, 128)).save(buffer, format="WEBP")
    return buffer.getvalue()


def _pdf() -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(0, 10, "Ke hoach tuyen truyen")
    return bytes(document.output())


def _wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("head", "content_type"),
    [
        (jpeg_bytes(), "image/jpeg"),
        (_png(), "image/png"),
        (_webp(), "image/webp"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "image/heic"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00", "audio/mpeg"),
        (b"\xff\xfb\x90\x00" + b"\x00" * 20, "audio/mpeg"),
        (b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A mp42isom", "audio/mp4"),
        (b"OggS\x00\x02" + b"\x00" * 20, "audio/ogg"),
        (_wav(), "audio/wav"),
        (b"#!AMR\n\x3c\x00", "audio/amr"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
    ],
)
def test_accepted_formats_are_recognised_by_their_first_bytes(head, content_type):
    assert sniff(head[:64]).content_type == content_type


@pytest.mark.parametrize(
    "content",
    [
        PHP,
        HTML,
        b"MZ\x90\x00\x03" + b"\x00" * 60,
        b"GIF89a\x01\x00",
        b"PK\x03\x04docx",
        b"\x00\x00\x00\x18ftypisom",
    ],
)
def test_other_contents_are_not_recognised(content):
    assert sniff(content[:64]) is None


def test_a_php_script_renamed_jpg_is_refused_and_nothing_is_stored(
    commune_committee, commune_reporter, media_root
):
    upload = SimpleUploadedFile("anh-le-phat-dong.jpg", PHP, content_type="image/jpeg")
    with pytest.raises(EvidenceRejected) as refused:
        _log(commune_committee, commune_reporter, files=[upload])
    assert "anh-le-phat-dong.jpg" in refused.value.messages[0]
    assert "không phải ảnh" in refused.value.messages[0]
    assert not Activity.objects.filter(unit=commune_committee).exists()
    assert _files_on_disk(media_root) == []


def test_a_jpeg_header_on_a_broken_image_is_refused(commune_committee, commune_reporter):
    broken = jpeg_bytes()[:20] + b"<?php echo 1; ?>" * 10
    with pytest.raises(EvidenceRejected) as refused:
        check_uploads([SimpleUploadedFile("x.jpg", broken)])
    assert "không mở được như một ảnh" in refused.value.messages[0]


def test_an_html_page_named_pdf_is_refused_with_what_to_do(commune_committee, commune_reporter):
    with pytest.raises(EvidenceRejected) as refused:
        check_uploads([SimpleUploadedFile("bao-cao.pdf", HTML, content_type="application/pdf")])
    assert "Hãy chọn đúng tệp ảnh, ghi âm hoặc PDF" in refused.value.messages[0]


def test_an_oversize_file_is_refused_with_a_clear_message_and_the_activity_is_unchanged(
    client, commune_committee, commune_reporter, media_root
):
    activity = _log(commune_committee, commune_reporter)
    before = Activity.objects.filter(pk=activity.pk).values().get()
    big = SimpleUploadedFile(
        "video-dai.jpg", b"\xff\xd8\xff" + b"\x00" * (15 * 1024 * 1024), content_type="image/jpeg"
    )
    client.force_login(commune_reporter)
    response = client.post(
        reverse("activities:edit", args=[activity.pk]),
        {
            "type": "event",
            "occurred_on": "2023-10-04",
            "title": "Tiêu đề đã sửa",
            "count": "2",
            "participants": "300",
            "files": [big],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "vượt giới hạn 15 MB mỗi tệp" in page
    assert "video-dai.jpg" in page
    assert Activity.objects.filter(pk=activity.pk).values().get() == before
    assert not Evidence.objects.filter(activity=activity).exists()
    assert _files_on_disk(media_root) == []


def test_the_size_limit_follows_the_setting_when_one_is_given(settings, commune_committee, commune_reporter):
    settings.LANTOA_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("anh.jpg", jpeg_bytes(size=(10, 10)) + b"\x00" * (1024 * 1024))
    with pytest.raises(EvidenceRejected) as refused:
        check_uploads([big])
    assert "vượt giới hạn 1 MB" in refused.value.messages[0]


def test_one_bad_file_refuses_the_whole_upload(commune_committee, commune_reporter, photo, media_root):
    activity = _log(commune_committee, commune_reporter)
    bad = SimpleUploadedFile("shell.png", HTML)
    with pytest.raises(EvidenceRejected):
        add_evidence(activity=activity, actor=commune_reporter, files=[photo, bad])
    assert not activity.evidence.exists()
    assert _files_on_disk(media_root) == []


def test_a_real_jpeg_is_stored_under_a_generated_name_with_its_checksum(
    commune_committee, commune_reporter, media_root
):
    content = jpeg_bytes()
    upload = SimpleUploadedFile("../../etc/ảnh lễ phát động.php.JPG", content, content_type="text/html")
    activity = _log(
        commune_committee, commune_reporter, files=[upload], links=["https://hoangxuan.thanhhoa.gov.vn/tin/1"]
    )
    photo, link = (
        activity.evidence.get(kind="photo"),
        activity.evidence.get(kind="link"),
    )
    assert link.url == "https://hoangxuan.thanhhoa.gov.vn/tin/1"
    assert photo.content_type == "image/jpeg"  # from the bytes, not from what the browser said
    assert photo.original_name == "ảnh lễ phát động.php.JPG"
    assert photo.sha256 == hashlib.sha256(content).hexdigest()
    assert photo.size == len(content)
    stored = Path(photo.file.name)
    assert stored.parts[0] == "evidence"
    assert stored.suffix == ".jpg"
    assert len(stored.stem) == 32
    assert all(c in "0123456789abcdef" for c in stored.stem)
    assert "phát" not in photo.file.name
    assert "php" not in photo.file.name
    assert (media_root / photo.file.name).read_bytes() == content


def test_a_photo_is_served_inline_to_the_unit_and_to_the_office_and_to_no_one_else(
    client,
    commune_committee,
    commune_reporter,
    example_directive,
    officer,
    leader,
    other_commune_reporter,
    outsider,
    department_officer,
    media_root,
):
    activity = _log(commune_committee, commune_reporter, files=[SimpleUploadedFile("a.jpg", jpeg_bytes())])
    evidence = activity.evidence.get()
    url = reverse("activities:evidence", args=[evidence.pk])
    for person in [commune_reporter, officer, leader]:
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200, person
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline")
        assert b"".join(response.streaming_content) == (media_root / evidence.file.name).read_bytes()
    missing = reverse("activities:evidence", args=[evidence.pk + 10_000])
    for person in [other_commune_reporter, outsider, department_officer]:
        client.force_login(person)
        assert client.get(url).status_code == client.get(missing).status_code == 404, person


def test_audio_and_pdf_are_served_as_downloads(client, commune_committee, commune_reporter):
    activity = _log(
        commune_committee,
        commune_reporter,
        files=[
            SimpleUploadedFile("ban-tin.wav", _wav()),
            SimpleUploadedFile("ke-hoach.pdf", _pdf()),
        ],
    )
    client.force_login(commune_reporter)
    for evidence in activity.evidence.all():
        response = client.get(reverse("activities:evidence", args=[evidence.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] in {"audio/wav", "application/pdf"}


def test_a_rejected_file_on_edit_leaves_the_activity_and_its_evidence_as_they_were(
    commune_committee, commune_reporter, photo, media_root
):
    activity = _log(commune_committee, commune_reporter, files=[photo])
    stored_before = _files_on_disk(media_root)
    with pytest.raises(EvidenceRejected):
        update_activity(
            activity=activity,
            actor=commune_reporter,
            activity_type="event",
            occurred_on=datetime.date(2023, 10, 4),
            title="Đã sửa",
            quantities={"count": 5, "participants": 10},
            files=[SimpleUploadedFile("x.jpg", PHP)],
        )
    activity.refresh_from_db()
    assert activity.title == "Lễ phát động Ngày Chuyển đổi số"
    assert activity.participants == 120
    assert activity.evidence.count() == 1
    assert _files_on_disk(media_root) == stored_before
