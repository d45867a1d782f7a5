"""An officer imports a scan: the page answers at once, shows progress in place, then the proposal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.directives.models import Directive
from lantoa.jobs.models import Job, JobState
from lantoa.jobs.services import run_job

pytestmark = pytest.mark.django_db


def _post(client, district_committee, culture_office, **data):
    return client.post(
        reverse("directives:import"),
        {"issuer": district_committee.pk, "office": culture_office.pk, "text": "", **data},
    )


def test_the_import_page_answers_at_once_and_shows_a_progress_bar_that_refreshes_itself(
    client, officer, district_committee, culture_office, example_text
):
    client.force_login(officer)
    before = Directive.objects.count()
    response = _post(client, district_committee, culture_office, text=example_text)
    job = Job.objects.get(kind="directive.import", created_by=officer)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert Directive.objects.count() == before  # nothing read yet: the worker has not run
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page
    assert f'hx-get="{reverse("jobs:status", args=[job.pk])}"' in page
    assert 'hx-trigger="every 1s"' in page
    run_job(job.pk)
    status = client.get(reverse("jobs:status", args=[job.pk]), HTTP_HX_REQUEST="true")
    directive = Directive.objects.get(pk=Job.objects.get(pk=job.pk).result["directive"])
    assert status["HX-Redirect"] == reverse("directives:edit", args=[directive.pk])
    assert directive.tasks.count() == 8


@pytest.mark.slow
@pytest.mark.usefixtures("require_ocr")
def test_a_scanned_pdf_is_read_through_ocr_in_the_job_with_progress_by_page(
    client, officer, district_committee, culture_office, example_scan_pdf
):
    client.force_login(officer)
    upload = SimpleUploadedFile("cong-van-scan.pdf", example_scan_pdf.read_bytes())
    response = _post(client, district_committee, culture_office, file=upload)
    job = Job.objects.get(kind="directive.import", created_by=officer)
    assert response.status_code == 302
    notes = []
    from lantoa.jobs import services

    original = services.Progress.__call__

    def spy(self, percent, note=""):
        notes.append((percent, note))
        original(self, percent, note)

    services.Progress.__call__ = spy
    try:
        run_job(job.pk)
    finally:
        services.Progress.__call__ = original
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    assert any("trang 1/1" in note for _p, note in notes)
    assert [p for p, _n in notes] == sorted(p for p, _n in notes)
    directive = Directive.objects.get(pk=job.result["directive"])
    assert directive.source_name == "cong-van-scan.pdf"
    assert directive.assignments.exists()


def test_a_broken_file_fails_in_vietnamese_and_can_be_tried_again(
    client, officer, district_committee, culture_office
):
    client.force_login(officer)
    upload = SimpleUploadedFile("hong.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40)
    _post(client, district_committee, culture_office, file=upload)
    job = Job.objects.get(kind="directive.import", created_by=officer)
    run_job(job.pk)
    status = client.get(reverse("jobs:status", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Không thành công." in status
    assert "PDF bị hỏng" in status
    assert "hx-trigger" not in status  # finished: the page stops polling
    assert f'action="{reverse("jobs:retry", args=[job.pk])}"' in status
    assert "Traceback" not in status


def test_a_second_click_on_generate_gives_back_the_pending_compilation(client, officer, example_directive):
    client.force_login(officer)
    first = client.post(reverse("summaries:generate", args=[example_directive.pk]))
    second = client.post(reverse("summaries:generate", args=[example_directive.pk]))
    assert first["Location"] == second["Location"]
    job = Job.objects.get(kind="summary.generate")
    run_job(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    assert example_directive.summary.generations.count() == 1
