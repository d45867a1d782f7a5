"""“Soạn lại phần nội dung…” asks first, and the text it replaces is kept to restore: a paragraph typed by
hand is never lost to a click."""

import pytest
from django.urls import reverse

from lantoa.core.models import AuditEvent
from lantoa.summaries.models import Summary, SummaryRevision
from lantoa.summaries.services import redraft_summary, restore_summary, save_summary

pytestmark = pytest.mark.django_db

TYPED = "Đoạn văn chuyên viên tự viết về kết quả nổi bật của huyện."


@pytest.fixture
def typed(scene, officer) -> Summary:
    return save_summary(directive=scene.directive, actor=officer, date=None, results=TYPED)


def test_redrafting_without_confirming_asks_what_will_happen_and_changes_nothing(client, typed, officer):
    client.force_login(officer)
    url = reverse("summaries:redraft", args=[typed.directive_id])
    for response in (client.get(url), client.post(url)):
        page = response.content.decode()
        assert response.status_code == 200
        assert "Soạn lại phần nội dung từ số liệu mới nhất?" in page
        assert "Nội dung hiện tại được lưu lại" in page
        assert 'name="xac_nhan" value="1"' in page
    typed.refresh_from_db()
    assert typed.results == TYPED
    assert not SummaryRevision.objects.exists()


def test_the_summary_page_asks_in_a_dialog_before_redrafting(client, typed, officer):
    client.force_login(officer)
    page = client.get(reverse("summaries:detail", args=[typed.directive_id])).content.decode()
    form = page[page.index(reverse("summaries:redraft", args=[typed.directive_id])) :][:600]
    assert 'data-confirm="Mở đầu và các mục I, II, III sẽ được viết lại' in form
    assert 'data-confirm-button="Soạn lại"' in form


def test_a_confirmed_redraft_keeps_the_typed_text_and_restoring_brings_it_back(client, typed, officer):
    client.force_login(officer)
    client.post(reverse("summaries:redraft", args=[typed.directive_id]), {"xac_nhan": "1"})
    typed.refresh_from_db()
    assert typed.results.startswith("Có [đã gửi]/[số đơn vị] đơn vị đã gửi báo cáo")
    kept = SummaryRevision.objects.get(summary=typed)
    assert (kept.reason, kept.texts["results"], kept.created_by) == ("redraft", TYPED, officer)
    page = client.get(reverse("summaries:detail", args=[typed.directive_id])).content.decode()
    assert "Các bản nội dung trước" in page
    assert TYPED in page

    restore = reverse("summaries:restore", args=[typed.directive_id, kept.pk])
    assert "Khôi phục bản nội dung này?" in client.post(restore).content.decode()  # asks first
    client.post(restore, {"xac_nhan": "1"})
    typed.refresh_from_db()
    assert typed.results == TYPED
    # The redrafted text it replaced is kept in turn: restoring is undoable too.
    again = SummaryRevision.objects.filter(summary=typed, reason="restore").get()
    assert again.texts["results"].startswith("Có [đã gửi]")
    assert AuditEvent.objects.filter(action="summary.redraft").exists()
    assert AuditEvent.objects.filter(action="summary.restore").exists()


def test_redrafting_an_unchanged_draft_keeps_no_copy(scene, officer):
    redraft_summary(directive=scene.directive, actor=officer)  # creates the summary from the draft
    redraft_summary(directive=scene.directive, actor=officer)
    assert not SummaryRevision.objects.exists()


def test_only_the_directives_managers_redraft_or_restore(client, typed, officer, commune_reporter):
    redraft_summary(directive=typed.directive, actor=officer)
    kept = SummaryRevision.objects.get()
    client.force_login(commune_reporter)
    assert (
        client.post(reverse("summaries:redraft", args=[typed.directive_id]), {"xac_nhan": "1"}).status_code
        == 404
    )
    restore = reverse("summaries:restore", args=[typed.directive_id, kept.pk])
    assert client.post(restore, {"xac_nhan": "1"}).status_code == 404
    with pytest.raises(Exception, match="Chỉ chuyên viên"):
        restore_summary(directive=typed.directive, actor=commune_reporter, revision=kept)
