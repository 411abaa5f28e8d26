"""The document kind `session_nominations`: the nominations put before a council session, to
print for the meeting (the agenda in order; before anything is on it, the nominations of the
session's year still awaiting the council), in the review-list layout (DOCX and PDF).

    python manage.py make_document session_nominations --session 12 --format pdf --output F
"""

from thidua.council.models import CouncilSession, Nomination, NominationState
from thidua.documents import formatting
from thidua.documents.lists import list_columns, list_frame
from thidua.documents.registry import DocumentError, DocumentKind, register
from thidua.evaluation.services import VERDICT_LABELS


def session_nominations(session: CouncilSession) -> tuple[list, bool]:
    """Return (nominations, on the agenda?): the agenda's in order, else those still waiting."""
    items = list(
        session.items.select_related("nomination__person", "nomination__unit",
                                     "nomination__organization").order_by("position", "pk")
    )  # fmt: skip
    if items:
        return [item.nomination for item in items], True
    waiting = Nomination.objects.filter(
        organization_id=session.organization_id, year=session.year,
        state=NominationState.PROPOSED,
    ).select_related("person", "unit", "organization").order_by("title", "person__sort_key", "pk")
    return list(waiting), False


def nomination_unit(nomination: Nomination) -> str:
    if not nomination.person_id:  # a unit's or the organisation's own nomination
        return ""
    current = nomination.person.assignments.current().select_related("unit").first()
    return current.unit.name if current else ""


def build_nominations_context(session: CouncilSession) -> dict:
    nominations, on_agenda = session_nominations(session)
    rows = [
        {
            "number": str(number),
            "cells": [
                nomination.subject_name,
                nomination_unit(nomination),
                nomination.get_title_display(),
                VERDICT_LABELS.get(nomination.verdict, nomination.verdict),
            ],
        }
        for number, nomination in enumerate(nominations, start=1)
    ]
    return {
        **list_frame(session.organization, kind="session_nominations", day=session.meeting_on),
        **list_columns("review_list"),
        "document_type": "DANH SÁCH",
        "title": "Các trường hợp đề nghị Hội đồng Thi đua – Khen thưởng xét năm {}".format(
            session.year
        ),
        "subtitle": "{}{}".format(
            session.name,
            "" if on_agenda else " (các đề nghị đang chờ xét, chưa đưa vào chương trình)",
        ),
        "headers": ["Cá nhân, tập thể", "Đơn vị", "Danh hiệu, hình thức đề nghị",
                    "Kết quả xét điều kiện"],
        "rows": rows,
        "empty": "" if rows else "Chưa có đề nghị nào chờ Hội đồng xét.",
        "count": "Cộng: {} trường hợp".format(len(rows)),
        "note": "",
    }


def find_any_session(organization, year=None, *, session=None) -> CouncilSession:
    """The session by its number, open or closed (a list is printed before the meeting too)."""
    if session is None:
        raise DocumentError("Cần số hiệu phiên họp Hội đồng (--session).")
    if not isinstance(session, CouncilSession):
        raw = str(session).strip()
        session = (
            CouncilSession.objects.filter(organization=organization, pk=int(raw)).first()
            if raw.isdigit() else None
        )
        if session is None:
            raise DocumentError(
                "{} không có phiên họp Hội đồng số hiệu “{}”.".format(organization.name, raw)
            )
    if session.organization_id != organization.pk:
        raise DocumentError("Phiên họp không thuộc {}.".format(organization.name))
    if year is not None and session.year != year:
        raise DocumentError(
            "Phiên họp «{}» xét năm {}, không phải năm {}.".format(session.name, session.year, year)
        )
    return session


SESSION_NOMINATIONS = register(
    DocumentKind(
        name="session_nominations",
        label="danh sách đề nghị của phiên họp",
        build_context=build_nominations_context,
        docx_template=lambda context: "review_list_{}.docx".format(context["layout"]),
        html_template="documents/list.html",
        find=find_any_session,
        filename=lambda session: formatting.ascii_filename(
            "DS-De-nghi-{}-{}".format(session.organization.abbreviation, session.pk)
        ),
        options=("session",),
    )
)
