"""In a real browser: an import answers at once, its progress block refreshes itself until the proposal
opens (the job runs in the web process's own job thread, as on one machine without a broker); the API's
docs page works under the Content-Security-Policy with its assets served from here."""

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

EXAMPLE = "tests/documents/fixtures/cong-van-ngay-cds-2023.txt"


def test_the_import_page_follows_the_job_in_place_and_opens_the_proposal(phone, settings, shot):
    from lantoa.jobs import embedded

    settings.LANTOA_JOBS_MODE = "embedded"
    settings.LANTOA_JOBS_POLL_SECONDS = 1
    try:
        login(phone, "chuyenvien")
        phone.goto("/van-ban/nhap/")
        with open(EXAMPLE, encoding="utf-8") as handle:
            phone.fill("#id_text", handle.read())
        phone.click("form.dform button[type=submit]")
        phone.wait_for_url("**/tac-vu/*/")
        shot(phone, "import-job-page")
        # No reload: htmx polls the status block, then follows HX-Redirect to the proposal.
        phone.wait_for_url("**/van-ban/*/sua/", timeout=30_000)
        assert "Đã đọc văn bản." in phone.inner_text("body")
        shot(phone, "import-job-done")
    finally:
        settings.LANTOA_JOBS_MODE = "eager"
        embedded.wake()


def test_the_api_docs_load_under_the_policy(phone):
    phone.goto("/api/v1/docs")
    phone.wait_for_selector("text=Lantoa API", timeout=15_000)
    assert phone.locator(".opblock").count() >= 10
