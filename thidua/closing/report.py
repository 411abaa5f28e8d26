"""The data of the closing documents, built from the database: the phase report and the
year-end report. The targets are measured by plans.measures, exactly as the dashboard does."""

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count

from thidua.awards.models import Award, AwardSource
from thidua.closing.charts import Chart
from thidua.closing.models import PhaseSummary, YearReport
from thidua.clusters.models import ClusterMember, CriterionKind
from thidua.clusters.results import standings, tally
from thidua.core.choices import TitleCode
from thidua.plans.measures import MET, load_population, measure_plan
from thidua.proposals.models import Proposal, ProposalEntry

NAMES = dict(TitleCode.choices)
SIGNS = {"gte": "≥", "gt": ">", "eq": "=", "range": "từ … đến"}
# Shown when the organisation is in no cluster of the year in thidua.
CLUSTER_NONE = (
    "Năm {year}, {name} không có tên trong cụm thi đua nào được ghi trong hệ thống."
)
SECTION_TITLES = {
    "assessment": "Đánh giá chung",
    "shortcomings": "Tồn tại, hạn chế",
    "lessons": "Bài học kinh nghiệm",
    "directions": "Phương hướng, nhiệm vụ năm {next}",
}


def number(value) -> str:
    """Return a decimal as Vietnamese writes it: 93,5 and 100 (never 93.5, 1E+2 or 100.00)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f").replace(".", ",")


def figure_text(target, figure) -> str:
    if figure.held is not None:
        return "Đạt" if figure.held else "Chưa đạt"
    if figure.total:
        if figure.count is None:
            return "Chưa nhập số liệu"
        return "{}/{} ({}%)".format(figure.count, figure.total, number(figure.percent))
    if figure.count is not None:
        return str(figure.count)
    return "Chưa có số liệu"


def goal_text(target) -> str:
    if target.goal is None:
        return ""
    suffix = "%" if target.is_share else ""
    goal = number(target.goal)
    if target.comparison == "range":
        return "từ {} đến {}{}".format(goal, number(target.goal_max), suffix)
    return "{} {}{}".format(SIGNS.get(target.comparison, ""), goal, suffix)


def why(result) -> str:
    """Return why the target is met or not: the evidence, the engine's reason, or the figures."""
    target = result.target
    parts = [result.reason] if result.reason else []
    if result.source:
        parts.append("({})".format(result.source))
    if not parts and target.goal is not None:
        parts.append(
            "Kết quả {} so với mục tiêu {}.".format(
                figure_text(target, result.awarded), goal_text(target)
            )
        )
    return " ".join(parts)


def target_rows(results) -> list[dict]:
    rows = []
    for result in results:
        target = result.target
        by_unit = "; ".join(
            "{}: {}".format(name, figure_text(target, fig)) for name, fig in result.by_unit
        )
        rows.append({
            "number": str(target.position),
            "text": " ".join(target.text.split()),
            "goal": goal_text(target),
            "result": figure_text(target, result.awarded),
            "status": result.label,
            "met": result.status == MET,
            "why": why(result),
            "by_unit": by_unit,
        })  # fmt: skip
    return rows


def target_chart(results, year) -> Chart | None:
    rows = [r for r in results if r.target.is_share and r.awarded.percent is not None]
    if not rows:
        return None
    return Chart(
        "Tỷ lệ đạt các chỉ tiêu năm {} so với mục tiêu".format(year),
        ["CT {}".format(r.target.position) for r in rows],
        [("Đạt", [float(r.awarded.percent) for r in rows]),
         ("Mục tiêu", [float(r.target.goal) for r in rows])],
        unit="%",
    )  # fmt: skip


