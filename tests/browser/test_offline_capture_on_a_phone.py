"""Field capture on a 360-px phone with no network: an activity and two photos wait on the phone, survive a
reload, and reach the server exactly once when the network returns — also when the connection is cut
after the server saved it. Another person logging in on the same phone sees and sends nothing of the first.
Screenshots land in build/screenshots."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image

from lantoa.activities.models import Activity
from lantoa.units.models import Membership, Role, Unit
from tests.browser.conftest import PHONE, REPORT_CSP_VIOLATIONS, login, open_menu

pytestmark = pytest.mark.browser

TITLE = "Lễ phát động Ngày chuyển đổi số tại nhà văn hóa thôn 3"
FORM = "/hoat-dong/ghi/?type=event"


def _photo(name: str, color) -> dict:
    """A phone camera's photo, dated by the camera: larger than the 1,600 px the phone sends."""
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = "2022:10:05 08:30:00"
    Image.new("RGB", (2400, 1800), color).save(buffer, format="JPEG", quality=80, exif=exif)
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def _controlled(page) -> None:
    """Wait for the service worker, then open the field pages once online so that it keeps them."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto("/hoat-dong/")
    page.goto(FORM)
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def _queue_offline(page, context, title: str = TITLE) -> None:
    context.set_offline(True)
    page.fill("#id_title", title)
    page.set_input_files(
        "input[name=files]", [_photo("anh-1.jpg", (200, 40, 40)), _photo("anh-2.jpg", (40, 40, 200))]
    )
    page.click("form.activity-form button[type=submit]")
    page.locator("#cho-gui h2", has_text="Chờ gửi (1)").wait_for()


def _queued_in_browser(page) -> list:
    return page.evaluate(
        """() => new Promise((resolve) => {
          const open = indexedDB.open("lantoa-outbox", 1);
          open.onupgradeneeded = () => open.result.createObjectStore("items", { keyPath: "key" });
          open.onsuccess = () => {
            const get = open.result.transaction("items").objectStore("items").getAll();
            get.onsuccess = () => resolve(get.result.map((i) => ({ user: i.user, files: i.files.length, state: i.state })));
          };
        })"""
    )


def test_offline_an_activity_with_two_photos_waits_survives_a_reload_and_is_sent_once(phone, shot):
    page = phone
    context = page.context
    login(page, "canboxa")
    page.goto(FORM)
    _controlled(page)
    _queue_offline(page, context)
    assert page.locator("#outbox-count .badge").inner_text() == "1"
    assert "chờ gửi" in page.locator("#cho-gui").inner_text()
    shot(page, "offline-queued-360")
    assert not Activity.objects.filter(title=TITLE).exists()

    page.reload()  # still offline: the service worker's copy of the page, the queue from IndexedDB
    page.locator("#cho-gui h2", has_text="Chờ gửi (1)").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    context.set_offline(False)
    page.locator(".outbox-notice", has_text="Đã gửi").wait_for()
    assert page.locator("#outbox-count").is_hidden()
    activity = Activity.objects.get(title=TITLE)
    photos = list(activity.evidence.all())
    assert len(photos) == 2
    for evidence in photos:
        with evidence.file.open("rb") as handle, Image.open(handle) as image:
            assert max(image.size) == 1600  # resized on the phone
        # …keeping the camera's date, which the evidence checks read
        taken = timezone.localtime(evidence.fingerprint.taken_at)
        assert taken.strftime("%Y-%m-%d %H:%M") == "2022-10-05 08:30"
    page.reload()
    assert Activity.objects.filter(title=TITLE).count() == 1
    shot(page, "offline-sent-360")


@pytest.fixture
def phone_without_worker(browser, live_server, demo_world, csp_violations):
    """A phone whose requests the test can cut: the page's own fetches, with no service worker between."""
    context = browser.new_context(
        viewport=PHONE, locale="vi-VN", base_url=live_server.url, service_workers="block"
    )
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on("console", lambda m: csp_violations.append(m.text) if "CSP violation" in m.text else None)
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_the_connection_cut_after_the_server_saved_still_gives_one_activity(phone_without_worker):
    page = phone_without_worker
    context = page.context
    login(page, "canboxa")
    page.goto(FORM)
    _queue_offline(page, context)
    cut = []

    def save_then_cut(route):
        route.fetch()  # the server receives the whole upload and saves it…
        cut.append(route.request.url)
        route.abort("connectionreset")  # …and the phone never hears the answer

    page.route("**/hoat-dong/gui/", save_then_cut)
    context.set_offline(False)
    page.wait_for_function("() => true")
    page.wait_for_timeout(200)
    for _attempt in range(50):
        if cut:
            break
        page.wait_for_timeout(100)
    assert cut, "the phone never tried to send"
    assert Activity.objects.filter(title=TITLE).count() == 1
    page.locator("#cho-gui h2", has_text="Chờ gửi (1)").wait_for()  # the phone still thinks it is unsent
    page.unroute("**/hoat-dong/gui/")
    page.reload()  # the next visit sends it again; the server recognises its key
    page.locator(".outbox-notice", has_text="Đã gửi").wait_for()
    assert Activity.objects.filter(title=TITLE).count() == 1
    assert Activity.objects.get(title=TITLE).evidence.count() == 2
    assert _queued_in_browser(page) == []


