"""After enough overdue reminders, the office downloads a công văn đôn đốc to the late units."""

import io

import pytest
from django.urls import reverse
from docx import Document

from lantoa.notifications.services import run_reminders
from lantoa.reports.models import Report, ReportState
from tests.notifications.conftest import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_campaign(campaign, commune_committee):
    # Every unit but Hoằng Xuân reports in time; Hoằng Xuân is chased three times past due.
    Report.objects.filter(directive=campaign).exclude(unit=commune_committee).update(
        state=ReportState.SUBMITTED
    )
    for offset in (2, 4, 6):
        run_reminders(today=day(offset))
    return campaign


def _texts(document) -> list[str]:
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += [p.text for p in cell.paragraphs]
    return paragraphs


def test_the_dunning_page_lists_the_late_units(client, late_campaign, officer, commune_committee):
    client.force_login(officer)
    page = client.get(reverse("notifications:dunning", args=[late_campaign.pk])).content.decode()
    assert commune_committee.name in page
    assert "1 đơn vị cần đôn đốc" in page


def test_the_dunning_letter_is_a_cong_van_to_the_late_units(
    client, late_campaign, officer, commune_committee
):
    client.force_login(officer)
    response = client.get(reverse("notifications:dunning_docx", args=[late_campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')

    document = Document(io.BytesIO(response.content))
    texts = _texts(document)
    full = "\n".join(texts)
    number = next(i for i, t in enumerate(texts) if t.startswith("Số:"))
    assert any(t.startswith("V/v đôn đốc báo cáo kết quả thực hiện") for t in texts[number + 1 : number + 3])
    assert "BÁO CÁO" not in texts
    assert f"Kính gửi: {commune_committee.name}." in full
    assert "số 1234/UBND-VHTT ngày 25/09/2023" in full
    assert "15/10/2023" in full
    assert "Nơi nhận" in full
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.text.strip()}
    assert fonts == {"Times New Roman"}


def test_no_dunning_letter_before_units_were_chased_enough(client, campaign, officer):
    run_reminders(today=day(2))
    client.force_login(officer)
    response = client.get(reverse("notifications:dunning_docx", args=[campaign.pk]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "chưa cần soạn công văn đôn đốc" in page


def test_only_the_directives_managers_open_the_dunning_page(
    client, late_campaign, outsider, commune_reporter
):
    for person in (outsider, commune_reporter):
        client.force_login(person)
        assert client.get(reverse("notifications:dunning", args=[late_campaign.pk])).status_code == 404
        assert client.get(reverse("notifications:dunning_docx", args=[late_campaign.pk])).status_code == 404
