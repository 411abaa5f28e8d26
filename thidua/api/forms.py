from django import forms

from thidua.core.forms import DateInput, StyledFormMixin


class ApiTokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label="Tên khóa", max_length=100,
        help_text="Tên hệ thống sẽ dùng khóa, ví dụ «Phần mềm quản lý cán bộ của tỉnh».",
    )  # fmt: skip
    read_only = forms.BooleanField(
        label="Chỉ đọc", required=False, initial=True,
        help_text="Bỏ chọn nếu hệ thống kia cần ghi dữ liệu (khi API có các thao tác ghi).",
    )  # fmt: skip
    expires_on = forms.DateField(
        label="Hết hạn ngày", required=False, widget=DateInput(),
        help_text="Để trống: dùng đến khi thu hồi. Khóa dùng được hết ngày này.",
    )  # fmt: skip
