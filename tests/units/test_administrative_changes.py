"""Administrative changes after 1/7/2025, with their legal basis and effective date (`lantoa apply-changes`).

The real case: Nghị quyết 30/2026/QH16 made Đồng Nai a centrally-run city and Nghị quyết 237/NQ-UBTVQH16
made ten of its xã phường, from 30/04/2026. A directive issued before keeps its xã; one dated after finds
the phường; resolving a name on each date finds the unit in force that day.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from lantoa.core.models import AuditEvent
from lantoa.directives.services import add_task, create_directive
from lantoa.units.changes import ChangeFileError, apply_changes, read_changes, shipped_files
from lantoa.units.models import AreaType, Level, Membership, Role, Unit, UnitChange
from lantoa.units.resolve import resolve_units
from lantoa.units.services import grant_membership, import_divisions

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2025, 10, 1)
AFTER = datetime.date(2026, 5, 11)
EFFECTIVE = datetime.date(2026, 4, 30)


def _shipped():
    return [spec for path in shipped_files() for spec in read_changes(path)]


@pytest.fixture
def dong_nai():
    """Đồng Nai as the data package has it (1/7/2025), before the 2026 changes."""
    import_divisions(era="2025", province="Đồng Nai", with_changes=False)
    return Unit.objects.get(code_2025="75")


@pytest.fixture
def province_officer(dong_nai):
    person = get_user_model().objects.create_user(username="chuyenvien-dongnai", password="x-unused-x")
    grant_membership(user=person, unit=dong_nai, role=Role.OFFICER, title="Chuyên viên Văn phòng UBND tỉnh")
    return person


def _directive(issuer, actor, *, on, number, assignee):
    directive = create_directive(
        issuer=issuer, office=issuer, actor=actor, number=number, issued_on=on, subject="V/v tuyên truyền"
    )
    add_task(
        directive=directive, actor=actor, text="Tuyên truyền trên đài truyền thanh.", assignee_text=assignee
    )
    return directive


def test_a_directive_before_the_change_keeps_its_xa_and_one_after_it_finds_the_phuong(
    client, dong_nai, province_officer
):
    old_directive = _directive(
        dong_nai, province_officer, on=BEFORE, number="101/UBND-VX", assignee="UBND xã Dầu Giây"
    )
    xa = Unit.objects.get(code_2025="26326")
    assert list(old_directive.assignments.values_list("unit", flat=True)) == [xa.pk]

    report = apply_changes(actor=None, specs=_shipped())
    assert len(report.applied) == 11  # Đồng Nai and its ten phường; Quảng Ninh and Bắc Ninh are not imported

    xa.refresh_from_db()
    phuong = Unit.objects.get(code_2025="26326")
    city = Unit.objects.get(code_2025="75")
    assert (str(xa), xa.closed_on, xa.code_2025) == ("UBND xã Dầu Giây", EFFECTIVE, "")
    assert (str(phuong), phuong.area_type, phuong.opened_on) == (
        "UBND phường Dầu Giây",
        AreaType.WARD,
        EFFECTIVE,
    )
    assert (str(city), city.area_type, city.parent_id) == (
        "UBND thành phố Đồng Nai",
        AreaType.CENTRAL_CITY,
        None,
    )
    assert phuong.parent == city
    assert list(xa.successors.all()) == [phuong]

    # The province's officer carries on in the city, and keeps the province's history.
    assert Membership.objects.filter(user=province_officer, unit=city, role=Role.OFFICER).exists()
    new_directive = _directive(
        city, province_officer, on=AFTER, number="12/UBND-VX", assignee="UBND phường Dầu Giây"
    )
    assert list(new_directive.assignments.values_list("unit", flat=True)) == [phuong.pk]

    client.force_login(province_officer)
    old_page = client.get(reverse("directives:detail", args=[old_directive.pk])).content.decode()
    new_page = client.get(reverse("directives:detail", args=[new_directive.pk])).content.decode()
    assert "UBND xã Dầu Giây" in old_page
    assert "phường Dầu Giây" not in old_page
    assert "UBND phường Dầu Giây" in new_page
    assert "xã Dầu Giây" not in new_page


def test_name_resolution_on_each_date_finds_the_unit_in_force(dong_nai):
    apply_changes(actor=None, specs=_shipped())
    xa = Unit.objects.get(area_name="Dầu Giây", closed_on=EFFECTIVE)
    phuong = Unit.objects.get(code_2025="26326")
    city = Unit.objects.get(code_2025="75")

    assert resolve_units("UBND xã Dầu Giây", context=dong_nai, on=BEFORE).units == [xa]
    assert resolve_units("UBND phường Dầu Giây", context=city, on=AFTER).units == [phuong]
    assert resolve_units("UBND tỉnh Đồng Nai", context=dong_nai, on=BEFORE).units == [dong_nai]
    assert resolve_units("UBND thành phố Đồng Nai", context=city, on=AFTER).units == [city]

    # The xã written after the change is not guessed: it closed, and its phường is suggested.
    [problem] = resolve_units("UBND xã Dầu Giây", context=city, on=AFTER).unresolved
    assert "30/04/2026" in problem.reason
    assert problem.suggestions == [phuong]

    # "Every commune" means the 95 of that day, wherever the tree keeps them now.
    in_2025 = resolve_units("UBND các xã, phường", context=dong_nai, on=BEFORE).units
    in_2026 = resolve_units("UBND các xã, phường", context=city, on=AFTER).units
    assert len(in_2025) == len(in_2026) == 95
    assert xa in in_2025
    assert phuong not in in_2025
    assert phuong in in_2026
    assert xa not in in_2026
    assert sum(u.area_type == AreaType.WARD for u in in_2026) == 33


def test_applying_again_changes_nothing_and_every_change_is_audited(dong_nai):
    first = apply_changes(actor=None, specs=_shipped())
    units, audits = Unit.objects.count(), AuditEvent.objects.filter(action__startswith="unit.change").count()
    assert audits == 22  # each change applied, then settled (its sub-units and people moved)
    again = apply_changes(actor=None, specs=_shipped())
    assert again.applied == []
    assert again.settled == []
    assert len(again.already) == len(first.applied) == 11
    assert Unit.objects.count() == units
    assert AuditEvent.objects.filter(action__startswith="unit.change").count() == audits
    # Re-importing the data package does not undo the changes.
    import_divisions(era="2025", province="Đồng Nai")
    assert str(Unit.objects.get(code_2025="26326")) == "UBND phường Dầu Giây"
    assert Unit.objects.count() == units


def test_the_history_is_on_each_units_page_and_only_for_its_people(
    client, dong_nai, province_officer, outsider
):
    apply_changes(actor=None, specs=_shipped())
    xa = Unit.objects.get(area_name="Dầu Giây", closed_on=EFFECTIVE)
    phuong = Unit.objects.get(code_2025="26326")
    client.force_login(province_officer)
    for unit in (xa, phuong):
        page = client.get(reverse("units:detail", args=[unit.pk])).content.decode()
        assert "Lịch sử thay đổi" in page
        assert (
            "UBND xã Dầu Giây trở thành UBND phường Dầu Giây (mã 26326) theo Nghị quyết số 237/NQ-UBTVQH16, "
            "từ ngày 30/04/2026." in page
        )
    client.force_login(outsider)
    assert client.get(reverse("units:detail", args=[phuong.pk])).status_code == 404


def test_the_command_applies_the_shipped_changes_and_says_what_it_did(dong_nai):
    out = io.StringIO()
    call_command("apply_changes", stdout=out)
    text = out.getvalue()
    assert "Đã áp dụng (11)" in text
    assert "Nghị quyết số 388/NQ-UBTVQH16: 12 đơn vị không có trong cây" in text
    out = io.StringIO()
    call_command("apply_changes", stdout=out)
    assert "Đã có từ trước (11)" in out.getvalue()


def test_a_fresh_import_is_current_and_check_units_finds_nothing_to_report():
    import_divisions(era="2025", province="Bắc Ninh")
    assert str(Unit.objects.get(code_2025="24")) == "UBND thành phố Bắc Ninh"
    assert str(Unit.objects.get(code_2025="07840")) == "UBND phường Hiệp Hòa"
    out = io.StringIO()
    call_command("check_units", province="Bắc Ninh", stdout=out)
    assert "Không có khác biệt nào" in out.getvalue()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "thay-doi.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_wrong_code_is_refused_and_nothing_is_saved(dong_nai, tmp_path):
    path = _write(
        tmp_path,
        '[[act]]\nbasis = "Nghị quyết số 999/NQ-UBTVQH16"\neffective = 2026-06-01\n'
        '[[act.change]]\nkind = "retype"\ncode = "26326"\ntype = "Phường"\nwas = "Xã Trảng Bom"\n',
    )
    with pytest.raises(CommandError, match="mã 26326 là “UBND xã Dầu Giây”, không phải “Xã Trảng Bom”"):
        call_command("apply_changes", str(path))
    assert not UnitChange.objects.exists()
    assert Unit.objects.get(code_2025="26326").closed_on is None


def test_a_file_with_mistakes_names_each_one_with_where_it_is(tmp_path):
    path = _write(
        tmp_path,
        '[[act]]\neffective = "31/02/2026"\n'
        '[[act.change]]\nkind = "rename"\ncode = "26326"\n'
        '[[act.change]]\nkind = "promote"\ncode = "26326"\n'
        '[[act.change]]\nkind = "retype"\ncode = "26326"\ntype = "Quận"\n',
    )
    with pytest.raises(ChangeFileError) as raised:
        read_changes(path)
    errors = raised.value.errors
    assert any("thiếu căn cứ" in e for e in errors)
    assert any("“31/02/2026” không đúng dạng" in e for e in errors)
    assert any("thay đổi 1: thiếu name" in e for e in errors)
    assert any("“promote” không có" in e for e in errors)
    assert any("loại “Quận” không có" in e for e in errors)


def test_a_recorded_change_cannot_be_rewritten_by_a_later_file(dong_nai, tmp_path):
    apply_changes(actor=None, specs=_shipped())
    path = _write(
        tmp_path,
        '[[act]]\nbasis = "Nghị quyết số 237/NQ-UBTVQH16"\neffective = 2026-05-01\n'
        '[[act.change]]\nkind = "retype"\ncode = "26326"\ntype = "Phường"\n',
    )
    with pytest.raises(ChangeFileError, match=r"đã được áp dụng .* với nội dung khác"):
        apply_changes(actor=None, specs=read_changes(path))


# The other kinds of change, on Thanh Hóa's 2025 communes (the test world): made-up acts, real mechanics.


def _apply(tmp_path, body: str, *, today=None):
    path = _write(tmp_path, '[[act]]\nbasis = "Nghị quyết số 1/NQ-THU"\neffective = 2026-01-01\n' + body)
    return apply_changes(actor=None, specs=read_changes(path), today=today)


def _commune(code: str) -> Unit:
    return Unit.objects.get(code_2025=code)


def test_rename_and_recode_carry_the_unit_on_under_its_new_name_or_code(tmp_path, province_committee):
    a, b = Unit.objects.filter(parent=province_committee, level=Level.COMMUNE).order_by("code_2025")[:2]
    a_code, b_code = a.code_2025, b.code_2025
    _apply(
        tmp_path,
        f'[[act.change]]\nkind = "rename"\ncode = "{a_code}"\nname = "Tên Mới"\n'
        f'[[act.change]]\nkind = "recode"\ncode = "{b_code}"\nnew_code = "99990"\n',
    )
    renamed = _commune(a_code)
    assert renamed.area_name == "Tên Mới"
    assert renamed.pk != a.pk
    a.refresh_from_db()
    assert a.closed_on == datetime.date(2026, 1, 1)
    assert list(a.successors.all()) == [renamed]
    recoded = _commune("99990")
    assert recoded.area_name == b.area_name
    assert _commune(b_code).pk == b.pk  # the old code stays with the unit that had it
    assert UnitChange.objects.get(kind="rename").summary.startswith(f"{a} đổi tên thành UBND ")


def test_merge_into_a_new_unit_moves_the_sub_units_and_people(
    tmp_path, province_committee, commune_committee
):
    a, b = Unit.objects.filter(parent=province_committee, level=Level.COMMUNE).order_by("code_2025")[:2]
    team = Unit.objects.create(parent=a, kind="community_tech_team", level=Level.COMMUNE, name="Tổ CNSCĐ")
    person = get_user_model().objects.create_user(username="canbo-a", password="x-unused-x")
    grant_membership(user=person, unit=a, role=Role.REPORTER)
    _apply(
        tmp_path,
        f'[[act.change]]\nkind = "merge"\ncodes = ["{a.code_2025}", "{b.code_2025}"]\n'
        'new = { code = "99991", name = "Hợp Nhất", type = "Xã" }\n',
    )
    merged = _commune("99991")
    assert str(merged) == "UBND xã Hợp Nhất"
    for old in (a, b):
        old.refresh_from_db()
        assert old.closed_on == datetime.date(2026, 1, 1)
        assert list(old.successors.all()) == [merged]
    team.refresh_from_db()
    assert team.parent == merged
    assert team.path.startswith(merged.path)
    assert Membership.objects.filter(user=person, unit=merged, role=Role.REPORTER).exists()


def test_merge_into_an_existing_unit_keeps_it(tmp_path, province_committee):
    a, b = Unit.objects.filter(parent=province_committee, level=Level.COMMUNE).order_by("code_2025")[:2]
    _apply(
        tmp_path,
        f'[[act.change]]\nkind = "merge"\ncodes = ["{a.code_2025}", "{b.code_2025}"]\ninto = "{b.code_2025}"\n',
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.closed_on
    assert b.closed_on is None
    assert list(a.successors.all()) == [b]


def test_split_makes_new_units_and_leaves_sub_units_for_a_person_to_place(tmp_path, province_committee):
    a = Unit.objects.filter(parent=province_committee, level=Level.COMMUNE).order_by("code_2025").first()
    Unit.objects.create(parent=a, kind="community_tech_team", level=Level.COMMUNE, name="Tổ CNSCĐ")
    report = _apply(
        tmp_path,
        f'[[act.change]]\nkind = "split"\ncode = "{a.code_2025}"\n'
        'into = [{ code = "99992", name = "Bắc", type = "Xã" }, { code = "99993", name = "Nam", type = "Phường" }]\n',
    )
    a.refresh_from_db()
    assert {str(u) for u in a.successors.all()} == {"UBND xã Bắc", "UBND phường Nam"}
    assert any("1 đơn vị trực thuộc chưa chuyển" in note for note in report.notes)


def test_a_change_announced_ahead_moves_nothing_until_its_day(tmp_path, province_committee):
    a = Unit.objects.filter(parent=province_committee, level=Level.COMMUNE).order_by("code_2025").first()
    team = Unit.objects.create(parent=a, kind="community_tech_team", level=Level.COMMUNE, name="Tổ CNSCĐ")
    report = _apply(
        tmp_path,
        f'[[act.change]]\nkind = "retype"\ncode = "{a.code_2025}"\ntype = "Phường"\n',
        today=datetime.date(2025, 12, 1),
    )
    assert report.pending
    assert not report.settled
    team.refresh_from_db()
    assert team.parent == a
    later = apply_changes(actor=None, specs=[], today=datetime.date(2026, 1, 1))
    assert len(later.settled) == 1
    team.refresh_from_db()
    assert team.parent == _commune(a.code_2025)
