"""Evidence checks start from the issued example (window 01–10/10/2023): Hoằng Xuân's reporter and the
reporter of another commune of Hoằng Hóa log activities with photos, recordings and links."""

import datetime
import http.server
import io
import threading
import wave

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from lantoa.activities.services import create_activity
from lantoa.units.models import Level, Membership, Role, Unit


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def scene_jpeg(*, seed: int = 1, taken: str | None = None, size=(640, 480)) -> bytes:
    """A photo with shapes in it (a flat colour hashes to nothing), optionally with its EXIF date."""
    image = Image.new("RGB", (640, 480), (230, 230, 220))
    draw = ImageDraw.Draw(image)
    for n in range(6):
        x = (seed * 97 + n * 131) % 520
        y = (seed * 53 + n * 71) % 360
        draw.rectangle([x, y, x + 60 + n * 10, y + 40 + n * 12], fill=((seed * 40 + n * 30) % 255, 60, 120))
    image = image.resize(size)  # the same scene at another size: what a phone's resizing makes
    buffer = io.BytesIO()
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[36867] = taken
    image.save(buffer, format="JPEG", quality=88, exif=exif)
    return buffer.getvalue()


def photo(name="le-phat-dong.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, scene_jpeg(**kwargs), content_type="image/jpeg")


def recording(seconds: int, name="ban-tin.wav") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(4000)
        out.writeframes(bytes([128]) * 4000 * seconds)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="audio/wav")


@pytest.fixture
def other_commune(district_committee, commune_committee) -> Unit:
    return (
        Unit.objects.filter(parent=district_committee, level=Level.COMMUNE)
        .exclude(pk=commune_committee.pk)
        .order_by("code_legacy")
        .first()
    )


@pytest.fixture
def other_commune_reporter(other_commune):
    user = get_user_model().objects.create_user(username="canboxakhac", password="x-unused-x")
    Membership.objects.create(user=user, unit=other_commune, role=Role.REPORTER)
    return user


@pytest.fixture
def log_with_evidence(django_capture_on_commit_callbacks):
    """Log an activity through the service, and run the checks its commit schedules."""

    def log(unit, actor, *, type="event", on=datetime.date(2023, 10, 5), files=(), links=(), **fields):
        fields.setdefault("title", "Lễ phát động Ngày chuyển đổi số")
        fields.setdefault("quantities", {"count": 1})
        with django_capture_on_commit_callbacks(execute=True):
            return create_activity(
                unit=unit,
                actor=actor,
                activity_type=type,
                occurred_on=on,
                files=list(files),
                links=list(links),
                **fields,
            )

    return log


class _Pages(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self):
        self.asked.append(self.path)
        if self.path.startswith("/bai-cu"):
            body = (
                '<html><head><meta property="article:published_time" content="2022-05-01T08:00:00+07:00">'
                "</head><body>Bài cũ</body></html>"
            )
        elif self.path.startswith("/bai-moi"):
            body = '<html><head><meta property="article:published_time" content="2023-10-04"></head></html>'
        else:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def news_site(settings):
    """A local news site: /bai-moi (dated in the window), /bai-cu (dated 2022), anything else 404."""
    settings.LANTOA_EVIDENCE_LINK_CHECKS = True
    settings.LANTOA_EVIDENCE_FETCH_PRIVATE = True
    settings.LANTOA_EVIDENCE_LINK_TIMEOUT = 2
    _Pages.asked.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
