"""The Chủ tịch UBND tỉnh's quyết định khen thưởng issued from the tờ trình received (issue 19):
the same layout as the school's decision (decisions.documents, its DOCX and HTML templates), in
the state format (Nghị định 30/2020/NĐ-CP: a state body), headed by the Ủy ban nhân dân tỉnh,
with the annex of the granted entries grouped by title, each with its agency.

The whole decision is what every agency named in it downloads: a quyết định khen thưởng is an
administrative act sent whole to every unit named in it ("Như Điều 3"), so an agency's copy is
the decision itself, not an extract.
"""

from django.utils import timezone

from thidua.core.choices import COMMENDATION_FORMS, TitleCode
from thidua.decisions.documents import UNDATED, annex_sections, total_line
from thidua.documents import formatting
from thidua.documents.registry import DocumentError, DocumentKind, register
from thidua.organization.models import Assignment
from thidua.proposals.models import ReceivedDecision, ReceivedDecisionState
from thidua.rules import instruments
from thidua.rules.layout import signing

NAMES = dict(TitleCode.choices)
SYMBOL = "QĐ-UBND"
# The body that issues, the head who decides, as headers and Điều 1 write them ({} = place).
BODIES = {
    "province": ("Ủy ban nhân dân tỉnh {}", "Chủ tịch"),
    "academy": ("Học viện Chính trị quốc gia Hồ Chí Minh", "Giám đốc"),
}


def _short(position: str, body: str) -> str:
    """Return the signer's title as signed: "Chủ tịch", "Phó Chủ tịch" (the body is above)."""
    for suffix in (" Ủy ban nhân dân tỉnh", " UBND tỉnh", " Học viện Chính trị quốc gia"):
        if suffix.lower() in position.lower():
            return position[: position.lower().index(suffix.lower())]
    return position


def title_phrase(code: str, year: int) -> str:
    """Return how Điều 1 names an award: Bằng khen của Chủ tịch UBND tỉnh, or danh hiệu “…”
    năm 2022."""
    if code in COMMENDATION_FORMS:
        return NAMES.get(code, code)
    return "danh hiệu “{}” năm {}".format(NAMES.get(code, code), year)


def annex_rows(decision: ReceivedDecision) -> list[dict]:
    """Return the granted entries as the annex lists them: name, position and agency, title
    (three queries)."""
    rows = list(
        decision.entries.filter(decision_granted=True)
        .select_related("receipt__sender", "entry__person", "entry__unit")
        .order_by("receipt__sender__name", "receipt_id", "position", "pk")
    )
    codes = [c for c in TitleCode.values if any(r.title == c for r in rows)]
    rows.sort(key=lambda r: codes.index(r.title))
    people = [r.entry.person_id for r in rows if r.entry.person_id]
    units = dict(Assignment.objects.current().filter(person_id__in=people)
                 .values_list("person_id", "unit__name"))  # fmt: skip
    out = []
    for number, row in enumerate(rows, 1):
        entry, agency = row.entry, row.receipt.sender.name
        if entry.person_id:
            where = ", ".join(x for x in (entry.person.position, units.get(entry.person_id),
                                          agency) if x)  # fmt: skip
        else:
            where = agency if entry.unit_id else "Tập thể"
        out.append({
            "number": str(number), "name": row.subject_name, "where": where,
            "title": NAMES.get(row.title, row.title), "code": row.title, "occasion": "",
            "person": entry.person_id is not None,
            "subject": "person:{}".format(entry.person_id) if entry.person_id
            else "unit:{}:{}".format(row.receipt.sender_id, entry.unit_id),
        })  # fmt: skip
    return out


def subject_line(codes, year: int) -> str:
    """Return "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh" for the decision's titles."""
    return "Về việc tặng {}".format(" và ".join(title_phrase(c, year) for c in codes) or "khen "
                                    "thưởng")  # fmt: skip


