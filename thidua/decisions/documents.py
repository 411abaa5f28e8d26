"""The award decision (quyết định khen thưởng) with its annexed list (law.md §2.12, §5).

Quyết định về việc tặng danh hiệu …: the legal bases (căn cứ), Điều 1 (who receives what, the list
annexed), Điều 2 (the reward under the decree), Điều 3 (who carries it out), the recipients and
the signature; then the annex: STT, họ và tên, chức vụ/đơn vị, danh hiệu. Party layout (Hướng
dẫn 36-HD/VPTW) or state layout (Nghị định 30/2020/NĐ-CP) as the organisation's style says.
"""

from collections import Counter

from django.db.models import Q
from django.utils import timezone

from thidua.core.choices import COMMENDATION_FORMS, TitleCode
from thidua.documents import formatting
from thidua.documents.layout import is_party
from thidua.documents.registry import DocumentError, DocumentKind, register
from thidua.organization.models import Assignment
from thidua.rules import instruments
from thidua.rules.authority import BODY_NAMES, SCHOOL
from thidua.rules.layout import signing

NAMES = dict(TitleCode.choices)
UNDATED = "ngày … tháng … năm …"


def title_phrase(code: str) -> str:
    """Return how Điều 1 names an award: danh hiệu “Lao động tiên tiến”, or Giấy khen."""
    if code in COMMENDATION_FORMS:
        return "Giấy khen"
    return "danh hiệu “{}”".format(NAMES.get(code, code))


def subject_line(codes, year: int) -> str:
    """Return "Về việc tặng danh hiệu “Lao động tiên tiến” năm 2022" for the decision's titles."""
    titles = [NAMES.get(c, c) for c in codes if c not in COMMENDATION_FORMS]
    parts = []
    if titles:
        parts.append(
            "danh hiệu {}".format(", ".join("“{}”".format(t) for t in titles))
            if len(titles) > 1
            else "danh hiệu “{}”".format(titles[0])
        )
    if any(c in COMMENDATION_FORMS for c in codes):
        parts.append("Giấy khen")
    return "Về việc tặng {} năm {}".format(" và ".join(parts) or "danh hiệu", year)


def current_units(person_pks) -> dict[int, str]:
    """Return each person's current unit name (one query)."""
    return dict(
        Assignment.objects.current()
        .filter(person_id__in=person_pks)
        .values_list("person_id", "unit__name")
    )


def annex_rows(decision) -> list[dict]:
    """Return the annexed list's rows: number, name, position/unit, title (two queries)."""
    entries = list(decision.entries.select_related("person", "unit").order_by("position", "pk"))
    units = current_units([e.person_id for e in entries if e.person_id])
    rows = []
    for number, entry in enumerate(entries, 1):
        if entry.person_id:
            person = entry.person
            where = ", ".join(part for part in (person.position, units.get(person.pk, "")) if part)
            name = person.display_name
        elif entry.unit_id:
            name, where = entry.unit.name, "Tập thể"
        else:
            name, where = decision.organization.name, "Tập thể"
        rows.append({
            "number": str(number), "name": name, "where": where,
            "title": NAMES.get(entry.title, entry.title), "code": entry.title,
            "occasion": entry.occasion,
            "person": entry.person_id is not None,
            "subject": "person:{}".format(entry.person_id) if entry.person_id
            else "unit:{}".format(entry.unit_id),
        })  # fmt: skip
    return rows


def total_line(rows) -> str:
    """"Tổng số" counts people and collectives, each once: a person awarded two titles (LĐTT
    and CSTĐCS) is two lines of the annex but one person. "3 cá nhân và 1 tập thể"."""
    people = {row["subject"] for row in rows if row["person"]}
    collectives = {row["subject"] for row in rows if not row["person"]}
    parts = ["{} {}".format(n, label) for n, label in ((len(people), "cá nhân"),
                                                      (len(collectives), "tập thể")) if n]
    return " và ".join(parts) or "0"


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def annex_sections(rows) -> list[dict]:
    """Group the annex by title, in the decision's order: "I. Danh hiệu “Lao động tiên tiến”"
    over a list numbered from 1, as annexed lists are usually laid out. The title column this
    saves is also a quarter of the cells WeasyPrint lays out (bench/README.md)."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((row["code"], row.get("occasion", "")), []).append(row)
    sections = []
    for index, ((code, occasion), members) in enumerate(groups.items()):
        people = sum(1 for row in members if row["person"])
        collectives = len(members) - people
        whom = [
            "{} {}".format(n, label)
            for n, label in ((people, "cá nhân"), (collectives, "tập thể"))
            if n
        ]
        sections.append({
            "heading": "{}. {}{} ({})".format(
                ROMAN[index] if index < len(ROMAN) else index + 1,
                title_phrase(code)[0].upper() + title_phrase(code)[1:],
                " – {}".format(occasion) if occasion else "",
                ", ".join(whom),
            ),
            "name_header": (
                "Họ và tên" if not collectives else "Tên tập thể" if not people
                else "Cá nhân, tập thể"
            ),
            "rows": [dict(row, number=str(n)) for n, row in enumerate(members, 1)],
        })  # fmt: skip
    return sections


def article_one(rows, year: int) -> list[str]:
    """Return Điều 1's lines: one per title with how many individuals and collectives."""
    counts = Counter((row["code"], row["person"]) for row in rows)
    lines = []
    for code in dict.fromkeys(row["code"] for row in rows):
        people, collectives = counts[(code, True)], counts[(code, False)]
        whom = []
        if people:
            whom.append("{} cá nhân".format(people))
        if collectives:
            whom.append("{} tập thể".format(collectives))
        lines.append("Tặng {} năm {} cho {};".format(title_phrase(code), year, " và ".join(whom)))
    if lines:
        lines[-1] = lines[-1][:-1] + "."
    return lines


