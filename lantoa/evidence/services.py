"""The evidence checks and the reviewer's answer to them. Every write to flags goes through here.

Checks never block the unit: they run after the evidence is saved (see dispatch.schedule_checks) and leave
flags with a reason for the reviewer. A re-run replaces what it finds about the same thing (one flag per
activity and key) and keeps a reviewer's "checked" when the finding has not changed.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.activities.models import Activity, Evidence, EvidenceKind
from lantoa.activities.selectors import counting_for
from lantoa.core.audit import record
from lantoa.evidence import probes
from lantoa.evidence.models import Fingerprint, Flag, FlagKind
from lantoa.evidence.selectors import can_check_flag
from lantoa.indicators.models import ActivityType

# Two hashes this close are the same picture, resized or recompressed (see Fingerprint's bands).
NEAR_IDENTICAL_BITS = 3
# A broadcast's minutes may repeat its recording (plays) and round up; beyond this, the reviewer looks.
BROADCAST_TOLERANCE = 1.5
CHECK_NOTE_MAX = 1000


def _day(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


def _windows(activity: Activity) -> list[tuple[datetime.date | None, datetime.date | None]]:
    """The windows of the campaigns this activity counts toward: its evidence should come from them."""
    return [c.directive.window for c in counting_for(activity) if c.counted and any(c.directive.window)]


def _inside(day: datetime.date, window) -> bool:
    start, end = window
    return (start is None or start <= day) and (end is None or day <= end)


def _window_text(windows) -> str:
    start, end = windows[0]
    return f"{_day(start) if start else '…'} – {_day(end) if end else '…'}"


# --- reading the files ----------------------------------------------------------------------------------


def _fingerprint(evidence: Evidence) -> Fingerprint | None:
    if not evidence.file or evidence.kind not in (EvidenceKind.PHOTO, EvidenceKind.AUDIO):
        return None
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        return None
    with handle:
        values: dict = {"checked_at": timezone.now()}
        if evidence.kind == EvidenceKind.PHOTO:
            reading = probes.read_photo(handle)
            values.update(phash=reading.phash, taken_at=reading.taken_at)
            bands = probes.band_values(reading.phash) if len(reading.phash) == 16 else [None] * 4
            values.update({f"band{i}": band for i, band in enumerate(bands)})
        else:
            values["duration_seconds"] = probes.recording_seconds(handle)
    fingerprint, _created = Fingerprint.objects.update_or_create(evidence=evidence, defaults=values)
    return fingerprint


# --- what each check finds: {key: (kind, evidence, reason, detail)} ----------------------------------


def _says_nothing(phash: str) -> bool:
    """A blank or flat picture (a lens cap, a white wall) hashes to almost no bits: every such photo would
    look like every other, which is no evidence of reuse."""
    return not 4 <= int(phash, 16).bit_count() <= 60


def _duplicate_findings(activity: Activity, photos: list[Evidence]) -> dict:
    found = {}
    for evidence in photos:
        fingerprint = getattr(evidence, "fingerprint", None)
        if fingerprint is None or not fingerprint.phash or _says_nothing(fingerprint.phash):
            continue
        same_band = Q()
        for i in range(4):
            same_band |= Q(**{f"band{i}": getattr(fingerprint, f"band{i}")})
        candidates = (
            Fingerprint.objects.filter(same_band)
            .exclude(evidence__activity_id=activity.pk)
            .filter(evidence__uploaded_at__lte=evidence.uploaded_at)
            .exclude(evidence_id=evidence.pk)
            .select_related("evidence__activity__unit")
            .order_by("evidence__uploaded_at", "pk")
        )
        match = next(
            (c for c in candidates if probes.hamming(c.phash, fingerprint.phash) <= NEAR_IDENTICAL_BITS), None
        )
        if match is None:
            continue
        other = match.evidence.activity
        if other.unit_id != activity.unit_id:
            where = _("của {unit}").format(unit=other.unit)
        else:
            where = _("của chính đơn vị, ở một hoạt động khác")
        reason = _(
            "Ảnh “{name}” trùng hoặc gần giống ảnh đã dùng làm minh chứng {where} (hoạt động ngày {day})."
        ).format(name=evidence.original_name, where=where, day=_day(other.occurred_on))
        windows = _windows(activity)
        if windows and not any(_inside(other.occurred_on, w) for w in windows):
            reason += " " + _("Ảnh đó thuộc một đợt trước, ngoài thời gian của đợt này.")
        found[f"duplicate_photo:{evidence.pk}"] = (
            FlagKind.DUPLICATE_PHOTO,
            evidence,
            reason,
            {"other_evidence": match.evidence_id, "other_activity": other.pk, "other_unit": other.unit_id},
        )
    return found


def _photo_date_findings(activity: Activity, photos: list[Evidence]) -> dict:
    found = {}
    windows = _windows(activity)
    for evidence in photos:
        fingerprint = getattr(evidence, "fingerprint", None)
        taken = fingerprint.taken_at if fingerprint else None
        if taken is None:
            continue
        taken_day = timezone.localtime(taken).date()
        uploaded_day = timezone.localtime(evidence.uploaded_at).date()
        reason = ""
        if taken_day > uploaded_day:
            reason = _("Ảnh “{name}” ghi ngày chụp {taken}, sau ngày tải lên {uploaded}.").format(
                name=evidence.original_name, taken=_day(taken_day), uploaded=_day(uploaded_day)
            )
        elif windows and not any(_inside(taken_day, w) for w in windows):
            reason = _("Ảnh “{name}” chụp ngày {taken}, ngoài thời gian của đợt ({window}).").format(
                name=evidence.original_name, taken=_day(taken_day), window=_window_text(windows)
            )
        if reason:
            found[f"photo_date:{evidence.pk}"] = (
                FlagKind.PHOTO_DATE,
                evidence,
                reason,
                {"taken": taken_day.isoformat()},
            )
    return found


def _broadcast_findings(activity: Activity, recordings: list[Evidence]) -> dict:
    if activity.type != ActivityType.BROADCAST or not activity.minutes:
        return {}
    seconds = [getattr(e, "fingerprint", None) and e.fingerprint.duration_seconds for e in recordings]
    seconds = [s for s in seconds if s]
    if not seconds:
        return {}
    recorded = sum(seconds) / 60
    plays = max(activity.plays or 1, 1)
    if activity.minutes <= recorded * plays * BROADCAST_TOLERANCE + 1:
        return {}
    recorded_text = f"{recorded:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    if plays > 1:
        reason = _(
            "Khai {claimed} phút phát sóng ({plays} lượt), nhưng bản ghi âm kèm theo chỉ dài {recorded} phút "
            "(tối đa khoảng {most} phút cho {plays} lượt)."
        ).format(claimed=activity.minutes, plays=plays, recorded=recorded_text, most=round(recorded * plays))
    else:
        reason = _(
            "Khai {claimed} phút phát sóng, nhưng bản ghi âm kèm theo chỉ dài {recorded} phút."
        ).format(claimed=activity.minutes, recorded=recorded_text)
    return {
        "broadcast_length:activity": (
            FlagKind.BROADCAST_LENGTH,
            None,
            reason,
            {"claimed_minutes": activity.minutes, "recorded_minutes": round(recorded, 2), "plays": plays},
        )
    }


def _link_findings(activity: Activity, links: list[tuple[Evidence | None, str]], pages: dict) -> dict:
    found = {}
    windows = _windows(activity)
    for evidence, url in links:
        reading = pages.get(url)
        if reading is None:
            continue
        key_part = evidence.pk if evidence else "activity"
        if not reading.answered:
            found[f"dead_link:{key_part}"] = (
                FlagKind.DEAD_LINK,
                evidence,
                _("Đường dẫn {url} không mở được: {problem}.").format(url=url, problem=reading.problem),
                {"url": url},
            )
        elif reading.published and windows and not any(_inside(reading.published, w) for w in windows):
            found[f"link_date:{key_part}"] = (
                FlagKind.LINK_DATE,
                evidence,
                _("Bài tại {url} đăng ngày {day}, ngoài thời gian của đợt ({window}).").format(
                    url=url, day=_day(reading.published), window=_window_text(windows)
                ),
                {"url": url, "published": reading.published.isoformat()},
            )
    return found


def _links_of(activity: Activity, evidence: list[Evidence]) -> list[tuple[Evidence | None, str]]:
    links: list[tuple[Evidence | None, str]] = [(e, e.url) for e in evidence if e.kind == EvidenceKind.LINK]
    if activity.url:
        links.append((None, activity.url))
    return links


def read_links(activity_ids: Iterable[int]) -> dict:
    """Fetch every linked page of these activities, outside any transaction: the network is slow."""
    from django.conf import settings

    if not getattr(settings, "LANTOA_EVIDENCE_LINK_CHECKS", True):
        return {}
    urls = set(
        Evidence.objects.filter(activity_id__in=activity_ids, kind=EvidenceKind.LINK).values_list(
            "url", flat=True
        )
    )
    urls |= set(Activity.objects.filter(pk__in=activity_ids).exclude(url="").values_list("url", flat=True))
    return {url: probes.read_page(url) for url in sorted(urls)}


@transaction.atomic
def _apply_findings(*, activity: Activity, found: dict) -> None:
    existing = {f.key: f for f in Flag.objects.select_for_update().filter(activity=activity)}
    for key, flag in existing.items():
        if key not in found:
            flag.delete()  # the problem is gone (the photo was removed, the minutes corrected)
    for key, (kind, evidence, reason, detail) in found.items():
        flag = existing.get(key)
        if flag is None:
            Flag.objects.create(
                activity=activity,
                unit_id=activity.unit_id,
                evidence=evidence,
                kind=kind,
                key=key,
                reason=reason,
                detail=detail,
            )
        elif flag.reason != reason:
            # A different finding is a new question for the reviewer: the old "checked" does not answer it.
            flag.reason, flag.detail = reason, detail
            flag.checked_at, flag.checked_by, flag.check_note = None, None, ""
            flag.save()


def run_checks(*, evidence_ids: Iterable[int] = (), activity_ids: Iterable[int] = ()) -> int:
    """Read the given evidence (and all the evidence of the given activities) and refresh the activities'
    flags. Returns how many open flags those activities have afterwards. Runs outside the request."""
    evidence_ids = set(evidence_ids)
    activity_ids = set(activity_ids) | set(
        Evidence.objects.filter(pk__in=evidence_ids).values_list("activity_id", flat=True)
    )
    if not activity_ids:
        return 0
    for evidence in Evidence.objects.filter(
        Q(pk__in=evidence_ids) | Q(activity_id__in=activity_ids, fingerprint__isnull=True)
    ).exclude(file=""):
        _fingerprint(evidence)
    pages = read_links(activity_ids)
    for activity in Activity.objects.filter(pk__in=activity_ids).select_related("unit"):
        evidence = list(activity.evidence.select_related("fingerprint").order_by("pk"))
        photos = [e for e in evidence if e.kind == EvidenceKind.PHOTO]
        recordings = [e for e in evidence if e.kind == EvidenceKind.AUDIO]
        found = {
            **_duplicate_findings(activity, photos),
            **_photo_date_findings(activity, photos),
            **_broadcast_findings(activity, recordings),
            **_link_findings(activity, _links_of(activity, evidence), pages),
        }
        try:
            _apply_findings(activity=activity, found=found)
        except IntegrityError:
            # Two runs on the same activity at once (two files of one upload): the other wrote the same
            # flags a moment earlier; one more pass settles on the same result.
            _apply_findings(activity=activity, found=found)
    return Flag.objects.filter(activity_id__in=activity_ids, checked_at__isnull=True).count()


class FlagError(ValidationError):
    """A reviewer's answer the flag cannot take; the message says what to do."""


