"""Reward money screens: a decision's bảng kê (with its downloads and the fund's expense), the
reward fund by year (with its export for the accountant), and the base salary table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.actions import ActionRefused
from thidua.decisions.models import DecisionState
from thidua.decisions.views import visible_decision
from thidua.documents.views import document_response
from thidua.rewards import lists
from thidua.rewards.actions import (
    do_add_base_salary,
    do_add_fund_income,
    do_record_reward_expense,
    fund_years,
)
from thidua.rewards.documents import REWARD_LIST, RewardListRecord
from thidua.rewards.forms import BaseSalaryForm, ExpenseForm, IncomeForm
from thidua.rewards.models import BaseSalary, FundEntry, FundKind
from thidua.rewards.permissions import may
from thidua.rewards.spreadsheet import XLSX, fund_workbook, reward_list_workbook
from thidua.rules import money


def reward_decision(request, pk):
    decision = visible_decision(request, pk)
    if not may(request.user, "rewards.view_reward_list", decision):
        raise PermissionDenied("Bạn không xem được bảng kê tiền thưởng của quyết định này.")
    return decision


@login_required
@require_http_methods(["GET", "POST"])
def reward_list(request, pk):
    """A decision's bảng kê tiền thưởng: every line for those who read amounts, one's own line
    for the others; the fund's keepers write the expense here once it is issued."""
    decision = reward_decision(request, pk)
    user = request.user
    expense = decision.fund_entries.filter(kind=FundKind.EXPENSE).first()
    reversal = decision.fund_entries.filter(kind=FundKind.REVERSAL).first()
    can_pay = (
        decision.state == DecisionState.ISSUED
        and expense is None
        and may(user, "rewards.change_fund", decision)
    )
    form = ExpenseForm()
    if request.method == "POST":
        if not may(user, "rewards.change_fund", decision):
            raise PermissionDenied("Chỉ thường trực Hội đồng hoặc kế toán ghi chi quỹ.")
        form = ExpenseForm(request.POST)
        if form.is_valid():
            try:
                entry = do_record_reward_expense(
                    decision, entered_on=form.cleaned_data["entered_on"], acting_user=user
                )
            except ActionRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Đã ghi chi {} từ quỹ thi đua, khen thưởng.".format(
                    money.vnd(entry.amount)))  # fmt: skip
                return redirect("rewards:reward_list", pk=decision.pk)
    error = ""
    shown = None
    try:
        result = lists.compute(decision)
    except money.MoneyError as exc:
        error = str(exc)
    else:
        shown = lists.shown_to(user, decision, result)
    return render(request, "rewards/reward_list.html", {
        "decision": decision, "error": error, "shown": shown,
        "summary": lists.summary(shown.result) if shown else None,
        "expense": expense if may(user, "rewards.view_amounts", decision) else None,
        "reversal": reversal if may(user, "rewards.view_amounts", decision) else None,
        "can_pay": can_pay, "form": form,
        "can_download": may(user, "rewards.view_amounts", decision),
        "sees_fund": may(user, "rewards.view_fund"),
    })  # fmt: skip


def _amounts_decision(request, pk):
    decision = reward_decision(request, pk)
    if not may(request.user, "rewards.view_amounts", decision):
        raise PermissionDenied(
            "Bảng kê đầy đủ dành cho thường trực Hội đồng, kế toán và Hiệu trưởng."
        )
    return decision


@login_required
@require_GET
def reward_list_document(request, pk, fmt):
    decision = _amounts_decision(request, pk)
    try:
        record = RewardListRecord.of(decision)
    except money.MoneyError as error:
        raise Http404(str(error)) from error
    return document_response(REWARD_LIST, record, fmt)


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def reward_list_xlsx(request, pk):
    decision = _amounts_decision(request, pk)
    try:
        record = RewardListRecord.of(decision)
    except money.MoneyError as error:
        raise Http404(str(error)) from error
    return _xlsx(reward_list_workbook(record), "{}.xlsx".format(REWARD_LIST.filename(record)))


