import django_filters
from django import forms
from django.db.models import Q

from thidua.accounts.models import Role, RoleGrant, SuspendedGrant, User
from thidua.core import text


class UserFilterSet(django_filters.FilterSet):
    """Filters of an organisation's accounts: a name, a role held there, open or locked."""

    q = django_filters.CharFilter(
        label="Tìm tài khoản",
        method="search",
        widget=forms.TextInput(attrs={"placeholder": "Tên đăng nhập, họ tên, thư điện tử",
                                      "type": "search"}),
    )  # fmt: skip
    role = django_filters.ChoiceFilter(
        label="Vai trò", choices=Role.choices, method="by_role", empty_label="Mọi vai trò"
    )
    status = django_filters.ChoiceFilter(
        label="Trạng thái",
        choices=[("active", "Đang làm việc"), ("locked", "Đã khoá")],
        method="by_status",
        empty_label="Mọi trạng thái",
    )

    class Meta:
        model = User
        fields = ["q", "role", "status"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id = user.organization_id
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def search(self, queryset, name, value):
        """Match every typed word, with or without diacritics, in the user name, the name or
        the e-mail address; words also match the linked person's name."""
        for word in value.split():
            folded = text.fold(word)
            queryset = queryset.filter(
                Q(username__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(person__search_text__contains=folded)
            )
        return queryset

    def by_role(self, queryset, name, value):
        """Accounts holding the role here, or holding it until their access was closed."""
        here = {"organization_id": self.organization_id, "role": value}
        return queryset.filter(
            Q(pk__in=RoleGrant.objects.filter(**here).values("user_id"))
            | Q(pk__in=SuspendedGrant.objects.filter(**here).values("user_id"))
        )

    def by_status(self, queryset, name, value):
        return queryset.filter(suspended_here=(value == "locked"))