def build_received_decision_context(decision: ReceivedDecision) -> dict:
    """Return everything the decision shows, as plain text; DOCX and PDF both read it (the
    keys of decisions.documents.build_decision_context: the same templates)."""
    receiver = decision.receiver
    body_name, head = BODIES.get(decision.body, ("{}", "Thủ trưởng"))
    body_name = body_name.format(receiver.place_name).strip()
    rows = annex_rows(decision)
    codes = list(dict.fromkeys(r["code"] for r in rows))
    issued = decision.state == ReceivedDecisionState.ISSUED
    number_line = ("Số: {}".format(decision.number) if issued
                   else formatting.draft_number_line(SYMBOL, party=False))  # fmt: skip
    day = formatting.vietnamese_date(decision.signed_on) if issued else UNDATED
    # The law of the signing day (a draft reads as if signed today).
    signing_day = decision.signed_on or timezone.localdate()
    bases = ["Căn cứ {};".format(i.basis) for i in instruments.bases_on(signing_day)]
    senders = sorted({r.receipt.sender.name for r in decision.entries.select_related(
        "receipt__sender")})  # fmt: skip
    bases.append("Xét đề nghị của {} và tờ trình của {}.".format(receiver.name,
                                                                  ", ".join(senders)))
    authority = "{} {}".format(head, body_name)
    lines = []
    for code in codes:
        people = sum(1 for r in rows if r["code"] == code and r["person"])
        collectives = sum(1 for r in rows if r["code"] == code and not r["person"])
        whom = " và ".join("{} {}".format(n, label) for n, label in
                           ((collectives, "tập thể"), (people, "cá nhân")) if n)  # fmt: skip
        lines.append("Tặng {} cho {} đã có thành tích xuất sắc trong phong trào thi đua năm "
                     "{};".format(title_phrase(code, decision.year), whom, decision.year))
    if lines:
        lines[-1] = lines[-1][:-1] + "."
    sign = signing(_short(decision.signer_position, decision.body), head, "state")
    reference = number_line.replace("Số: ", "Số ")
    return {
        "layout": "state",
        "parent_body": "",
        "issuer": formatting.upper(body_name),
        "heading": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "number_line": number_line,
        "place_date": "{}, {}".format(receiver.place_name, day),
        "document_type": "QUYẾT ĐỊNH",
        "title": subject_line(codes, decision.year),
        "authority": formatting.upper(authority),
        "bases": bases,
        "article_one": lines,
        "article_one_note": "(Có danh sách kèm theo)",
        "article_two": "Các cá nhân, tập thể có tên tại Điều 1 được hưởng tiền thưởng theo quy "
        "định tại {}.".format(instruments.reward_decree_on(signing_day).reference),
        "article_three": (
            "Quyết định có hiệu lực kể từ ngày ký. Chánh Văn phòng {}, Thủ trưởng {}, thủ "
            "trưởng các cơ quan, đơn vị có liên quan và các cá nhân, tập thể có tên tại Điều 1 "
            "chịu trách nhiệm thi hành Quyết định này.".format(body_name, receiver.name)
        ),
        "recipients": ["Như Điều 3;", "Lưu: VT, {}.".format(receiver.abbreviation)],
        "signer_authority": sign.authority,
        "signer_title": sign.title,
        "signer_name": decision.signer_name,
        "annex_title": "DANH SÁCH",
        "annex_subtitle": subject_line(codes, decision.year).replace("Về việc tặng", "Được tặng"),
        "annex_reference": "(Kèm theo Quyết định {} {} của {})".format(reference, day, authority),
        "rows": rows,
        "sections": annex_sections(rows),
        "count": total_line(rows),
        "revoked": "",
        "draft": not issued,
    }


def find_received_decision(organization, year: int | None, number: str | None = None):
    """Return the receiving organisation's issued decision of the year with this number
    ("1234/QĐ-UBND", compared case-folded)."""
    if year is None:
        raise DocumentError("Cần năm xét khen thưởng của quyết định (--year).")
    if not number:
        raise DocumentError("Cần số quyết định (--number), ví dụ 1234/QĐ-UBND.")
    folded = number.strip().casefold()
    for decision in ReceivedDecision.objects.select_related("receiver").filter(
        receiver=organization, year=year, state=ReceivedDecisionState.ISSUED
    ):
        if decision.number.casefold() == folded:
            return decision
    raise DocumentError("{} không có quyết định số {} năm {}.".format(organization.name, number,
                                                                      year))  # fmt: skip


def received_decision_filename(decision: ReceivedDecision) -> str:
    """Return "QD-1234-QD-UBND-2022" (or "QD-du-thao-3-2022" for a draft), ASCII only."""
    if decision.state != ReceivedDecisionState.ISSUED:
        return formatting.ascii_filename("QD-du-thao-{}-{}".format(decision.pk, decision.year))
    return formatting.ascii_filename("QD-{}-{}".format(decision.number, decision.year))


RECEIVED_DECISION = register(
    DocumentKind(
        name="received_decision",
        label="quyết định khen thưởng của Chủ tịch UBND tỉnh",
        build_context=build_received_decision_context,
        docx_template=lambda context: "decision_state.docx",
        html_template="documents/decision.html",
        find=find_received_decision,
        filename=received_decision_filename,
        options=("number",),
    )
)
