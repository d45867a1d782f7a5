"""Administrative changes after 1/7/2025, applied with their legal basis and effective date.

A file lists legal acts; each act lists the changes it makes (see docs/units-import.md for the layout):

    rename   code, name [, type]          the unit carries on under a new name
    retype   code, type [, name]          xã → phường, tỉnh → thành phố trực thuộc trung ương
    recode   code, new_code               the unit carries on under a new code
    move     code, parent                 the unit carries on under another province
    merge    codes, into | new            several units become one (an existing one, or a new unit)
    split    code, into                   one unit becomes several new units

No change edits a unit in place. The units a change replaces close on the effective date (`closed_on` is the
first day they no longer exist) and the units that carry on open that day, as their successors. Directives
and reports of an earlier date keep pointing at the unit as it was; resolving a name on a date finds the unit
in force on that date. A code that carries on (rename, retype, move) passes to the new unit.

When the effective date has come, the change is *settled*: the sub-units still open and the people of the
closed unit move to the unit that carries it on. A change announced ahead of its date is recorded and
settled by a later run (`lantoa apply-changes`, daily from cron, settles whatever has come due).

Applying is idempotent: each change is recorded once (`UnitChange.key`); a second run finds it and writes
nothing; a file that now says something else about a recorded change is refused.
"""

import datetime
import json
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.core.audit import record
from lantoa.units.keys import refresh_keys
from lantoa.units.models import AreaType, ChangeKind, Level, Membership, Unit, UnitChange, UnitKind
from lantoa.units.names import name_key, nfc

CONTINUING = {ChangeKind.RENAME, ChangeKind.RETYPE, ChangeKind.RECODE, ChangeKind.MOVE}

# Type labels as the resolutions write them → (area type, the word inside a committee's name).
_TYPES = {
    name_key("Tỉnh"): (AreaType.PROVINCE, "tỉnh"),
    name_key("Thành phố"): (AreaType.CENTRAL_CITY, "thành phố"),
    name_key("Thành phố trực thuộc trung ương"): (AreaType.CENTRAL_CITY, "thành phố"),
    name_key("Xã"): (AreaType.COMMUNE, "xã"),
    name_key("Phường"): (AreaType.WARD, "phường"),
    name_key("Thị trấn"): (AreaType.TOWNSHIP, "thị trấn"),
    name_key("Đặc khu"): (AreaType.SPECIAL_ZONE, "đặc khu"),
}
_AREA_ABBREVIATIONS = {"thị trấn": "TT", "thành phố": "TP", "thị xã": "TX"}


def shipped_files() -> list[Path]:
    """The change files that come with Lantoa: the changes published after the data package's 1/7/2025."""
    folder = resources.files("lantoa.units").joinpath("data", "changes")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith((".toml", ".json")))


