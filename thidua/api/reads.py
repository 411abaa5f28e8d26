"""Helpers the read routers share beyond common.py: a unit named in a filter, records as typed
schemas built from their models' fields, the refusal of a screen's filter form, and downloads."""

from datetime import date, datetime
from decimal import Decimal

from django.db import models
from ninja import Field, Schema
from pydantic import create_model

from thidua.api import problems
from thidua.api.problems import ApiProblem, Problem
from thidua.organization.models import Unit, descendant_ids


def visible_unit(user, unit_id: int, field: str = "unit") -> Unit:
    """Return a unit the user sees, or refuse naming the filter (422; the unit is not told)."""
    unit = Unit.objects.visible_to(user).filter(pk=unit_id).first()
    if unit is None:
        message = "{}: không có đơn vị này.".format(problems.label(field))
        raise ApiProblem(422, message, kind="validation", errors=[(field, message)])
    return unit


def unit_and_below(unit: Unit) -> list[int]:
    return descendant_ids([unit.pk], organization_id=unit.organization_id)


def form_refusal(form) -> ApiProblem:
    """A screen's filter form refused a value: the same refusal, naming each field."""
    errors = []
    for name, messages in form.errors.items():
        message = "{}: {}".format(problems.label(name), " ".join(messages))
        errors.append((name, message))
    detail = " ".join(message for _, message in errors) or "Dữ liệu không hợp lệ."
    return ApiProblem(422, detail, kind="validation", errors=errors)


# Records as schemas, from their models' fields --------------------------------------------------


def _python_type(field: models.Field):
    if isinstance(field, models.ForeignKey):
        return int
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.DecimalField):
        return str  # exact, as written ("85.5"), not a binary float
    if isinstance(field, models.IntegerField):
        return int
    if isinstance(field, models.DateTimeField):
        return datetime
    if isinstance(field, models.DateField):
        return date
    if isinstance(field, models.JSONField):
        return list[str]
    return str


def field_names(model, names) -> list[tuple[str, models.Field]]:
    """(the API's name, the model field) of each name: a foreign key is its id."""
    found = []
    for name in names:
        field = model._meta.get_field(name)
        found.append((field.attname if isinstance(field, models.ForeignKey) else name, field))
    return found


def schema_fields(model, names) -> dict:
    """pydantic field definitions of the model's fields: each typed, described by its
    verbose_name; a field with choices also gives its Vietnamese name (``<field>_name``)."""
    definitions = {}
    for api_name, field in field_names(model, names):
        kind = _python_type(field)
        if field.null:
            kind = kind | None
        label = str(field.verbose_name)
        definitions[api_name] = (kind, Field(description=label[:1].upper() + label[1:] + "."))
        if field.choices:
            definitions[api_name + "_name"] = (
                str, Field(description="{} (tên).".format(label[:1].upper() + label[1:]))
            )  # fmt: skip
    return definitions


def make_schema(schema_name: str, base=Schema, /, **definitions):
    return create_model(schema_name, __base__=base, **definitions)


def field_values(record, model, names) -> dict:
    """The record's values of the fields `schema_fields` described."""
    values = {}
    for api_name, field in field_names(model, names):
        value = getattr(record, api_name)
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f")
        values[api_name] = value
        if field.choices:
            values[api_name + "_name"] = getattr(record, "get_{}_display".format(field.name))()
    return values


# Downloads ---------------------------------------------------------------------------------------

FILE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
FILE_ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


def file_operation(description: str) -> dict:
    """The OpenAPI description of a download: a DOCX or PDF file, as the format asks."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {
        "responses": {
            200: {
                "description": description,
                "content": dict.fromkeys(FILE_TYPES.values(), binary),
            }
        }
    }


#: How the read routers' own fields are called on the screens (for the problems' messages).
problems.FIELD_LABELS.update({
    "verification": "Trạng thái xác nhận",
    "record_id": "Minh chứng",
    "registration_id": "Đăng ký",
    "plan_id": "Kế hoạch",
    "decision_id": "Quyết định",
    "proposal_id": "Tờ trình",
    "receipt_id": "Tờ trình đã nhận",
    "nomination_id": "Đề nghị",
    "agency": "Cơ quan gửi",
    "entry_id": "Dòng",
    "state": "Trạng thái",
    "fmt": "Định dạng",
    "forecast": "Dự báo",
})  # fmt: skip
