"""The document kinds `session_nominations` and `results_notice`.

`session_nominations`: the nominations put before a council session, to print for the meeting
(the agenda in order; before anything is on it, the nominations of the session's year still
awaiting the council), in the review-list layout (DOCX and PDF).

    python manage.py make_document session_nominations --session 12 --format pdf --output F

`results_notice` is the notice of the council's proposed results published for comments (thông
báo công khai kết quả xét chọn), in the same layout:

    python manage.py make_document results_notice --session 12 --format pdf --output F
"""

from thidua.council.models import (
    AGENDA_SUBJECTS,
    CouncilSession,
    Nomination,
    NominationState,
    ResultsPublication,
)
from thidua.council.results import passed_title, passed_title_name
from thidua.documents import formatting
from thidua.documents.lists import list_columns, list_frame
from thidua.documents.registry import DocumentError, DocumentKind, register
from thidua.evaluation.services import VERDICT_LABELS


def session_nominations(session: CouncilSession) -> tuple[list, bool]:
    """Return (nominations, on the agenda?): the agenda's in order, else those still waiting."""
    items = list(
        session.items.select_related(*AGENDA_SUBJECTS, "nomination__organization")
        .order_by("position", "pk")
    )  # fmt: skip
    if items:
        return [item.nomination for item in items], True
    waiting = Nomination.objects.filter(
        organization_id=session.organization_id, year=session.year,
        state=NominationState.PROPOSED,
    ).select_related("person", "unit", "organization", "outside_organization").order_by(
        "title", "person__sort_key", "pk"
    )
    return list(waiting), False


def nomination_unit(nomination: Nomination) -> str:
    if nomination.is_outside:  # proposed by a received tờ trình: its agency
        return nomination.outside_organization.name
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


def notice_rows(publication: ResultsPublication) -> list[dict]:
    """The results proposed for a decision: what passed within its quota, in agenda order."""
    items = [
        row for row in publication.session.results.get("items", [])
        if passed_title(row) is not None and not row.get("over_quota")
    ]  # fmt: skip
    nominations = Nomination.objects.in_bulk([row["nomination"] for row in items])
    rows = []
    for number, row in enumerate(sorted(items, key=lambda r: r["position"]), start=1):
        nomination = nominations.get(row["nomination"])
        rows.append({
            "number": str(number),
            "cells": [
                row["subject"],
                nomination_unit(nomination) if nomination else "",
                passed_title_name(row),
                "{}/{} phiếu đồng ý".format(row["agree"], row["denominator"]),
            ],
        })  # fmt: skip
    return rows


def build_notice_context(publication: ResultsPublication) -> dict:
    session = publication.session
    rows = notice_rows(publication)
    return {
        **list_frame(session.organization, kind="results_notice", day=publication.starts_on),
        **list_columns("review_list"),
        "document_type": "THÔNG BÁO",
        "title": "Công khai kết quả xét chọn danh hiệu thi đua, hình thức khen thưởng năm {}"
        .format(session.year),
        "subtitle": "Theo kết quả {} ngày {:%d/%m/%Y}".format(session.name, session.meeting_on),
        "headers": ["Cá nhân, tập thể", "Đơn vị", "Danh hiệu, hình thức đề nghị khen thưởng",
                    "Kết quả biểu quyết"],
        "rows": rows,
        "empty": "Phiên họp không có trường hợp nào được Hội đồng thông qua.",
        "count": "Cộng: {} trường hợp".format(len(rows)),
        "note": " ".join(part for part in (
            "Thời gian công khai: từ ngày {:%d/%m/%Y} đến hết ngày {:%d/%m/%Y}. Ý kiến gửi Thường "
            "trực Hội đồng Thi đua – Khen thưởng.".format(
                publication.starts_on, publication.ends_on),
            publication.note,
        ) if part),
    }  # fmt: skip


def find_publication(organization, year=None, *, session=None) -> ResultsPublication:
    """The publication of a session, by the session's number."""
    session = find_any_session(organization, year, session=session)
    publication = ResultsPublication.objects.filter(session=session).first()
    if publication is None:
        raise DocumentError("Kết quả phiên họp «{}» chưa được công khai.".format(session.name))
    return publication


RESULTS_NOTICE = register(
    DocumentKind(
        name="results_notice",
        label="thông báo công khai kết quả xét chọn",
        build_context=build_notice_context,
        docx_template=lambda context: "review_list_{}.docx".format(context["layout"]),
        html_template="documents/list.html",
        find=find_publication,
        filename=lambda publication: formatting.ascii_filename(
            "TB-Cong-khai-{}-{}".format(publication.organization.abbreviation,
                                        publication.session_id)
        ),
        options=("session",),
    )
)
