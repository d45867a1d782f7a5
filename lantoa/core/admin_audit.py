"""Every change made in the admin goes into the audit trail, with its old and new values.

A ModelAdmin that lets anything be added, changed or deleted derives from `AuditedModelAdmin`; the others
are read-only. tests/core/test_admin_changes_are_audited.py walks every registered ModelAdmin to hold that.
"""

import datetime
import decimal

from django.contrib import admin
from django.db import models
from django.forms.models import model_to_dict

from lantoa.core.audit import record

# Never written to the trail, not even as a hash.
SENSITIVE = ("password", "key", "token", "secret")
HIDDEN = "••••"


def _is_sensitive(name: str) -> bool:
    return any(word in name for word in SENSITIVE)


def _plain(value):
    """A JSON-able picture of a form or model value, as a person reading the trail would want it."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return f"{value} (#{value.pk})"
    if isinstance(value, datetime.date | datetime.datetime | datetime.time | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return [_plain(item) for item in value]
    return str(value)


def _initial(form, name: str):
    value = form.initial.get(name)
    field = form.fields.get(name)
    queryset = getattr(field, "queryset", None)
    if queryset is None or value is None:
        return value
    # model_to_dict gives a foreign key's pk and a many-to-many's objects: name them like the new value.
    if isinstance(value, list | tuple):
        return [
            v if isinstance(v, models.Model) else queryset.model._default_manager.filter(pk=v).first()
            for v in value
        ]
    return (
        value if isinstance(value, models.Model) else queryset.model._default_manager.filter(pk=value).first()
    )


def form_changes(form, *, adding: bool = False) -> dict[str, list]:
    """{field: [old, new]} for what the form changed; sensitive fields are named but not shown."""
    changes = {}
    for name in form.changed_data:
        if _is_sensitive(name):
            changes[name] = [HIDDEN, HIDDEN]
            continue
        old = None if adding else _initial(form, name)
        changes[name] = [_plain(old), _plain(form.cleaned_data.get(name))]
    return changes


def snapshot(obj: models.Model) -> dict:
    """The values of a row about to be deleted, so the trail can tell what was lost."""
    return {
        name: (HIDDEN if _is_sensitive(name) else _plain(value)) for name, value in model_to_dict(obj).items()
    }


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every add, change and delete (inlines and bulk deletes included) is audited."""

    def _audit(self, request, action: str, obj, detail: dict) -> None:
        done = request.__dict__.setdefault("_lantoa_audited", set())
        done.add((obj._meta.label_lower, str(obj.pk)))
        record(
            actor=request.user,
            action=action,
            obj=obj,
            summary=str(obj)[:200],
            detail={"via": "admin", **detail},
        )

    def save_model(self, request, obj, form, change):
        changes = form_changes(form, adding=not change)
        super().save_model(request, obj, form, change)
        self._audit(request, "admin.change" if change else "admin.add", obj, {"changes": changes})

    def save_formset(self, request, form, formset, change):
        pending = []
        for inline_form in formset.forms:
            if not inline_form.has_changed() and not formset._should_delete_form(inline_form):
                continue
            instance = inline_form.instance
            if formset._should_delete_form(inline_form):
                if instance.pk is not None:
                    pending.append(("admin.inline_delete", instance, {"deleted": snapshot(instance)}))
            else:
                adding = instance.pk is None
                pending.append(
                    (
                        "admin.inline_add" if adding else "admin.inline_change",
                        instance,
                        {"changes": form_changes(inline_form, adding=adding)},
                    )
                )
        deleted_pks = {
            id(instance): instance.pk for action, instance, _ in pending if action.endswith("delete")
        }
        super().save_formset(request, form, formset, change)
        for action, instance, detail in pending:
            if action.endswith("delete"):
                instance.pk = deleted_pks[id(instance)]  # Django cleared it when deleting
            detail["parent"] = _plain(form.instance)
            self._audit(request, action, instance, detail)

    def delete_model(self, request, obj):
        self._audit(request, "admin.delete", obj, {"deleted": snapshot(obj)})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit(request, "admin.delete", obj, {"deleted": snapshot(obj)})
        super().delete_queryset(request, queryset)

    def log_change(self, request, obj, message):
        # Views that change an object without save_model (the user admin's password form) still get a row,
        # with the names of the fields changed and never their values.
        if (obj._meta.label_lower, str(obj.pk)) not in request.__dict__.get("_lantoa_audited", set()):
            self._audit(request, "admin.change", obj, {"message": _plain(message)})
        return super().log_change(request, obj, message)


def is_read_only(model_admin, request) -> bool:
    return not (
        model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
        or model_admin.has_delete_permission(request)
    )
