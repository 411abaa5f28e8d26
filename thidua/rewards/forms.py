import re

from django import forms
from django.utils import timezone

from thidua.core.forms import DateInput, StyledFormMixin

_GROUPING = re.compile(r"[.\s]|đ$|đồng$")


class MoneyField(forms.Field):
    """Whole VND typed the Vietnamese way: "1.800.000", "1 800 000" or "1800000 đ"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric",
                                                           "maxlength": 30}))  # fmt: skip
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        raw = _GROUPING.sub("", str(value).strip().lower().replace("đồng", "").replace("đ", ""))
        if not re.fullmatch(r"-?\d{1,15}", raw):
            raise forms.ValidationError(
                "Số tiền không hợp lệ: ghi số đồng, không có phần lẻ (ví dụ 1.800.000)."
            )
        return int(raw)


class BaseSalaryForm(StyledFormMixin, forms.Form):
    starts_on = forms.DateField(label="Áp dụng từ ngày", widget=DateInput())
    amount = MoneyField(label="Mức lương cơ sở (đồng/tháng)")
    basis = forms.CharField(
        label="Căn cứ", max_length=300,
        help_text="Văn bản quy định mức này, ví dụ Nghị định số …/…/NĐ-CP, Điều …, khoản …",
    )  # fmt: skip
    ends_on = forms.DateField(
        label="Đến hết ngày", required=False, widget=DateInput(),
        help_text="Để trống: áp dụng đến khi có mức mới (mức đang áp dụng tự kết thúc vào ngày "
        "trước ngày áp dụng của mức mới).",
    )  # fmt: skip


class IncomeForm(StyledFormMixin, forms.Form):
    amount = MoneyField(label="Số tiền thu (đồng)")
    entered_on = forms.DateField(label="Ngày thu", widget=DateInput(), initial=timezone.localdate)
    description = forms.CharField(
        label="Nội dung", max_length=300, help_text="Ví dụ: Trích lập quỹ thi đua, khen thưởng năm."
    )


class ExpenseForm(StyledFormMixin, forms.Form):
    entered_on = forms.DateField(label="Ngày chi", widget=DateInput(), initial=timezone.localdate)
