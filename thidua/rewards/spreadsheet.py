"""The spreadsheets of reward money, written only: a decision's bảng kê (``export_xlsx
reward_list --year Y --number N``) and the fund's year for the accountant. Amounts are whole
VND in number cells, so the accountant's sums work."""

from django.utils import timezone

from thidua.documents import formatting
from thidua.documents.registry import DocumentError
from thidua.organization.models import DocumentStyle
from thidua.rewards.actions import fund_years
from thidua.rewards.documents import find_reward_list, reference
from thidua.rewards.models import FundEntry, FundKind
from thidua.rules import money
from thidua.rules.citations import CITATIONS
from thidua.rules.codes import TITLE_NAMES
from thidua.spreadsheets.engine import XLSX_CONTENT_TYPE, Column, OfficeFrame, build_workbook
from thidua.spreadsheets.exports import ExportError, ExportKind, register_export

XLSX = XLSX_CONTENT_TYPE

REWARD_COLUMNS = (
    Column("Cá nhân, tập thể", "name", width=32),
    Column("Chức vụ, đơn vị", "detail", required=False, width=26),
    Column("Danh hiệu, hình thức", "title", width=30),
    Column("Hệ số", "coefficient", required=False, width=8),
    Column("Lương cơ sở", "base_salary", "int", width=14),
    Column("Số tiền", "amount", "int", width=14),
    Column("Ghi chú", "note", required=False, width=30),
)
FUND_COLUMNS = (
    Column("Ngày", "entered_on", "date", width=12),
    Column("Nội dung", "description", width=44),
    Column("Quyết định", "decision", required=False, width=22),
    Column("Thu", "income", "int", required=False, width=16),
    Column("Chi", "expense", "int", required=False, width=16),
)


def _frame(organization, title: str, counted: str, day) -> OfficeFrame:
    party = organization.document_style == DocumentStyle.PARTY
    return OfficeFrame(
        parent_body=formatting.upper(organization.parent_body),
        issuer=formatting.upper(organization.name),
        heading="ĐẢNG CỘNG SẢN VIỆT NAM" if party else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        motto="" if party else "Độc lập - Tự do - Hạnh phúc",
        title=title,
        place_date=formatting.place_date(organization.place_name, day),
        signer_title="KẾ TOÁN",
        counted=counted,
    )


def reward_list_workbook(record) -> bytes:
    """Return a decision's bảng kê as a "bản in" workbook: one row per line, amounts as numbers."""
    decision, result = record.decision, record.result
    rows = [
        [paid.line.name, paid.line.detail, TITLE_NAMES.get(paid.line.code, paid.line.code),
         paid.coefficient_text, paid.base_salary, paid.amount,
         paid.note or ("Mức cần xác nhận" if paid.to_confirm else "")]
        for paid in result.lines
    ]  # fmt: skip
    frame = _frame(
        decision.organization,
        "BẢNG KÊ TIỀN THƯỞNG KÈM THEO {}".format(formatting.upper(reference(decision))),
        "dòng; tổng số tiền {}".format(money.vnd(result.total)),
        result.day,
    )
    notes = ["Căn cứ tính: {}".format(CITATIONS[key].text) for key in result.sources()]
    if result.to_confirm:
        notes.append("Có mức tiền thưởng cần xác nhận theo văn bản gốc trước khi chi.")
    return build_workbook("Bảng kê", REWARD_COLUMNS, rows, notes, frame=frame)


def fund_workbook(organization, year: int) -> bytes:
    """Return the fund's movements of a year with the year's balances, for the accountant."""
    entries = FundEntry.objects.filter(organization=organization, year=year).select_related(
        "decision", "decision__organization"
    )
    rows = [
        [entry.entered_on, entry.description,
         entry.decision.document_number if entry.decision_id else "",
         entry.amount if entry.kind == FundKind.INCOME else None,
         entry.signed_amount if entry.kind != FundKind.INCOME else None]
        for entry in entries.order_by("entered_on", "pk")
    ]  # fmt: skip
    found = next((row for row in fund_years(organization) if row["year"] == year), None)
    opening, income, expense, closing = (
        (found["opening"], found["income"], found["expense"], found["closing"]) if found
        else (0, 0, 0, 0)
    )  # fmt: skip
    counted = "khoản; số dư đầu năm {}; thu {}; chi {}; số dư cuối năm {}".format(
        money.vnd(opening), money.vnd(income), money.vnd(expense), money.vnd(closing)
    )
    frame = _frame(
        organization, "SỔ QUỸ THI ĐUA, KHEN THƯỞNG NĂM {}".format(year), counted,
        timezone.localdate(),
    )  # fmt: skip
    return build_workbook("Quỹ {}".format(year), FUND_COLUMNS, rows, (), frame=frame)


def export_reward_list(organization, year, number=None) -> bytes:
    try:
        record = find_reward_list(organization, year, number)
    except DocumentError as error:
        raise ExportError(str(error)) from error
    return reward_list_workbook(record)


REWARD_LIST_EXPORT = register_export(
    ExportKind("reward_list", "bảng kê tiền thưởng", export_reward_list, options=("number",))
)
