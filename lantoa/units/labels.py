"""Where a unit is, in words: "tỉnh Thanh Hóa", "huyện Hoằng Hóa, tỉnh Thanh Hóa".

Shown beside a unit wherever two units of one name could be confused (the import page's chips and
suggestions: "Sở Văn hóa, Thể thao và Du lịch — tỉnh Thanh Hóa"). Computed for a whole list in one query.
"""

from collections.abc import Iterable

from lantoa.units.models import Level, Unit, UnitKind


def _place(committee: Unit) -> str:
    name = committee.aliases[0] if committee.aliases else committee.area_name
    return name[:1].lower() + name[1:] if name else str(committee)


def annotate_areas(units: Iterable[Unit]) -> None:
    """Set `area_label` on each unit: its committee's area and, below a province, the province too."""
    units = [u for u in units if u is not None and "area_label" not in u.__dict__]
    ids = {int(pk) for u in units for pk in u.path.strip("/").split("/") if pk}
    committees = {
        u.pk: u
        for u in Unit.objects.filter(pk__in=ids, kind=UnitKind.PEOPLES_COMMITTEE).only(
            "pk", "aliases", "area_name", "level", "name", "short_name", "kind"
        )
    }
    for unit in units:
        chain = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
        if unit.kind == UnitKind.PEOPLES_COMMITTEE:
            chain = chain[:-1]  # a committee is placed by the area it belongs to, not by itself
        above = [committees[pk] for pk in chain if pk in committees]
        parts = []
        if above:
            nearest = above[-1]
            parts.append(_place(nearest))
            if nearest.level != Level.PROVINCE and above[0].level == Level.PROVINCE:
                parts.append(_place(above[0]))
        unit.__dict__["area_label"] = ", ".join(parts)


def area_label(unit: Unit) -> str:
    annotate_areas([unit])
    return unit.__dict__.pop("area_label", "")  # Unit.area_label (a cached_property) stores it itself