class ChangeFileError(ValueError):
    """A change file that cannot be applied; `errors` says where and why. Nothing was saved."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class NewUnit:
    code: str
    name: str  # the short name: "Dầu Giây"
    type_label: str


@dataclass(frozen=True)
class ChangeSpec:
    """One change of one act, as read from a file."""

    kind: str
    basis: str
    effective_on: datetime.date
    where: str  # "file.toml, act 2, change 3": for messages
    code: str = ""
    codes: tuple[str, ...] = ()
    name: str = ""
    type_label: str = ""
    new_code: str = ""
    parent: str = ""
    into: str = ""
    new_units: tuple[NewUnit, ...] = ()
    was: str = ""  # the unit's name before the change, checked so a wrong code cannot change the wrong unit

    @property
    def key(self) -> str:
        codes = ",".join(self.codes or (self.code,))
        return f"{name_key(self.basis)}|{self.kind}|{codes}"[:255]

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "basis": self.basis,
            "effective_on": self.effective_on.isoformat(),
            "code": self.code,
            "codes": list(self.codes),
            "name": self.name,
            "type": self.type_label,
            "new_code": self.new_code,
            "parent": self.parent,
            "into": self.into,
            "new": [{"code": n.code, "name": n.name, "type": n.type_label} for n in self.new_units],
            "was": self.was,
        }


# --- Reading a file ---------------------------------------------------------------------------------


def _date(value, where: str, errors: list[str]) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 - a calendar day
            except ValueError:
                continue
    errors.append(
        _("{where}: ngày hiệu lực “{value}” không đúng dạng dd/mm/yyyy.").format(where=where, value=value)
    )
    return None


def _text(item: dict, name: str) -> str:
    value = item.get(name, "")
    return nfc(str(value)) if value is not None else ""


def _new_units(value, where: str, errors: list[str]) -> tuple[NewUnit, ...]:
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        if not isinstance(item, dict) or not all(item.get(k) for k in ("code", "name", "type")):
            errors.append(_("{where}: đơn vị mới phải có code, name và type.").format(where=where))
            continue
        result.append(
            NewUnit(code=_text(item, "code"), name=_text(item, "name"), type_label=_text(item, "type"))
        )
    return tuple(result)


def read_changes(path: Path) -> list[ChangeSpec]:
    """Read a .toml (or .json) change file; every mistake is reported with where it is, nothing half-read."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8")) if path.suffix != ".json" else json.loads(raw)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ChangeFileError(
            [_("Không đọc được tệp {name}: {error}").format(name=path.name, error=exc)]
        ) from exc
    errors: list[str] = []
    specs: list[ChangeSpec] = []
    acts = data.get("act") if isinstance(data, dict) else None
    if not isinstance(acts, list) or not acts:
        raise ChangeFileError([_("Tệp {name} không có văn bản nào ([[act]]).").format(name=path.name)])
    for a, act in enumerate(acts, start=1):
        where_act = _("{name}, văn bản {n}").format(name=path.name, n=a)
        basis = _text(act, "basis")
        if not basis:
            errors.append(
                _("{where}: thiếu căn cứ (basis), ví dụ “Nghị quyết số 237/NQ-UBTVQH16”.").format(
                    where=where_act
                )
            )
        effective = _date(act.get("effective"), where_act, errors)
        changes = act.get("change") or []
        if not changes:
            errors.append(_("{where}: không có thay đổi nào ([[act.change]]).").format(where=where_act))
        for c, item in enumerate(changes, start=1):
            where = _("{act}, thay đổi {n}").format(act=where_act, n=c)
            kind = _text(item, "kind")
            if kind not in ChangeKind.values:
                errors.append(
                    _("{where}: loại thay đổi “{kind}” không có; dùng: {kinds}.").format(
                        where=where, kind=kind, kinds=", ".join(ChangeKind.values)
                    )
                )
                continue
            spec = {
                "kind": kind,
                "basis": basis,
                "effective_on": effective or datetime.date.min,
                "where": where,
                "code": _text(item, "code"),
                "codes": tuple(nfc(str(c)) for c in item.get("codes", [])),
                "name": _text(item, "name"),
                "type_label": _text(item, "type"),
                "new_code": _text(item, "new_code"),
                "parent": _text(item, "parent"),
                "was": _text(item, "was"),
            }
            required = {
                ChangeKind.RENAME: ("code", "name"),
                ChangeKind.RETYPE: ("code", "type_label"),
                ChangeKind.RECODE: ("code", "new_code"),
                ChangeKind.MOVE: ("code", "parent"),
                ChangeKind.MERGE: ("codes",),
                ChangeKind.SPLIT: ("code",),
            }[kind]
            missing = [f for f in required if not spec[f]]
            if missing:
                errors.append(
                    _("{where}: thiếu {fields}.").format(
                        where=where, fields=", ".join("type" if f == "type_label" else f for f in missing)
                    )
                )
                continue
            if spec["type_label"] and name_key(spec["type_label"]) not in _TYPES:
                errors.append(
                    _(
                        "{where}: loại “{type}” không có; dùng Tỉnh, Thành phố, Xã, Phường, Thị trấn, Đặc khu."
                    ).format(where=where, type=spec["type_label"])
                )
                continue
            into = item.get("into")
            if kind == ChangeKind.MERGE:
                if isinstance(into, str) and into:
                    spec["into"] = nfc(into)
                elif item.get("new"):
                    spec["new_units"] = _new_units(item["new"], where, errors)[:1]
                else:
                    errors.append(
                        _("{where}: nhập vào đâu? Ghi into = mã đơn vị, hoặc new = {{…}}.").format(
                            where=where
                        )
                    )
                    continue
            if kind == ChangeKind.SPLIT:
                spec["new_units"] = _new_units(into or [], where, errors)
                if len(spec["new_units"]) < 2:
                    errors.append(
                        _("{where}: chia tách phải thành ít nhất hai đơn vị mới (into).").format(where=where)
                    )
                    continue
            if effective is not None:
                specs.append(ChangeSpec(**spec))
    if errors:
        raise ChangeFileError(errors)
    return specs


