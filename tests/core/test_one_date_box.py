"""Every date a person types is typed the same way: dd/mm/yyyy in a text box the browser checks, never a
browser date input that shows mm/dd/yyyy in an English browser beside our dd/mm/yyyy text."""

import importlib
import inspect

import pytest
from django import forms
from django.urls import reverse

from lantoa.core.dates import DateField, DateInput

FORM_MODULES = [
    "lantoa.activities.forms",
    "lantoa.directives.forms",
    "lantoa.notifications.forms",
    "lantoa.reports.forms",
    "lantoa.summaries.forms",
]


def _date_fields():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module_name:
                for field_name, field in form.base_fields.items():
                    if isinstance(field, forms.DateField):
                        yield f"{form.__name__}.{field_name}", field


def test_every_date_field_of_every_form_is_the_house_date_box():
    found = dict(_date_fields())
    assert "ActivityForm.occurred_on" in found or any(k.endswith(".occurred_on") for k in found)
    for name, field in found.items():
        assert isinstance(field, DateField), name
        assert isinstance(field.widget, DateInput), name
        assert field.widget.input_type == "text", name


def test_the_box_reads_what_vietnamese_type_and_refuses_the_rest_in_vietnamese():
    field = DateField()
    assert str(field.clean("5/10/2023")) == "2023-10-05"
    assert str(field.clean("05-10-2023")) == "2023-10-05"
    assert str(field.clean("2023-10-05")) == "2023-10-05"
    with pytest.raises(forms.ValidationError, match="ngày/tháng/năm"):
        field.clean("10/35/2023")


@pytest.mark.django_db
def test_the_activity_form_shows_the_day_as_dd_mm_yyyy_in_a_checked_text_box(client, commune_reporter):
    client.force_login(commune_reporter)
    page = client.get(reverse("activities:create") + "?type=article").content.decode()
    assert 'type="date"' not in page
    assert 'name="occurred_on"' in page
    assert 'placeholder="dd/mm/yyyy"' in page
    assert "pattern=" in page
