"""Every model keeps its app label and table, whatever package its code lives in.

A package may be renamed (thidua.achievements became thidua.evidence, thidua.register became
thidua.awards) only if its AppConfig keeps the label: the label names the tables, the content
types, the permissions ("achievements.verify_evidence"), the migrations and the audit entries of
databases already in use. This table is the record; a change here needs a migration that moves
the data, not a rename.
"""

from django.apps import apps

# Model label (app_label.ModelName) -> database table, as stored by the migrations.
TABLES = {
    "accounts.RoleGrant": "accounts_rolegrant",
    "accounts.SuspendedGrant": "accounts_suspendedgrant",
    "accounts.User": "accounts_user",
    "accounts.User_groups": "accounts_user_groups",
    "accounts.User_user_permissions": "accounts_user_user_permissions",
    "achievements.Authorship": "achievements_authorship",
    "achievements.Discipline": "achievements_discipline",
    "achievements.Initiative": "achievements_initiative",
    "achievements.InitiativeClaim": "achievements_initiativeclaim",
    "achievements.Leave": "achievements_leave",
    "achievements.Research": "achievements_research",
    "achievements.ResearchMember": "achievements_researchmember",
    "achievements.Training": "achievements_training",
    "achievements.UnionScore": "achievements_unionscore",
    "achievements.Work": "achievements_work",
    "achievements.WorkAuthorship": "achievements_workauthorship",
    "achievements.YearClosure": "achievements_yearclosure",
    "achievements.YearGrade": "achievements_yeargrade",
    "api.ApiToken": "api_apitoken",
    "api.ApiTokenUse": "api_apitokenuse",
    "api.IdempotencyKey": "api_idempotencykey",
    "attachments.Attachment": "attachments_attachment",
    "closing.PhaseCommendation": "closing_phasecommendation",
    "closing.PhaseSummary": "closing_phasesummary",
    "closing.UnitResult": "closing_unitresult",
    "closing.YearReport": "closing_yearreport",
    "clusters.Cluster": "clusters_cluster",
    "clusters.ClusterMember": "clusters_clustermember",
    "clusters.CovenantTarget": "clusters_covenanttarget",
    "clusters.Criterion": "clusters_criterion",
    "clusters.Score": "clusters_score",
    "clusters.ScoreGroup": "clusters_scoregroup",
    "clusters.Vote": "clusters_vote",
    "council.PublicationComment": "council_publicationcomment",
    "council.ResultsPublication": "council_resultspublication",
    "council.AgendaItem": "council_agendaitem",
    "council.Ballot": "council_ballot",
    "council.BallotEnvelope": "council_ballotenvelope",
    "council.CouncilMember": "council_councilmember",
    "council.CouncilSession": "council_councilsession",
    "council.Nomination": "council_nomination",
    "council.StandingMember": "council_standingmember",
    "council.VoteRecord": "council_voterecord",
    "decisions.Decision": "decisions_decision",
    "decisions.DecisionCounter": "decisions_decisioncounter",
    "decisions.DecisionEntry": "decisions_decisionentry",
    "organization.Assignment": "organization_assignment",
    "organization.Organization": "organization_organization",
    "organization.Person": "organization_person",
    "organization.Unit": "organization_unit",
    "plans.ContentItem": "plans_contentitem",
    "plans.LegalBasis": "plans_legalbasis",
    "plans.Movement": "plans_movement",
    "plans.Phase": "plans_phase",
    "plans.Plan": "plans_plan",
    "plans.Target": "plans_target",
    "proposals.Proposal": "proposals_proposal",
    "proposals.ProposalEntry": "proposals_proposalentry",
    "proposals.Receipt": "proposals_receipt",
    "proposals.ReceivedEntry": "proposals_receivedentry",
    "proposals.ReceivedDecision": "proposals_receiveddecision",
    "register.Award": "register_award",
    "registrations.Registration": "registrations_registration",
    "rewards.BaseSalary": "rewards_basesalary",
    "rewards.FundEntry": "rewards_fundentry",
    "spreadsheets.ColumnMapping": "spreadsheets_columnmapping",
    "todo.ReminderPreference": "todo_reminderpreference",
    "todo.ReminderSent": "todo_remindersent",
}

# Where each app's code lives, for the apps whose package name differs from their label.
PACKAGES = {
    "achievements": "thidua.evidence",
    "register": "thidua.awards",
}


def test_every_model_keeps_its_label_and_table():
    found = {
        model._meta.label: model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("thidua.")
    }
    assert found == TABLES


def test_renamed_packages_keep_their_old_labels():
    for label, package in PACKAGES.items():
        config = apps.get_app_config(label)
        assert config.name == package
        assert config.label == label