def _fund_user(request):
    user = request.user
    if user.organization_id is None or not may(user, "rewards.view_fund"):
        raise PermissionDenied(
            "Quỹ thi đua, khen thưởng dành cho thường trực Hội đồng và kế toán."
        )
    return user


@login_required
@require_http_methods(["GET", "POST"])
def fund(request):
    """The reward fund: the years' balances, the chosen year's entries, a new income."""
    user = _fund_user(request)
    organization = user.organization
    form = IncomeForm()
    if request.method == "POST":
        form = IncomeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = do_add_fund_income(
                    organization, amount=data["amount"], entered_on=data["entered_on"],
                    description=data["description"], acting_user=user,
                )  # fmt: skip
            except ActionRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Đã ghi thu {}.".format(money.vnd(entry.amount)))
                return redirect("{}?year={}".format(reverse("rewards:fund"), entry.year))
    years = fund_years(organization)
    raw = request.GET.get("year", "")
    latest = years[-1]["year"] if years else timezone.localdate().year
    year = int(raw) if raw.isdigit() and len(raw) == 4 else latest
    entries = list(
        FundEntry.objects.visible_to(user).filter(year=year)
        .select_related("decision", "decision__organization")
    )
    for entry in entries:
        entry.amount_text = money.vnd(entry.signed_amount)
    for row in years:
        for key in ("opening", "income", "expense", "closing"):
            row[key + "_text"] = money.vnd(row[key])
    chosen = next((row for row in years if row["year"] == year), None)
    return render(request, "rewards/fund.html", {
        "years": years, "year": year, "chosen": chosen, "entries": entries, "form": form,
        "can_change": may(user, "rewards.change_fund"),
    })  # fmt: skip


@login_required
@require_GET
def fund_export(request, year):
    user = _fund_user(request)
    data = fund_workbook(user.organization, year)
    return _xlsx(data, "quy-tdkt-{}-{}.xlsx".format(user.organization.abbreviation, year))


@login_required
@require_http_methods(["GET", "POST"])
def base_salaries(request):
    """The base salary table (national law, read by everyone); its keepers add a period."""
    user = request.user
    can_change = may(user, "rewards.change_base_salary")
    form = BaseSalaryForm()
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("Chỉ quản trị hệ thống sửa bảng lương cơ sở.")
        form = BaseSalaryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                row = do_add_base_salary(
                    starts_on=data["starts_on"], ends_on=data["ends_on"], amount=data["amount"],
                    basis=data["basis"], acting_user=user,
                )  # fmt: skip
            except ActionRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Đã thêm mức lương cơ sở {}.".format(row))
                return redirect("rewards:base_salaries")
    rows = list(BaseSalary.objects.order_by("starts_on"))
    for row in rows:
        row.amount_text = money.vnd(row.amount)
    return render(request, "rewards/base_salaries.html", {
        "rows": rows, "form": form, "can_change": can_change,
    })  # fmt: skip


@login_required
@require_GET
def register_list(request, pk):
    """The bảng kê of a decision recorded in the award register (a higher body's, one decided
    outside thidua), reached from one of its awards: every line for those who read amounts, one's
    own for whoever may read the award. The body that decided pays it: no fund expense here."""
    from thidua.awards.models import Award, AwardSource

    user = request.user
    award = get_object_or_404(
        Award.objects.filter(organization_id=user.organization_id)
        .exclude(source=AwardSource.OWN_DECISION).select_related("organization"),
        pk=pk,
    )  # fmt: skip
    if not (may(user, "rewards.view_amounts", award)
            or Award.objects.visible_to(user).filter(pk=award.pk).exists()):  # fmt: skip
        raise Http404("Không có khen thưởng này.")
    awards = lists.register_group(award)
    error, shown = "", None
    try:
        result = lists.compute_register(awards, award.decided_on)
    except money.MoneyError as exc:
        error = str(exc)
    else:
        shown = lists.shown_to(user, award, result)
    return render(request, "rewards/register_list.html", {
        "award": award, "error": error, "shown": shown,
        "summary": lists.summary(shown.result) if shown else None,
    })  # fmt: skip
