"""Finding a directive in the list by its number or its subject, typed with or without diacritics; the
search only narrows what the person may already see."""

import pytest
from django.urls import reverse

from lantoa.directives.models import Directive

pytestmark = pytest.mark.django_db


@pytest.fixture
def titled_directive(draft_example_directive, officer):
    """The example with the subject the officer types in (its text came without a header)."""
    from lantoa.directives.services import update_directive

    return update_directive(
        directive=draft_example_directive,
        actor=officer,
        subject="V/v tuyên truyền hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023",
    )


def _found(client, text: str) -> str:
    return client.get(reverse("directives:list"), {"q": text}).content.decode()


def test_an_officer_finds_the_example_by_its_number_or_by_words_of_its_subject(
    client, officer, titled_directive
):
    example_directive = titled_directive
    client.force_login(officer)
    for text in ["1234/UBND-VHTT", "1234", "ubnd-vhtt", "chuyển đổi số", "chuyen doi so", "CHUYỂN ĐỔI SỐ"]:
        page = _found(client, text)
        assert f'href="{reverse("directives:detail", args=[example_directive.pk])}"' in page, text
        assert "1 văn bản khớp" in page, text


def test_a_search_that_matches_nothing_says_so_in_vietnamese(client, officer, titled_directive):
    client.force_login(officer)
    page = _found(client, "khong co van ban nao nhu the")
    assert "0 văn bản khớp" in page
    assert "Không có văn bản nào bạn được xem khớp" in page


def test_the_key_follows_a_number_typed_in_later(officer, titled_directive):
    from lantoa.directives.services import update_directive

    update_directive(directive=titled_directive, actor=officer, number="77/UBND-VHTT")
    assert "77/ubnd-vhtt" in Directive.objects.get(pk=titled_directive.pk).search_key


def test_an_outsider_searching_for_the_number_finds_nothing(client, outsider, example_directive):
    """An issued directive, searched for by its exact number, by someone with no role anywhere."""
    client.force_login(outsider)
    page = _found(client, "1234/UBND-VHTT")
    assert reverse("directives:detail", args=[example_directive.pk]) not in page
    assert "0 văn bản khớp" in page


def test_a_commune_of_another_district_does_not_find_the_example(
    client, example_directive, other_district_committee
):
    from django.contrib.auth import get_user_model

    from lantoa.units.services import grant_membership

    commune = other_district_committee.children.filter(level="commune").first()
    stranger = get_user_model().objects.create_user(username="canboxakhac", password="x-unused-x")
    grant_membership(user=stranger, unit=commune, role="reporter")
    client.force_login(stranger)
    assert reverse("directives:detail", args=[example_directive.pk]) not in _found(client, "1234/UBND-VHTT")
