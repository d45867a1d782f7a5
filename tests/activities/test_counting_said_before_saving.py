"""An activity never silently fails to count: the type picker offers first the types the unit's open reports
count, and the form says, before saving, which reports the activity will count in, and which not and why."""

import pytest
from django.urls import reverse

from lantoa.activities.models import Activity, ActivityExclusion
from lantoa.indicators.models import ActivityType

pytestmark = pytest.mark.django_db

FORM = reverse("activities:create")


def _counted_types(directive) -> set[str]:
    return {t for i in directive.indicators.all() for t in i.activity_types}


def test_the_picker_offers_first_the_types_that_count_toward_the_units_open_directives(
    client, example_directive, commune_reporter
):
    client.force_login(commune_reporter)
    page = client.get(FORM).content.decode()
    counting = page[page.index('id="loai-duoc-tinh"') : page.index('id="loai-khac"')]
    others = page[page.index('id="loai-khac"') :]
    counted = _counted_types(example_directive)
    assert counted
    for value, _label in ActivityType.choices:
        assert (f"type={value}" in counting) == (value in counted), value
        assert (f"type={value}" in others) == (value not in counted), value
    assert "tính vào 1 văn bản" in counting
    assert "không có chỉ tiêu cho các loại này" in page


def test_a_type_the_directive_does_not_count_is_shown_not_counted_with_the_reason(
    client, example_directive, commune_reporter
):
    not_counted = next(v for v, _l in ActivityType.choices if v not in _counted_types(example_directive))
    client.force_login(commune_reporter)
    page = client.get(FORM + f"?type={not_counted}").content.decode()
    line = page[page.index('class="counting-line"') :][:1500]
    assert 'name="counted"' not in line  # nothing to tick: it cannot count there
    assert "không tính: văn bản không có chỉ tiêu cho loại hoạt động này" in line


def test_a_date_outside_the_window_is_said_before_saving(client, example_directive, commune_reporter):
    client.force_login(commune_reporter)
    page = client.get(FORM + "?type=broadcast").content.decode()
    assert 'data-start="2023-10-01" data-end="2023-10-10"' in page  # what counting.js compares as one types
    response = client.post(
        FORM + "?type=broadcast",
        {
            "type": "broadcast",
            "occurred_on": "2023-11-20",
            "title": "",
            "count": "1",
            "counted_shown": "1",
            "counted": [example_directive.pk],
        },
    )
    page = response.content.decode()
    assert response.status_code == 400  # the title is missing: the form comes back with the line re-read
    assert "không tính: ngày thực hiện ngoài thời gian tính số liệu (01/10/2023 – 10/10/2023)" in page


def test_after_saving_the_message_names_the_reports_it_counts_in(client, example_directive, commune_reporter):
    client.force_login(commune_reporter)
    response = client.post(
        FORM + "?type=broadcast",
        {
            "type": "broadcast",
            "occurred_on": "2023-10-03",
            "title": "Bản tin",
            "count": "1",
            "minutes": "10",
            "counted_shown": "1",
            "counted": [example_directive.pk],
        },
        follow=True,
    )
    assert "được tính vào báo cáo về: Công văn số 1234/UBND-VHTT" in response.content.decode()
    response = client.post(
        FORM + "?type=broadcast",
        {
            "type": "broadcast",
            "occurred_on": "2023-11-03",
            "title": "Bản tin tháng 11",
            "count": "1",
            "counted_shown": "1",
            "counted": [example_directive.pk],
        },
        follow=True,
    )
    assert "hoạt động này không được tính vào báo cáo nào" in response.content.decode()


def test_a_directive_the_type_does_not_feed_cannot_be_ticked_by_a_forged_post(
    client, example_directive, commune_reporter, commune_committee
):
    not_counted = next(v for v, _l in ActivityType.choices if v not in _counted_types(example_directive))
    client.force_login(commune_reporter)
    response = client.post(
        FORM + f"?type={not_counted}",
        {
            "type": not_counted,
            "occurred_on": "2023-10-03",
            "title": "Việc khác",
            "count": "1",
            "counted_shown": "1",
            "counted": [example_directive.pk],
        },
    )
    assert response.status_code == 302  # saved: the box does not exist for this type, so it is ignored
    activity = Activity.objects.get(unit=commune_committee, title="Việc khác")
    assert not ActivityExclusion.objects.filter(activity=activity).exists()