def test_another_person_on_the_same_phone_sees_and_sends_nothing_of_the_first(phone, shot):
    page = phone
    context = page.context
    commune = Unit.objects.get(code_legacy="15877")
    other = Unit.objects.filter(parent=commune.parent, level=commune.level).exclude(pk=commune.pk).first()
    second = get_user_model().objects.create_user(username="canboxa2", password="mat-khau-demo-2")
    Membership.objects.create(user=second, unit=other, role=Role.REPORTER)
    first = get_user_model().objects.get(username="canboxa")

    login(page, "canboxa")
    page.goto(FORM)
    _controlled(page)
    _queue_offline(page, context)
    # The network is back but the server is out of reach: the item stays, then the first person logs out.
    page.route("**/hoat-dong/gui/", lambda route: route.abort("connectionrefused"))
    context.set_offline(False)
    page.goto("/")
    page.locator("#cho-gui h2", has_text="Chờ gửi (1)").wait_for()
    open_menu(page)  # on a phone, "Đăng xuất" is under "Menu"
    page.click("form[action$='/dang-xuat/'] button")
    page.wait_for_url("**/dang-nhap/**")

    login(page, "canboxa2", "mat-khau-demo-2")
    page.unroute("**/hoat-dong/gui/")
    page.goto("/hoat-dong/")
    page.wait_for_timeout(500)
    assert page.locator("#cho-gui").is_hidden()
    assert page.locator("#outbox-count").is_hidden()
    cached = page.evaluate(
        """async () => {
          const cache = await caches.open("lantoa-pages");
          const texts = [];
          for (const request of await cache.keys()) texts.push(await (await cache.match(request)).text());
          return texts;
        }"""
    )
    marker = f'<meta name="lantoa-user" content="{first.pk}">'
    assert not any(marker in text for text in cached)
    assert not Activity.objects.filter(title=TITLE).exists()
    assert _queued_in_browser(page) == [{"user": str(first.pk), "files": 2, "state": "waiting"}]
    shot(page, "offline-other-person-360")

    # The queue was kept for its owner: back on the phone, it is sent as theirs.
    open_menu(page)  # on a phone, "Đăng xuất" is under "Menu"
    page.click("form[action$='/dang-xuat/'] button")
    page.wait_for_url("**/dang-nhap/**")
    login(page, "canboxa")
    page.locator(".outbox-notice", has_text="Đã gửi").wait_for()
    activity = Activity.objects.get(title=TITLE)
    assert activity.created_by == first
    assert activity.unit == commune


def _campaign_for_the_commune():
    """An issued directive of the district that counts events of UBND xã Hoằng Xuân, 01–10/10/2023."""
    import datetime

    from lantoa.directives.models import Assignment, Directive, DirectiveState, Task, TaskRole
    from lantoa.indicators.models import Indicator
    from lantoa.reports.services import open_reports_for

    commune = Unit.objects.get(code_legacy="15877")
    district = commune.parent
    office = Unit.objects.get(parent=district, kind="office", name__startswith="Phòng Văn hóa")
    directive = Directive.objects.create(
        issuer=district,
        office=office,
        subject="V/v tuyên truyền Ngày chuyển đổi số",
        number="99/KH-UBND",
        period_start=datetime.date(2023, 10, 1),
        period_end=datetime.date(2023, 10, 10),
        report_due=datetime.date(2023, 10, 15),
        state=DirectiveState.ISSUED,
        created_by=get_user_model().objects.get(username="chuyenvien"),
    )
    directive.indicators.set([i for i in Indicator.objects.all() if "event" in (i.activity_types or [])])
    task = Task.objects.create(
        directive=directive, position=1, text="Tổ chức lễ phát động", role=TaskRole.PERFORM
    )
    Assignment.objects.create(directive=directive, task=task, unit=commune, role=task.role)
    open_reports_for(directive=directive)
    return directive, commune


def test_a_report_submitted_while_the_activity_waited_is_shown_with_what_to_do(phone, shot):
    from lantoa.reports.models import Report
    from lantoa.reports.services import save_report, submit_report

    directive, commune = _campaign_for_the_commune()
    page = phone
    context = page.context
    login(page, "canboxa")
    page.goto(FORM)
    _controlled(page)
    context.set_offline(True)
    page.fill("#id_occurred_on", "2023-10-05")
    page.fill("#id_title", TITLE)
    page.click("form.activity-form button[type=submit]")
    page.locator("#cho-gui h2", has_text="Chờ gửi (1)").wait_for()

    # Meanwhile, from another phone, the commune submits its report.
    person = get_user_model().objects.get(username="canboxa")
    report = Report.objects.get(directive=directive, unit=commune)
    save_report(report=report, actor=person, results="Đã tổ chức.", difficulties="", proposals="")
    submit_report(report=report, actor=person)

    context.set_offline(False)
    item = page.locator(".outbox-item.conflict")
    item.wait_for()
    assert "đã được nộp trong lúc hoạt động chờ gửi" in item.inner_text()
    assert "Vẫn ghi vào sổ" in item.inner_text()
    assert not Activity.objects.filter(title=TITLE).exists()
    shot(page, "offline-conflict-360")
    page.reload()  # never dropped: still there, still asking
    page.locator(".outbox-item.conflict").wait_for()

    page.click(".outbox-item.conflict button[data-action=keep]")
    page.locator(".outbox-notice", has_text="Đã gửi").wait_for()
    assert Activity.objects.filter(title=TITLE, unit=commune).count() == 1


def test_online_too_photos_leave_the_phone_resized_with_their_date(phone):
    page = phone
    login(page, "canboxa")
    page.goto(FORM)
    page.fill("#id_title", TITLE)
    page.set_input_files("input[name=files]", [_photo("anh-1.jpg", (200, 40, 40))])
    with page.expect_navigation():
        page.click("form.activity-form button[type=submit]")
    evidence = Activity.objects.get(title=TITLE).evidence.get()
    with evidence.file.open("rb") as handle, Image.open(handle) as image:
        assert max(image.size) == 1600
    taken = timezone.localtime(evidence.fingerprint.taken_at)
    assert taken.strftime("%Y-%m-%d %H:%M") == "2022-10-05 08:30"
