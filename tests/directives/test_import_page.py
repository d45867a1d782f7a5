"""An officer imports a directive (pasted or uploaded) and gets a proposal beside the document's text."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from lantoa.directives.models import Directive

pytestmark = pytest.mark.django_db


def _docx_of(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _import(client, district_committee, culture_office, **data):
    """Post the import form; the page answers at once with the reading job's page, which (once the job ran
    after the request committed) leads on to the proposal — or says why it could not."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("directives:import"),
            {"issuer": district_committee.pk, "office": culture_office.pk, "text": "", **data},
        )
    if response.status_code == 302 and "/tac-vu/" in response["Location"]:
        return client.get(response["Location"])
    return response


def _assert_proposal_of_the_example(client, response) -> Directive:
    assert response.status_code == 302
    directive = Directive.objects.latest("pk")
    assert response["Location"] == reverse("directives:edit", args=[directive.pk])
    page = client.get(response["Location"]).content.decode()
    assert "38 đơn vị" in page
    assert "UBND xã Hoằng Xuân" in page
    assert "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch" in page
    # Each task's source sentence is highlighted in the text, and the task list links to it.
    for task in directive.tasks.all():
        assert f'<mark id="task-{task.position}">' in page
        assert f'href="#task-{task.position}"' in page
    assert len(re.findall(r'<mark id="task-\d+">', page)) == 8
    assert "15/10/2023" in page
    assert "01/10/2023" in page
    return directive


def test_officer_pastes_the_example_and_sees_the_proposal_beside_the_text(
    client, officer, district_committee, culture_office, example_text
):
    client.force_login(officer)
    response = _import(client, district_committee, culture_office, text=example_text)
    directive = _assert_proposal_of_the_example(client, response)
    assert directive.created_by == officer
    assert directive.issuer == district_committee
    assert directive.office == culture_office
    assert not directive.source_file
    first = directive.tasks.order_by("position").first()
    sentence = " ".join(directive.source_text[first.span_start : first.span_end].split())
    assert sentence == first.text


def test_pasted_text_with_windows_line_ends_keeps_the_highlights_on_the_sentences(
    client, officer, district_committee, culture_office, example_text
):
    client.force_login(officer)
    _import(client, district_committee, culture_office, text=example_text.replace("\n", "\r\n"))
    directive = Directive.objects.latest("pk")
    assert "\r" not in directive.source_text
    for task in directive.tasks.all():
        excerpt = " ".join(directive.source_text[task.span_start : task.span_end].split())
        assert excerpt[:40] == " ".join(task.text.split())[:40]


def test_officer_uploads_the_example_as_docx_and_can_download_the_original(
    client, officer, district_committee, culture_office, example_text
):
    client.force_login(officer)
    upload = SimpleUploadedFile("cong-van-cds.docx", _docx_of(example_text))
    response = _import(client, district_committee, culture_office, file=upload)
    directive = _assert_proposal_of_the_example(client, response)
    assert directive.source_name == "cong-van-cds.docx"
    download = client.get(reverse("directives:source", args=[directive.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert "cong-van-cds.docx" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == upload.file.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "van-ban.pdf",
            b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4 + bytes(4096),
            "không phải tệp văn bản",
        ),
        ("van-ban.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40, "PDF"),
        ("rong.pdf", b"", "Tệp tải lên rỗng"),
    ],
    ids=["binary-junk", "broken-pdf", "empty"],
)
def test_a_bad_upload_gives_a_vietnamese_error_and_creates_nothing(
    client, officer, district_committee, culture_office, name, content, expected
):
    client.force_login(officer)
    before = Directive.objects.count()
    response = _import(client, district_committee, culture_office, file=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    page = response.content.decode()
    assert expected in page
    # Refused by the form at once (an empty file), or by the reading job, whose page says why.
    assert 'class="errorlist' in page or 'class="job-error"' in page
    assert "Traceback" not in page
    assert Directive.objects.count() == before


def test_a_file_over_20_mb_is_refused_before_it_is_read(client, officer, district_committee, culture_office):
    client.force_login(officer)
    before = Directive.objects.count()
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.7\n" + b"0" * (21 * 1024 * 1024))
    response = _import(client, district_committee, culture_office, file=big)
    assert response.status_code == 200
    assert "Tệp quá lớn (21.0 MB): hãy tải tệp không quá 20 MB." in response.content.decode()
    assert Directive.objects.count() == before


def test_neither_a_file_nor_text_asks_for_one(client, officer, district_committee, culture_office):
    client.force_login(officer)
    response = _import(client, district_committee, culture_office)
    assert response.status_code == 200
    assert "Hãy chọn tệp văn bản hoặc dán nội dung văn bản vào ô." in response.content.decode()


def test_import_offers_the_officers_own_chain_and_preselects_the_district(
    client, officer, district_committee, culture_office, other_district_committee
):
    client.force_login(officer)
    page = client.get(reverse("directives:import")).content.decode()
    assert f'<option value="{district_committee.pk}" selected>' in page
    assert f'<option value="{culture_office.pk}"' in page
    assert f'value="{other_district_committee.pk}"' not in page


def test_an_office_of_another_district_cannot_be_chosen_by_a_forged_post(
    client, officer, district_committee, other_district_committee, example_text
):
    client.force_login(officer)
    before = Directive.objects.count()
    response = client.post(
        reverse("directives:import"),
        {"issuer": district_committee.pk, "office": other_district_committee.pk, "text": example_text},
    )
    assert response.status_code == 200
    assert Directive.objects.count() == before


def test_a_commune_reporter_cannot_import_for_the_district(
    client, commune_reporter, district_committee, culture_office, example_text
):
    client.force_login(commune_reporter)
    assert "Nhập văn bản" not in client.get(reverse("directives:list")).content.decode()
    before = Directive.objects.count()
    response = _import(client, district_committee, culture_office, text=example_text)
    assert response.status_code == 200  # the form refuses choices that are not theirs
    assert Directive.objects.count() == before
