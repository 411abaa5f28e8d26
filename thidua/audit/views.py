"""The audit log screen (Nhật ký hệ thống): every change, by whom and when; administrators only."""

import django_filters
import django_tables2 as tables
from auditlog.models import LogEntry
from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from thidua.core.views import is_partial_request

ACTION_LABELS = {
    LogEntry.Action.CREATE: "Thêm",
    LogEntry.Action.UPDATE: "Sửa",
    LogEntry.Action.DELETE: "Xoá",
    LogEntry.Action.ACCESS: "Truy cập",
}


def _content_type_label(content_type):
    model = content_type.model_class()
    return model._meta.verbose_name.capitalize() if model else content_type.model


# Columns the log never shows: derived for search and sorting, or secret.
HIDDEN_FIELDS = frozenset({"search_text", "sort_key", "password"})
# Fields the models leave unnamed, which Django would show by their Python name.
UNNAMED_FIELDS = {"object_id": "mã bản ghi gắn kèm"}
# Keys an entry written in bulk holds beside its fields (organization.actions.UNIT_CHANGE: the
# staff import's move to another unit, in the person's own entry).
EXTRA_CHANGES = {"unit": "đơn vị công tác"}


def field_label(field) -> str:
    """Return a field's Vietnamese name: its verbose_name, or for a relation left unnamed (which
    Django would call "person", "work") the related model's, and "mã số" for the id."""
    if field.primary_key:
        return "mã số"
    if field.name in UNNAMED_FIELDS:
        return UNNAMED_FIELDS[field.name]
    label = str(field.verbose_name)
    if label == field.name.replace("_", " ") and field.is_relation and field.related_model:
        return str(field.related_model._meta.verbose_name)
    return label


def _shown(field, value):
    """Return a logged value as a person reads it: choices by label, nothing as a dash."""
    if value in (None, "", "None"):
        return "—"
    if field is None or not field.choices:
        return value
    return dict(field.flatchoices).get(value, value)


class LogEntryFilterSet(django_filters.FilterSet):
    content_type = django_filters.ModelChoiceFilter(
        label="Loại dữ liệu",
        # The apps whose changes are audited; an app not installed simply offers nothing.
        queryset=ContentType.objects.filter(
            app_label__in=[
                "organization",
                "accounts",
                "achievements",
                "register",
                "council",
                "decisions",
                "proposals",
                "plans",
                "registrations",
                "attachments",
            ]
        ),
        empty_label="Tất cả",
    )
    action = django_filters.ChoiceFilter(
        label="Thao tác", choices=list(ACTION_LABELS.items()), empty_label="Tất cả"
    )
    object_repr = django_filters.CharFilter(label="Đối tượng", lookup_expr="icontains")

    class Meta:
        model = LogEntry
        fields = ["content_type", "action", "object_repr"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["content_type"].label_from_instance = _content_type_label
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css


class LogEntryTable(tables.Table):
    timestamp = tables.DateTimeColumn(verbose_name="Thời điểm", format="d/m/Y H:i:s")
    actor = tables.Column(verbose_name="Người thực hiện", default="(hệ thống)")
    action = tables.Column(verbose_name="Thao tác")
    content_type = tables.Column(verbose_name="Loại dữ liệu", accessor="content_type")
    object_repr = tables.Column(verbose_name="Đối tượng")
    changes = tables.Column(verbose_name="Thay đổi", accessor="changes", orderable=False)

    class Meta:
        model = LogEntry
        fields = ["timestamp", "actor", "action", "content_type", "object_repr", "changes"]
        order_by = ("-timestamp",)
        empty_text = "Chưa có thay đổi nào."

    def render_content_type(self, value):
        return _content_type_label(value)

    def render_changes(self, record):
        return changes_text(record)

    def render_action(self, value, record):
        return ACTION_LABELS.get(record.action, value)


def content_type_label(content_type) -> str:
    """The kind of data an entry is about, as the log's column and filter name it."""
    return _content_type_label(content_type)


def changes_text(record: LogEntry) -> str:
    """Show each changed stored field by its Vietnamese name: 'chức vụ: — → Giảng viên'."""
    model = record.content_type.model_class()
    fields = {f.name: f for f in model._meta.concrete_fields} if model else {}
    parts = []
    for name, (old, new) in (record.changes_dict or {}).items():
        field = fields.get(name)
        if field is None and name in EXTRA_CHANGES:
            parts.append("{}: {} → {}".format(
                EXTRA_CHANGES[name], _shown(None, old), _shown(None, new)))  # fmt: skip
            continue
        if field is None or name in HIDDEN_FIELDS:
            continue  # reverse relations and derived columns are noise here
        parts.append(
            "{}: {} → {}".format(field_label(field), _shown(field, old), _shown(field, new))
        )
    return "; ".join(parts) or "—"


class LogEntryListView(LoginRequiredMixin, PermissionRequiredMixin, SingleTableMixin, FilterView):
    permission_required = "audit.view_logentry"
    model = LogEntry
    table_class = LogEntryTable
    filterset_class = LogEntryFilterSet
    template_name = "audit/logentry_list.html"
    paginate_by = 50

    def get_queryset(self):
        return LogEntry.objects.select_related("actor", "content_type")

    def get_template_names(self):
        if is_partial_request(self.request):
            return ["audit/logentry_table.html"]
        return [self.template_name]
