"""Council sessions (phiên họp Hội đồng TĐ-KT), scoped as their screens: the organisation-wide
roles read every session of the organisation, anyone else the sessions they sit on.

What a session's page shows, never more: its members and their attendance, its agenda, and, once
closed, the sealed results (how many agreed with each item, out of what, against which
threshold). No ballot, no envelope, no record of who voted on what is ever read here; while the
session is open not even the counts (the page shows none either)."""

from datetime import date, datetime, time

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema

from thidua.api.common import LIST_ERRORS, ONE_ERRORS, Cursor, Limit, one
from thidua.api.pagination import paginate
from thidua.council.models import AgendaItem, CouncilMember, CouncilSession, SessionState
from thidua.council.results import ballot_type_text, rule_set_label, shown_source

router = Router(tags=["Hội đồng Thi đua – Khen thưởng"])


class MemberOut(Schema):
    name: str = Field(description="Họ và tên (hoặc tên đăng nhập).")
    role: str = Field(description="Chức danh trong Hội đồng (mã).")
    role_name: str
    present: bool = Field(description="Có mặt.")
    written_vote: bool = Field(description="Gửi phiếu bằng văn bản (vắng mặt).")
    counting: str = Field(description="Nhiệm vụ trong Ban kiểm phiếu (mã); rỗng: không.")


class AgendaItemOut(Schema):
    id: int
    position: int = Field(description="Thứ tự trong chương trình.")
    nomination_id: int = Field(description="Đề nghị được đưa ra bỏ phiếu.")
    person_id: int | None
    unit_id: int | None
    subject_name: str = Field(description="Cán bộ, tập thể hoặc cơ quan được đề nghị.")
    title: str = Field(description="Danh hiệu, hình thức đề nghị (mã).")
    title_name: str
    rank: int | None = Field(description="Xếp hạng trong chỉ tiêu (khi vượt chỉ tiêu).")


class ResultOut(Schema):
    item_id: int = Field(description="Nội dung bỏ phiếu.")
    subject_name: str
    title: str
    title_name: str
    agree: int = Field(description="Số phiếu đồng ý.")
    disagree: int = Field(description="Số phiếu không đồng ý.")
    lower: dict[str, int] = Field(description="Số phiếu đồng ý mức thấp hơn, theo danh hiệu.")
    ballots: int = Field(description="Số phiếu.")
    denominator: int = Field(description="Mẫu số của tỷ lệ.")
    denominator_kind: str = Field(description="total_members: tổng số thành viên; present: số "
                                  "thành viên biểu quyết.")  # fmt: skip
    threshold: float = Field(description="Tỷ lệ cần đạt (0–1).")
    percent: float = Field(description="Tỷ lệ đồng ý (%).")
    ballot_type: str = Field(description="Hình thức bỏ phiếu.")
    rule_source: str = Field(description="Căn cứ của ngưỡng.")
    passed: bool = Field(description="Đạt.")
    passed_title: str | None = Field(description="Danh hiệu đạt (có thể là mức thấp hơn).")
    passed_title_name: str
    rank: int | None
    over_quota: bool = Field(description="Đạt nhưng ngoài chỉ tiêu.")


class ResultsOut(Schema):
    total_members: int
    present_members: int
    voting_members: int
    quorum: str = Field(description="Tỷ lệ thành viên có mặt cần có.")
    quorum_met: bool
    quorum_source: str
    criteria_law: str = Field(description="Văn bản quy định tiêu chuẩn danh hiệu của năm xét.")
    items: list[ResultOut]


class SessionOut(Schema):
    id: int
    organization_id: int
    year: int = Field(description="Năm xét.")
    phase_id: int | None = Field(description="Đợt thi đua (nếu phiên họp xét một đợt).")
    name: str
    meeting_on: date = Field(description="Ngày họp.")
    starts_at: time
    ends_at: time | None
    place: str
    on_paper: bool = Field(description="Kiểm phiếu bằng phiếu giấy.")
    state: str = Field(description="open (đang họp), closed (đã kết thúc), annulled (kết quả "
                       "bị huỷ).")  # fmt: skip
    state_name: str
    closed_at: datetime | None
    annulled_at: datetime | None
    annul_reason: str
    members: list[MemberOut]
    agenda: list[AgendaItemOut]
    results: ResultsOut | None = Field(description="Kết quả đã chốt và niêm phong; null khi "
                                       "phiên họp chưa kết thúc.")  # fmt: skip