def article_two(decision, decree: str) -> str:
    """Return Điều 2: the reward under the decree of the signing day and, when an app above
    decisions supplies it (rewards: the bảng kê under the law of the decision's date), the total
    and the fund it is paid from."""
    from thidua.decisions.hooks import reward_money

    text = "Các cá nhân, tập thể có tên tại Điều 1 được hưởng tiền thưởng theo quy định tại "
    text += decree
    money = reward_money(decision)
    if money is None:
        return text + "."
    return "{}; tổng số tiền thưởng là {} đồng, chi từ {}.".format(
        text, "{:,}".format(money.total).replace(",", "."), money.source
    )


HEAD = BODY_NAMES[SCHOOL]  # "Hiệu trưởng": the head of the organisation, who decides


def build_decision_context(decision, layout: str | None = None) -> dict:
    """Return everything the decision shows, as plain text; DOCX and PDF both read it."""

    organization = decision.organization
    party = is_party("decision", organization, None, layout)
    rows = annex_rows(decision)
    if decision.number is not None:
        number_line = (formatting.party_number_line if party else formatting.state_number_line)(
            str(decision.number), decision.symbol
        )
        reference = number_line.replace("Số: ", "Số ")
    else:
        number_line = formatting.draft_number_line(decision.symbol, party=party)
        reference = "Số …"
    day = formatting.vietnamese_date(decision.decided_on) if decision.decided_on else UNDATED
    place = decision.place or organization.place_name
    sign = signing(decision.signer_position, HEAD, "party" if party else "state")
    # A deputy signs for the head (KT.): the decision is still the head's, in the body as above.
    holder = HEAD if sign.authority else decision.signer_position
    authority = "{} {}".format(holder, organization.name)
    from thidua.decisions.actions import default_legal_bases, is_default_legal_bases

    # Điều 2 pays under the decree in force on the signing day, as its bases cite (a 2022
    # decision signed in 2026 pays under NĐ 152/2025, not NĐ 91/2017). A draft is read as if
    # signed today, bases and Điều 2 alike, unless its bases were written by hand.
    signing_day = decision.decided_on or timezone.localdate()
    reward_decree = instruments.reward_decree_on(signing_day)
    bases = decision.legal_basis_lines()
    if decision.decided_on is None and is_default_legal_bases(organization, decision.legal_bases):
        bases = default_legal_bases(organization, signing_day).splitlines()
    return {
        "layout": "party" if party else "state",
        "parent_body": formatting.upper(organization.parent_body),
        "issuer": formatting.upper(organization.name),
        "heading": "ĐẢNG CỘNG SẢN VIỆT NAM" if party else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "" if party else "Độc lập - Tự do - Hạnh phúc",
        "number_line": number_line,
        "place_date": "{}, {}".format(place, day),
        "document_type": "QUYẾT ĐỊNH",
        "title": subject_line(decision.titles or [r["code"] for r in rows], decision.year),
        "authority": formatting.upper(authority),
        "bases": bases,
        "article_one": article_one(rows, decision.year),
        "article_one_note": "(Có danh sách kèm theo)",
        "article_two": article_two(decision, reward_decree.reference),
        "article_three": (
            "Quyết định có hiệu lực kể từ ngày ký. Thường trực Hội đồng Thi đua – Khen thưởng, "
            "thủ trưởng các khoa, phòng và các cá nhân, tập thể có tên tại Điều 1 chịu trách "
            "nhiệm thi hành Quyết định này."
        ),
        "recipients": ["Như Điều 3;", "Lưu: VT, HĐTĐKT."],
        "signer_authority": sign.authority,
        "signer_title": sign.title,
        "signer_name": decision.signer_name,
        "annex_title": "DANH SÁCH",
        "annex_subtitle": subject_line(
            decision.titles or [r["code"] for r in rows], decision.year
        ).replace("Về việc tặng", "Được tặng"),
        "annex_reference": "(Kèm theo Quyết định {} {} của {})".format(reference, day, authority),
        "rows": rows,
        "sections": annex_sections(rows),
        "count": total_line(rows),
        "revoked": (
            "Quyết định đã bị thu hồi ngày {:%d/%m/%Y}: {}".format(
                decision.revoked_on, decision.revoked_reason
            )
            if decision.state == "revoked"
            else ""
        ),
        "draft": decision.state == "draft",
    }


