"""Counting a session's ballots: thresholds from the rule set, quotas, and the seal.

Everything here reads; the actions write. Ratios are exact fractions, so 9 of 10 is 90% exactly.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, date
from fractions import Fraction

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from thidua import rules
from thidua.core.choices import TitleCode
from thidua.council import ballot_box
from thidua.council.models import (
    Ballot,
    BallotChoice,
    CouncilSession,
    Nomination,
    VoteRecord,
)
from thidua.council.subjects import lower_titles_for
from thidua.rules import authority, instruments

# How the school's council votes where the rule set has no rule of its level, and the lower
# title a member may agree to: the law's, in thidua.rules.authority.
DEFAULT_BALLOT = authority.DEFAULT_BALLOT
DEFAULT_BALLOT_SOURCE = rules.cite(authority.DEFAULT_BALLOT_SOURCE)
LOWER_TITLES = authority.LOWER_TITLES

# Sources frozen (and sealed) in the results of sessions closed before the law's texts were
# rewritten, as readers now see them: the stored results are never changed, only their display.
LEGACY_SOURCES = {
    "Thông tư 35/2015/TT-BGDĐT (ví dụ của ngành; cơ quan có thể tự đặt)": "ORG.COUNCIL",
    "Thông tư 35/2015/TT-BGDĐT (ví dụ của ngành giáo dục: Hội đồng họp khi có ít nhất 2/3"
    " thành viên)": "ORG.COUNCIL",
    "Thông tư 35/2015/TT-BGDĐT: họp khi có ít nhất 2/3 thành viên": "ORG.COUNCIL",
    "Nghị định 152/2025/NĐ-CP (quy định về bỏ phiếu: chưa thấy văn bản)": "ND152.30.7",
    "Quy định của cơ quan, đơn vị (tham số ghi đè)": "THIDUA.ORG",
}


def shown_source(text: str) -> str:
    """Return a frozen legal source as it is shown today (legacy wording mapped, else as is)."""
    key = LEGACY_SOURCES.get(text)
    return rules.cite(key) if key else text


def rule_set_label(name: str) -> str:
    """Return the instruments a rule set stands for ("Luật …; Nghị định …"), never its name."""
    rule_set = rules.RULE_SETS.get(name)
    return "; ".join(rule_set.instruments) if rule_set else ""

# thidua's ballot is always secret (one paper per member, kept apart from who voted): that is
# what happened, whatever the rule asks at least. A rule that does not require secrecy (NĐ 98
# Điều 30.7 says "bỏ phiếu", not "kín") is shown as information only.
HELD_BALLOT = "Bỏ phiếu kín"
RULE_NOT_SECRET = "theo quy định: biểu quyết, không bắt buộc bỏ phiếu kín"


def ballot_type_text(row: dict) -> str:
    """Return how the council voted on a result row, with the rule's own type if it differs."""
    if row.get("secret", True):
        return HELD_BALLOT
    return "{} ({})".format(HELD_BALLOT, RULE_NOT_SECRET)


DENOMINATOR_LABELS = {"total_members": "tổng số thành viên", "present": "số thành viên biểu quyết"}


def rule_set_for(organization, year: int) -> rules.RuleSet:
    """Return the rule set that judges `year` with the organisation's own parameters: what the
    titles require, and their quotas."""
    return rules.rule_set_for(year).with_overrides(organization.overrides_for(year))


def session_day(session: CouncilSession) -> date:
    """Return the day the council met, as the secretary entered it (before that date existed,
    the day its session was opened; the migration filled it so)."""
    if session.meeting_on:
        return session.meeting_on
    return timezone.localdate(session.opened_at) if session.opened_at else timezone.localdate()


def procedure_rule_set(organization, day: date) -> rules.RuleSet:
    """Return the rule set of the decree in force on `day`, with the organisation's parameters:
    how a council meeting that day votes and when it may sit. A 2023 review held in January
    2024 votes under NĐ 98/2023 Điều 30.7 (≥ 80% of all members for CSTĐCS), in force that day,
    while what the 2023 titles require stays the 2017 regime's."""
    rule_set = rules.RULE_SETS[instruments.rule_set_name_on(day)]
    return rule_set.with_overrides(organization.overrides_for_regime(rule_set.regime))


