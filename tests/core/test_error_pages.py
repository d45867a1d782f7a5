"""When something goes wrong, the page says so in Vietnamese, inside the site's frame, with a way back —
checked with DEBUG off, as in production (Django's own pages show only with DEBUG on)."""

import pytest
from django.test import Client, override_settings

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.core.error_urls"),
]


@override_settings(DEBUG=False)
def test_a_missing_page_is_explained_in_vietnamese_inside_the_frame_with_a_way_back(client, officer):
    client.force_login(officer)
    response = client.get("/khong-co-trang-nay/", HTTP_REFERER="http://testserver/van-ban/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang này" in page
    assert "Not Found" not in page
    assert 'class="topbar"' in page  # the site's frame, with its menu
    assert "Văn bản chỉ đạo" in page
    assert 'href="http://testserver/van-ban/"' in page  # back where the person came from
    assert "Về trang chủ" in page


@override_settings(DEBUG=False)
def test_a_refusal_says_why_in_vietnamese_inside_the_frame(client, officer):
    client.force_login(officer)
    response = client.get("/thu-tu-choi/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không có quyền làm việc này" in page
    assert "Chỉ chuyên viên của đơn vị đầu mối được trả lại báo cáo." in page
    assert "403 Forbidden" not in page
    assert 'class="topbar"' in page
    assert "Về trang chủ" in page


@override_settings(DEBUG=False)
def test_a_way_back_to_another_site_is_not_offered(client, officer):
    client.force_login(officer)
    page = client.get("/khong-co-trang-nay/", HTTP_REFERER="https://example.com/lua-dao").content.decode()
    assert "example.com" not in page


@override_settings(DEBUG=False)
def test_a_server_error_is_explained_in_vietnamese_with_the_frame_and_a_way_home(officer):
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    response = client.get("/thu-loi/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Lantoa gặp lỗi khi xử lý yêu cầu này" in page
    assert "Server Error" not in page
    assert 'class="topbar"' in page
    assert 'href="/"' in page


def test_the_admin_speaks_vietnamese_down_to_its_own_labels(client, site_admin):
    client.force_login(site_admin)
    page = client.get("/quan-tri/").content.decode()
    for english in (
        "Skip to main content",
        "Toggle theme",
        "Model name",
        "Add link",
        "Audit events",
        "Site flags",
    ):
        assert english not in page
    assert "Chuyển đến nội dung chính" in page
    assert "Nhật ký thao tác" in page
    listing = client.get("/quan-tri/units/unit/").content.decode()
    assert "Chọn đơn vị để thay đổi" in listing


def test_every_admin_list_heads_its_columns_in_vietnamese(client, site_admin):
    from django.contrib import admin

    client.force_login(site_admin)
    english = (
        "Created at",
        "Updated at",
        "Submitted at",
        "Uploaded at",
        "Content type",
        ">Directive<",
        ">Size<",
    )
    for model in admin.site._registry:
        page = client.get(f"/quan-tri/{model._meta.app_label}/{model._meta.model_name}/").content.decode()
        for word in english:
            assert word not in page, f"{word} in the admin list of {model._meta.label}"