def award_summary(organization, year):
    """Return (school rows, higher rows, chart): per title, how many people and collectives hold
    it for the year, split by who decided it (one grouped query)."""
    counts = (
        Award.objects.in_force()
        .filter(organization=organization, year=year)
        .values("code", "source", "issued_by")
        .annotate(n=Count("pk"))
        .order_by()
    )
    school, higher = Counter(), defaultdict(Counter)
    for row in counts:
        if row["source"] == AwardSource.OWN_DECISION:
            school[row["code"]] += row["n"]
        else:
            higher[row["code"]][row["issued_by"]] += row["n"]
    order = {code: i for i, code in enumerate(TitleCode.values)}
    school_rows = [
        {"title": NAMES.get(code, code), "count": str(n), "issued_by": organization.name}
        for code, n in sorted(school.items(), key=lambda item: order.get(item[0], 99))
    ]
    higher_rows = [
        {"title": NAMES.get(code, code), "count": str(n), "issued_by": issuer}
        for code, issuers in sorted(higher.items(), key=lambda item: order.get(item[0], 99))
        for issuer, n in sorted(issuers.items())
    ]
    chart = None
    totals = Counter(school)
    for code, issuers in higher.items():
        totals[code] += sum(issuers.values())
    if totals:
        codes = sorted(totals, key=lambda code: order.get(code, 99))
        chart = Chart(
            "Danh hiệu, hình thức khen thưởng năm {}".format(year),
            [_short(code) for code in codes],
            [("Nhà trường quyết định", [school.get(c, 0) for c in codes]),
             ("Cấp trên, tổ chức khác", [sum(higher[c].values()) for c in codes])],
            unit="số lượng",
        )  # fmt: skip
    return school_rows, higher_rows, chart


def _short(code: str) -> str:
    return code.replace("_", " ")


def proposal_rows(organization, year) -> list[dict]:
    """Return per tờ trình of the year: its number, what it proposed, and the answer."""
    proposals = Proposal.objects.filter(organization=organization, year=year).order_by(
        "dated_on", "number"
    )
    entries = defaultdict(Counter)
    for proposal_id, title, outcome in ProposalEntry.objects.filter(
        proposal__in=proposals
    ).values_list("proposal_id", "title", "outcome"):
        entries[proposal_id][(title, outcome)] += 1
    rows = []
    for proposal in proposals:
        proposed, answered = Counter(), []
        for (title, _outcome), n in entries[proposal.pk].items():
            proposed[title] += n
        for title in proposed:
            granted = entries[proposal.pk][(title, "granted")]
            refused = entries[proposal.pk][(title, "refused")]
            answered.append("{}: {} được khen, {} không".format(NAMES.get(title, title),
                                                                granted, refused))  # fmt: skip
        rows.append({
            "proposal": "Tờ trình số {}, {:%d/%m/%Y}, gửi {}".format(
                proposal.document_number, proposal.dated_on, proposal.get_body_display()
            ),
            "proposed": "; ".join(
                "{} {}".format(n, NAMES.get(title, title)) for title, n in proposed.items()
            ),
            "answer": "{}. {}".format(proposal.get_state_display(), "; ".join(answered)),
        })  # fmt: skip
    return rows


