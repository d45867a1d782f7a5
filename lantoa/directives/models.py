"""Directives (văn bản chỉ đạo), their tasks, and the assignment of each task to concrete units."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.documents.names import fold, normalize
from lantoa.indicators.models import Indicator
from lantoa.units.models import Unit


class DocType(models.TextChoices):
    CONG_VAN = "cong_van", _("Công văn")
    KE_HOACH = "ke_hoach", _("Kế hoạch")
    CHI_THI = "chi_thi", _("Chỉ thị")
    THONG_BAO = "thong_bao", _("Thông báo")
    QUYET_DINH = "quyet_dinh", _("Quyết định")
    BAO_CAO = "bao_cao", _("Báo cáo")
    OTHER = "other", _("Văn bản khác")


def search_key(*texts: str) -> str:
    """The folded, single-spaced form a directive is searched by (and a query is folded to)."""
    return " ".join(fold(normalize(" ".join(t or "" for t in texts))).split())


class DirectiveState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    # Trình ký: waiting for a leader of the issuer to sign; locked, so what is signed is what goes out.
    PENDING = "pending", _("Chờ ký duyệt")
    RETURNED = "returned", _("Bị trả lại")
    ISSUED = "issued", _("Đã giao")
    CLOSED = "closed", _("Đã kết thúc")


# The states in which a directive binds its units and opens their reports to the office: only a signed one.
IN_FORCE_STATES = (DirectiveState.ISSUED, DirectiveState.CLOSED)
# The states in which the officer still edits the proposal.
EDITABLE_STATES = (DirectiveState.DRAFT, DirectiveState.RETURNED)


class Directive(models.Model):
    issuer = models.ForeignKey(
        Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="directives"
    )
    # The office that prepares the directive for the issuer, receives and reviews the reports and compiles
    # the summary (the Phòng VH&TT for a directive signed by the UBND huyện).
    office = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đầu mối"), on_delete=models.PROTECT, related_name="managed_directives"
    )
    doc_type = models.CharField(
        _("loại văn bản"), max_length=16, choices=DocType.choices, default=DocType.CONG_VAN
    )
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=64, blank=True)
    subject = models.TextField(_("trích yếu"), blank=True)
    signer_authority = models.CharField(_("thẩm quyền ký"), max_length=64, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=128, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=128, blank=True)
    source_text = models.TextField(_("nội dung văn bản"), blank=True)
    source_file = models.FileField(_("tệp văn bản"), upload_to="directives/%Y/%m/", blank=True)
    source_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    parsed = models.JSONField(_("kết quả đọc văn bản"), default=dict, blank=True)
    period_start = models.DateField(_("từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    report_due = models.DateField(_("hạn báo cáo"), null=True, blank=True)
    report_recurrence = models.CharField(_("báo cáo định kỳ"), max_length=32, blank=True)
    report_to = models.ForeignKey(
        Unit, verbose_name=_("báo cáo về"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report_via = models.ForeignKey(
        Unit, verbose_name=_("báo cáo qua"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    implements = models.ForeignKey(
        "self",
        verbose_name=_("thực hiện văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementations",
    )
    implements_text = models.CharField(_("văn bản cấp trên (như đã ghi)"), max_length=255, blank=True)
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("chỉ tiêu báo cáo"), blank=True, related_name="+"
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=DirectiveState.choices, default=DirectiveState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    # The last submission for signature (trình ký) and the leader's signature (ký duyệt). The history of
    # every step is in DirectiveTransition; these say who stands behind the directive as it is now.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trình ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("trình ký lúc"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo ký duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("ký duyệt lúc"), null=True, blank=True)
    # Number and subject folded (lower case, no diacritics): "chuyen doi so" and "CHUYỂN ĐỔI SỐ" find
    # "Chuyển đổi số" on SQLite as on PostgreSQL (SQLite's LIKE folds ASCII only). Kept by save().
    search_key = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "-created_at"]
        indexes = [models.Index(fields=["issuer", "state"])]

    def __str__(self) -> str:
        label = self.get_doc_type_display()
        if self.number:
            label += f" số {self.number}"
        return f"{label}: {self.subject}" if self.subject else label

    def save(self, *args, **kwargs) -> None:
        self.search_key = search_key(self.number, self.subject)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"number", "subject"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    @property
    def window(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The dates whose activities count: the campaign period, else from issue to the report deadline."""
        start = self.period_start or self.issued_on
        end = self.period_end or self.report_due
        return start, end

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_in_force(self) -> bool:
        return self.state in IN_FORCE_STATES


class DirectiveTransition(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=DirectiveState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=DirectiveState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or '∅'} → {self.to_state}"

    @property
    def step(self) -> str:
        """What happened, in the words of the office (the state alone does not say who did what)."""
        to, source = self.to_state, self.from_state
        if not source:
            return _("Tạo văn bản")
        if to == DirectiveState.PENDING:
            return _("Trình ký") if source == DirectiveState.DRAFT else _("Trình ký lại")
        if to == DirectiveState.RETURNED:
            return _("Trả lại")
        if to == DirectiveState.DRAFT:
            return _("Rút lại để sửa")
        if to == DirectiveState.ISSUED:
            # Straight from a draft: a leader who signed their own draft, or a directive given before Lantoa
            # had the signing step; the signature itself is shown apart (Directive.signed_by).
            return _("Giao nhiệm vụ") if source == DirectiveState.DRAFT else _("Ký duyệt, giao nhiệm vụ")
        return str(DirectiveState(to).label)


class TaskRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATE = "coordinate", _("Phối hợp")
    PERFORM = "perform", _("Thực hiện")


class Task(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(_("nội dung nhiệm vụ"))
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    assignee_text = models.CharField(_("đơn vị (như văn bản ghi)"), max_length=255, blank=True)
    role = models.CharField(_("vai trò"), max_length=16, choices=TaskRole.choices, default=TaskRole.PERFORM)
    due_on = models.DateField(_("hạn riêng"), null=True, blank=True)
    # What the resolver could not turn into units: [{"text", "reason", "suggestions": [unit ids]}].
    unresolved = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["directive", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Assignment(models.Model):
    """One task for one concrete unit. Proposed while the directive is a draft; binding once issued."""

    directive = models.ForeignKey(
        Directive, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="assignments"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=TaskRole.choices, default=TaskRole.PERFORM)
    due_on = models.DateField(_("hạn báo cáo"), null=True, blank=True)

    class Meta:
        verbose_name = _("giao nhiệm vụ")
        verbose_name_plural = _("giao nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_one_per_task_and_unit")
        ]
        indexes = [models.Index(fields=["unit", "directive"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.task}"
