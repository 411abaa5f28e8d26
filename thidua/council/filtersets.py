import django_filters
from django import forms
from django.db.models import Q

from thidua.core import text
from thidua.core.choices import TitleCode
from thidua.council.models import Nomination, NominationState


class NominationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Tìm theo tên",
        method="search",
        widget=forms.TextInput(attrs={"placeholder": "Tên cán bộ, đơn vị", "type": "search"}),
    )
    year = django_filters.NumberFilter(label="Năm")
    title = django_filters.ChoiceFilter(
        label="Danh hiệu", choices=TitleCode.choices, empty_label="Tất cả"
    )
    state = django_filters.ChoiceFilter(
        label="Trạng thái", choices=NominationState.choices, empty_label="Tất cả"
    )

    class Meta:
        model = Nomination
        fields = ["q", "year", "title", "state"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def search(self, queryset, name, value):
        """Match every typed word, without diacritics, in the person's or the unit's name."""
        for word in text.fold(value).split():
            queryset = queryset.filter(
                Q(person__search_text__contains=word) | Q(unit__search_text__contains=word)
            )
        return queryset