def cluster_sections(organization, year) -> list[dict]:
    """Return, per cluster the organisation belongs to in ``year``: its name and role, the
    organisation's points criterion by criterion (the leader's where checked), its total and
    rank, and the cluster's vote (suy tôn) as it stands."""
    memberships = (
        ClusterMember.objects.filter(organization=organization, cluster__year=year)
        .select_related("cluster")
        .order_by("cluster__name")
    )
    sections = []
    for member in memberships:
        cluster = member.cluster
        rows = standings(cluster)
        own = next(r for r in rows if r.member.pk == member.pk)
        leader = cluster.leader
        scores = {s.criterion_id: s for s in own.member.scores.all()}
        lines = []
        for group in cluster.groups.prefetch_related("criteria"):
            for criterion in group.criteria.all():
                score = scores.get(criterion.pk)
                label = criterion.text
                if criterion.kind != CriterionKind.REGULAR:
                    label = "{}: {}".format(criterion.get_kind_display(), label)
                lines.append({
                    "number": str(len(lines) + 1),
                    "criterion": "{} – {}".format(group.name, label),
                    "max": number(criterion.max_points),
                    "points": number(score.points) if score else "Chưa chấm",
                })  # fmt: skip
        if not own.scored:
            standing = "{} chưa tự chấm điểm.".format(member.name)
        else:
            ranked = sum(1 for r in rows if r.scored)
            standing = "Tổng điểm: {} ({}); xếp thứ {}/{} đơn vị đã chấm điểm.".format(
                number(own.total),
                "cụm trưởng đã chấm ngày {:%d/%m/%Y}".format(member.checked_on)
                if own.checked else "điểm tự chấm, cụm trưởng chưa chấm lại",
                own.rank, ranked,
            )  # fmt: skip
        if cluster.voted_leader_id:
            votes = {m.pk: n for m, n in tally(cluster)}
            chosen = cluster.voted_leader
            vote = "Tổng kết, suy tôn ngày {:%d/%m/%Y}: {} được suy tôn dẫn đầu cụm".format(
                cluster.reviewed_on, chosen.name
            ) + " ({}/{} phiếu).".format(votes.get(chosen.pk, 0), len(rows))
            if chosen.pk == member.pk:
                vote += " {} là đơn vị dẫn đầu cụm năm {}.".format(member.name, year)
            else:
                vote += " {}: {} phiếu suy tôn.".format(member.name, votes.get(member.pk, 0))
        else:
            vote = "Cụm chưa tổng kết, suy tôn năm {}.".format(year)
        sections.append({
            "heading": "{} năm {} ({})".format(cluster.name, year, cluster.get_level_display()),
            "roles": "Cụm trưởng: {}. {}: {}.".format(
                leader.name if leader else "chưa bầu", member.name,
                member.get_role_display().lower(),
            ),
            "scores": lines,
            "standing": standing,
            "vote": vote,
            "notice": cluster.notice,
        })  # fmt: skip
    return sections


def year_report_data(plan, *, today=None) -> dict:
    """Return the year-end report's content (without the layout's header and signer)."""
    organization, year = plan.organization, plan.year
    results = measure_plan(plan, load_population(plan), today=today)
    school, higher, awards_chart = award_summary(organization, year)
    report = YearReport.objects.filter(organization=organization, year=year).first()
    sections = []
    for name, heading in SECTION_TITLES.items():
        text = getattr(report, name, "") if report else ""
        sections.append({
            "name": name,
            "heading": heading.format(next=year + 1),
            "paragraphs": [line.strip() for line in text.splitlines() if line.strip()]
            or ["……………………………………………………………………………………"],
        })  # fmt: skip
    summaries = PhaseSummary.objects.filter(phase__plan=plan).select_related("phase")
    clusters = cluster_sections(organization, year)
    met = sum(1 for r in results if r.status == MET)
    return {
        "year": str(year),
        "plan_reference": "Kế hoạch số {} ngày {:%d/%m/%Y} {}".format(
            plan.document_number, plan.issued_on, plan.title[:1].lower() + plan.title[1:]
        ),
        "targets": target_rows(results),
        "targets_summary": "Đạt {}/{} chỉ tiêu của kế hoạch.".format(met, len(results)),
        "targets_chart": target_chart(results, year),
        "school_awards": school,
        "higher_awards": higher,
        "awards_chart": awards_chart,
        "proposals": proposal_rows(organization, year),
        "clusters": clusters,
        "cluster_none": "" if clusters else CLUSTER_NONE.format(year=year, name=organization.name),
        "phases": [
            "{}: tổng kết ngày {:%d/%m/%Y}".format(s.phase.name, s.summed_up_on)
            for s in summaries
        ],
        "sections": sections,
        "report_date": date(year, 12, 30),
    }
