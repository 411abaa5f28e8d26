"""The document kind `reward_list`: a decision's bảng kê tiền thưởng (DOCX and PDF), in the
organisation's layout, computed under the law of the decision's date.

    python manage.py make_document reward_list --year 2022 --number 15/QĐ-TCTTP --format docx
        --output bang-ke.docx
"""

from dataclasses import dataclass

from thidua.decisions.documents import find_decision
from thidua.documents import formatting
from thidua.documents.registry import DocumentError, DocumentKind, register
from thidua.organization.models import DocumentStyle
from thidua.rewards import lists
from thidua.rewards.models import FundKind
from thidua.rules import money


@dataclass(frozen=True)
class RewardListRecord:
    decision: object
    result: money.RewardList

    @classmethod
    def of(cls, decision) -> "RewardListRecord":
        """Compute the decision's bảng kê; raise money.MoneyError naming a missing base salary."""
        return cls(decision, lists.compute(decision))


def find_reward_list(organization, year=None, number=None) -> RewardListRecord:
    decision = find_decision(organization, year, number)
    try:
        return RewardListRecord.of(decision)
    except money.MoneyError as error:
        raise DocumentError(str(error)) from error


def reference(decision) -> str:
    """Return "Quyết định số 15-QĐ/TCTTP ngày 28/12/2022" (a draft: "Dự thảo quyết định …")."""
    if decision.number is None:
        return "Dự thảo quyết định khen thưởng năm {}".format(decision.year)
    return "Quyết định số {} ngày {:%d/%m/%Y}".format(decision.document_number, decision.decided_on)


def revoked_line(decision) -> str:
    """Return what the bảng kê says of a revoked decision: when, why, and the fund's reversal of
    what was paid (empty for a decision in force)."""
    if decision.state != "revoked":
        return ""
    line = "Quyết định đã bị thu hồi ngày {:%d/%m/%Y}: {}.".format(
        decision.revoked_on, decision.revoked_reason
    )
    reversal = decision.fund_entries.filter(kind=FundKind.REVERSAL).first()
    if reversal is not None:
        line += " Khoản chi {} đã được ghi giảm trong quỹ ngày {:%d/%m/%Y}.".format(
            money.vnd(reversal.amount), reversal.entered_on
        )
    return line


def build_reward_list_context(record: RewardListRecord) -> dict:
    decision, result = record.decision, record.result
    organization = decision.organization
    party = organization.document_style == DocumentStyle.PARTY
    summary = lists.summary(result)
    rows = [lists.row_of(number, paid) for number, paid in enumerate(result.lines, 1)]
    return {
        "layout": "party" if party else "state",
        "parent_body": formatting.upper(organization.parent_body),
        "issuer": formatting.upper(organization.name),
        "heading": "ĐẢNG CỘNG SẢN VIỆT NAM" if party else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "" if party else "Độc lập - Tự do - Hạnh phúc",
        "number_line": "",
        "place_date": formatting.place_date(organization.place_name, result.day),
        "document_type": "BẢNG KÊ TIỀN THƯỞNG",
        "title": "Kèm theo {} của {} {}".format(
            reference(decision), decision.signer_position, organization.name
        ),
        "subtitle": "Mức lương cơ sở {} (áp dụng ngày {}); mức tiền thưởng theo {}".format(
            summary["base_salary"], summary["day"], summary["decree"]
        ),
        "rows": rows,
        "empty": "" if rows else "Quyết định không có dòng nào.",
        "total": summary["total"],
        "totals": "Cá nhân: {}; tập thể: {}".format(
            summary["individual_total"], summary["collective_total"]
        ),
        "in_words": "Tổng cộng: {} ({} dòng).".format(summary["total"], len(rows)),
        "sources": summary["sources"],
        "review": (
            "Có mức tiền thưởng cần xác nhận theo văn bản gốc trước khi chi."
            if result.to_confirm else ""
        ),
        "revoked": revoked_line(decision),
        "recipients": ["Kế toán", "Lưu: VT, HĐTĐKT."],
        "signer_authority": "",
        "signer_title": "THƯỜNG TRỰC HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        # Whoever of the council's standing members signs on the day: a dotted line to fill.
        "signer_name": "………………………………",
    }  # fmt: skip


def reward_list_filename(record: RewardListRecord) -> str:
    decision = record.decision
    if decision.number is None:
        return formatting.ascii_filename("BangKe-du-thao-{}-{}".format(decision.pk, decision.year))
    return formatting.ascii_filename(
        "BangKe-{}-{}".format(decision.document_number, decision.year)
    )


REWARD_LIST = register(
    DocumentKind(
        name="reward_list",
        label="bảng kê tiền thưởng",
        build_context=build_reward_list_context,
        docx_template=lambda context: "reward_list_{}.docx".format(context["layout"]),
        html_template="documents/reward_list.html",
        find=find_reward_list,
        filename=reward_list_filename,
        options=("number",),
    )
)
