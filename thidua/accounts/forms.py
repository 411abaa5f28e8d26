from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

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
