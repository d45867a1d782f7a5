"""The first draft is written from the figures, in the issuing unit's own particulars."""

import pytest

from lantoa.summaries import narrative
from lantoa.summaries.models import Summary
from lantoa.summaries.selectors import aggregate, issuer_of
from lantoa.summaries.services import build_document

pytestmark = pytest.mark.django_db


def test_the_draft_states_the_accepted_figures_and_who_reported_on_time(scene):
    aggregation = aggregate(scene.directive)
    # The draft writes placeholders; what a generation prints is the draft filled from its data.
    text = narrative.rendered(narrative.defaults(aggregation), aggregation)
    radio = aggregation.accepted["radio-news"]
    assert f"toàn huyện đã thực hiện {radio} tin, bài phát trên đài truyền thanh" in text["results"]
    assert "Có 17/38 đơn vị đã gửi báo cáo, trong đó 12 báo cáo đã được kiểm tra, duyệt" in text["results"]
    assert "Ngoài ra, 4 báo cáo đã gửi đang được kiểm tra, chưa tính vào số liệu trên" in text["results"]
    assert "16/38 đơn vị gửi báo cáo đúng thời hạn." in text["strengths"]
    assert "Còn 21 đơn vị chưa gửi báo cáo" in text["weaknesses"]
    assert "Loa truyền thanh một số thôn đã xuống cấp" in text["weaknesses"]  # what the units wrote
    assert "Trang thông tin điện tử" not in text["results"]  # nobody reported any: no line of zeros


def test_the_header_comes_from_the_issuing_units_settings(scene):
    text = narrative.defaults(aggregate(scene.directive))
    assert text["number"].strip() == "/BC-UBND"
    assert text["place"] == "Hoằng Hóa"
    assert text["cc"].splitlines()[-1] == "Lưu: VT, VHTT"
    # The example names the Sở's công văn it implements: the report goes back there.
    assert text["recipients"] == "Sở Thông tin và Truyền thông tỉnh Thanh Hóa"
    issuer = issuer_of(scene.directive)
    assert (issuer.parent_agency, issuer.agency) == ("", "ỦY BAN NHÂN DÂN HUYỆN HOẰNG HÓA")


def test_a_department_is_headed_by_its_committee(upstream):
    issuer = issuer_of(upstream)
    assert issuer.parent_agency == "UBND TỈNH THANH HÓA"
    assert issuer.agency == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert issuer.abbreviation == "STTTT"
    assert issuer.place == "Thanh Hóa"


def test_with_the_upstream_directive_in_lantoa_the_draft_answers_it(upstream, scene):
    scene.directive.refresh_from_db()
    text = narrative.defaults(aggregate(scene.directive))
    assert text["subject"] == "Kết quả thực hiện tuyên truyền hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023"
    assert text["intro"].startswith(
        "Thực hiện Công văn số 2276/STTTT-TTBCXB ngày 20/09/2023 của Sở Thông tin và Truyền thông tỉnh Thanh Hóa"
    )
    assert text["intro"].endswith("báo cáo kết quả như sau:")


def test_the_document_has_sections_one_to_three_and_the_appendix(scene, officer):
    aggregation = aggregate(scene.directive)
    summary = Summary(directive=scene.directive, created_by=officer, **narrative.defaults(aggregation))
    document = build_document(summary, aggregation)
    assert [s.heading for s in document.sections] == [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. ĐÁNH GIÁ CHUNG",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    assert document.cc[-1].startswith("Lưu: VT")
    table = document.appendix[0]
    assert table.title == "Phụ lục: Số liệu của các đơn vị"
    assert len(table.rows) == 38
