"""Every page, persona by persona, from one table (issue 12, item 2).

`ACCESS` names, for every URL name of the project, what each persona gets on a GET: the page
(200), a redirect (302: to the login page for the anonymous visitor, or to where the view sends),
or nothing (403, or 404 where the record is out of the persona's scope and its existence is not
told). POST-only URLs are listed with the status a GET gets (405) and the test file that checks
their POST persona by persona. A URL name missing from the table fails the test, so a new page
cannot come without saying who may open it. Where a persona is allowed but constrained (a unit
head, a staff member), `SEES` checks that a list shows what it should and hides what it should
not.
"""

import re
from datetime import date

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_tasks_db.models import DBTaskResult

from tests.helpers.council import make_eligible, members, nominate, run_session
from thidua.api.actions import do_create_api_token
from thidua.attachments.actions import do_attach
from thidua.awards.actions import AwardData, do_add_award
from thidua.closing.actions import do_record_phase_summary
from thidua.closing.tasks import make_year_report
from thidua.clusters.actions import (
    do_add_criterion,
    do_add_group,
    do_create_cluster,
    do_sign_covenant,
)
from thidua.council.actions import do_publish_results
from thidua.decisions.actions import do_draft_decision_from_session
from thidua.evidence.kinds import KINDS as EVIDENCE_KINDS
from thidua.evidence.models import Initiative, YearGrade
from thidua.plans.demo import load_plan_2022
from thidua.proposals.actions import do_draft_proposal_from_session
from thidua.proposals.routing import HigherBody

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "admin", "secretary", "principal", "leader", "council_member",
            "unit_head", "staff", "outsider")  # fmt: skip
PARAMETER = "new_hire_months"
# A year printed with the Vietnamese thousands separator: "2.022", "1.990".
GROUPED_ID = re.compile(r'(?:id|for|name|value|href|data-[\w-]+)="[^"]*?\d\.\d{3}(?!\d)')
GROUPED_YEAR = re.compile(r"(?<![\d.,])(?:1\.9|2\.0|2\.1)\d\d(?![\d,]|\.\d)")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url_names() -> set[str]:
    """Every named URL of the project outside Django's admin, as "namespace:name"."""

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or None
                full = ":".join(part for part in (namespace, inner) if part) or None
                yield from walk(pattern.url_patterns, full)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield "{}:{}".format(namespace, pattern.name) if namespace else pattern.name

    return {name for name in walk(get_resolver().url_patterns, None)
            if not name.startswith("admin:")}  # fmt: skip


@pytest.fixture
def world(org, units, people, personas, settings, tmp_path):
    """One record of every kind a URL names, in the personas' organisation."""
    settings.MEDIA_ROOT = tmp_path
    secretary = personas["secretary"]
    plan = load_plan_2022(org)
    parts = {"target": plan.targets.first(), "phase": plan.phases.first(),
             "content": plan.content_items.first(), "movement": plan.movements.first(),
             "basis": plan.bases.first()}  # fmt: skip
    do_record_phase_summary(parts["phase"], achievements="Hoàn thành kế hoạch.",
                            acting_user=secretary)  # fmt: skip
    grade = YearGrade.objects.create(organization=org, person=people["staff"], year=2021,
                                     grade="HTT", verification="verified")  # fmt: skip
    other_grade = YearGrade.objects.create(organization=org, person=people["other"], year=2021,
                                           grade="HTT", verification="verified")  # fmt: skip
    initiative = Initiative.objects.create(
        organization=org, title="Đổi mới phương pháp giảng dạy", year=2021, level="co_so",
        recognized_by="Hội đồng Khoa học Trường", decision_number="61/QĐ-TCTTN",
        decided_on=date(2021, 11, 20), verification="verified",
    )  # fmt: skip
    award = do_add_award(org, AwardData(person=people["staff"], unit=None, year=2021,
                                        code="CSTD_CS", decision_number="12/QĐ-TCTTN",
                                        decided_on=date(2021, 12, 20), issued_by=""),
                         acting_user=secretary)  # fmt: skip
    other_award = do_add_award(org, AwardData(person=people["other"], unit=None, year=2021,
                                              code="LDTT", decision_number="13/QĐ-TCTTN",
                                              decided_on=date(2021, 12, 20), issued_by=""),
                               acting_user=secretary)  # fmt: skip
    attachment = do_attach(award, SimpleUploadedFile("qd.pdf", PDF, "application/pdf"),
                           acting_user=secretary)  # fmt: skip
    for key in ("staff", "dat"):
        make_eligible(org, people[key])
    seats = members(org, personas)
    with time_machine.travel("2022-12-20 09:00 +07:00", tick=True):
        nominations = [nominate(personas, people["staff"]),
                       nominate(personas, people["dat"], "BK_TINH",
                                justification="Thành tích nổi bật.")]  # fmt: skip
        session = run_session(personas, seats, nominations)
        decision = do_draft_decision_from_session(session, acting_user=secretary)
        publication = do_publish_results(session, starts_on=date(2022, 12, 21),
                                         ends_on=date(2022, 12, 27), acting_user=secretary)
        proposal = do_draft_proposal_from_session(session, body=HigherBody.PROVINCE,
                                                  acting_user=secretary)  # fmt: skip
    # A cluster the school leads this year, with a school entered by name; the outsider's is not in.
    cluster = do_create_cluster(name="Cụm thi đua số 5", year=2022, level="hv",
                                members=[{"organization": org, "role": "leader"},
                                         {"name": "Trường Chính trị tỉnh Quảng Bình"}],
                                acting_user=secretary)  # fmt: skip
    with time_machine.travel("2022-12-20 09:00 +07:00"):
        do_sign_covenant(cluster, targets=["Hoàn thành xuất sắc nhiệm vụ"], acting_user=secretary)
    group = do_add_group(cluster, name="Đào tạo", acting_user=secretary)
    criterion = do_add_criterion(group, text="Số lớp", max_points=10, acting_user=secretary)
    api_token = do_create_api_token(personas["staff"], name="Phần mềm cán bộ",
                                    acting_user=personas["staff"]).token  # fmt: skip
    # The secretary's year-end report made by a worker (its file stored, the job finished).
    job = make_year_report.enqueue(secretary.pk, 2022, "pdf", None).id
    stored = default_storage.save("generated/report.pdf", ContentFile(PDF))
    DBTaskResult.objects.filter(pk=job).update(
        status="SUCCESSFUL", return_value={"file": stored, "filename": "bao-cao.pdf"}
    )
    return {
        "job": job,
        "api_token": api_token,
        "cluster": cluster, "cluster_member": cluster.members.get(organization=org),
        "criterion": criterion,
        "plan": plan, "parts": parts, "grade": grade, "other_grade": other_grade,
        "initiative": initiative, "award": award, "other_award": other_award,
        "attachment": attachment, "session": session, "nomination": nominations[0],
        "publication": publication, "decision": decision,
        "decision_entry": decision.entries.first(),
        "proposal": proposal, "proposal_entry": proposal.entries.first(),
        "units": units, "people": people,
        "account": personas["staff"], "account_grant": personas["staff"].grants.get(),
    }  # fmt: skip


