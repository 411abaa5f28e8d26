import django_tables2 as tables
from django.utils.html import format_html_join

from thidua.accounts.models import User


class UserTable(tables.Table):
    """An organisation's accounts; the roles column reads the grants prefetched for this
    organisation only (`roles_here`, `closed_here`)."""

    username = tables.Column(
        verbose_name="Tên đăng nhập", linkify=True, attrs={"a": {"hx-boost": "false"}}
    )
    name = tables.Column(
        verbose_name="Họ và tên", accessor="first_name", order_by=("first_name", "last_name")
    )
    roles = tables.Column(verbose_name="Vai trò tại cơ quan", empty_values=(), orderable=False)
    status = tables.Column(
        verbose_name="Trạng thái", empty_values=(), order_by=("suspended_here", "username")
    )
    last_login = tables.DateTimeColumn(
        verbose_name="Đăng nhập gần nhất", format="d/m/Y H:i", default="Chưa đăng nhập"
    )

    class Meta:
        model = User
        fields = ["username", "name", "roles", "status", "last_login"]
        order_by = ("username",)
        empty_text = "Không có tài khoản nào phù hợp."
        attrs = {"class": "table table-sm table-hover align-middle", "id": "accounts"}

    def render_name(self, record):
        return record.get_full_name() or (record.person.full_name if record.person else "—")

    def render_roles(self, record):
        grants = record.roles_here or record.closed_here
        return format_html_join("", '<span class="d-block">{}</span>', ((str(g),) for g in grants))

    def render_status(self, record):
        return "Đã khoá" if record.suspended_here else "Đang làm việc"
