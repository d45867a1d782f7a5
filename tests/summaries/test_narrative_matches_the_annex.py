"""The báo cáo tổng hợp never goes up with two sets of figures: every figure its narrative states equals its
own annex, after more reports are accepted too; a figure typed by hand that the data contradicts stops the
generation and says where."""

import dataclasses
import io
import re

import docx
import pytest
from django.urls import reverse

from lantoa.reports.services import accept_report
from lantoa.summaries import narrative
from lantoa.summaries.models import Summary
from lantoa.summaries.selectors import aggregate
from lantoa.summaries.services import SummaryError, generate_summary, save_summary, submit_upward

pytestmark = pytest.mark.django_db

NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+"


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def _read(generation) -> tuple[list[str], list[str], list[list[str]], list[str]]:
    """The narrative's paragraphs, and the annex: its header, its rows, its totals row."""
    document = docx.Document(io.BytesIO(generation.docx.read()))
    body = []
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("Phụ lục"):
            break
        body.append(paragraph.text)
    table = document.tables[-1]
    header, *rows, totals = [[cell.text for cell in row.cells] for row in table.rows]
    return body, header, rows, totals


def _check_every_figure(body: list[str], header: list[str], rows: list[list[str]], totals: list[str]) -> int:
    """Every figure of the narrative, read back from the DOCX, against the DOCX's own annex. Returns how many
    figures were checked; a number the narrative states that none of the rules explains fails the test."""
    states = [row[2] for row in rows]
    units = {row[1]: row[2] for row in rows}
    count = {
        "expected": len(rows),
        "submitted": sum(s != "Đang soạn" for s in states),
        "accepted": sum(s.startswith("Đã duyệt") for s in states),
        "pending": sum(s.startswith("Đã nộp") for s in states),
        "returned": sum(s.startswith("Bị trả lại") for s in states),
        "missing": sum(s == "Đang soạn" for s in states),
        "late": sum("(muộn)" in s for s in states),
    }
    count["on_time"] = count["submitted"] - count["late"]
    indicators = {}  # name → (unit of measure, accepted total in the annex, awaiting review in the annex)
    for position, (column, total) in enumerate(zip(header[3:], totals[3:], strict=True), start=3):
        name, uom = re.fullmatch(r"(.*) \((.*)\)", column).groups()
        waiting = sum(
            _number(row[position]) for row in rows if row[2].startswith("Đã nộp") and row[position] != "—"
        )
        indicators[name] = (uom, _number(total), waiting)
    text = "\n".join(body)
    checked = 0
    claims = [
        (rf"Có ({NUMBER})/({NUMBER}) đơn vị đã gửi báo cáo", ("submitted", "expected")),
        (rf"trong đó ({NUMBER}) báo cáo đã được kiểm tra, duyệt", ("accepted",)),
        (rf"({NUMBER})/({NUMBER}) đơn vị gửi báo cáo đúng thời hạn", ("on_time", "expected")),
        (rf"Còn ({NUMBER}) đơn vị chưa gửi báo cáo", ("missing",)),
        (rf"({NUMBER}) đơn vị gửi báo cáo chậm", ("late",)),
        (rf"({NUMBER}) báo cáo phải trả lại", ("returned",)),
        (rf"Ngoài ra, ({NUMBER}) báo cáo đã gửi đang được kiểm tra", ("pending",)),
    ]
    explained: list[tuple[int, int]] = []
    for pattern, names in claims:
        for match in re.finditer(pattern, text):
            for group, name in enumerate(names, start=1):
                assert _number(match.group(group)) == count[name], (match.group(0), name, count[name])
                explained.append(match.span(group))
                checked += 1
    for name, (uom, total, waiting) in indicators.items():
        low = name[:1].lower() + name[1:]
        for pattern in (rf"({NUMBER}) {re.escape(low)}", rf"{re.escape(low)}: ({NUMBER}) {re.escape(uom)}"):
            for match in re.finditer(pattern, text):
                # Inside the "(gồm …)" of the reports awaiting review: their sum, not the accepted total.
                line_so_far = text[: match.start()].split("\n")[-1]
                expected = waiting if "(gồm" in line_so_far else total
                assert _number(match.group(1)) == expected, (match.group(0), expected)
                explained.append(match.span(1))
                checked += 1
    missing_line = next((line for line in body if line.startswith("Còn ")), "")
    named = [unit for unit in units if unit in missing_line]
    assert all(units[unit] == "Đang soạn" for unit in named), [(u, units[u]) for u in named]
    others = re.search(rf"và ({NUMBER}) đơn vị khác", text)
    if missing_line:
        assert len(named) + (_number(others.group(1)) if others else 0) == count["missing"]
        if others:
            explained.append(others.span(1))
            checked += 1
    # Every other number is a date, a document number, a list position or a count of activities.
    for match in re.finditer(NUMBER, text):
        if any(start <= match.start() < end for start, end in explained):
            continue
        around = text[max(0, match.start() - 12) : match.end() + 14]
        assert re.search(
            r"\d+/\d+/\d{4}|số \d|/UBND|^\d+\. |\n\d+\. |hoạt động|đơn vị\)|\(gồm|: \d", around
        ) or text[match.end() : match.end() + 2] in (". ",), (match.group(0), around)
    return checked