SCHOOL_COUNCIL = authority.SCHOOL_COUNCIL
# The council of a body that receives tờ trình (the province's, the Academy's) votes on another
# organisation's nominee as the provincial, ministerial level's council (rules.codes.LEVELS).
RECEIVING_COUNCIL = "tinh"


def council_level(nomination: Nomination) -> str:
    """Return the level of council that votes on the nomination: the organisation's own for its
    people, units and itself; the provincial level's for a nominee a received tờ trình
    proposed (NĐ 91/2017 Điều 45.8: 90% of all members for CSTĐ tỉnh)."""
    return RECEIVING_COUNCIL if nomination.is_outside else SCHOOL_COUNCIL


def ballot_rule(
    rule_set: rules.RuleSet, title: str, council: str = SCHOOL_COUNCIL
) -> tuple[rules.Ballot, str]:
    """Return how `council` votes on `title`, and where that rule comes from.

    A rule set's entry binds only the council it names: NĐ 91 Điều 45.8's 90% of all members for
    CSTĐ tỉnh is the provincial council's vote, not the school's when it proposes the title; the
    school's council then votes by the default (or the organisation's own "co_so" entry)."""
    found = rule_set.ballots.get(title)
    if found is not None and found.council == council:
        return found, rules.cite(rule_set.info("ballots").source)
    return DEFAULT_BALLOT, DEFAULT_BALLOT_SOURCE


def membership(session: CouncilSession) -> dict:
    """Return the counts of members: all, present, and voting (present or in writing)."""
    members = list(session.members.all())
    return {
        "total_members": len(members),
        "present_members": sum(m.present for m in members),
        "voting_members": sum(m.may_vote for m in members),
    }


def quorum(rule_set: rules.RuleSet) -> Fraction:
    """Return the share of members who must be present (the rule set's `council_quorum`, which
    an organisation may override), as an exact fraction: 2/3 stays 2/3, 0.75 is 3/4."""
    return Fraction(rule_set.council_quorum).limit_denominator(1000)


def fraction_text(value: Fraction) -> str:
    """Return "2/3" for a simple fraction, else a percentage ("66,7%")."""
    if value.denominator <= 10:
        return "{}/{}".format(value.numerator, value.denominator) if value != 1 else "toàn bộ"
    return "{}%".format(
        "{:.2f}".format(float(value) * 100).rstrip("0").rstrip(".").replace(".", ",")
    )


def quorum_met(counts: dict, needed: Fraction) -> bool:
    total = counts["total_members"]
    return total > 0 and Fraction(counts["present_members"], total) >= needed


def may_pass_at(nominated: str, title: str) -> bool:
    """Return whether a nomination for `nominated` may pass at `title` (its own or a lower)."""
    return title == nominated or title in LOWER_TITLES.get(nominated, ())


def title_label(code: str) -> str:
    """Return a title's Vietnamese name as the nominations show it."""
    return TitleCode(code).label if code in TitleCode.values else code


def lower_outcome(
    rule_set: rules.RuleSet, counts: dict, title: str, agree: int, lower_votes: dict,
    council: str = SCHOOL_COUNCIL, titles: tuple[str, ...] | None = None,
) -> dict | None:
    """Return how a nominee failing `title` passes at a lower title, or None.

    The first title of LOWER_TITLES[title] (the highest) whose agree votes plus the votes
    agreeing to exactly that title reach its own threshold at the school's council, by the same
    rule lookup as any title put to the vote; a vote for the nominated title is a vote for the
    lower one too, not the reverse."""
    for code in LOWER_TITLES.get(title, ()) if titles is None else titles:
        rule, source = ballot_rule(rule_set, code, council)
        denominator = counts[
            "total_members" if rule.denominator == "total_members" else "voting_members"
        ]
        votes = agree + lower_votes.get(code, 0)
        share = Fraction(votes, denominator) if denominator else Fraction(0)
        if denominator > 0 and share >= Fraction(str(rule.threshold)):
            return {
                "title": code, "agree": votes, "denominator": denominator,
                "denominator_kind": rule.denominator, "threshold": rule.threshold,
                "percent": round(float(share) * 100, 2), "rule_source": source,
            }  # fmt: skip
    return None