def _part(kind):
    return lambda w: {"pk": w["plan"].pk, "part_pk": w["parts"][kind].pk}


PLAN = lambda w: {"pk": w["plan"].pk}  # noqa: E731
CLUSTER = lambda w: {"pk": w["cluster"].pk}  # noqa: E731
CLUSTER_MEMBER = lambda w: {"pk": w["cluster_member"].pk}  # noqa: E731
CRITERION = lambda w: {"pk": w["cluster"].pk, "criterion": w["criterion"].pk}  # noqa: E731
STAFF = lambda w: {"pk": w["people"]["staff"].pk}  # noqa: E731
UNIT_A = lambda w: {"pk": w["units"]["a"].pk}  # noqa: E731
GRADE = lambda w: {"kind": "grades", "pk": w["grade"].pk}  # noqa: E731
AWARD = lambda w: {"pk": w["award"].pk}  # noqa: E731
SESSION = lambda w: {"pk": w["session"].pk}  # noqa: E731
DECISION = lambda w: {"pk": w["decision"].pk}  # noqa: E731
PROPOSAL = lambda w: {"pk": w["proposal"].pk}  # noqa: E731
CERTIFICATE = lambda w: {"pk": w["decision"].pk, "entry": w["decision_entry"].pk}  # noqa: E731
REPORT = lambda w: {"pk": w["proposal"].pk, "entry_pk": w["proposal_entry"].pk}  # noqa: E731

ACCOUNT = lambda w: {"pk": w["account"].pk}  # noqa: E731

