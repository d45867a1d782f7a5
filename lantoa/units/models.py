"""The organisation tree: every agency that issues, receives or reports, and who works in it."""

import datetime
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    MINISTRY = "ministry", _("Bộ, cơ quan ngang bộ")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    OFFICE = "office", _("Phòng, ban, văn phòng")
    CENTER = "center", _("Trung tâm")
    STATION = "station", _("Đài")
    COMMUNITY_TECH_TEAM = "community_tech_team", _("Tổ Công nghệ số cộng đồng")
    OTHER = "other", _("Đơn vị khác")


class Level(models.TextChoices):
    NATIONAL = "national", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class AreaType(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CENTRAL_CITY = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
    RURAL_DISTRICT = "huyen", _("Huyện")
    URBAN_DISTRICT = "quan", _("Quận")
    DISTRICT_TOWN = "thi_xa", _("Thị xã")
    PROVINCIAL_CITY = "thanh_pho", _("Thành phố thuộc tỉnh")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")


class UnitQuerySet(models.QuerySet):
    def open_on(self, day: datetime.date) -> "UnitQuerySet":
        """Units that exist on `day`: opened on or before it and not yet closed."""
        return self.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=day)).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=day)
        )

    def under(self, unit: "Unit") -> "UnitQuerySet":
        """Strict descendants of `unit`, in one indexed prefix query."""
        return self.filter(path__startswith=unit.path).exclude(pk=unit.pk)


class Unit(models.Model):
    kind = models.CharField(_("loại đơn vị"), max_length=32, choices=UnitKind.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    name = models.CharField(_("tên chính thức"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=255, blank=True)
    aliases = models.JSONField(
        _("tên gọi khác, viết tắt"),
        default=list,
        blank=True,
        help_text=_("Các cách viết khác mà văn bản hay dùng, ví dụ “Trung tâm VH,TT,TT&DL”, “Phòng VHTT”."),
    )
    abbreviation = models.CharField(
        _("chữ viết tắt trong ký hiệu văn bản"), max_length=32, blank=True, help_text=_("Ví dụ: VHTT, STTTT.")
    )
    area_type = models.CharField(
        _("loại đơn vị hành chính"), max_length=16, choices=AreaType.choices, blank=True
    )
    area_name = models.CharField(_("địa danh"), max_length=128, blank=True)
    # Official codes are reused across eras (14758 is one ward before 1/7/2025 and another after),
    # so each era has its own column, each unique in itself.
    code_legacy = models.CharField(_("mã ĐVHC trước 01/7/2025"), max_length=10, blank=True)
    code_2025 = models.CharField(_("mã ĐVHC từ 01/7/2025"), max_length=10, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of primary keys ("/1/12/345/") so a whole subtree is one indexed query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    opened_on = models.DateField(_("ngày bắt đầu hoạt động"), null=True, blank=True)
    closed_on = models.DateField(
        _("ngày thôi hoạt động"),
        null=True,
        blank=True,
        help_text=_("Ngày đầu tiên đơn vị không còn tồn tại (ví dụ 01/07/2025 khi sắp xếp ĐVHC)."),
    )
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["code_legacy"], condition=~Q(code_legacy=""), name="unit_code_legacy_unique"
            ),
            models.UniqueConstraint(
                fields=["code_2025"], condition=~Q(code_2025=""), name="unit_code_2025_unique"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gt=models.F("opened_on")),
                name="unit_closes_after_it_opens",
            ),
        ]
        indexes = [models.Index(fields=["level", "kind"])]

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        expected = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if self.path != expected:
            old = self.path
            self.path = expected
            type(self).objects.filter(pk=self.pk).update(path=expected)
            if old:
                # Moving a unit moves its subtree.
                for child in type(self).objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child.path = expected + child.path[len(old) :]
                    type(self).objects.filter(pk=child.pk).update(path=child.path)

    def is_open_on(self, day: datetime.date) -> bool:
        return (self.opened_on is None or self.opened_on <= day) and (
            self.closed_on is None or day < self.closed_on
        )

    @property
    def admin_code(self) -> str:
        return self.code_2025 or self.code_legacy

    @cached_property
    def area_label(self) -> str:
        """Where the unit is, in words ("tỉnh Thanh Hóa"); lists set it in bulk (`labels.annotate_areas`)."""
        from lantoa.units.labels import area_label

        return area_label(self)

    def all_names(self) -> list[str]:
        names = [self.name, self.short_name, *self.aliases]
        return [n for n in dict.fromkeys(names) if n]


class Role(models.TextChoices):
    LEADER = "leader", _("Lãnh đạo")
    OFFICER = "officer", _("Chuyên viên")
    REPORTER = "reporter", _("Cán bộ báo cáo")
    VIEWER = "viewer", _("Người xem")
    ADMIN = "admin", _("Quản trị hệ thống")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    title = models.CharField(
        _("chức vụ"), max_length=128, blank=True, help_text=_("Ví dụ: Phó Chủ tịch, Trưởng phòng.")
    )
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò của cán bộ")
        verbose_name_plural = _("vai trò của cán bộ")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class ChangeKind(models.TextChoices):
    RENAME = "rename", _("Đổi tên")
    RETYPE = "retype", _("Chuyển loại đơn vị hành chính")
    MERGE = "merge", _("Nhập")
    SPLIT = "split", _("Chia tách")
    MOVE = "move", _("Chuyển đơn vị cấp trên")
    RECODE = "recode", _("Đổi mã")


class UnitChange(models.Model):
    """One administrative change of the tree, as a legal act decided it, with the date it takes effect.

    A change never edits a unit in place: the units it replaces close the day before `effective_on`
    (`closed_on` = `effective_on`, the first day they no longer exist) and the units that carry on open that
    day, linked as successors. So a directive or a report of an earlier date keeps pointing at the unit
    as it was, and resolving a name on a date finds the unit in force that day.
    """

    key = models.CharField(_("mã thay đổi"), max_length=255, unique=True, editable=False)
    kind = models.CharField(_("loại thay đổi"), max_length=16, choices=ChangeKind.choices)
    basis = models.CharField(
        _("căn cứ"), max_length=255, help_text=_("Ví dụ: Nghị quyết số 237/NQ-UBTVQH16.")
    )
    effective_on = models.DateField(_("có hiệu lực từ ngày"))
    summary = models.TextField(_("nội dung"))
    sources = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị trước thay đổi"), related_name="changes_out", blank=True
    )
    results = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị sau thay đổi"), related_name="changes_in", blank=True
    )
    # The change as the file wrote it: applying a file that now says something else is refused, not merged.
    spec = models.JSONField(default=dict)
    # The day its sub-units and people were moved over: the change is in force. Null while it is still
    # to come, so a change announced ahead of its date moves nothing before that date.
    settled_on = models.DateField(_("đã chuyển đơn vị trực thuộc ngày"), null=True, blank=True)
    applied_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("thay đổi đơn vị hành chính")
        verbose_name_plural = _("thay đổi đơn vị hành chính")
        ordering = ["effective_on", "pk"]

    def __str__(self) -> str:
        return self.summary


class UnitKey(models.Model):
    """The name keys of a unit, stored so a name is found through an index instead of a scan of the tree."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=255, db_index=True)
    # The agency noun the name starts with ("so", "phong", "ubnd", "dai"…), for ranking suggestions by kind.
    head = models.CharField(max_length=32, blank=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "key"], name="unit_key_unique")]

    def __str__(self) -> str:
        return self.key
