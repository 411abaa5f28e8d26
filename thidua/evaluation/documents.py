"""Printed review lists (bản in): the document kind `eligibility_overview`, the year's verdicts
of the people a user sees, one row a person, in the Party or the state layout (DOCX and PDF).

    python manage.py make_document eligibility_overview --year 2022 --format pdf --output F

The council's `session_nominations` (thidua/council/documents.py) shares the layout
(`review_list`); every printed list shares the letterhead and template (thidua.documents.lists).
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from thidua.documents import formatting
from thidua.documents.lists import list_columns, list_frame
from thidua.documents.registry import DocumentError, DocumentKind, register

# A printed list beyond this is read by no one; the screen asks to choose a unit first.
PRINT_LIMIT = 5000


def overview_day(year: int, today: date | None = None) -> date:
    """The day an overview of ``year`` is dated: the day it is printed while the year is reviewed
    (the year itself and the next, when councils meet and decisions are signed); a year's
    overview printed later (an archive copy) is dated the last day of that year, not years after
    the facts it sets out."""
    today = today or timezone.localdate()
    if today.year <= year + 1:
        return today
    return date(year, 12, 31)


@dataclass(frozen=True)
class Overview:
    """The rows of the eligibility overview as a user sees them, and the filters in words."""

    organization: object
    year: int
    people: list  # [{"person": Person, "cells": [(title, verdict, label)]}]
    titles: list  # [(code, name)]
    criteria: str = ""
    to_confirm: int = 0


def overview_rows(record: Overview) -> list[dict]:
    rows = []
    for number, entry in enumerate(record.people, start=1):
        person = entry["person"]
        by_verdict: dict[str, list[str]] = {}
        names = dict(record.titles)
        for code, verdict, _label in entry["cells"]:
            by_verdict.setdefault(verdict, []).append(names[code])
        rows.append({
            "number": str(number),
            "cells": [
                person.display_name,
                getattr(person, "current_unit_name", "") or "",
                ", ".join(by_verdict.get("eligible", [])) or "—",
                ", ".join(by_verdict.get("review", [])) or "—",
            ],
        })  # fmt: skip
    return rows


def build_overview_context(record: Overview) -> dict:
    rows = overview_rows(record)
    note = ""
    if record.to_confirm:
        note = (
            "Có {} quy định của năm còn cần xác nhận; kết quả liên quan cần Hội đồng xem xét."
            .format(record.to_confirm)
        )
    return {
        **list_frame(record.organization, kind="eligibility_overview",
                     day=overview_day(record.year)),
        **list_columns("review_list"),
        "document_type": "DANH SÁCH",
        "title": "Kết quả xét điều kiện danh hiệu thi đua năm {}".format(record.year),
        "subtitle": record.criteria,
        "headers": ["Họ và tên", "Đơn vị", "Đủ điều kiện", "Hội đồng xem xét"],
        "rows": rows,
        "empty": "" if rows else "Không có cán bộ nào được xét theo điều kiện đã chọn.",
        "count": "Cộng: {} người".format(len(rows)),
        "note": note,
    }


def find_overview(organization, year=None, unit=None) -> Overview:
    """The overview of every person of the organisation (the command's, run by the operator)."""
    from thidua.evaluation.views import overview_people
    from thidua.organization.models import Unit

    if year is None:
        raise DocumentError("Cần năm xét (--year).")
    found = None
    if unit:
        found = Unit.objects.filter(organization=organization, name=str(unit).strip()).first()
        if found is None:
            raise DocumentError("Không có đơn vị “{}” trong {}.".format(
                unit, organization.abbreviation))
    people, titles, to_confirm = overview_people(organization, None, int(year), found)
    criteria = "Đơn vị: {}".format(found.name) if found else ""
    return Overview(organization, int(year), check_size(people), titles, criteria, to_confirm)


def check_size(people: list) -> list:
    if len(people) > PRINT_LIMIT:
        raise DocumentError(
            "Danh sách có hơn {} người; chọn một đơn vị để thu hẹp trước khi in.".format(
                PRINT_LIMIT
            )
        )
    return people


ELIGIBILITY_OVERVIEW = register(
    DocumentKind(
        name="eligibility_overview",
        label="danh sách kết quả xét điều kiện",
        build_context=build_overview_context,
        docx_template=lambda context: "review_list_{}.docx".format(context["layout"]),
        html_template="documents/list.html",
        find=find_overview,
        filename=lambda record: formatting.ascii_filename(
            "XetDK-{}-{}".format(record.organization.abbreviation, record.year)
        ),
        options=("unit",),
    )
)