def tally(session: CouncilSession) -> dict:
    """Count the session's ballots item by item (a few queries for the whole session), by the
    ballot rules and quorum in force on the day the council met."""
    rule_set = procedure_rule_set(session.organization, session_day(session))
    counts = membership(session)
    per_choice: dict[int, dict] = {}
    stored = (
        Ballot.objects.filter(item__session=session)
        .values_list("item_id", "choice", "lower_title")
        .annotate(n=Count("id"))
        .order_by()
    )
    # An open session's on-screen papers are still sealed in the ballot box.
    boxed = [(*paper, 1) for paper in ballot_box.open_envelopes(session)]
    for item_id, choice, lower, n in [*stored, *boxed]:
        row = per_choice.setdefault(item_id, {"agree": 0, "disagree": 0, "lower": {}})
        if choice == BallotChoice.LOWER_TITLE:
            row["lower"][lower] = row["lower"].get(lower, 0) + n
        else:
            row[choice] += n
    voted = dict(
        VoteRecord.objects.filter(session=session)
        .values_list("item_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    agenda = list(
        session.items.select_related(
            "nomination__person", "nomination__unit", "nomination__outside_organization"
        )
    )
    own = {(i.nomination.subject_key, i.nomination.title) for i in agenda}
    items = []
    for item in agenda:
        nomination = item.nomination
        level = council_level(nomination)
        rule, source = ballot_rule(rule_set, nomination.title, level)
        row = per_choice.get(item.pk, {"agree": 0, "disagree": 0, "lower": {}})
        denominator = counts[
            "total_members" if rule.denominator == "total_members" else "voting_members"
        ]
        share = Fraction(row["agree"], denominator) if denominator else Fraction(0)
        passed = denominator > 0 and share >= Fraction(str(rule.threshold))
        result = {
            "item": item.pk, "nomination": nomination.pk, "position": item.position,
            "subject": nomination.subject_name, "title": nomination.title,
            "title_name": nomination.get_title_display(),
            "agree": row["agree"], "disagree": row["disagree"],
            "lower": dict(sorted(row["lower"].items())),
            "ballots": row["agree"] + row["disagree"] + sum(row["lower"].values()),
            "votes": voted.get(item.pk, 0),
            "denominator": denominator, "denominator_kind": rule.denominator,
            "threshold": rule.threshold, "secret": rule.secret, "rule_source": source,
            "percent": round(float(share) * 100, 2),
            "passed": passed, "passed_title": nomination.title if passed else None,
            "passed_title_name": nomination.get_title_display() if passed else "",
            "rank": item.rank, "over_quota": False,
        }  # fmt: skip
        if session.on_paper:
            result["paper"] = {
                "issued": item.paper_issued, "returned": item.paper_returned,
                "valid": item.paper_valid,
            }  # fmt: skip
        if not passed:
            lower = lower_outcome(
                rule_set, counts, nomination.title, row["agree"], row["lower"], level,
                # An outside nominee passes lower only at a title decided above its agency.
                lower_titles_for(nomination) if nomination.is_outside else None,
            )
            if lower is not None and (nomination.subject_key, lower["title"]) not in own:
                result.update(
                    passed=True, passed_title=lower["title"],
                    passed_title_name=title_label(lower["title"]),
                    lower_result=lower,
                )  # fmt: skip
        items.append(result)
    needed = quorum(rule_set)
    paper = {"counted_on_paper": True} if session.on_paper else {}
    return {
        **counts, **paper, "quorum_met": quorum_met(counts, needed),
        "quorum": fraction_text(needed),
        "quorum_source": rules.cite(rule_set.info("council_quorum").source),
        # The titles' criteria are the evaluated year's; the procedure is the meeting day's.
        "rule_set": rules.rule_set_for(session.year).name,
        "procedure_rule_set": rule_set.name, "items": items,
    }  # fmt: skip


@dataclass(frozen=True)
class QuotaIssue:
    """More items pass for `title` than its quota allows, and the ranking does not settle it."""

    title: str
    max: int
    passing: int
    basis_text: str
    source: str
    ranked: bool  # every passing item has a distinct rank
    used: int = 0  # already given this year at earlier sessions or in the register

    @property
    def room(self) -> int:
        return max(self.max - self.used, 0)

    @property
    def over(self) -> int:
        return self.passing - self.room

    @property
    def message(self) -> str:
        used = (
            "; đã có {} trường hợp trong năm, còn {}".format(self.used, self.room)
            if self.used
            else ""
        )
        return (
            "{} vượt chỉ tiêu: {} trường hợp đạt ngưỡng, tối đa {} ({}; {}{}), thừa {}. "
            "Thư ký cần xếp hạng để chọn trong chỉ tiêu trước khi kết thúc phiên."
        ).format(
            rules.TITLE_NAMES.get(self.title, self.title), self.passing, self.max,
            self.basis_text, self.source, used, self.over,
        )  # fmt: skip


def passed_title(row: dict) -> str | None:
    """Return the title a result row passed at (its own, or the lower one the council agreed
    to), None when it failed; rows frozen before lower titles were counted carry no
    "passed_title", and passed at their own title when they passed."""
    if not row["passed"]:
        return None
    return row.get("passed_title") or row["title"]


def passed_title_name(row: dict) -> str:
    """Return the Vietnamese name of the title a row passed at ("" when it failed)."""
    code = passed_title(row)
    if code is None:
        return ""
    if code == row["title"]:
        return row["title_name"]
    return row.get("passed_title_name") or title_label(code)


def passed_lower(row: dict) -> bool:
    """Return whether the row passed at a lower title than the one put to the vote."""
    return passed_title(row) not in (None, row["title"])


def _subjects(nomination_pks) -> set[tuple]:
    """Return the nominations' subjects as `Nomination.subject_key` (an outside nominee by its
    agency and name, so two of them never count as one)."""
    return {
        n.subject_key
        for n in Nomination.objects.filter(pk__in=list(nomination_pks)).only(
            "person_id", "unit_id", "outside_organization_id", "outside_name"
        )
    }


def held_this_year(session: CouncilSession, title: str) -> set[tuple]:
    """Return (person_id, unit_id) of those holding `title` in the session's year without this
    session: in force in the award register, or passed (within quota) at another closed session
    of the year whose results stand. A subject counts once even when both say so."""
    award_model = apps.get_model("register", "Award")
    held = set(
        award_model.objects.in_force()
        .filter(organization_id=session.organization_id, year=session.year, code=title)
        .values_list("person_id", "unit_id")
    )
    others = CouncilSession.objects.filter(
        organization_id=session.organization_id, year=session.year,
        closed_at__isnull=False, annulled_at__isnull=True,
    ).exclude(pk=session.pk)  # fmt: skip
    passed = [
        row["nomination"]
        for results in others.values_list("results", flat=True)
        for row in (results or {}).get("items", [])
        if row["passed"] and not row.get("over_quota") and passed_title(row) == title
    ]
    return held | _subjects(passed)


def _basis_count(session: CouncilSession, basis: str, result: dict) -> int:
    """Count those holding the quota's basis title this year (the LĐTT of the year for CSTĐCS):
    in the register, passed at the year's other valid sessions, and passing at this one; when
    none is known yet, the engine's count of those eligible."""
    here = _subjects(
        r["nomination"] for r in result["items"] if r["passed"] and passed_title(r) == basis
    )
    known = held_this_year(session, basis) | here
    if known:
        return len(known)
    from thidua.evaluation.services import evaluate_organization

    evaluation = evaluate_organization(session.organization, session.year).evaluation
    return evaluation.count(basis)


def apply_quotas(session: CouncilSession, result: dict) -> list[QuotaIssue]:
    """Mark passing items beyond a quota as over it, by rank; return the quotas not settled.

    What earlier sessions of the year already gave of the title is charged against its quota."""
    rule_set = rule_set_for(session.organization, session.year)
    issues = []
    for title in sorted({passed_title(r) for r in result["items"] if r["passed"]}):
        quota_rules = [q for q in rule_set.quotas if q.title == title and q.basis != "FLAG"]
        if not quota_rules:
            continue
        quotas = [rules.quota(q, _basis_count(session, q.basis, result)) for q in quota_rules]
        quota = min(quotas, key=lambda q: q.max)
        used = len(held_this_year(session, title))
        room = max(quota.max - used, 0)
        passing = [r for r in result["items"] if passed_title(r) == title and r["passed"]]
        if len(passing) <= room:
            continue
        ranks = [r["rank"] for r in passing]
        ranked = None not in ranks and len(set(ranks)) == len(ranks)
        if not ranked:
            issues.append(QuotaIssue(title, quota.max, len(passing), quota.basis_text,
                                     quota.source, False, used))  # fmt: skip
            continue
        for position, row in enumerate(sorted(passing, key=lambda r: r["rank"])):
            row["over_quota"] = position >= room
    return issues


# --- the seal -----------------------------------------------------------------------------------


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _step(previous: str, text: str) -> str:
    """One link of the unkeyed chain (seal versions 1 and 2)."""
    return hashlib.sha256("{}|{}".format(previous, text).encode()).hexdigest()


def seal_key() -> bytes:
    """Return the key of version-3 seals, kept outside the database.

    COUNCIL_SEAL_KEY when set; otherwise derived from SECRET_KEY under a label of its own, so the
    seal key is never SECRET_KEY itself and nothing else Django signs can stand in for a seal.
    Changing it (or SECRET_KEY while COUNCIL_SEAL_KEY is unset) makes every keyed seal fail.
    """
    if settings.COUNCIL_SEAL_KEY:
        return settings.COUNCIL_SEAL_KEY.encode()
    # As text (hex), so the derived key can be written into COUNCIL_SEAL_KEY before SECRET_KEY
    # is rotated (README, Security).
    return (
        hmac.new(settings.SECRET_KEY.encode(), b"thidua.council.seal-key.v3", hashlib.sha256)
        .hexdigest()
        .encode()
    )


def _keyed_step(key: bytes):
    """Return one link of the keyed chain (seal version 3): HMAC-SHA256 under `key`."""

    def step(previous: str, text: str) -> str:
        return hmac.new(key, "{}|{}".format(previous, text).encode(), hashlib.sha256).hexdigest()

    return step


def is_keyed(results: dict) -> bool:
    """Return whether a session's seal is keyed (version 3 on); older seals are unkeyed."""
    return results.get("seal_version", 1) >= KEYED_SEAL_VERSION


def ballot_line(ballot_id, item_id, choice, lower_title) -> str:
    return "{}|{}|{}|{}".format(ballot_id, item_id, choice, lower_title)


# 3: the chain is an HMAC-SHA256 under seal_key(); 2 and 1 were plain SHA-256 and verify so.
SEAL_VERSION = 3
KEYED_SEAL_VERSION = 3


def member_rows(session: CouncilSession) -> list[list]:
    """Return the session's seats as sealed: [pk, user, role, present, written vote], by pk."""
    return [
        list(row)
        for row in session.members.order_by("pk").values_list(
            "pk", "user_id", "role", "present", "written_vote"
        )
    ]


def meeting_row(session: CouncilSession) -> dict:
    """Return when and where the council met, as sealed (day ISO, times HH:MM, place)."""
    return {
        "on": session.meeting_on.isoformat() if session.meeting_on else "",
        "starts": session.starts_at.strftime("%H:%M") if session.starts_at else "",
        "ends": session.ends_at.strftime("%H:%M") if session.ends_at else "",
        "place": session.place,
        "on_paper": session.on_paper,
    }


def nomination_states(session: CouncilSession) -> dict[str, str]:
    """Return {nomination pk: state} for the session's agenda (keys as text, as JSON stores)."""
    return {
        str(pk): state
        for pk, state in Nomination.objects.filter(agenda_items__session=session).values_list(
            "pk", "state"
        )
    }


def previous_sealed(session: CouncilSession) -> CouncilSession | None:
    """Return the organisation's sealed session just before this one (by closed_at, then pk)."""
    return (
        CouncilSession.objects.filter(
            organization_id=session.organization_id, closed_at__isnull=False
        )
        .exclude(seal="")
        .exclude(pk=session.pk)
        .filter(
            Q(closed_at__lt=session.closed_at) | Q(closed_at=session.closed_at, pk__lt=session.pk)
        )
        .order_by("-closed_at", "-pk")
        .first()
    )


def compute_seal(
    session: CouncilSession, results: dict, ballot_rows, *, key: bytes | None = None
) -> str:
    """Chain over the session, its results item by item, then every ballot by its random id (an
    order that says nothing about who voted when). `ballot_rows`: (id, item_id, choice,
    lower_title) tuples.

    Version 2 (results["seal_version"]) also covers what the results freeze at closing — the
    members with role, attendance and written vote, the nominations' states — and starts from
    the organisation's previous sealed session's seal, so the sessions form one chain: changing
    or removing an earlier session breaks every later seal. Version 3 links the same chain with
    HMAC-SHA256 under seal_key() (or `key`), so someone who can write the database but does not
    hold the key cannot recompute it. Versions 1 and 2 verify as they were (unkeyed SHA-256).
    """
    version = results.get("seal_version", 1)
    step = _keyed_step(key if key is not None else seal_key()) if version >= 3 else _step
    head = {
        "session": session.pk,
        "organization": session.organization_id,
        "year": session.year,
        "closed_at": session.closed_at.astimezone(UTC).isoformat(),
    }
    if version >= 2:
        previous = previous_sealed(session)
        head["previous"] = previous.seal if previous is not None else ""
        label = "thidua-council-seal-v3" if version >= 3 else "thidua-council-seal-v2"
        digest = step(label, _canonical(head))
    else:
        digest = step("thidua-council-seal-v1", _canonical(head))
    digest = step(digest, _canonical({k: v for k, v in results.items() if k != "items"}))
    for row in sorted(results.get("items", []), key=lambda r: r["item"]):
        digest = step(digest, _canonical(row))
    for row in sorted(ballot_rows, key=lambda r: str(r[0])):
        digest = step(digest, ballot_line(*row))
    return digest


def freeze_for_seal(session: CouncilSession, results: dict, states: dict) -> dict:
    """Return the results with what the seal covers besides them: members, nomination states."""
    return {
        **results,
        "seal_version": SEAL_VERSION,
        "meeting": meeting_row(session),
        "members": member_rows(session),
        "nominations": {str(pk): state for pk, state in states.items()},
    }


def session_ballot_rows(session: CouncilSession) -> list[tuple]:
    return list(
        Ballot.objects.filter(item__session=session).values_list(
            "id", "item_id", "choice", "lower_title"
        )
    )


def verify_seal(session: CouncilSession) -> list[str]:
    """Return what does not match in a sealed session (nothing: the record is intact)."""
    problems = []
    if not session.seal:
        return ["phiên chưa được niêm phong"]
    if not hmac.compare_digest(
        compute_seal(session, session.results, session_ballot_rows(session)), session.seal
    ):
        problems.append(
            "dấu niêm phong không khớp với kết quả, thành viên, phiếu đang lưu hoặc phiên trước "
            "trong chuỗi"
        )
    previous_keyed = (
        CouncilSession.objects.filter(
            organization_id=session.organization_id,
            closed_at__lt=session.closed_at,
            results__seal_version__gte=KEYED_SEAL_VERSION,
        )
        .exclude(seal="")
        .exists()
    )
    if not is_keyed(session.results) and previous_keyed:
        # Keyed seals came in at one moment: an unkeyed one after a keyed one was put back by
        # someone who rewrote the record and could only recompute the unkeyed chain.
        problems.append(
            "niêm phong kiểu cũ (không có khóa) sau một phiên đã niêm phong có khóa: "
            "niêm phong bị hạ cấp"
        )
    if session.results.get("seal_version", 1) >= 2:
        problems += _frozen_differences(session)
        previous = previous_sealed(session)
        if (
            previous is not None
            and compute_seal(previous, previous.results, session_ballot_rows(previous))
            != previous.seal
        ):
            problems.append(
                "chuỗi niêm phong bị đứt: phiên trước «{}» (mã {}) không còn khớp "
                "niêm phong".format(previous.name, previous.pk)
            )
    recount = {r["item"]: r for r in tally(session)["items"]}
    for row in session.results.get("items", []):
        now = recount.get(row["item"])
        if now is None:
            problems.append("nội dung {} không còn trong phiên".format(row["item"]))
            continue
        for key in ("agree", "disagree", "lower", "votes", "paper"):
            if now.get(key) != row.get(key):
                problems.append(
                    "nội dung {} ({}): «{}» đã chốt {} nay đếm được {}".format(
                        row["item"], row["subject"], key, row.get(key), now.get(key)
                    )
                )
        if session.results.get("counted_on_paper"):
            # Counted on paper: no one voted here, the papers must fit the committee's figures.
            paper = now.get("paper") or {}
            if paper.get("valid") is None or not (
                now["ballots"] <= paper["valid"] <= paper["returned"] <= paper["issued"]
            ):
                problems.append(
                    "nội dung {}: {} phiếu không khớp số phiếu giấy đã kiểm {}".format(
                        row["item"], now["ballots"], paper
                    )
                )
        elif now["ballots"] != now["votes"]:
            problems.append(
                "nội dung {}: {} phiếu nhưng {} lượt bỏ phiếu".format(
                    row["item"], now["ballots"], now["votes"]
                )
            )
    return problems


def _frozen_differences(session: CouncilSession) -> list[str]:
    """Compare the members and nomination states frozen at closing with those stored now."""
    problems = []
    sealed_meeting = session.results.get("meeting")
    if sealed_meeting is not None and sealed_meeting != meeting_row(session):
        problems.append(
            "thông tin cuộc họp (ngày, giờ, địa điểm) đã chốt {} nay là {}".format(
                sealed_meeting, meeting_row(session)
            )
        )
    frozen = {row[0]: row for row in session.results.get("members", [])}
    now = {row[0]: row for row in member_rows(session)}
    labels = ("", "tài khoản", "chức danh", "có mặt", "phiếu bằng văn bản")
    for pk in sorted(frozen.keys() | now.keys()):
        if pk not in now or pk not in frozen:
            problems.append("thành viên {} {}".format(pk, "bị xoá" if pk not in now else "bị thêm"))
            continue
        for index in range(1, 5):
            if frozen[pk][index] != now[pk][index]:
                problems.append(
                    "thành viên {}: «{}» đã chốt {} nay là {}".format(
                        pk, labels[index], frozen[pk][index], now[pk][index]
                    )
                )
    if session.annulled_at is None:  # annulling sends the nominations back to be voted again
        states = nomination_states(session)
        for pk, state in sorted(session.results.get("nominations", {}).items()):
            if states.get(pk) != state:
                problems.append(
                    "đề nghị {}: trạng thái đã chốt «{}» nay là «{}»".format(
                        pk, state, states.get(pk, "không còn")
                    )
                )
    return problems
