"""Every write to the activity ledger and its evidence goes through here."""

import contextlib
import datetime
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.activities import figures
from lantoa.activities.evidence import CheckedUpload, check_uploads
from lantoa.activities.models import Activity, ActivityExclusion, Evidence, EvidenceKind
from lantoa.activities.selectors import (
    accepted_directive_ids,
    can_log_for,
    locking_directives,
    open_directives_for,
)
from lantoa.core.audit import record
from lantoa.directives.models import Directive
from lantoa.indicators.models import ActivityType
from lantoa.units.models import Unit

# The figures each type of activity carries; the others are cleared so no indicator adds a stale value.
QUANTITIES_BY_TYPE: dict[str, tuple[str, ...]] = {
    ActivityType.BROADCAST: ("count", "minutes", "plays"),
    ActivityType.EVENT: ("count", "participants"),
    ActivityType.CONTEST: ("participants",),
    ActivityType.CNSCD_SESSION: ("count", "people_guided"),
    ActivityType.SOCIAL_POST: ("count", "reach"),
}
DEFAULT_QUANTITIES = ("count",)
ALL_QUANTITIES = ("count", "minutes", "plays", "participants", "people_guided", "reach")
MAX_LINKS = 20
# The columns' limits, checked here so that a direct call gets a sentence instead of a database error.
TITLE_MAX = 500
CHANNEL_MAX = 255
URL_MAX = 1000
QUANTITY_MAX = 2_000_000_000


def quantities_for(activity_type: str) -> tuple[str, ...]:
    return QUANTITIES_BY_TYPE.get(activity_type, DEFAULT_QUANTITIES)


class ActivityError(ValidationError):
    """A change the ledger does not allow; the message says what to do instead."""


def _require_logger(actor, unit: Unit) -> None:
    if not can_log_for(actor, unit):
        raise PermissionDenied(
            _(
                "Chỉ cán bộ báo cáo, chuyên viên hoặc lãnh đạo của {unit} được ghi, sửa hoặc xóa hoạt động "
                "của đơn vị này."
            ).format(unit=unit)
        )


def _refuse_if_locked(activity: Activity, *, activity_type: str | None = None, occurred_on=None) -> None:
    """Refuse a change to an activity an accepted report counts — before or after the change."""
    excluded = set(activity.exclusions.values_list("directive_id", flat=True))
    states = {(activity.type, activity.occurred_on)}
    if activity_type is not None:
        states.add((activity_type, occurred_on))
    for state_type, state_day in states:
        blocking = locking_directives(
            unit_id=activity.unit_id, activity_type=state_type, occurred_on=state_day, excluded=excluded
        )
        if blocking:
            raise ActivityError(
                _(
                    "Hoạt động này được tính trong báo cáo đã được duyệt về “{directive}”, nên không sửa hoặc "
                    "xóa được nữa. Nếu cần điều chỉnh, hãy đề nghị {office} trả lại báo cáo."
                ).format(directive=blocking[0], office=blocking[0].office)
            )


