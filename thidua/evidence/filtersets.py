"""Filters of the evidence lists: year, unit, verification state and the person's name.

The name is searched without diacritics in `Person.search_text` (thidua.core.text.fold), so
"dat" finds "Nguyễn Văn Đạt" on SQLite and PostgreSQL alike.
"""

import django_filters
from django import forms
from django.db.models import Q

from thidua.core import text
from thidua.evidence.models import (
    FIRST_YEAR,
    LAST_YEAR,
    Verification,
    YearGrade,
)
from thidua.organization.models import STAFF_UNIT_KINDS, Person, Unit, descendant_ids


class EvidenceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Tìm theo tên",
        method="search",
        widget=forms.TextInput(
            attrs={"placeholder": "Tên cán bộ, có dấu hoặc không", "type": "search"}
        ),
    )
    year = django_filters.NumberFilter(
        label="Năm",
        method="in_year",
        widget=forms.NumberInput(attrs={"placeholder": "Năm", "min": FIRST_YEAR, "max": LAST_YEAR}),
    )
    unit = django_filters.ModelChoiceFilter(
        label="Đơn vị", queryset=Unit.objects.none(), method="in_unit", empty_label="Tất cả đơn vị"
    )
    verification = django_filters.ChoiceFilter(
        label="Xác nhận", choices=Verification.choices, empty_label="Mọi trạng thái"
    )

    class Meta:
        fields = ["q", "year", "unit", "verification"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, each in self.filters.items():
            if isinstance(each, django_filters.ChoiceFilter) and name != "verification":
                each.extra["empty_label"] = "Mọi {}".format(each.label.lower())
        self.filters["unit"].queryset = Unit.objects.visible_to(user).filter(
            kind__in=STAFF_UNIT_KINDS
        )
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def in_year(self, queryset, name, value):
        # The model's one definition of the records bearing on a year (periods, work under way).
        return queryset.bearing_on(int(value))

    def _about(self, queryset, people):
        """Keep the records about any of these people (each record once)."""
        model = queryset.model
        condition = Q(**{model.person_path + "__in": people})
        if model.several_people:
            # Through authors or members: a subquery keeps each record once.
            return queryset.filter(pk__in=model.objects.filter(condition).values("pk"))
        return queryset.filter(condition)

    def search(self, queryset, name, value):
        """Match every typed word, without diacritics, anywhere in the name."""
        people = Person.objects.filter(organization_id=self.user.organization_id)
        words = text.fold(value).split()
        if not words:
            return queryset
        for word in words:
            people = people.filter(search_text__contains=word)
        return self._about(queryset, people.values("pk"))

    def in_unit(self, queryset, name, unit):
        units = descendant_ids([unit.pk], organization_id=unit.organization_id)
        return self._about(queryset, Person.objects.in_unit(units).values("pk"))


class UnitGradeFilterSet(EvidenceFilterSet):
    class Meta(EvidenceFilterSet.Meta):
        model = YearGrade
        fields = [*EvidenceFilterSet.Meta.fields, "grade"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["q"].label = "Tìm theo tên đơn vị"
        self.form.fields["q"].widget.attrs["placeholder"] = "Tên đơn vị, có dấu hoặc không"

    def search(self, queryset, name, value):
        for word in text.fold(value).split():
            queryset = queryset.filter(unit__search_text__contains=word)
        return queryset

    def in_unit(self, queryset, name, unit):
        return queryset.filter(
            unit_id__in=descendant_ids([unit.pk], organization_id=unit.organization_id)
        )


def filterset_for(model, filters: tuple[str, ...]) -> type:
    """Return a kind's filters, made from its model: name, year, unit and verification, then
    the record's own `filters` (a grade, a level, a kind)."""
    meta = type(
        "Meta", (EvidenceFilterSet.Meta,),
        {"model": model, "fields": [*EvidenceFilterSet.Meta.fields, *filters]},
    )  # fmt: skip
    return type("{}FilterSet".format(model.__name__), (EvidenceFilterSet,), {"Meta": meta})
