"""The stored name keys of every unit (`UnitKey`): how a name is found among ~14,000 units without a scan.

A unit answers to the keys of its name, short name and aliases, and to the same without the place it is in
("Phòng Văn hóa và Thông tin huyện Nga Sơn" is written "Phòng Văn hóa và Thông tin" by its own district).
The keys are stored with the agency noun they start with, so suggestions can be drawn from units of the same
kind ("Đài …" suggests stations, never "UBND xã …").

Every service that writes units calls `refresh_keys`; a `post_save` signal covers other saves (the admin).
"""

import functools
from collections.abc import Iterable

from lantoa.units.names import name_key, words

# Agency nouns a name starts with, longest first so "Văn phòng" wins over "Phòng" and "Chi cục" over "Cục".
HEAD_WORDS = (
    "Ủy ban nhân dân",
    "UBND",
    "Hội đồng nhân dân",
    "HĐND",
    "Văn phòng",
    "Trung tâm",
    "Chi cục",
    "Ban chỉ huy",
    "Bệnh viện",
    "Bưu điện",
    "Công an",
    "Mặt trận",
    "Trường",
    "Phòng",
    "Đài",
    "Sở",
    "Cục",
    "Bộ",
    "Ban",
    "Tổ",
    "Hội",
    "Đoàn",
    "Viện",
)
# Matched on whole words, longest first; the head is stored as its key ("Ủy ban nhân dân" and "UBND" are both
# "ubnd", "HĐND" and "Hội đồng nhân dân" both "hdnd").
_HEADS = sorted(((words(w), name_key(w)) for w in HEAD_WORDS), key=lambda wk: len(wk[0]), reverse=True)


@functools.lru_cache(maxsize=50_000)
def head_of(text: str) -> str:
    """The key of the agency noun a name starts with ("Sở Tư pháp" → "so"), or "" when it starts with none.

    Whole words: "Sơn La" does not start with "Sở".
    """
    folded = words(text) + " "
    for head_words, head_key in _HEADS:
        if folded.startswith(head_words + " "):
            return head_key
    return ""


def keys_for(
    names: Iterable[str], *, parent_area_name: str = "", parent_aliases: Iterable[str] = ()
) -> set[str]:
    """The keys a unit with these names answers to, including its names without the parent's place."""
    keys = {name_key(name) for name in names if name}
    if parent_area_name:
        places = [a for a in parent_aliases if a.endswith(parent_area_name)] + [parent_area_name]
        for place in places:
            place_key = name_key(place)
            keys |= {
                k[: -len(place_key)] for k in keys if k.endswith(place_key) and len(k) > len(place_key) + 3
            }
    return {k for k in keys if len(k) >= 4}


def unit_keys(unit) -> set[str]:
    parent = unit.parent
    return keys_for(
        [unit.name, unit.short_name, *unit.aliases],
        parent_area_name=parent.area_name if parent is not None else "",
        parent_aliases=parent.aliases if parent is not None else (),
    )


def refresh_keys(units=None, *, unit_model=None, key_model=None) -> int:
    """Bring the stored keys of `units` (a queryset or list; None for every unit) in line with their names.

    Only what differs is written, so refreshing an unchanged tree writes nothing. Returns the rows written.
    The model arguments let the data migration run it on historical models.
    """
    if unit_model is None or key_model is None:
        from lantoa.units.models import Unit, UnitKey

        unit_model, key_model = unit_model or Unit, key_model or UnitKey
    if units is None:
        units = unit_model.objects.all()
    if hasattr(units, "select_related"):
        units = units.select_related("parent").only(
            "pk", "name", "short_name", "aliases", "parent__area_name", "parent__aliases"
        )
    wanted: dict[int, set[str]] = {}
    heads: dict[int, str] = {}
    for unit in units:
        heads[unit.pk] = head_of(unit.name)
        parent = unit.parent
        wanted[unit.pk] = keys_for(
            [unit.name, unit.short_name, *(unit.aliases or [])],
            parent_area_name=parent.area_name if parent is not None else "",
            parent_aliases=(parent.aliases or []) if parent is not None else (),
        )
    if not wanted:
        return 0
    ids = list(wanted)
    present: dict[int, dict[str, int]] = {}
    for start in range(0, len(ids), 900):
        for pk, unit_id, key in key_model.objects.filter(unit_id__in=ids[start : start + 900]).values_list(
            "pk", "unit_id", "key"
        ):
            present.setdefault(unit_id, {})[key] = pk
    stale = [
        pk for unit_id, keys in present.items() for key, pk in keys.items() if key not in wanted[unit_id]
    ]
    fresh = [
        key_model(unit_id=unit_id, key=key[:255], head=heads[unit_id])
        for unit_id, keys in wanted.items()
        for key in keys
        if key not in present.get(unit_id, {})
    ]
    for start in range(0, len(stale), 900):
        key_model.objects.filter(pk__in=stale[start : start + 900]).delete()
    key_model.objects.bulk_create(fresh, batch_size=1000)
    return len(stale) + len(fresh)