def _clean_fields(
    *, activity_type: str, occurred_on: datetime.date, title: str, channel: str, url: str, quantities: dict
) -> dict:
    problems = []
    if activity_type not in ActivityType.values:
        problems.append(_("Hãy chọn loại hoạt động."))
    if not isinstance(occurred_on, datetime.date):
        problems.append(_("Hãy nhập ngày thực hiện."))
    elif occurred_on > timezone.localdate():
        problems.append(_("Ngày thực hiện không được sau hôm nay. Hãy ghi hoạt động sau khi đã làm."))
    if not (title or "").strip():
        problems.append(_("Hãy nhập nội dung hoạt động."))
    elif len(title.strip()) > TITLE_MAX:
        problems.append(
            _("Nội dung dài quá {n} ký tự; hãy rút gọn và ghi phần còn lại vào ghi chú.").format(n=TITLE_MAX)
        )
    if len((channel or "").strip()) > CHANNEL_MAX:
        problems.append(_("Kênh, nơi thực hiện dài quá {n} ký tự; hãy rút gọn.").format(n=CHANNEL_MAX))
    if url and len(url) > URL_MAX:
        problems.append(_("Đường dẫn dài quá {n} ký tự; hãy dùng đường dẫn ngắn hơn.").format(n=URL_MAX))
    elif url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            problems.append(
                _("Đường dẫn “{url}” không hợp lệ; hãy dán đầy đủ, bắt đầu bằng https://").format(url=url)
            )
    relevant = quantities_for(activity_type)
    values: dict[str, int | None] = {}
    for field in ALL_QUANTITIES:
        value = quantities.get(field) if field in relevant else None
        if value is not None and (not isinstance(value, int) or not 0 <= value <= QUANTITY_MAX):
            problems.append(
                _("Số liệu phải là số nguyên từ 0 đến {n}.").format(n=f"{QUANTITY_MAX:,}".replace(",", "."))
            )
        values[field] = value
    if "count" in relevant and not values["count"]:
        problems.append(_("Số lượng phải từ 1 trở lên."))
    if problems:
        raise ActivityError(problems)
    # `count` is never empty in the ledger: an activity whose type carries no count is one activity.
    if values["count"] is None:
        values["count"] = 1
    return values


def _clean_links(links: Iterable[str]) -> list[str]:
    cleaned = [link.strip() for link in links if link and link.strip()]
    if len(cleaned) > MAX_LINKS:
        raise ActivityError(_("Mỗi lần chỉ thêm được tối đa {n} đường dẫn.").format(n=MAX_LINKS))
    validate = URLValidator(schemes=["http", "https"])
    bad = []
    for link in cleaned:
        try:
            if len(link) > URL_MAX:
                raise ValidationError(link)
            validate(link)
        except ValidationError:
            bad.append(link[:200])
    if bad:
        raise ActivityError(
            [
                _("Đường dẫn minh chứng “{url}” không hợp lệ; hãy dán đầy đủ, bắt đầu bằng https://").format(
                    url=u
                )
                for u in bad
            ]
        )
    return list(dict.fromkeys(cleaned))