# Above this many annex rows the PDF's annex is drawn apart (documents.annex_pdf), after the body
# rendered by WeasyPrint: ≈ 2 ms of WeasyPrint's CPU a row against ≈ 0.05 ms drawn, for the same
# pages (bench/README.md, award decision). Shorter annexes stay in the HTML template.
DRAWN_ANNEX_ROWS = 150


def annex_blocks(context) -> list:
    """The annex as decision.html prints it, block by block, for documents.annex_pdf."""
    from thidua.documents.annex_pdf import PT_PER_MM, Column, Paragraph, Table
    from thidua.documents.templatetags.documents import SYMBOL

    blocks = [
        Paragraph(context["annex_title"], bold=True, align="center", indent=0),
        Paragraph(context["annex_subtitle"], bold=True, align="center", indent=0),
        # decision.html: annex_reference|nobreak_symbols
        Paragraph(
            context["annex_reference"], italic=True, align="center", indent=0, apart=SYMBOL
        ),
    ]
    for section in context["sections"]:
        # p.annex-section: justified, first line indented, 10 pt above and nothing below
        blocks.append(Paragraph(section["heading"], bold=True, margin_top=10, margin_bottom=0))
        columns = (
            Column("STT", 12 * PT_PER_MM, "center"),
            Column(section["name_header"], 65 * PT_PER_MM),
            Column("Chức vụ, đơn vị"),
        )
        rows = [(row["number"], row["name"], row["where"]) for row in section["rows"]]
        blocks.append(Table(columns, rows))
    blocks.append(Paragraph("Tổng số: {}".format(context["count"]), bold=True, align="center",
                            indent=0))  # fmt: skip
    return blocks


def decision_pdf(context) -> bytes:
    """The decision's PDF: all through WeasyPrint, or, for an annex of more than
    ``DRAWN_ANNEX_ROWS`` rows, the body through WeasyPrint and the annex drawn after it on new
    pages, numbered on from the body's (documents.annex_pdf; the same look)."""
    from thidua.documents import annex_pdf
    from thidua.documents.render import pdf_from_html, render_html

    if len(context["rows"]) <= DRAWN_ANNEX_ROWS:
        return pdf_from_html(render_html(DECISION, context))
    blocks = annex_blocks(context)
    texts = [context["annex_title"], context["annex_subtitle"], context["annex_reference"],
             context["count"]]  # fmt: skip
    for section in context["sections"]:
        texts.append(section["heading"])
        texts.extend(text for row in section["rows"] for text in (row["name"], row["where"]))
    if not annex_pdf.drawable(texts):
        return pdf_from_html(render_html(DECISION, context))
    body = pdf_from_html(render_html(DECISION, dict(context, annex_drawn=True)))
    return annex_pdf.after(body, blocks)


def find_decision(organization, year: int | None, number: str | None = None):
    """Return the issued (or revoked) decision of the year with this number."""
    from thidua.decisions.actions import parse_number
    from thidua.decisions.models import Decision

    if year is None:
        raise DocumentError("Cần năm của quyết định (--year).")
    if not number:
        raise DocumentError("Cần số quyết định (--number), ví dụ 15/QĐ-{}.".format(
            organization.abbreviation
        ))  # fmt: skip
    sequence = parse_number(number)
    # Numbers run per calendar year of signing; `year` names the award year or, failing that,
    # the year the decision was signed (a 2022 decision signed in January 2023).
    found = (
        Decision.objects.select_related("organization")
        .filter(Q(year=year) | Q(number_year=year), organization=organization, number=sequence)
        .order_by("-year", "pk")
        if sequence is not None
        else []
    )
    decision = next((d for d in found if d.year == year), None) or next(iter(found), None)
    if decision is None:
        raise DocumentError(
            "{} không có quyết định số {} năm {}.".format(organization.name, number, year)
        )
    return decision


def decision_filename(decision) -> str:
    """Return "QD-15-QD-TCTTP-2022" (or "QD-du-thao-7-2022" for a draft), ASCII only."""
    if decision.number is None:
        return formatting.ascii_filename("QD-du-thao-{}-{}".format(decision.pk, decision.year))
    return formatting.ascii_filename("QD-{}-{}".format(decision.document_number, decision.year))


DECISION = register(
    DocumentKind(
        name="decision",
        label="quyết định khen thưởng",
        build_context=build_decision_context,
        docx_template=lambda context: "decision_{}.docx".format(context["layout"]),
        html_template="documents/decision.html",
        find=find_decision,
        filename=decision_filename,
        options=("number",),
        overridable=True,
        pdf=decision_pdf,
    )
)