@transaction.atomic
def mark_flag_checked(*, flag: Flag, actor, note: str) -> Flag:
    """The reviewer looked at what the check found, and says what they concluded."""
    flag = Flag.objects.select_for_update().select_related("activity", "activity__unit").get(pk=flag.pk)
    if not can_check_flag(actor, flag):
        raise PermissionDenied(
            _("Chỉ chuyên viên, lãnh đạo phụ trách kiểm tra báo cáo được đánh dấu cảnh báo này đã kiểm tra.")
        )
    note = (note or "").strip()
    if not note:
        raise FlagError(
            _("Hãy ghi bạn đã kiểm tra thế nào, ví dụ: “Đã gọi xã xác nhận, ảnh đúng của buổi này”.")
        )
    if len(note) > CHECK_NOTE_MAX:
        raise FlagError(_("Ghi chú dài quá {n} ký tự; hãy rút gọn.").format(n=CHECK_NOTE_MAX))
    if flag.is_checked:
        raise FlagError(_("Cảnh báo này đã được đánh dấu đã kiểm tra."))
    flag.checked_at, flag.checked_by, flag.check_note = timezone.now(), actor, note
    flag.save(update_fields=["checked_at", "checked_by", "check_note"])
    record(
        actor=actor,
        action="evidence.flag_checked",
        obj=flag,
        summary=flag.reason[:200],
        detail={"activity": flag.activity_id, "kind": flag.kind, "note": note[:500]},
    )
    return flag
