import django_filters
from django import forms

from thidua.core import text
from thidua.organization.models import Person, StaffCategory, Unit, descendant_ids


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Tìm theo tên",
        method="search",
        widget=forms.TextInput(
            attrs={"placeholder": "Gõ tên, có dấu hoặc không", "type": "search"}
        ),
    )
    unit = django_filters.ModelChoiceFilter(
        label="Đơn vị", queryset=Unit.objects.none(), method="in_unit", empty_label="Tất cả đơn vị"
    )
    category = django_filters.ChoiceFilter(
        label="Ngạch, loại", choices=StaffCategory.choices, empty_label="Tất cả"
    )
    status = django_filters.ChoiceFilter(
        label="Trạng thái",
        choices=[("active", "Đang công tác"), ("left", "Đã thôi việc")],
        method="by_status",
        empty_label="Tất cả",
    )
    record = django_filters.ChoiceFilter(
        label="Hồ sơ",
        choices=[("missing", "Thiếu thông tin"), ("complete", "Đủ thông tin")],
        method="by_record",
        empty_label="Tất cả",
    )

    class Meta:
        model = Person
        fields = ["q", "unit", "category", "status", "record"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["unit"].queryset = Unit.objects.visible_to(user)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def search(self, queryset, name, value):
        """Match every typed word, without diacritics, anywhere in the name."""
        for word in text.fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def in_unit(self, queryset, name, unit):
        return queryset.in_unit(descendant_ids([unit.pk], organization_id=unit.organization_id))

    def by_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(left_on__isnull=True)
        return queryset.filter(left_on__isnull=False)

    def by_record(self, queryset, name, value):
        return queryset.incomplete() if value == "missing" else queryset.complete()