# The arguments of each URL that takes some (the others take none).
ARGS = {
    "accounts:user": ACCOUNT, "accounts:user_grant": ACCOUNT,
    "accounts:user_deactivate": ACCOUNT, "accounts:user_reactivate": ACCOUNT,
    "accounts:user_password": ACCOUNT,
    "accounts:user_revoke": lambda w: {"pk": w["account"].pk,
                                       "grant_pk": w["account_grant"].pk},
    "organization:unit": UNIT_A, "organization:unit_edit": UNIT_A,
    "organization:unit_delete": UNIT_A,
    "organization:organization_edit": lambda w: {"pk": w["units"]["a"].organization_id},
    "organization:person": STAFF, "organization:person_edit": STAFF,
    "organization:person_delete": STAFF,
    "organization:rule_ballot_edit": lambda w: {"regime": "2017"},
    "organization:rule_parameter_edit": lambda w: {"regime": "2017", "name": PARAMETER},
    "organization:rule_parameter_restore": lambda w: {"regime": "2017", "name": PARAMETER},
    "evaluation:person_eligibility": STAFF,
    "evaluation:eligibility_document": lambda w: {"fmt": "docx"},
    "plans:plan": PLAN, "plans:plan_edit": PLAN, "plans:plan_copy": PLAN,
    "plans:dashboard": PLAN, "plans:target_add": PLAN, "plans:phase_add": PLAN,
    "plans:content_add": PLAN, "plans:movement_add": PLAN, "plans:basis_add": PLAN,
    "plans:target_edit": _part("target"), "plans:phase_edit": _part("phase"),
    "plans:content_edit": _part("content"), "plans:movement_edit": _part("movement"),
    "plans:basis_edit": _part("basis"),
    "registrations:unit": UNIT_A,
    "achievements:initiative_claims": lambda w: {"pk": w["initiative"].pk},
    "achievements:evidence_list": lambda w: {"kind": "grades"},
    "achievements:evidence_export": lambda w: {"kind": "grades"},
    "achievements:evidence_add": lambda w: {"kind": "grades"},
    "achievements:evidence": GRADE, "achievements:evidence_edit": GRADE,
    "achievements:evidence_delete": GRADE, "achievements:evidence_verify": GRADE,
    "achievements:evidence_reject": GRADE,
    "attachments:attachment_upload": lambda w: {"app_label": "register", "model_name": "award",
                                                "object_id": w["award"].pk},
    "attachments:attachment_download": lambda w: {"pk": w["attachment"].pk},
    "attachments:attachment_remove": lambda w: {"pk": w["attachment"].pk},
    "spreadsheets:template": lambda w: {"kind": "grades"},
    "documents:plan_docx": PLAN, "documents:plan_pdf": PLAN,
    "documents:registrations_docx": lambda w: {"year": 2022},
    "documents:registrations_pdf": lambda w: {"year": 2022},
    "council:session": SESSION, "council:session_tally": SESSION,
    "council:session_document": lambda w: {"pk": w["session"].pk, "kind": "minutes",
                                           "fmt": "pdf"},
    "council:nomination": lambda w: {"pk": w["nomination"].pk},
    "council:publication_add": SESSION,
    "council:publication": lambda w: {"pk": w["publication"].pk},
    "council:publication_notice": lambda w: {"pk": w["publication"].pk, "fmt": "pdf"},
    "council:nominate_many": lambda w: {"unit_pk": w["units"]["a"].pk},
    "proposals:proposal": PROPOSAL, "proposals:proposal_docx": PROPOSAL,
    "proposals:proposal_pdf": PROPOSAL, "proposals:dossier_zip": PROPOSAL,
    "proposals:proposal_background": lambda w: {**PROPOSAL(w), "fmt": "pdf"},
    "proposals:report_docx": REPORT, "proposals:report_pdf": REPORT,
    # No persona here works in a receiving office: the inbox refuses them before any lookup
    # (test_inbox walks these URLs with the office's officers and a real receipt).
    "proposals:receipt": lambda w: {"pk": 1},
    "proposals:receipt_dossier": lambda w: {"pk": 1},
    "proposals:receipt_file": lambda w: {"pk": 1, "index": 0},
    # The receiving office's decisions, likewise (test_received_decisions walks them with the
    # office's officers, both agencies and another office, on a real decision).
    "proposals:received_decision": lambda w: {"pk": 1},
    "proposals:received_decision_docx": lambda w: {"pk": 1},
    "proposals:received_decision_pdf": lambda w: {"pk": 1},
    "decisions:decision": DECISION, "decisions:decision_docx": DECISION,
    "decisions:decision_issue": DECISION, "proposals:proposal_send": PROPOSAL,
    "decisions:decision_pdf": DECISION,
    "decisions:decision_background": lambda w: {"pk": w["decision"].pk, "fmt": "pdf"},
    "decisions:certificate_pdf": CERTIFICATE, "decisions:certificate_docx": CERTIFICATE,
    "awards:register_document": lambda w: {"fmt": "pdf"},
    "awards:award": AWARD, "awards:award_edit": AWARD, "awards:award_revoke": AWARD,
    "awards:person_history": STAFF, "awards:unit_history": UNIT_A,
    "closing:phase_summary": lambda w: {"pk": w["parts"]["phase"].pk},
    "closing:phase_summary_edit": lambda w: {"pk": w["parts"]["phase"].pk},
    "closing:phase_commend": lambda w: {"pk": w["parts"]["phase"].pk},
    "closing:phase_decision": lambda w: {"pk": w["parts"]["phase"].pk},
    "closing:phase_report_document": lambda w: {"pk": w["parts"]["phase"].pk, "fmt": "pdf"},
    "closing:year_report": lambda w: {"year": 2022},
    "closing:year_report_document": lambda w: {"year": 2022, "fmt": "docx"},
    "closing:year_report_background": lambda w: {"year": 2022, "fmt": "pdf"},
    "core:job": lambda w: {"job": w["job"]}, "core:job_file": lambda w: {"job": w["job"]},
    "core:job_again": lambda w: {"job": w["job"]},
    "awards:person_history_document": lambda w: {**STAFF(w), "fmt": "pdf"},
    "awards:unit_history_document": lambda w: {**UNIT_A(w), "fmt": "pdf"},
    "rewards:reward_list": DECISION, "rewards:reward_list_docx": DECISION,
    "rewards:reward_list_pdf": DECISION, "rewards:reward_list_xlsx": DECISION,
    "rewards:fund_export": lambda w: {"year": 2022},
    "rewards:register_list": AWARD,
    "clusters:cluster": CLUSTER, "clusters:covenant_edit": CLUSTER,
    "clusters:group_add": CLUSTER, "clusters:criterion_add": CLUSTER,
    "clusters:member_add": CLUSTER, "clusters:member_remove": CLUSTER_MEMBER,
    "clusters:criterion_edit": CRITERION, "clusters:criterion_delete": CRITERION,
    "clusters:vote": CLUSTER, "clusters:close": CLUSTER,
    "clusters:self_score": CLUSTER_MEMBER, "clusters:check": CLUSTER_MEMBER,
    "clusters:document": lambda w: {**CLUSTER(w), "kind": "scores", "fmt": "pdf"},
    "api:token_revoke": lambda w: {"pk": w["api_token"].pk},
    "api-v1:get_organization": lambda w: {"organization_id": w["units"]["a"].organization_id},
    "api-v1:get_unit": lambda w: {"unit_id": w["units"]["a"].pk},
    "api-v1:get_person": lambda w: {"person_id": w["people"]["staff"].pk},
    "api-v1:get_award": lambda w: {"award_id": w["award"].pk},
    "api-v1:update_person": lambda w: {"person_id": w["people"]["staff"].pk},
    "api-v1:add_assignment": lambda w: {"person_id": w["people"]["staff"].pk},
    "api-v1:end_assignment": lambda w: {"person_id": w["people"]["staff"].pk},
    "api-v1:answer_entry": lambda w: {"proposal_id": w["proposal"].pk,
                                      "entry_id": w["proposal_entry"].pk},
    "api-v1:get_registration": lambda w: {"registration_id": 1},
    "api-v1:get_person_eligibility": lambda w: {"person_id": w["people"]["staff"].pk},
    "api-v1:get_unit_eligibility": lambda w: {"unit_id": w["units"]["a"].pk},
    "api-v1:get_plan": lambda w: {"plan_id": w["plan"].pk},
    "api-v1:get_decision": lambda w: {"decision_id": w["decision"].pk},
    "api-v1:get_proposal": lambda w: {"proposal_id": w["proposal"].pk},
    # The receiving office's inbox: no persona here works in a receiving office (test_api_inbox
    # reads and writes them with the office's officers, both agencies and another office).
    "api-v1:get_nomination": lambda w: {"nomination_id": w["nomination"].pk},
    "api-v1:get_receipt": lambda w: {"receipt_id": 1},
    "api-v1:receipt_dossier": lambda w: {"receipt_id": 1},
    "api-v1:return_received_entry": lambda w: {"receipt_id": 1, "entry_id": 1},
    "api-v1:answer_received_entry": lambda w: {"receipt_id": 1, "entry_id": 1},
    "api-v1:get_received_decision": lambda w: {"decision_id": 1},
    "api-v1:received_decision_document": lambda w: {"decision_id": 1, "fmt": "docx"},
    "api-v1:plan_document": lambda w: {"plan_id": w["plan"].pk, "fmt": "docx"},
    "api-v1:registrations_document": lambda w: {"year": 2022, "fmt": "docx"},
    "api-v1:decision_document": lambda w: {"decision_id": w["decision"].pk, "fmt": "docx"},
    "api-v1:certificate_document": lambda w: {"decision_id": w["decision"].pk,
                                              "entry_id": w["decision_entry"].pk, "fmt": "pdf"},
    "api-v1:proposal_document": lambda w: {"proposal_id": w["proposal"].pk, "fmt": "docx"},
    "api-v1:achievement_report": lambda w: {"proposal_id": w["proposal"].pk,
                                            "entry_id": w["proposal_entry"].pk, "fmt": "docx"},
    "api-v1:person_award_history": lambda w: {"person_id": w["people"]["staff"].pk,
                                              "fmt": "pdf"},
    "api-v1:unit_award_history": lambda w: {"unit_id": w["units"]["a"].pk, "fmt": "pdf"},
    "api-v1:reward_list_document": lambda w: {"decision_id": w["decision"].pk, "fmt": "pdf"},
    "api-v1:session_document": lambda w: {"session_id": w["session"].pk, "kind": "minutes",
                                          "fmt": "pdf"},
    "api-v1:phase_report_document": lambda w: {"phase_id": w["parts"]["phase"].pk,
                                               "fmt": "pdf"},
    "api-v1:revoke_award": lambda w: {"award_id": w["award"].pk},
    "api-v1:correct_award": lambda w: {"award_id": w["award"].pk},
    "api-v1:get_organization_eligibility": lambda w: {
        "organization_id": w["units"]["a"].organization_id},
    "api-v1:get_session": lambda w: {"session_id": w["session"].pk},
    "api-v1:get_cluster": lambda w: {"cluster_id": w["cluster"].pk},
    "api-v1:get_reward_list": lambda w: {"decision_id": w["decision"].pk},
    "api-v1:year_report_document": lambda w: {"year": 2022, "fmt": "docx"},
    "api-v1:award_register_document": lambda w: {"fmt": "pdf"},
    "api-v1:eligibility_overview_document": lambda w: {"fmt": "xlsx"},
    **{"api-v1:get_evidence_" + slug: lambda w: {"record_id": w["grade"].pk}
       for slug in EVIDENCE_KINDS},
    **{"api-v1:update_evidence_" + slug: lambda w: {"record_id": w["grade"].pk}
       for slug in EVIDENCE_KINDS},
    "api-v1:create_unknown_evidence": lambda w: {"kind": "khac"},
    "api-v1:list_evidence_attachments": lambda w: {"evidence_kind": "grades",
                                                   "record_id": w["grade"].pk},
    "api-v1:attachment_file": lambda w: {"attachment_id": 1},
    "api-v1:update_unknown_evidence": lambda w: {"kind": "khac", "record_id": 1},
}  # fmt: skip