class SessionPage(Schema):
    items: list[SessionOut]
    next_cursor: str | None


def _sessions(user):
    members = CouncilMember.objects.select_related("user__person").order_by("pk")
    items = AgendaItem.objects.select_related(
        "nomination__person", "nomination__unit", "nomination__organization"
    ).order_by("position", "pk")
    return CouncilSession.objects.visible_to(user).prefetch_related(
        Prefetch("members", queryset=members), Prefetch("items", queryset=items)
    )


def _member(member: CouncilMember) -> dict:
    person = member.user.person
    return {
        "name": person.full_name if person is not None else member.user.get_username(),
        "role": member.role, "role_name": member.get_role_display(),
        "present": member.present, "written_vote": member.written_vote,
        "counting": member.counting,
    }  # fmt: skip


def _item(item: AgendaItem) -> dict:
    nomination = item.nomination
    return {
        "id": item.pk, "position": item.position, "nomination_id": nomination.pk,
        "person_id": nomination.person_id, "unit_id": nomination.unit_id,
        "subject_name": nomination.subject_name, "title": nomination.title,
        "title_name": nomination.get_title_display(), "rank": item.rank,
    }  # fmt: skip


def _results(session: CouncilSession) -> dict | None:
    """The sealed results, as the session's page shows them once closed (aggregates only)."""
    if session.state == SessionState.OPEN or not session.results:
        return None
    sealed = session.results
    return {
        "total_members": sealed.get("total_members", 0),
        "present_members": sealed.get("present_members", 0),
        "voting_members": sealed.get("voting_members", 0),
        "quorum": sealed.get("quorum", ""), "quorum_met": bool(sealed.get("quorum_met")),
        "quorum_source": sealed.get("quorum_source", ""),
        "criteria_law": rule_set_label(sealed.get("rule_set", "")),
        "items": [
            {"item_id": row["item"], "subject_name": row["subject"], "title": row["title"],
             "title_name": row["title_name"], "agree": row["agree"],
             "disagree": row["disagree"], "lower": row.get("lower", {}),
             "ballots": row.get("ballots", 0), "denominator": row["denominator"],
             "denominator_kind": row["denominator_kind"], "threshold": row["threshold"],
             "percent": row.get("percent", 0), "ballot_type": ballot_type_text(row),
             "rule_source": shown_source(row.get("rule_source", "")),
             "passed": row["passed"], "passed_title": row.get("passed_title"),
             "passed_title_name": row.get("passed_title_name", ""), "rank": row.get("rank"),
             "over_quota": bool(row.get("over_quota"))}
            for row in sealed.get("items", [])
        ],
    }  # fmt: skip


def _session(session: CouncilSession) -> dict:
    return {
        "id": session.pk, "organization_id": session.organization_id, "year": session.year,
        "phase_id": session.phase_id, "name": session.name, "meeting_on": session.meeting_on,
        "starts_at": session.starts_at, "ends_at": session.ends_at, "place": session.place,
        "on_paper": session.on_paper, "state": session.state,
        "state_name": session.get_state_display(), "closed_at": session.closed_at,
        "annulled_at": session.annulled_at, "annul_reason": session.annul_reason,
        "members": [_member(member) for member in session.members.all()],
        "agenda": [_item(item) for item in session.items.all()],
        "results": _results(session),
    }  # fmt: skip


SESSION_YEAR = Query(None, ge=1975, le=2100, description="Năm xét.")


@router.get("/council-sessions", response={200: SessionPage, **LIST_ERRORS},
            summary="Phiên họp Hội đồng")  # fmt: skip
def list_sessions(request, year: int | None = SESSION_YEAR, cursor: str | None = Cursor,
                  limit: int = Limit):  # fmt: skip
    """Phiên họp Hội đồng như màn hình «Phiên họp»: lãnh đạo và Hội đồng thấy mọi phiên họp
    của cơ quan, người khác những phiên họp mình là thành viên; kết quả (số phiếu, không bao giờ
    lá phiếu) khi phiên họp đã kết thúc."""
    queryset = _sessions(request.user)
    if year is not None:
        queryset = queryset.filter(year=year)
    page = paginate(queryset, cursor=cursor, limit=limit, filters={"year": year})
    page["items"] = [_session(session) for session in page["items"]]
    return page


@router.get("/council-sessions/{session_id}", response={200: SessionOut, **ONE_ERRORS},
            summary="Một phiên họp Hội đồng")  # fmt: skip
def get_session(request, session_id: int):
    return _session(one(_sessions(request.user), session_id))