def _generate(directive, officer):
    return generate_summary(directive=directive, actor=officer, base_url="http://t/", with_pdf=False)


def _save_text(directive, officer, **texts):
    summary = Summary.objects.filter(directive=directive).first()
    fields = {name: getattr(summary, name) for name in narrative.NARRATIVE_FIELDS} if summary else {}
    if summary is None:
        fields = {name: narrative.defaults(aggregate(directive))[name] for name in narrative.NARRATIVE_FIELDS}
    fields.update(texts)
    return save_summary(directive=directive, actor=officer, date=None, **fields)


def test_after_one_more_report_is_accepted_every_figure_of_the_regenerated_narrative_equals_the_annex(
    scene, officer
):
    first = _generate(scene.directive, officer)
    body, header, rows, totals = _read(first)
    assert _check_every_figure(body, header, rows, totals) >= 5
    assert any("trong đó 12 báo cáo đã được kiểm tra" in line for line in body)

    accept_report(report=scene.pending[0], actor=officer)
    # Nobody redrafts: the placeholders take the new figures at the next generation.
    second = _generate(scene.directive, officer)
    body, header, rows, totals = _read(second)
    assert _check_every_figure(body, header, rows, totals) >= 5
    assert any("trong đó 13 báo cáo đã được kiểm tra" in line for line in body)
    assert any("Ngoài ra, 3 báo cáo đã gửi đang được kiểm tra" in line for line in body)
    accepted_unit = scene.pending[0].unit.short_name
    assert next(row[2] for row in rows if row[1] == accepted_unit) == "Đã duyệt"


def test_a_figure_typed_by_hand_that_the_new_data_contradicts_stops_the_generation(scene, officer):
    # The officer pasted the narrative as it read at the first generation, figures and all.
    aggregation = aggregate(scene.directive)
    printed = narrative.rendered(narrative.defaults(aggregation), aggregation)
    _save_text(scene.directive, officer, **printed)
    _generate(scene.directive, officer)  # true at that moment: it goes through

    accept_report(report=scene.pending[0], actor=officer)
    with pytest.raises(SummaryError) as refused:
        _generate(scene.directive, officer)
    said = "\n".join(refused.value.messages)
    assert "Chưa tạo báo cáo: phần nội dung có số liệu không khớp" in said
    assert "Mục “I. Kết quả thực hiện”: “12 báo cáo đã được kiểm tra" in said
    assert "số liệu hiện là 13 báo cáo đã duyệt" in said
    assert "[đã duyệt]" in said  # what to type instead
    assert scene.directive.summary.generations.count() == 1  # nothing generated


def test_a_hand_typed_total_or_count_is_checked_with_where_it_is(scene, officer):
    radio = aggregate(scene.directive).accepted["radio-news"]
    _save_text(
        scene.directive,
        officer,
        results=f"Toàn huyện đã phát {radio + 5} tin, bài trên đài truyền thanh; có 16/38 đơn vị đã gửi báo cáo.",
    )
    problems = narrative.problems_of(
        {name: getattr(scene.directive.summary, name) for name in narrative.NARRATIVE_FIELDS},
        aggregate(scene.directive),
    )
    said = [str(p) for p in problems]
    assert any(f"“{radio + 5} tin, bài”" in p and f"{radio} tin, bài" in p for p in said), said
    assert any("“16/38 đơn vị”" in p and "17 đơn vị đã gửi báo cáo" in p for p in said), said
    with pytest.raises(SummaryError):
        _generate(scene.directive, officer)


