"""The spreadsheets' one business action: keeping the column mapping chosen for a file layout."""

from django.db import transaction
from django.utils import timezone

from thidua.core.actions import ActionRefused, require_perm
from thidua.core.audit import set_actor
from thidua.spreadsheets.engine import SKIP, header_key
from thidua.spreadsheets.kinds import get_kind
from thidua.spreadsheets.models import ColumnMapping, layout_key

MAPPING_REFUSED = (
    "Chỉ Thường trực Hội đồng TĐ-KT và quản trị hệ thống của cơ quan được lưu cách ghép cột."
)


def saved_choices(organization, kind: str, headers) -> dict[str, str]:
    """Return the choices saved for this layout as {folded header: column name, or «bỏ
    qua»}; empty when none was saved (a column gone from the template is left out)."""
    found = (
        ColumnMapping.objects.filter(
            organization=organization, kind=kind, layout=layout_key(headers)
        )
        .values_list("choices", flat=True)
        .first()
    )
    names = {header_key(column.header): column.name for column in get_kind(kind).columns}
    names[header_key(SKIP)] = SKIP
    return {
        header_key(header): names[header_key(column)]
        for header, column in (found or {}).items()
        if header_key(column) in names
    }


@transaction.atomic
def do_save_column_mapping(
    organization, kind: str, headers, choices: dict[str, str], *, acting_user
) -> ColumnMapping:
    """Keep `choices` ({header as the file writes it: the template's column header, or «bỏ
    qua»}) for files of `kind` whose header row is `headers` (folded, in order):
    created, or replaced when the layout has one. The same choices again write nothing."""
    headers = list(headers)
    mapping = (
        ColumnMapping.objects.select_for_update()
        .filter(organization=organization, kind=kind, layout=layout_key(headers))
        .first()
    ) or ColumnMapping(organization=organization, kind=kind, headers=headers)
    require_perm(acting_user, "spreadsheets.change_columnmapping", mapping, message=MAPPING_REFUSED)
    columns = {column.header for column in get_kind(kind).columns} | {SKIP}
    problems = [
        "«{}»: không phải tiêu đề của tệp.".format(header)
        for header in choices
        if header_key(header) not in headers
    ] + [
        "«{}»: cột «{}» không có trong mẫu.".format(header, column)
        for header, column in choices.items()
        if column not in columns
    ]
    if not choices:
        problems.append("Chưa chọn cột nào để lưu.")
    if problems:
        raise ActionRefused("Không lưu được cách ghép cột: {}".format(" ".join(problems)))
    if mapping.pk is not None and mapping.choices == choices:
        return mapping
    mapping.choices = dict(choices)
    mapping.saved_by = acting_user
    mapping.saved_at = timezone.now()
    with set_actor(acting_user):
        mapping.save()
    return mapping