# --- Applying ---------------------------------------------------------------------------------------


@dataclass
class ChangeReport:
    applied: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    settled: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # basis → codes not in the tree: a province not imported is one line, not one line a commune
    absent: dict[str, list[str]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = []
        skipped = self.skipped + [
            _("{basis}: {n} đơn vị không có trong cây (mã {codes}); chưa nhập tỉnh này?").format(
                basis=basis, n=len(codes), codes=", ".join(codes[:5]) + ("…" if len(codes) > 5 else "")
            )
            for basis, codes in self.absent.items()
        ]
        for title, items in (
            (_("Đã áp dụng"), self.applied),
            (_("Đã chuyển đơn vị trực thuộc và cán bộ (thay đổi đã có hiệu lực)"), self.settled),
            (_("Chưa đến ngày hiệu lực"), self.pending),
            (_("Đã có từ trước"), self.already),
            (_("Bỏ qua"), skipped),
            (_("Cần xem lại"), self.notes),
        ):
            if items:
                out.append(f"{title} ({len(items)}):")
                out.extend(f"  - {item}" for item in items)
        return out


def _holder(code: str) -> Unit | None:
    """The unit that holds a code now (codes pass to the unit that carries a unit on)."""
    return Unit.objects.filter(code_2025=code).select_related("parent").first()


def in_force(unit: Unit, day: datetime.date) -> Unit:
    """The unit that carries `unit` on at `day`: itself while open, else its one continuing successor."""
    node = unit
    for _step in range(20):
        if node.closed_on is None or node.closed_on > day:
            return node
        successors = list(node.successors.all())
        if len(successors) != 1:
            return node
        node = successors[0]
    return node


def _committee_names(short: str, type_word: str) -> dict:
    aliases = [f"{type_word[:1].upper()}{type_word[1:]} {short}"]
    if type_word in _AREA_ABBREVIATIONS:
        aliases.append(f"UBND {_AREA_ABBREVIATIONS[type_word]} {short}")
    return {
        "name": f"Ủy ban nhân dân {type_word} {short}",
        "short_name": f"UBND {type_word} {short}",
        "aliases": aliases,
        "area_name": short,
    }


def _label(unit: Unit) -> str:
    return unit.short_name or unit.name


class _Applier:
    def __init__(self, *, actor, today: datetime.date, report: ChangeReport):
        self.actor = actor
        self.today = today
        self.report = report

    def _new_unit(
        self,
        *,
        like: Unit,
        short: str,
        type_label: str,
        code: str,
        parent: Unit | None,
        effective: datetime.date,
    ) -> Unit:
        area_type, type_word = _TYPES[name_key(type_label)]
        unit = Unit(
            kind=UnitKind.PEOPLES_COMMITTEE,
            level=like.level,
            area_type=area_type,
            code_2025=code,
            parent=parent,
            opened_on=effective,
            is_demo=like.is_demo,
            **_committee_names(short, type_word),
        )
        unit.save()
        return unit

    def _close(self, unit: Unit, day: datetime.date, *, release_code: bool) -> None:
        unit.closed_on = day
        fields = ["closed_on"]
        if release_code:
            unit.code_2025 = ""
            fields.append("code_2025")
        unit.save(update_fields=fields)

    def apply(self, spec: ChangeSpec) -> None:
        existing = UnitChange.objects.filter(key=spec.key).first()
        if existing is not None:
            if existing.spec != spec.as_dict():
                raise ChangeFileError(
                    [
                        _(
                            "{where}: thay đổi này đã được áp dụng ngày {day} với nội dung khác. Một thay đổi đã "
                            "áp dụng không sửa lại được: hãy ghi điều chỉnh thành một thay đổi mới, theo văn bản "
                            "điều chỉnh."
                        ).format(where=spec.where, day=existing.applied_at.strftime("%d/%m/%Y"))
                    ]
                )
            self.report.already.append(existing.summary)
            return
        codes = list(spec.codes or (spec.code,))
        units = {code: _holder(code) for code in codes}
        missing = [code for code, unit in units.items() if unit is None]
        if missing:
            self.report.absent.setdefault(spec.basis, []).extend(missing)
            return
        for unit in units.values():
            if unit.kind != UnitKind.PEOPLES_COMMITTEE:
                raise ChangeFileError(
                    [
                        _("{where}: mã {code} không phải một đơn vị hành chính.").format(
                            where=spec.where, code=unit.admin_code
                        )
                    ]
                )
            if unit.opened_on and unit.opened_on >= spec.effective_on:
                raise ChangeFileError(
                    [
                        _("{where}: {unit} mới hoạt động từ {opened}, sau ngày hiệu lực {day}.").format(
                            where=spec.where,
                            unit=unit,
                            opened=unit.opened_on.strftime("%d/%m/%Y"),
                            day=spec.effective_on.strftime("%d/%m/%Y"),
                        )
                    ]
                )
        if spec.was and len(units) == 1:
            [unit] = units.values()
            if name_key(spec.was) not in {name_key(n) for n in unit.all_names()}:
                raise ChangeFileError(
                    [
                        _("{where}: mã {code} là “{unit}”, không phải “{was}”: hãy kiểm tra lại mã.").format(
                            where=spec.where, code=unit.admin_code, unit=unit, was=spec.was
                        )
                    ]
                )
        for new in spec.new_units:
            if new.code and _holder(new.code) is not None:
                self.report.skipped.append(
                    _("{basis}: mã {code} đã có trong cây; thay đổi này có lẽ đã có trong dữ liệu.").format(
                        basis=spec.basis, code=new.code
                    )
                )
                return
        handler = {
            ChangeKind.MERGE: self._merge,
            ChangeKind.SPLIT: self._split,
        }.get(spec.kind, self._carry_on)
        change = handler(spec, units)
        record(actor=self.actor, action="unit.change", obj=change, summary=change.summary, detail=change.spec)
        self.report.applied.append(change.summary)

    def _record(self, spec: ChangeSpec, summary: str, sources: list[Unit], results: list[Unit]) -> UnitChange:
        change = UnitChange.objects.create(
            key=spec.key,
            kind=spec.kind,
            basis=spec.basis,
            effective_on=spec.effective_on,
            summary=summary,
            spec=spec.as_dict(),
            applied_by=self.actor if getattr(self.actor, "is_authenticated", False) else None,
        )
        change.sources.set(sources)
        change.results.set(results)
        for source in sources:
            source.successors.add(*[r for r in results if r.pk != source.pk])
        refresh_keys(Unit.objects.filter(pk__in=[u.pk for u in results]))
        return change

    def _sentence(self, spec: ChangeSpec, body: str) -> str:
        return _("{body} theo {basis}, từ ngày {day}.").format(
            body=body, basis=spec.basis, day=spec.effective_on.strftime("%d/%m/%Y")
        )

    def _carry_on(self, spec: ChangeSpec, units: dict[str, Unit | None]) -> UnitChange:
        old = units[spec.code]
        day = spec.effective_on
        parent = old.parent
        if spec.kind == ChangeKind.MOVE:
            parent = _holder(spec.parent)
            if parent is None:
                raise ChangeFileError(
                    [
                        _("{where}: không có đơn vị cấp trên mã {code}.").format(
                            where=spec.where, code=spec.parent
                        )
                    ]
                )
        if parent is not None:
            parent = in_force(parent, day)
        type_label = spec.type_label or dict(AreaType.choices).get(old.area_type, "")
        if name_key(type_label) not in _TYPES:
            type_label = "Xã"
        short = spec.name or old.area_name
        code = spec.new_code or spec.code
        self._close(old, day, release_code=spec.kind != ChangeKind.RECODE)
        new = self._new_unit(
            like=old, short=short, type_label=type_label, code=code, parent=parent, effective=day
        )
        if spec.kind == ChangeKind.RENAME:
            body = _("{old} đổi tên thành {new}").format(old=_label(old), new=_label(new))
        elif spec.kind == ChangeKind.RETYPE:
            body = _("{old} trở thành {new}").format(old=_label(old), new=_label(new))
        elif spec.kind == ChangeKind.RECODE:
            body = _("{old} đổi mã {code} thành {new_code}").format(
                old=_label(old), code=spec.code, new_code=code
            )
        else:
            body = _("{old} chuyển từ {before} về {after}").format(
                old=_label(old), before=_label(old.parent) if old.parent else "—", after=_label(parent)
            )
        body += _(" (mã {code})").format(code=code)
        return self._record(spec, self._sentence(spec, body), [old], [new])

    def _merge(self, spec: ChangeSpec, units: dict[str, Unit | None]) -> UnitChange:
        day = spec.effective_on
        sources = [units[c] for c in spec.codes]
        if spec.into:
            target = _holder(spec.into)
            if target is None:
                raise ChangeFileError(
                    [
                        _("{where}: không có đơn vị mã {code} để nhập vào.").format(
                            where=spec.where, code=spec.into
                        )
                    ]
                )
            closing = [u for u in sources if u.pk != target.pk]
        else:
            new = spec.new_units[0]
            parent = in_force(sources[0].parent, day) if sources[0].parent else None
            target = self._new_unit(
                like=sources[0],
                short=new.name,
                type_label=new.type_label,
                code=new.code,
                parent=parent,
                effective=day,
            )
            closing = sources
        for unit in closing:
            self._close(unit, day, release_code=False)
        body = _("{sources} nhập vào {target} (mã {code})").format(
            sources=", ".join(_label(u) for u in closing), target=_label(target), code=target.code_2025
        )
        return self._record(spec, self._sentence(spec, body), closing, [target])

    def _split(self, spec: ChangeSpec, units: dict[str, Unit | None]) -> UnitChange:
        day = spec.effective_on
        old = units[spec.code]
        parent = in_force(old.parent, day) if old.parent else None
        self._close(old, day, release_code=False)
        results = [
            self._new_unit(
                like=old, short=n.name, type_label=n.type_label, code=n.code, parent=parent, effective=day
            )
            for n in spec.new_units
        ]
        body = _("{old} chia thành {results}").format(
            old=_label(old), results=", ".join(f"{_label(u)} (mã {u.code_2025})" for u in results)
        )
        return self._record(spec, self._sentence(spec, body), [old], results)

    def settle_due(self) -> None:
        """Move sub-units and people to the unit that carries on, for every change whose date has come."""
        due = UnitChange.objects.filter(
            settled_on__isnull=True, effective_on__lte=self.today
        ).prefetch_related("sources", "results")
        for change in due.order_by("effective_on", "pk"):
            results = list(change.results.all())
            moved = 0
            people = 0
            for source in change.sources.all():
                children = list(
                    source.children.filter(closed_on__isnull=True)
                    | source.children.filter(closed_on__gt=change.effective_on)
                )
                if len(results) != 1:
                    if children:
                        self.report.notes.append(
                            _(
                                "{unit}: {n} đơn vị trực thuộc chưa chuyển (chia tách: hãy chọn đơn vị cấp trên mới)."
                            ).format(unit=source, n=len(children))
                        )
                    continue
                target = results[0]
                for child in children:
                    if child.pk == target.pk:
                        continue
                    child.parent = target
                    child.save()
                    moved += 1
                for membership in Membership.objects.filter(unit=source, is_active=True):
                    _m, created = Membership.objects.get_or_create(
                        user_id=membership.user_id,
                        unit=target,
                        role=membership.role,
                        defaults={"title": membership.title},
                    )
                    people += created
            if moved:
                refresh_keys(Unit.objects.filter(parent__in=results))
            change.settled_on = self.today
            change.save(update_fields=["settled_on"])
            record(
                actor=self.actor,
                action="unit.change.settle",
                obj=change,
                summary=change.summary,
                detail={"moved_units": moved, "memberships_added": people},
            )
            self.report.settled.append(
                _("{summary} — chuyển {moved} đơn vị trực thuộc, thêm {people} vai trò cán bộ.").format(
                    summary=change.summary, moved=moved, people=people
                )
            )
        for change in UnitChange.objects.filter(effective_on__gt=self.today).order_by("effective_on"):
            self.report.pending.append(change.summary)


@transaction.atomic
def apply_changes(
    *, actor, specs: list[ChangeSpec] | None = None, today: datetime.date | None = None
) -> ChangeReport:
    """Apply administrative changes (default: the files shipped with Lantoa), then settle those now in force.

    All or nothing: a change that contradicts one already applied, or names something that is not an
    administrative unit, undoes the whole run.
    """
    if specs is None:
        specs = [spec for path in shipped_files() for spec in read_changes(path)]
    report = ChangeReport()
    applier = _Applier(actor=actor, today=today or timezone.localdate(), report=report)
    for spec in sorted(specs, key=lambda s: (s.effective_on, Level.values.index(_level_of(s)))):
        applier.apply(spec)
    applier.settle_due()
    return report


def _level_of(spec: ChangeSpec) -> str:
    """Provinces first within a day: a commune that becomes a phường opens under the city that day."""
    code = spec.code or (spec.codes[0] if spec.codes else "")
    return Level.PROVINCE if len(code) <= 2 else Level.COMMUNE


def codes_owned_by_changes() -> set[str]:
    """Codes that recorded changes have taken over: the importer leaves those units to the change log."""
    owned: set[str] = set()
    for spec in UnitChange.objects.values_list("spec", flat=True):
        owned.update(
            c for c in [spec.get("code"), spec.get("new_code"), spec.get("into"), *spec.get("codes", [])] if c
        )
        owned.update(n["code"] for n in spec.get("new", []) if n.get("code"))
    return owned


def history_of(unit: Unit) -> list[UnitChange]:
    """The changes that made or ended this unit, oldest first: for its page."""
    return list(
        (UnitChange.objects.filter(sources=unit) | UnitChange.objects.filter(results=unit))
        .distinct()
        .order_by("effective_on", "pk")
    )


def continuation_family(unit: Unit) -> list[Unit]:
    """The unit with every unit that carried it on or that it carried on (rename, retype, recode, move).

    Tỉnh Đồng Nai and Thành phố Đồng Nai are one area across 30/04/2026: a 2025 directive of the province
    still reaches the communes that moved under the city.
    """
    family = {unit.pk: unit}
    frontier = [unit]
    while frontier:
        node = frontier.pop()
        changes = (UnitChange.objects.filter(sources=node) | UnitChange.objects.filter(results=node)).filter(
            kind__in=CONTINUING
        )
        for change in changes.distinct().prefetch_related("sources", "results"):
            for other in [*change.sources.all(), *change.results.all()]:
                if other.pk not in family:
                    family[other.pk] = other
                    frontier.append(other)
    return list(family.values())


def original_unit(unit: Unit) -> Unit:
    """The unit a chain of continuing changes started from (Tỉnh Quảng Ninh for Thành phố Quảng Ninh)."""
    node = unit
    for _step in range(20):
        change = node.changes_in.filter(kind__in=CONTINUING).order_by("effective_on").first()
        if change is None:
            return node
        node = change.sources.first() or node
    return node