def test_units_named_as_not_reporting_must_not_have_reported(scene, officer):
    accepted = scene.accepted[0].unit.short_name
    missing = scene.missing[0].unit.short_name
    _save_text(scene.directive, officer, weaknesses=f"Còn 21 đơn vị chưa gửi báo cáo: {accepted}, {missing}.")
    problems = narrative.problems_of(
        {"weaknesses": scene.directive.summary.weaknesses}, aggregate(scene.directive)
    )
    assert len(problems) == 1
    assert accepted.lower() in str(problems[0]).lower()
    assert "đơn vị chưa gửi báo cáo" in str(problems[0])


def test_what_is_not_a_figure_of_the_report_is_left_alone(scene, officer):
    _save_text(
        scene.directive,
        officer,
        results="[đoạn: số liệu theo chỉ tiêu]\nMỗi ngày đài xã phát khoảng 15 phút; hơn 500 tin, bài được chia sẻ.",
        weaknesses="Một số đài xã chỉ phát được 7 phút mỗi ngày do loa hỏng.",
        proposals="- Đề nghị hỗ trợ 2 cụm loa cho 3 đơn vị vùng sâu.",
    )
    texts = {name: getattr(scene.directive.summary, name) for name in narrative.NARRATIVE_FIELDS}
    assert narrative.problems_of(texts, aggregate(scene.directive)) == []
    assert _generate(scene.directive, officer).version == 1


def test_a_mistyped_placeholder_is_refused_rather_than_printed(scene, officer):
    _save_text(scene.directive, officer, results="Có [đã nop]/[số đơn vị] đơn vị đã gửi báo cáo.")
    with pytest.raises(SummaryError) as refused:
        _generate(scene.directive, officer)
    assert "“[đã nop]” — không phải ô giữ chỗ của Lantoa" in "\n".join(refused.value.messages)


def test_the_page_shows_the_check_and_the_placeholders_with_their_values(client, scene, officer):
    _save_text(scene.directive, officer, results="Có 99/38 đơn vị đã gửi báo cáo.")
    client.force_login(officer)
    page = client.get(reverse("summaries:detail", args=[scene.directive.pk])).content.decode()
    assert "chỗ trong nội dung không khớp số liệu" in page
    assert "văn bản giao cho 38 đơn vị, không phải 38" not in page
    assert "“99/38 đơn vị”" in page
    assert "<code>[đã gửi]</code>" in page
    assert "<code>[tổng: radio-news]</code>" in page
    response = client.post(reverse("summaries:generate", args=[scene.directive.pk]), follow=True)
    assert "Chưa tạo báo cáo" in response.content.decode()
    assert not scene.directive.summary.generations.exists()


def test_the_report_sent_upward_carries_the_text_that_generation_printed(upstream, scene, officer, leader):
    scene.directive.refresh_from_db()
    generation = _generate(scene.directive, officer)
    accept_report(report=scene.pending[0], actor=officer)  # after the generation: not in what goes up
    report = submit_upward(directive=scene.directive, actor=leader)
    assert "trong đó 12 báo cáo đã được kiểm tra" in report.results
    assert "[đã duyệt]" not in report.results
    assert report.results.startswith(generation.content["narrative"]["intro"].splitlines()[0])


def test_what_the_units_wrote_is_quoted_not_checked_but_the_officers_own_words_are(scene, officer):
    # A district's summary sent upward says how many of *its* communes had not reported; the province's
    # draft quotes it among the difficulties, and its own figures do not make the quote wrong.
    said_by_a_district = "Còn 3 đơn vị chưa gửi báo cáo, 4 đơn vị gửi báo cáo chậm"
    aggregation = dataclasses.replace(aggregate(scene.directive), difficulties=[said_by_a_district + "."])
    drafted = narrative.defaults(aggregation)
    assert said_by_a_district in drafted["weaknesses"]
    assert narrative.problems_of({"weaknesses": drafted["weaknesses"]}, aggregation) == []

    retyped = "Còn 3 đơn vị chưa gửi báo cáo."  # the officer's own claim about this report
    problems = narrative.problems_of({"weaknesses": retyped}, aggregation)
    assert len(problems) == 1
    assert "đơn vị chưa gửi báo cáo" in str(problems[0])
