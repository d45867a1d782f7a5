"""Signing in and seeing where one works."""

import pytest
from django.urls import reverse

from lantoa.demo.services import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_speaks_vietnamese(client):
    page = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in page
    assert "Tên đăng nhập" in page
    assert "Mật khẩu" in page
    assert '<html lang="vi">' in page


def test_officer_signs_in_and_home_says_unit_and_role(client):
    response = client.post(
        reverse("login"), {"username": "chuyenvien", "password": DEMO_PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Xin chào, Nguyễn Thị Lan" in page  # họ before tên, the Vietnamese order
    assert "Phòng Văn hóa và Thông tin" in page
    assert "UBND huyện Hoằng Hóa" in page
    assert "Chuyên viên" in page


def test_commune_officer_home_shows_commune_and_reporter_role(client, commune_reporter):
    client.force_login(commune_reporter)
    page = client.get(reverse("home")).content.decode()
    assert "UBND xã Hoằng Xuân" in page
    assert "Cán bộ báo cáo" in page


def test_wrong_password_gets_a_clear_vietnamese_message(client):
    response = client.post(reverse("login"), {"username": "chuyenvien", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_person_without_a_role_is_told_to_ask_the_administrator(client, outsider):
    client.force_login(outsider)
    assert "chưa được gán vào đơn vị nào" in client.get(reverse("home")).content.decode()


def test_logout_ends_the_session(client, officer):
    client.force_login(officer)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_demo_data_is_labelled_on_every_page(client, officer):
    assert "DỮ LIỆU MINH HỌA" in client.get(reverse("login")).content.decode()
    client.force_login(officer)
    assert "DỮ LIỆU MINH HỌA" in client.get(reverse("home")).content.decode()
