import django_filters
from django import forms

from thidua.decisions.models import Decision, DecisionState


class DecisionFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="Năm")
    state = django_filters.ChoiceFilter(
        label="Trạng thái", choices=DecisionState.choices, empty_label="Tất cả"
    )

    class Meta:
        model = Decision
        fields = ["year", "state"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