@contextlib.contextmanager
def _files_removed_on_error() -> Iterator[list[str]]:
    """Files stored during a write are deleted again if the write fails, so a refusal leaves no trace."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        storage = Evidence._meta.get_field("file").storage
        for name in stored:
            storage.delete(name)
        raise


def _add_evidence(
    *, activity: Activity, actor, links: Sequence[str], checked: Sequence[CheckedUpload], stored: list[str]
) -> list[Evidence]:
    added = []
    existing_links = set(activity.evidence.filter(kind=EvidenceKind.LINK).values_list("url", flat=True))
    for link in links:
        if link in existing_links:
            continue
        added.append(
            Evidence.objects.create(activity=activity, kind=EvidenceKind.LINK, url=link, uploaded_by=actor)
        )
    for item in checked:
        evidence = Evidence(
            activity=activity,
            kind=item.file_type.kind,
            original_name=item.original_name,
            content_type=item.file_type.content_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=actor,
        )
        # The stored name is generated; the user's name is kept only as a label.
        evidence.file.save(item.generated_name(), item.upload, save=False)
        stored.append(evidence.file.name)
        evidence.save()
        added.append(evidence)
    for evidence in added:
        record(
            actor=actor,
            action="evidence.add",
            obj=evidence,
            summary=evidence.original_name or evidence.url,
            detail={"activity": activity.pk, "kind": evidence.kind, "sha256": evidence.sha256},
        )
    return added


def _apply_counting(*, activity: Activity, actor, counting: Mapping[Directive, bool]) -> None:
    """Tick or untick the given directives; only open directives of the unit, never an accepted report."""
    open_ids = set(open_directives_for(activity.unit).values_list("pk", flat=True))
    excluded = set(activity.exclusions.values_list("directive_id", flat=True))
    locked = accepted_directive_ids(activity.unit_id)
    for directive, counted in counting.items():
        if directive.pk not in open_ids or counted == (directive.pk not in excluded):
            continue
        if directive.pk in locked:
            raise ActivityError(
                _(
                    "Báo cáo của đơn vị về “{directive}” đã được duyệt; không thay đổi được việc tính hoạt động "
                    "vào báo cáo đó."
                ).format(directive=directive)
            )
        _write_counting(activity=activity, directive=directive, counted=counted, actor=actor)


def _write_counting(*, activity: Activity, directive: Directive, counted: bool, actor) -> None:
    if counted:
        deleted, _rows = ActivityExclusion.objects.filter(activity=activity, directive=directive).delete()
        changed = bool(deleted)
    else:
        _exclusion, changed = ActivityExclusion.objects.get_or_create(
            activity=activity, directive=directive, defaults={"created_by": actor}
        )
    if changed:
        record(
            actor=actor,
            action="activity.count" if counted else "activity.uncount",
            obj=activity,
            summary=str(directive)[:200],
            detail={"directive": directive.pk},
        )


def _exclude_from_accepted(activity: Activity, actor) -> None:
    """A new or moved activity does not slip into a report that is already accepted."""
    excluded = set(activity.exclusions.values_list("directive_id", flat=True))
    for directive in locking_directives(
        unit_id=activity.unit_id,
        activity_type=activity.type,
        occurred_on=activity.occurred_on,
        excluded=excluded,
    ):
        _write_counting(activity=activity, directive=directive, counted=False, actor=actor)


@transaction.atomic
def create_activity(
    *,
    unit: Unit,
    actor,
    activity_type: str,
    occurred_on: datetime.date,
    title: str,
    channel: str = "",
    url: str = "",
    quantities: dict | None = None,
    note: str = "",
    links: Sequence[str] = (),
    files: Sequence[UploadedFile] = (),
    counting: Mapping[Directive, bool] | None = None,
    client_key: uuid.UUID | None = None,
) -> Activity:
    """Log one thing the unit did, with its evidence; it counts toward every open directive it fits."""
    _require_logger(actor, unit)
    values = _clean_fields(
        activity_type=activity_type,
        occurred_on=occurred_on,
        title=title,
        channel=channel,
        url=url,
        quantities=quantities or {},
    )
    links = _clean_links(links)
    checked = check_uploads(files)  # before any write: a bad file refuses the whole activity
    with _files_removed_on_error() as stored:
        activity = Activity.objects.create(
            unit=unit,
            type=activity_type,
            occurred_on=occurred_on,
            title=title.strip(),
            channel=channel.strip(),
            url=url.strip(),
            note=note.strip(),
            created_by=actor,
            client_key=client_key,
            **values,
        )
        record(
            actor=actor,
            action="activity.create",
            obj=activity,
            summary=activity.title[:200],
            detail={"unit": unit.pk, "type": activity_type, "occurred_on": occurred_on.isoformat()},
        )
        _add_evidence(activity=activity, actor=actor, links=links, checked=checked, stored=stored)
        _apply_counting(activity=activity, actor=actor, counting=counting or {})
        _exclude_from_accepted(activity, actor)
        figures.refresh(unit_ids=[activity.unit_id])
    return activity


@transaction.atomic
def update_activity(
    *,
    activity: Activity,
    actor,
    activity_type: str,
    occurred_on: datetime.date,
    title: str,
    channel: str = "",
    url: str = "",
    quantities: dict | None = None,
    note: str = "",
    links: Sequence[str] = (),
    files: Sequence[UploadedFile] = (),
    counting: Mapping[Directive, bool] | None = None,
) -> Activity:
    """Correct an activity and add evidence to it; directives absent from `counting` keep their tick."""
    activity = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    _require_logger(actor, activity.unit)
    _refuse_if_locked(activity, activity_type=activity_type, occurred_on=occurred_on)
    values = _clean_fields(
        activity_type=activity_type,
        occurred_on=occurred_on,
        title=title,
        channel=channel,
        url=url,
        quantities=quantities or {},
    )
    links = _clean_links(links)
    checked = check_uploads(files)
    fields = {
        "type": activity_type,
        "occurred_on": occurred_on,
        "title": title.strip(),
        "channel": channel.strip(),
        "url": url.strip(),
        "note": note.strip(),
        **values,
    }
    changed = sorted(k for k, v in fields.items() if getattr(activity, k) != v)
    with _files_removed_on_error() as stored:
        for key in changed:
            setattr(activity, key, fields[key])
        if changed:
            activity.save()
            record(
                actor=actor,
                action="activity.update",
                obj=activity,
                summary=activity.title[:200],
                detail={"fields": changed},
            )
        _add_evidence(activity=activity, actor=actor, links=links, checked=checked, stored=stored)
        _apply_counting(activity=activity, actor=actor, counting=counting or {})
        _exclude_from_accepted(activity, actor)
        figures.refresh(unit_ids=[activity.unit_id])
    return activity


def _delete_files_on_commit(names: list[str]) -> None:
    storage = Evidence._meta.get_field("file").storage
    for name in names:
        # Only once the rows are gone for good: a rolled-back delete must still find its files.
        transaction.on_commit(lambda name=name: storage.delete(name))


@transaction.atomic
def delete_activity(*, activity: Activity, actor) -> None:
    activity = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    _require_logger(actor, activity.unit)
    _refuse_if_locked(activity)
    names = list(activity.evidence.exclude(file="").values_list("file", flat=True))
    record(
        actor=actor,
        action="activity.delete",
        obj=activity,
        summary=activity.title[:200],
        detail={
            "unit": activity.unit_id,
            "type": activity.type,
            "occurred_on": activity.occurred_on.isoformat(),
        },
    )
    activity.delete()
    figures.refresh(unit_ids=[activity.unit_id])
    _delete_files_on_commit(names)


@transaction.atomic
def add_evidence(
    *, activity: Activity, actor, links: Sequence[str] = (), files: Sequence[UploadedFile] = ()
) -> list[Evidence]:
    """More photos or links for an activity that is not locked by an accepted report."""
    activity = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    _require_logger(actor, activity.unit)
    # What the office accepted is what stays on file, evidence included.
    _refuse_if_locked(activity)
    links = _clean_links(links)
    checked = check_uploads(files)
    if not links and not checked:
        raise ActivityError(_("Hãy chọn ít nhất một tệp hoặc dán một đường dẫn minh chứng."))
    with _files_removed_on_error() as stored:
        return _add_evidence(activity=activity, actor=actor, links=links, checked=checked, stored=stored)


@transaction.atomic
def delete_evidence(*, evidence: Evidence, actor) -> None:
    evidence = Evidence.objects.select_related("activity", "activity__unit").get(pk=evidence.pk)
    activity = evidence.activity
    _require_logger(actor, activity.unit)
    # The evidence behind an accepted figure stays: the office accepted the figure on the strength of it.
    _refuse_if_locked(activity)
    record(
        actor=actor,
        action="evidence.delete",
        obj=evidence,
        summary=evidence.original_name or evidence.url,
        detail={"activity": activity.pk, "sha256": evidence.sha256},
    )
    name = evidence.file.name if evidence.file else ""
    evidence.delete()
    if name:
        _delete_files_on_commit([name])


@transaction.atomic
def set_counted(*, activity: Activity, directive: Directive, counted: bool, actor) -> None:
    """Tick or untick one directive for the activity (ActivityExclusion records an untick)."""
    activity = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    _require_logger(actor, activity.unit)
    if not open_directives_for(activity.unit).filter(pk=directive.pk).exists():
        raise ActivityError(
            _("“{directive}” không giao nhiệm vụ cho {unit} hoặc đã kết thúc; không chọn được.").format(
                directive=directive, unit=activity.unit
            )
        )
    if directive.pk in accepted_directive_ids(activity.unit_id):
        raise ActivityError(
            _(
                "Báo cáo của đơn vị về “{directive}” đã được duyệt; không thay đổi được việc tính hoạt động vào "
                "báo cáo đó."
            ).format(directive=directive)
        )
    _write_counting(activity=activity, directive=directive, counted=counted, actor=actor)
    figures.refresh(directive_ids=[directive.pk], unit_ids=[activity.unit_id])


@transaction.atomic
def set_counting(*, activity: Activity, counting: Mapping[Directive, bool], actor) -> None:
    """The detail page's checkboxes, saved together: {directive: counted} for each box shown."""
    activity = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    _require_logger(actor, activity.unit)
    _apply_counting(activity=activity, actor=actor, counting=counting)
    figures.refresh(unit_ids=[activity.unit_id])