# What a GET answers, persona by persona (columns in PERSONAS' order). 405: the URL takes only
# POST; its POST is checked by role in the app's tests (test_evidence, test_attachments,
# test_plans, test_rule_parameters). The certificates answer 403 to everyone while the decision
# is a draft (test_decisions checks them once issued).
#    URL name                               anon adm  sec  pri  lead mem  head staff out
ACCESS = {
    "accounts:login":                       (200, 302, 302, 302, 302, 302, 302, 302, 302),
    "accounts:logout":                      (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "accounts:password_change":             (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "accounts:switch_organization":         (302, 405, 405, 405, 405, 405, 405, 405, 405),
    # The organisation's accounts: its administrator only (the outsider is the secretary of
    # another organisation); test_organization_accounts checks the POSTs and two organisations.
    "accounts:user":                        (302, 200, 403, 403, 403, 403, 403, 403, 403),
    "accounts:user_add":                    (302, 200, 403, 403, 403, 403, 403, 403, 403),
    "accounts:user_deactivate":             (302, 405, 403, 403, 403, 403, 403, 403, 403),
    "accounts:user_grant":                  (302, 405, 403, 403, 403, 403, 403, 403, 403),
    "accounts:user_list":                   (302, 200, 403, 403, 403, 403, 403, 403, 403),
    "accounts:user_password":               (302, 405, 403, 403, 403, 403, 403, 403, 403),
    "accounts:user_reactivate":             (302, 405, 403, 403, 403, 403, 403, 403, 403),
    "accounts:user_revoke":                 (302, 405, 403, 403, 403, 403, 403, 403, 403),
    "achievements:evidence":                (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "achievements:evidence_add":            (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "achievements:evidence_delete":         (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "achievements:evidence_edit":           (302, 200, 200, 403, 403, 403, 200, 403, 404),
    "achievements:evidence_export":         (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "achievements:evidence_list":           (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "achievements:evidence_reject":         (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "achievements:evidence_verify":         (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "achievements:hub":                     (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "achievements:initiative_claims":       (302, 200, 200, 403, 403, 403, 404, 404, 404),
    "achievements:mine":                    (302, 403, 200, 403, 403, 403, 200, 200, 200),
    "achievements:pending":                 (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "achievements:year_closures":           (302, 200, 200, 403, 403, 403, 403, 403, 200),
    # The JSON API reads only with a token (test_api checks each persona's token), never with
    # the session; its schema and documentation are public, as its source is.
    "api-v1:api-root":                      (404, 404, 404, 404, 404, 404, 404, 404, 404),
    # Writes take a token too (test_api_writes checks each persona's); a GET on a path that
    # only writes is 405, on a path that also reads it is the read's 401.
    "api-v1:add_assignment":                (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "api-v1:add_award":                     (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:answer_entry":                  (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "api-v1:create_person":                 (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:end_assignment":                (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "api-v1:update_person":                 (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_award":                     (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:reward_list_document":          (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:session_document":              (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:phase_report_document":         (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:revoke_award":                  (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "api-v1:correct_award":                 (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_organization_eligibility":  (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_sessions":                 (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_session":                   (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_clusters":                 (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_cluster":                   (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_reward_list":               (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_fund_years":               (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_fund_entries":             (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:year_report_document":          (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:award_register_document":       (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:eligibility_overview_document": (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_evidence_kinds":           (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_evidence_attachments":     (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:attachment_file":               (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_todo":                     (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_audit":                    (401, 401, 401, 401, 401, 401, 401, 401, 401),
    # Each kind's writes share the path of its reads (a GET there is the read's 401); a kind
    # outside the registry is only written to (a GET is 405).
    **{"api-v1:{}_evidence_{}".format(verb, slug): (401,) * 9
       for verb in ("create", "update") for slug in EVIDENCE_KINDS},
    "api-v1:create_unknown_evidence":       (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "api-v1:update_unknown_evidence":       (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "api-v1:list_registrations":            (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_registration":              (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_person_eligibility":        (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_unit_eligibility":          (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_plans":                    (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_plan":                      (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_decisions":                (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_decision":                  (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_proposals":                (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_proposal":                  (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_nominations":              (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_nomination":                (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_receipts":                 (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_receipt":                   (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:receipt_dossier":               (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:return_received_entry":         (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "api-v1:answer_received_entry":         (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "api-v1:list_received_decisions":       (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_received_decision":         (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:received_decision_document":    (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:inbox_overview":                (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:inbox_overview_xlsx":           (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:plan_document":                 (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:registrations_document":        (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:decision_document":             (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:certificate_document":          (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:proposal_document":             (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:achievement_report":            (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:person_award_history":          (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:unit_award_history":            (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_evidence_grades":          (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_evidence_grades":           (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_evidence_unit_grades":     (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_evidence_unit_grades":      (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_evidence_initiatives":     (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_evidence_initiatives":      (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_evidence_research":        (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_evidence_research":         (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_evidence_works":           (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_evidence_works":            (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_evidence_training":        (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_evidence_training":         (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_evidence_union_scores":    (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_evidence_union_scores":     (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_evidence_discipline":      (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_evidence_discipline":       (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_evidence_leave":           (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_evidence_leave":            (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_organization":              (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_person":                    (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:get_unit":                      (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_awards":                   (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_organizations":            (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_people":                   (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:list_units":                    (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:national_export":               (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-v1:openapi-json":                  (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "api-v1:openapi-view":                  (200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Each account's own tokens (test_api: made, shown once, revoked by their owner only).
    "api:token_list":                       (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "api:token_revoke":                     (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "attachments:attachment_download":      (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "attachments:attachment_remove":        (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "attachments:attachment_upload":        (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "audit:logentry_list":                  (302, 200, 403, 403, 403, 403, 403, 403, 403),
    "awards:award":                         (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "awards:award_add":                     (302, 200, 200, 403, 403, 403, 403, 403, 200),
    "awards:award_edit":                    (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "awards:award_list":                    (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "awards:award_revoke":                  (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "awards:person_history":                (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "awards:person_history_document":       (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "awards:register_document":             (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "awards:register_export":               (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "awards:unit_history":                  (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "awards:unit_history_document":         (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "core:health":                          (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "core:home":                            (302, 200, 200, 200, 200, 200, 200, 200, 200),
    # The secretary's own job (the year-end report): nobody else finds it.
    "core:job":                             (302, 404, 200, 404, 404, 404, 404, 404, 404),
    "core:job_file":                        (302, 404, 200, 404, 404, 404, 404, 404, 404),
    "core:job_again":                       (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "council:ballot":                       (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "council:nominate":                     (302, 200, 200, 403, 403, 403, 200, 403, 200),
    "council:nominate_many":                (302, 200, 200, 403, 403, 403, 200, 403, 404),
    "council:nomination":                   (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "council:nomination_list":              (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "closing:phase_commend":                (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "closing:phase_decision":               (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "closing:phase_report_document":        (302, 200, 200, 200, 200, 200, 403, 403, 404),
    "closing:phase_summary":                (302, 200, 200, 200, 200, 200, 403, 403, 404),
    "closing:phase_summary_edit":           (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "closing:year_report":                  (302, 200, 200, 200, 200, 200, 403, 403, 404),
    "closing:year_report_document":         (302, 200, 200, 200, 200, 200, 403, 403, 404),
    "closing:year_report_background":       (302, 405, 405, 405, 405, 405, 405, 405, 405),
    # The school leads the cluster: its secretary keeps the table and checks; the administrator
    # may too (a leader entered by name has no one else); its own self-score is the secretary's.
    "clusters:check":                       (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "clusters:close":                       (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "clusters:cluster":                     (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "clusters:cluster_add":                 (302, 200, 200, 403, 403, 403, 403, 403, 200),
    "clusters:cluster_list":                (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "clusters:covenant_edit":               (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "clusters:criterion_add":               (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "clusters:criterion_delete":            (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "clusters:criterion_edit":              (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "clusters:document":                    (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "clusters:group_add":                   (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "clusters:member_add":                  (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "clusters:member_remove":               (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "clusters:self_score":                  (302, 403, 200, 403, 403, 403, 403, 403, 404),
    "clusters:vote":                        (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "council:publication":                  (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "council:publication_add":              (302, 302, 302, 403, 403, 403, 403, 403, 404),
    "council:publication_list":             (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "council:publication_notice":           (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "council:session":                      (302, 200, 200, 200, 200, 200, 404, 404, 404),
    "council:session_add":                  (302, 200, 200, 403, 403, 403, 403, 403, 200),
    "council:session_document":             (302, 200, 200, 200, 200, 200, 404, 404, 404),
    "council:session_list":                 (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "council:session_tally":                (302, 200, 200, 200, 200, 200, 404, 404, 404),
    "decisions:certificate_docx":           (302, 403, 403, 403, 403, 403, 404, 404, 404),
    "decisions:certificate_pdf":            (302, 403, 403, 403, 403, 403, 404, 404, 404),
    "decisions:decision":                   (302, 200, 200, 200, 200, 200, 404, 404, 404),
    "decisions:decision_background":        (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "decisions:decision_docx":              (302, 200, 200, 200, 200, 200, 404, 404, 404),
    "decisions:decision_draft":             (302, 200, 200, 200, 403, 403, 403, 403, 200),
    "decisions:decision_issue":             (302, 200, 403, 200, 403, 403, 404, 404, 404),
    "decisions:union_decisions":            (302, 200, 200, 403, 403, 403, 403, 403, 200),
    "decisions:decision_list":              (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "decisions:decision_pdf":               (302, 200, 200, 200, 200, 200, 404, 404, 404),
    "documents:plan_docx":                  (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "documents:plan_pdf":                   (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "documents:registrations_docx":         (302, 200, 200, 200, 200, 200, 403, 403, 404),
    "documents:registrations_pdf":          (302, 200, 200, 200, 200, 200, 403, 403, 404),
    "evaluation:eligibility":               (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "evaluation:eligibility_document":      (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "evaluation:person_eligibility":        (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "organization:organization_add":        (302, 200, 403, 403, 403, 403, 403, 403, 403),
    "organization:organization_edit":       (302, 200, 403, 403, 403, 403, 403, 403, 403),
    "organization:organization_list":       (302, 200, 403, 403, 403, 403, 403, 403, 403),
    "organization:person":                  (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "organization:person_add":              (302, 200, 200, 403, 403, 403, 403, 403, 200),
    "organization:person_delete":           (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "organization:person_edit":             (302, 200, 200, 403, 403, 403, 200, 403, 404),
    "organization:person_list":             (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "organization:rule_ballot_edit":        (302, 200, 200, 403, 403, 403, 403, 403, 200),
    "organization:rule_parameter_edit":     (302, 200, 200, 403, 403, 403, 403, 403, 200),
    "organization:rule_parameter_restore":  (302, 405, 405, 403, 403, 403, 403, 403, 405),
    "organization:rule_parameters":         (302, 200, 200, 200, 200, 200, 403, 403, 200),
    "organization:unit":                    (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "organization:unit_add":                (302, 200, 200, 403, 403, 403, 403, 403, 200),
    "organization:unit_delete":             (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "organization:unit_edit":               (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "organization:unit_list":               (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "plans:basis_add":                      (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "plans:basis_edit":                     (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "plans:content_add":                    (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "plans:content_edit":                   (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "plans:dashboard":                      (302, 200, 200, 200, 200, 200, 200, 403, 404),
    "plans:movement_add":                   (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "plans:movement_edit":                  (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "plans:phase_add":                      (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "plans:phase_edit":                     (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "plans:plan":                           (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "plans:plan_add":                       (302, 200, 200, 403, 403, 403, 403, 403, 200),
    "plans:plan_copy":                      (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "plans:plan_edit":                      (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "plans:plan_list":                      (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "plans:target_add":                     (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "plans:target_edit":                    (302, 200, 200, 403, 403, 403, 403, 403, 404),
    "proposals:dossier_zip":                (302, 200, 200, 200, 200, 200, 403, 404, 404),
    "proposals:proposal":                   (302, 200, 200, 200, 200, 200, 200, 404, 404),
    "proposals:proposal_background":        (302, 405, 405, 405, 405, 405, 405, 405, 405),
    "proposals:proposal_docx":              (302, 200, 200, 200, 200, 200, 200, 404, 404),
    "proposals:proposal_draft":             (302, 200, 200, 403, 403, 403, 403, 403, 200),
    # The province's inbox: only the officers of an organisation receiving tờ trình (none here).
    "proposals:inbox":                      (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "proposals:receipt":                    (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "proposals:receipt_dossier":            (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "proposals:receipt_file":               (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "proposals:received_decision_list":     (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "proposals:received_decision_new":      (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "proposals:received_decision":          (302, 403, 403, 403, 403, 403, 403, 403, 403),
    # An agency reads an issued decision naming its entries; none exists here.
    "proposals:received_decision_docx":     (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "proposals:received_decision_pdf":      (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "proposals:overview":                   (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "proposals:overview_xlsx":              (302, 403, 403, 403, 403, 403, 403, 403, 403),
    "proposals:proposal_send":              (302, 200, 403, 200, 403, 403, 403, 404, 404),
    "proposals:proposal_list":              (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "proposals:proposal_pdf":               (302, 200, 200, 200, 200, 200, 200, 404, 404),
    "proposals:report_docx":                (302, 200, 200, 200, 200, 200, 403, 404, 404),
    "proposals:report_pdf":                 (302, 200, 200, 200, 200, 200, 403, 404, 404),
    "registrations:board":                  (302, 200, 200, 200, 200, 200, 403, 403, 200),
    "registrations:own":                    (302, 403, 200, 403, 403, 403, 200, 200, 200),
    "registrations:unit":                   (302, 200, 200, 200, 200, 200, 200, 403, 404),
    # The bảng kê of the world's draft: its amounts only for the secretary and the principal (and
    # the accountant, test_rewards); the fund for the secretary (and the accountant).
    "rewards:base_salaries":                (302, 200, 200, 200, 200, 200, 200, 200, 200),
    "rewards:fund":                         (302, 403, 200, 403, 403, 403, 403, 403, 200),
    "rewards:fund_export":                  (302, 403, 200, 403, 403, 403, 403, 403, 200),
    "rewards:register_list":                (302, 200, 200, 200, 200, 200, 200, 200, 404),
    "rewards:reward_list":                  (302, 200, 200, 200, 200, 200, 404, 404, 404),
    "rewards:reward_list_docx":             (302, 403, 200, 200, 403, 403, 404, 404, 404),
    "rewards:reward_list_pdf":              (302, 403, 200, 200, 403, 403, 404, 404, 404),
    "rewards:reward_list_xlsx":             (302, 403, 200, 200, 403, 403, 404, 404, 404),
    "spreadsheets:export":                  (302, 302, 302, 403, 403, 403, 403, 403, 302),
    "spreadsheets:import":                  (302, 200, 200, 403, 403, 403, 403, 403, 200),
    "spreadsheets:template":                (302, 200, 200, 403, 403, 403, 403, 403, 200),
    "todo:preferences":                     (302, 200, 200, 200, 200, 200, 200, 200, 200),
}  # fmt: skip

# Allowed but constrained: what a list shows (first) and hides (second) for a persona.
SEES = {
    ("organization:person_list", "unit_head"): ("Trần Thị Hoa", "Phạm Thị Lan"),
    ("organization:person_list", "outsider"): ("Vũ Văn Khách", "Trần Thị Hoa"),
    ("awards:award_list", "staff"): ("Trần Thị Hoa", "Phạm Thị Lan"),
    ("clusters:cluster_list", "outsider"): ("chưa là thành viên", "Cụm thi đua số 5"),
    ("clusters:cluster_list", "staff"): ("Cụm thi đua số 5", "chưa là thành viên"),
    ("awards:award_list", "unit_head"): ("Trần Thị Hoa", "Phạm Thị Lan"),
    ("awards:award_list", "principal"): ("Phạm Thị Lan", "Vũ Văn Khách"),
    ("achievements:evidence_list", "unit_head"): ("Trần Thị Hoa", "Phạm Thị Lan"),
    ("achievements:evidence_list", "staff"): ("Trần Thị Hoa", "Phạm Thị Lan"),
}  # fmt: skip


def test_every_url_is_in_the_table():
    names = url_names()
    assert not names - set(ACCESS), "thêm vào ACCESS: {}".format(sorted(names - set(ACCESS)))
    assert not set(ACCESS) - names, "không còn: {}".format(sorted(set(ACCESS) - names))
    assert all(len(statuses) == len(PERSONAS) for statuses in ACCESS.values())


def test_each_persona_gets_what_the_table_says(personas, world, monkeypatch):
    """One client per persona walks every URL; every mismatch is listed at once."""
    from django.test import Client

    # Rendering is checked by the documents' own tests; here only who gets the file matters.
    monkeypatch.setattr("thidua.documents.views.render",
                        lambda kind, record, fmt, layout=None: b"%PDF")  # fmt: skip
    monkeypatch.setattr("thidua.proposals.dossier.render_document",
                        lambda kind, record, fmt: b"%PDF")  # fmt: skip
    clients = {}
    for persona in PERSONAS:
        clients[persona] = Client()
        if persona != "anonymous":
            clients[persona].force_login(personas[persona])
    wrong = []
    for name, statuses in sorted(ACCESS.items()):
        url = reverse(name, kwargs=ARGS[name](world) if name in ARGS else None)
        for persona, expected in zip(PERSONAS, statuses, strict=True):
            response = clients[persona].get(url)
            if response.status_code != expected:
                wrong.append("{} {}: {} (bảng: {})".format(name, persona, response.status_code,
                                                           expected))  # fmt: skip
            if response.status_code == 302 and persona == "anonymous":
                assert response["Location"].startswith(reverse("accounts:login")), name
            # A year is never printed with the thousands separator ("2.022").
            html = response.status_code == 200 and "html" in response.get("Content-Type", "")
            if html and (match := GROUPED_YEAR.search(response.content.decode())):
                wrong.append("{} {}: năm in thành «{}»".format(name, persona, match[0]))
            # Nor an id in an attribute ("row-4.149": PostgreSQL's ids pass 999 in this suite).
            if html and (match := GROUPED_ID.search(response.content.decode())):
                wrong.append("{} {}: mã in thành «{}»".format(name, persona, match[0]))
            shown_hidden = SEES.get((name, persona))
            if shown_hidden:
                page = response.content.decode()
                if shown_hidden[0] not in page or shown_hidden[1] in page:
                    wrong.append("{} {}: thấy/ẩn sai {}".format(name, persona, shown_hidden))
    assert not wrong, "\n".join(wrong)
