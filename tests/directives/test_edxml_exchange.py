"""Offices exchange directives as edXML packages: an issued directive goes out as one and comes back in the
same; a báo cáo tổng hợp goes upward as one; a broken package is refused with a clear message."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from lantoa.directives.models import Directive
from lantoa.documents.edxml import read_edxml
from lantoa.jobs.models import Job, JobState

pytestmark = pytest.mark.django_db


def _docx_of(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _import(client, district_committee, culture_office, upload):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("directives:import"),
            {"issuer": district_committee.pk, "office": culture_office.pk, "text": "", "file": upload},
        )
    assert response.status_code == 302
    return Job.objects.filter(kind="directive.import").latest("pk")


def test_an_issued_directive_goes_out_as_edxml_and_comes_back_with_the_same_number_date_subject_and_file(
    client, officer, example_directive, example_text, district_committee, culture_office
):
    original = _docx_of(example_text)
    example_directive.source_file.save("cong-van.docx", ContentFile(original))
    example_directive.source_name = "cong-van.docx"
    # The example's text has no header: the officer typed the number, the date and the trích yếu in.
    example_directive.subject = "V/v hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023"
    example_directive.save(update_fields=["source_file", "source_name", "subject"])
    client.force_login(officer)
    exported = client.get(reverse("directives:edxml", args=[example_directive.pk]))
    assert exported.status_code == 200
    assert exported["Content-Disposition"].endswith('.edxml"')
    package = read_edxml(exported.content)
    assert len(package.recipients) == example_directive.assignments.values("unit").distinct().count()

    job = _import(
        client, district_committee, culture_office, SimpleUploadedFile("goi.edxml", exported.content)
    )
    assert job.state == JobState.SUCCEEDED, job.error
    back = Directive.objects.get(pk=job.result["directive"])
    assert back.pk != example_directive.pk
    assert back.number == example_directive.number
    assert back.issued_on == example_directive.issued_on
    assert back.subject == example_directive.subject
    assert back.source_name == "cong-van.docx"
    with back.source_file.open("rb") as handle:
        assert handle.read() == original
    # The attached document went through the reader: the proposal has the example's tasks.
    assert back.tasks.count() == example_directive.tasks.count()


def test_a_draft_is_not_exported(client, officer, draft_example_directive):
    client.force_login(officer)
    response = client.get(reverse("directives:edxml", args=[draft_example_directive.pk]), follow=True)
    assert "Chỉ xuất gói edXML cho văn bản đã ban hành." in response.content.decode()


def test_a_directive_without_its_subject_is_not_exported(client, officer, example_directive):
    client.force_login(officer)
    response = client.get(reverse("directives:edxml", args=[example_directive.pk]), follow=True)
    assert "chưa có trích yếu" in response.content.decode()


def test_the_summary_goes_upward_as_edxml_with_its_files(client, officer, example_directive):
    from lantoa.summaries.services import generate_summary, save_summary

    save_summary(
        directive=example_directive,
        actor=officer,
        date=None,
        number="125/BC-UBND",
        subject="Báo cáo kết quả hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023",
        recipients="Sở Thông tin và Truyền thông tỉnh Thanh Hóa",
    )
    generation = generate_summary(
        directive=example_directive, actor=officer, base_url="http://testserver/", with_pdf=False
    )
    client.force_login(officer)
    response = client.get(reverse("summaries:file", args=[generation.pk, "edxml"]))
    package = read_edxml(response.content)
    assert package.number == "125/BC-UBND"
    assert package.subject.startswith("Báo cáo kết quả")
    assert [o.name for o in package.recipients] == ["Sở Thông tin và Truyền thông tỉnh Thanh Hóa"]
    with generation.docx.open("rb") as handle:
        docx = handle.read()
    assert docx in [a.data for a in package.attachments]


def test_a_broken_package_fails_the_import_with_a_clear_message(
    client, officer, district_committee, culture_office
):
    from lantoa.documents.edxml import NS

    client.force_login(officer)
    broken = f"<?xml version='1.0'?><edXML xmlns='{NS}'><edXMLEnvelope></edXML>".encode()
    job = _import(client, district_committee, culture_office, SimpleUploadedFile("hong.edxml", broken))
    assert job.state == JobState.FAILED
    assert "XML bị lỗi" in job.error
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "XML bị lỗi" in page
