from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from thidua.accounts.models import Role
from thidua.core.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khoá.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"

    def clean(self):
        # Passwords are not normalised: only the user name goes through StyledFormMixin.clean.
        return AuthenticationForm.clean(self)


class ChangePasswordForm(StyledFormMixin, PasswordChangeForm):
    def clean(self):
        return PasswordChangeForm.clean(self)


# An organisation's accounts, kept by its administrator ----------------------------------------

#: The roles held over the whole organisation or oneself; a unit head's names a unit.
PLAIN_ROLES = [(value, label) for value, label in Role.choices if value != Role.UNIT_HEAD]


def _units(user):
    from thidua.organization.models import Unit

    return Unit.objects.filter(organization_id=user.organization_id).order_by("name")


class AccountForm(StyledFormMixin, forms.Form):
    """A new account of the organisation the administrator works in, with its roles there."""

    username = forms.RegexField(
        label="tên đăng nhập",
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]+$",
        error_messages={"invalid": "Chỉ dùng chữ không dấu, chữ số và các ký tự . @ + - _."},
    )
    full_name = forms.CharField(label="họ và tên", max_length=150)
    email = forms.EmailField(
        label="thư điện tử",
        required=False,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    person = forms.ModelChoiceField(
        label="cán bộ của cơ quan",
        queryset=None,
        required=False,
        empty_label="(không gắn với hồ sơ cán bộ nào)",
        help_text="Hồ sơ cán bộ của chính người dùng, nếu có: chỉ những cán bộ chưa có tài khoản.",
    )
    roles = forms.MultipleChoiceField(
        label="vai trò tại cơ quan",
        choices=PLAIN_ROLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    head_of = forms.ModelChoiceField(
        label="trưởng đơn vị của",
        queryset=None,
        required=False,
        empty_label="(không là trưởng đơn vị)",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from thidua.organization.models import Person

        self.fields["person"].queryset = Person.objects.filter(
            organization_id=user.organization_id, user__isnull=True
        ).order_by("sort_key")
        self.fields["head_of"].queryset = _units(user)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("roles") and not cleaned.get("head_of"):
            self.add_error(
                "roles", "Chọn ít nhất một vai trò, hoặc đơn vị mà tài khoản làm trưởng."
            )
        return cleaned


class GrantForm(StyledFormMixin, forms.Form):
    """One more role in the organisation for an account of it."""

    role = forms.ChoiceField(label="vai trò", choices=[("", "— chọn vai trò —"), *Role.choices])
    unit = forms.ModelChoiceField(
        label="đơn vị",
        queryset=None,
        required=False,
        empty_label="(chỉ cho vai trò trưởng đơn vị)",
        help_text="Chỉ chọn khi giao vai trò trưởng đơn vị.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user)

    def clean(self):
        cleaned = super().clean()
        role, unit = cleaned.get("role"), cleaned.get("unit")
        if role == Role.UNIT_HEAD and unit is None:
            self.add_error("unit", "Vai trò trưởng đơn vị cần chọn đơn vị.")
        elif role and role != Role.UNIT_HEAD and unit is not None:
            self.add_error("unit", "Chỉ vai trò trưởng đơn vị gắn với một đơn vị.")
        return cleaned
