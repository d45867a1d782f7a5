"""The demo writes its history through the real services, each step with the clock set to its moment."""

import datetime
import io
from contextlib import contextmanager
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@contextmanager
def at(day: datetime.date, hour: int = 9, minute: int = 0):
    """Run the services as if it were that moment (local time)."""
    moment = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def photo(text: str) -> SimpleUploadedFile:
    """A small picture standing for the evidence photo a unit would upload."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 400), (230, 240, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 620, 380), outline=(179, 38, 30), width=6)
    draw.text((40, 180), text, fill=(20, 30, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("anh-minh-chung.jpg", buffer.getvalue(), content_type="image/jpeg")