# --- Activities logged offline on a phone, sent when the network returns ---------------------------------


def capture_conflicts(*, unit: Unit, directive_ids: Iterable[int]) -> tuple[list[str], set[int]]:
    """What changed, while the activity waited on the phone, in the reports it was meant to count in:
    a directive closed, a report submitted or accepted. Returns the sentences to show and the directives
    it can no longer count toward (closed, or accepted: those figures do not move any more)."""
    report_model = apps.get_model("reports", "Report")  # reports sit above the ledger in the import order
    wanted = set(directive_ids)
    if not wanted:
        return [], set()
    open_ids = set(open_directives_for(unit).values_list("pk", flat=True))
    states = dict(
        report_model.objects.filter(unit_id=unit.pk, directive_id__in=wanted).values_list(
            "directive_id", "state"
        )
    )
    messages, lost = [], set()
    for directive in Directive.objects.filter(pk__in=wanted).order_by("pk"):
        if directive.pk not in open_ids:
            lost.add(directive.pk)
            messages.append(
                _(
                    "Văn bản “{directive}” đã kết thúc trong lúc hoạt động chờ gửi: hoạt động sẽ chỉ được ghi "
                    "vào sổ theo dõi, không tính vào báo cáo về văn bản này."
                ).format(directive=directive)
            )
        elif states.get(directive.pk) == "accepted":
            lost.add(directive.pk)
            messages.append(
                _(
                    "Báo cáo về “{directive}” đã được duyệt trong lúc hoạt động chờ gửi: hoạt động sẽ chỉ được "
                    "ghi vào sổ theo dõi. Nếu cần tính vào báo cáo, hãy đề nghị {office} trả lại báo cáo."
                ).format(directive=directive, office=directive.office)
            )
        elif states.get(directive.pk) == "submitted":
            messages.append(
                _(
                    "Báo cáo về “{directive}” đã được nộp trong lúc hoạt động chờ gửi: hoạt động sẽ được ghi "
                    "vào sổ nhưng không có trong báo cáo đã nộp. Nếu cần, hãy đề nghị {office} trả lại báo cáo "
                    "để nộp lại."
                ).format(directive=directive, office=directive.office)
            )
    return messages, lost


@transaction.atomic
def capture_activity(*, unit: Unit, actor, client_key: uuid.UUID, **arguments) -> tuple[Activity, bool]:
    """Save an activity a phone queued offline, exactly once: the same key sent again (after a cut
    connection, a lost answer, a second tab) returns the activity saved the first time. Returns it and
    whether it was saved now."""
    existing = Activity.objects.filter(client_key=client_key).first()
    if existing is not None:
        if existing.created_by_id != actor.pk:
            raise PermissionDenied(_("Mã gửi này thuộc về người khác."))
        return existing, False
    try:
        return create_activity(unit=unit, actor=actor, client_key=client_key, **arguments), True
    except IntegrityError:
        # The same key, sent twice at the same moment: the other request saved it.
        existing = Activity.objects.filter(client_key=client_key, created_by=actor).first()
        if existing is None:
            raise
        return existing, False
