"""The year's emulation plan (kế hoạch thi đua), laid out like the seed's 3-KH/TCTTP."""

from thidua.core.choices import TitleCode
from thidua.documents import formatting
from thidua.documents.layout import is_party
from thidua.documents.registry import DocumentError, DocumentKind, register
from thidua.plans.models import Plan
from thidua.rules.authority import BODY_NAMES, SCHOOL
from thidua.rules.layout import signing


def title_labels(codes) -> str:
    """Return the Vietnamese names of title codes, joined as the seed joins them ("; ")."""
    labels = dict(TitleCode.choices)
    return "; ".join(labels.get(code, code) for code in codes)


def target_groups(plan: Plan) -> list[dict]:
    """Return the targets grouped as the plan writes them: a) … f), each with its text lines."""
    groups: list[dict] = []
    for target in plan.targets.all():
        if not groups or groups[-1]["name"] != target.group:
            groups.append({"name": target.group, "lines": []})
        lines = [line.strip() for line in target.text.splitlines() if line.strip()]
        groups[-1]["lines"].extend(lines)
    return groups


def build_plan_context(plan: Plan, layout: str | None = None) -> dict:
    """Return everything the plan document shows, as plain text; DOCX and PDF both read it."""
    organization = plan.organization
    party = is_party("plan", organization, None, layout)
    number_line = (formatting.party_number_line if party else formatting.state_number_line)(
        plan.number, plan.symbol
    )
    sign = signing(plan.signer_title, BODY_NAMES[SCHOOL], "party" if party else "state")
    return {
        "layout": "party" if party else "state",
        "parent_body": formatting.upper(organization.parent_body),
        "issuer": formatting.upper(organization.name),
        # Party layout: "ĐẢNG CỘNG SẢN VIỆT NAM"; state layout: national heading and motto.
        "heading": "ĐẢNG CỘNG SẢN VIỆT NAM" if party else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "" if party else "Độc lập - Tự do - Hạnh phúc",
        "number_line": number_line,
        "place_date": formatting.place_date(plan.place or organization.place_name, plan.issued_on),
        "document_type": "KẾ HOẠCH",
        "title": plan.title,
        "slogan": plan.slogan,
        "preamble": plan.lines("preamble"),
        "purposes": plan.lines("purposes"),
        "theme": plan.theme.strip(),
        "content_items": [item.text.strip() for item in plan.content_items.all()],
        "target_groups": target_groups(plan),
        "organization_items": plan.lines("organization_section"),
        "proposed_titles": title_labels(plan.proposed_titles or []),
        "proposed_forms": title_labels(plan.proposed_forms or []),
        "recipients": plan.lines("recipients"),
        "signer_authority": sign.authority,
        "signer_title": sign.title,
        "signer_name": plan.signer.display_name if plan.signer else "",
    }


def find_plan(organization, year: int | None) -> Plan:
    if year is None:
        raise DocumentError("Cần năm của kế hoạch (--year).")
    plan = plans_for_documents().filter(organization=organization, year=year).first()
    if plan is None:
        raise DocumentError("{} chưa có kế hoạch thi đua năm {}.".format(organization.name, year))
    return plan


def plans_for_documents():
    """Plans with what the document reads, in few queries."""
    return Plan.objects.select_related("organization", "signer").prefetch_related(
        "content_items", "targets"
    )


def plan_filename(plan: Plan) -> str:
    """Return "KH-3-KH-TCTTP-2022": the type, the number-symbol and the year, ASCII only."""
    return formatting.ascii_filename("KH-{}-{}".format(plan.document_number, plan.year))


PLAN = register(
    DocumentKind(
        name="plan",
        label="kế hoạch thi đua",
        build_context=build_plan_context,
        docx_template=lambda context: "plan_{}.docx".format(context["layout"]),
        html_template="documents/plan.html",
        find=find_plan,
        filename=plan_filename,
        overridable=True,
    )
)
