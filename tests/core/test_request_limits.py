"""Oversized requests are refused before their body is read, with a Vietnamese 413 page; too many files
in one request get a Vietnamese 400; nothing already saved is touched."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from lantoa.core.middleware import RequestSizeLimitMiddleware

pytestmark = pytest.mark.django_db


class UnreadableBody(io.RawIOBase):
    """A body that fails the test if anybody reads it."""

    def readable(self):
        return True

    def readinto(self, buffer):
        raise AssertionError("the body was read before the size was checked")


def test_a_body_above_the_cap_is_refused_from_its_length_without_reading_it(settings):
    settings.LANTOA_MAX_REQUEST_MB = 50
    request = RequestFactory().post(
        "/hoat-dong/ghi/", data=b"", content_type="multipart/form-data; boundary=x"
    )
    request.META["CONTENT_LENGTH"] = str(64 * 1024 * 1024)
    request.META["wsgi.input"] = UnreadableBody()
    called = []
    response = RequestSizeLimitMiddleware(lambda r: called.append(r))(request)
    assert called == []
    assert response.status_code == 413
    page = response.content.decode()
    assert "vượt giới hạn 50 MB mỗi lần gửi" in page
    assert "64,0 MB" in page
    assert response["Connection"] == "close"


def test_the_413_reaches_a_signed_in_person_through_the_whole_stack(client, commune_reporter, settings):
    settings.LANTOA_MAX_REQUEST_MB = 1
    client.force_login(commune_reporter)
    big = SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024))
    response = client.post(reverse("activities:create") + "?type=banner", {"files": big})
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response.content.decode()


def test_a_body_within_the_cap_goes_through(client, settings):
    settings.LANTOA_MAX_REQUEST_MB = 1
    assert client.post(reverse("login"), {"username": "x", "password": "y"}).status_code == 200


def test_more_files_than_allowed_in_one_request_get_a_vietnamese_400(client, commune_reporter, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 10
    client.force_login(commune_reporter)
    files = [SimpleUploadedFile(f"anh-{n}.jpg", b"\xff\xd8\xff") for n in range(11)]
    response = client.post(reverse("activities:create") + "?type=banner", {"files": files})
    assert response.status_code == 400
    assert "quá nhiều tệp" in response.content.decode()


def test_the_limits_are_settings_with_sensible_defaults():
    from django.conf import settings

    assert settings.LANTOA_MAX_REQUEST_MB == 50
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 10
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024
    assert settings.LANTOA_MAX_UPLOAD_MB == 15
