import django_filters
from django import forms
from django.db.models import Q

from thidua.awards.models import codes_decided_by
from thidua.core import text
from thidua.core.choices import TitleCode
from thidua.organization.models import Person, Unit, descendant_ids
from thidua.rules import authority


class AwardFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Tìm theo tên",
        method="search",
        widget=forms.TextInput(
            attrs={"placeholder": "Tên cán bộ hoặc tập thể, có dấu hoặc không", "type": "search"}
        ),
    )
    year = django_filters.NumberFilter(
        label="Năm", widget=forms.NumberInput(attrs={"placeholder": "Năm", "min": 1975})
    )
    code = django_filters.ChoiceFilter(
        label="Danh hiệu, hình thức", choices=TitleCode.choices, empty_label="Mọi danh hiệu"
    )
    body = django_filters.ChoiceFilter(
        label="Cấp quyết định",
        choices=list(authority.BODY_NAMES.items()),
        method="decided_by",
        empty_label="Mọi cấp",
    )
    unit = django_filters.ModelChoiceFilter(
        label="Đơn vị", queryset=Unit.objects.none(), method="in_unit", empty_label="Mọi đơn vị"
    )
    subject = django_filters.ChoiceFilter(
        label="Đối tượng",
        choices=[("person", "Cá nhân"), ("unit", "Tập thể"), ("organization", "Cả cơ quan")],
        method="by_subject",
        empty_label="Mọi đối tượng",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user)
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

    def decided_by(self, queryset, name, value):
        return queryset.filter(code__in=codes_decided_by(value))

    def in_unit(self, queryset, name, unit):
        ids = descendant_ids([unit.pk], organization_id=unit.organization_id)
        return queryset.filter(Q(unit_id__in=ids) | Q(person__in=Person.objects.in_unit(ids)))

    def by_subject(self, queryset, name, value):
        if value == "person":
            return queryset.filter(person__isnull=False)
        if value == "unit":
            return queryset.filter(unit__isnull=False)
        return queryset.filter(person__isnull=True, unit__isnull=True)
