"""Reward money (thidua.rewards), read as its screens show it: a decision's bảng kê tiền thưởng
(every line for those who read amounts — the secretary, the accountant, the principal — and one's
own line for the others) and the reward fund (its keepers only: the secretary, the accountant)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from thidua.api.common import LIST_ERRORS, ONE_ERRORS, Cursor, Limit
from thidua.api.pagination import paginate
from thidua.api.problems import ApiProblem, Problem
from thidua.rewards import lists
from thidua.rewards.models import FundEntry, FundKind
from thidua.rewards.permissions import may
from thidua.rewards.views import reward_decision
from thidua.rules import money
from thidua.rules.citations import CITATIONS

router = Router(tags=["Tiền thưởng, quỹ thi đua"])


class RewardLineOut(Schema):
    number: int = Field(description="Số thứ tự trong bảng kê.")
    person_id: int | None
    unit_id: int | None
    name: str = Field(description="Cán bộ, tập thể hoặc cơ quan.")
    detail: str = Field(description="Chức vụ, đơn vị, như bảng kê in.")
    code: str = Field(description="Danh hiệu, hình thức (mã).")
    title: str = Field(description="Danh hiệu, hình thức (tên, với dịp khen).")
    collective: bool = Field(description="Khen tập thể.")
    coefficient: str = Field(description="Hệ số (ví dụ «1,0»); rỗng: không có tiền thưởng.")
    base_salary: int = Field(description="Mức lương cơ sở (đồng).")
    amount: int = Field(description="Số tiền (đồng).")
    note: str
    source: str = Field(description="Căn cứ của mức tiền thưởng.")


class RewardTotalsOut(Schema):
    total: int
    individual_total: int
    collective_total: int
    decree: str = Field(description="Nghị định áp dụng.")
    base_salary: int
    base_source: str
    day: date = Field(description="Ngày tính (ngày ký quyết định).")
    to_confirm: bool = Field(description="Có mức tiền còn chờ xác nhận.")


class FundMoveOut(Schema):
    amount: int
    entered_on: date


class RewardListOut(Schema):
    decision_id: int
    complete: bool = Field(description="true: mọi dòng (người đọc được số tiền); false: chỉ "
                           "dòng của chính mình, không có tổng.")  # fmt: skip
    lines: list[RewardLineOut]
    totals: RewardTotalsOut | None
    expense: FundMoveOut | None = Field(description="Khoản chi quỹ đã ghi cho quyết định.")
    reversal: FundMoveOut | None = Field(description="Khoản ghi giảm chi khi quyết định bị "
                                         "thu hồi.")  # fmt: skip


def _ids(subject: str) -> tuple[int | None, int | None]:
    kind, _, pk = subject.partition(":")
    if kind == "person":
        return int(pk), None
    if kind == "unit":
        return None, int(pk)
    return None, None


def _move(entry) -> dict | None:
    return {"amount": entry.amount, "entered_on": entry.entered_on} if entry else None


@router.get("/decisions/{decision_id}/reward-list",
            response={200: RewardListOut, 403: Problem, **ONE_ERRORS},
            summary="Bảng kê tiền thưởng của một quyết định")  # fmt: skip
def get_reward_list(request, decision_id: int):
    """Số tiền thưởng của từng dòng quyết định, như màn hình «Bảng kê tiền thưởng»: Thường trực
    Hội đồng, kế toán và Hiệu trưởng thấy mọi dòng và tổng; người khác chỉ dòng của mình."""
    user = request.user
    decision = reward_decision(request, decision_id)
    try:
        result = lists.compute(decision)
    except money.MoneyError as error:
        raise ApiProblem(422, str(error), kind="money") from error
    shown = lists.shown_to(user, decision, result)
    reads_amounts = may(user, "rewards.view_amounts", decision)
    moves = {entry.kind: entry for entry in decision.fund_entries.all()}
    lines = []
    for number, paid in enumerate(shown.lines, 1):
        person_id, unit_id = _ids(paid.line.subject)
        row = lists.row_of(number, paid)
        lines.append({
            "number": number, "person_id": person_id, "unit_id": unit_id,
            "name": paid.line.name, "detail": paid.line.detail, "code": paid.line.code,
            "title": row["title"], "collective": paid.line.collective,
            "coefficient": paid.coefficient_text, "base_salary": paid.base_salary,
            "amount": paid.amount, "note": row["note"],
            "source": CITATIONS[paid.source].text if paid.source in CITATIONS else paid.source,
        })  # fmt: skip
    totals = None
    if shown.complete:
        said = lists.summary(result)
        totals = {
            "total": result.total, "individual_total": result.individual_total,
            "collective_total": result.collective_total, "decree": said["decree"],
            "base_salary": result.base.amount, "base_source": said["base_source"],
            "day": result.day, "to_confirm": bool(result.to_confirm),
        }  # fmt: skip
    return {
        "decision_id": decision.pk, "complete": shown.complete, "lines": lines, "totals": totals,
        "expense": _move(moves.get(FundKind.EXPENSE)) if reads_amounts else None,
        "reversal": _move(moves.get(FundKind.REVERSAL)) if reads_amounts else None,
    }  # fmt: skip


# The fund ---------------------------------------------------------------------------------------


class FundYearOut(Schema):
    year: int
    opening: int = Field(description="Số dư đầu năm (đồng).")
    income: int = Field(description="Thu trong năm.")
    expense: int = Field(description="Chi trong năm (trừ các khoản ghi giảm).")
    closing: int = Field(description="Số dư cuối năm.")


class FundEntryOut(Schema):
    id: int
    year: int
    kind: str = Field(description="income (thu), expense (chi), reversal (ghi giảm chi).")
    kind_name: str
    amount: int = Field(description="Số tiền (đồng), dương.")
    signed_amount: int = Field(description="Số tiền theo cột chi: ghi giảm là số âm.")
    entered_on: date
    description: str
    decision_id: int | None


class FundEntryPage(Schema):
    items: list[FundEntryOut]
    next_cursor: str | None


FUND_REFUSED = "Quỹ thi đua, khen thưởng dành cho thường trực Hội đồng và kế toán."


def _fund_keeper(user):
    if user.organization_id is None or not may(user, "rewards.view_fund"):
        raise PermissionDenied(FUND_REFUSED)
    return user


@router.get("/fund/years", response={200: list[FundYearOut], 403: Problem, **LIST_ERRORS},
            summary="Quỹ thi đua, khen thưởng: các năm")  # fmt: skip
def list_fund_years(request):
    """Mỗi năm của quỹ: số dư đầu năm, thu, chi, số dư cuối năm, như màn hình «Quỹ TĐKT»."""
    from thidua.rewards.actions import fund_years

    return fund_years(_fund_keeper(request.user).organization)


FUND_YEAR = Query(None, ge=1975, le=2100, description="Năm.")


@router.get("/fund/entries", response={200: FundEntryPage, 403: Problem, **LIST_ERRORS},
            summary="Quỹ thi đua, khen thưởng: các khoản thu, chi")  # fmt: skip
def list_fund_entries(request, year: int | None = FUND_YEAR, cursor: str | None = Cursor,
                      limit: int = Limit):  # fmt: skip
    """Các khoản thu, chi của quỹ (Thường trực Hội đồng, kế toán)."""
    user = _fund_keeper(request.user)
    queryset = FundEntry.objects.visible_to(user)
    if year is not None:
        queryset = queryset.filter(year=year)
    page = paginate(queryset, cursor=cursor, limit=limit, filters={"year": year})
    page["items"] = [
        {"id": entry.pk, "year": entry.year, "kind": entry.kind,
         "kind_name": entry.get_kind_display(), "amount": entry.amount,
         "signed_amount": entry.signed_amount, "entered_on": entry.entered_on,
         "description": entry.description, "decision_id": entry.decision_id}
        for entry in page["items"]
    ]  # fmt: skip
    return page
