import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded directives land in a throw-away folder, never in the data folder of the machine."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
