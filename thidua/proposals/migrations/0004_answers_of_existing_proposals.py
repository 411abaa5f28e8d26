"""Give the entries of tờ trình answered before answers were recorded per entry their outcome:
an approved tờ trình's entries were all granted by its decision (and linked to the award it
wrote, when the register still has it), a rejected one's all refused with its reason."""

from django.db import migrations


def forwards(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    ProposalEntry = apps.get_model("proposals", "ProposalEntry")
    Award = apps.get_model("register", "Award")
    for proposal in Proposal.objects.filter(state__in=("approved", "rejected")):
        entries = ProposalEntry.objects.filter(proposal=proposal, outcome="pending")
        if proposal.state == "rejected":
            entries.update(
                outcome="refused",
                refusal_reason=proposal.rejection_reason,
                answered_on=proposal.answered_on,
            )
            continue
        taken = set()
        for entry in entries:
            award = (
                Award.objects.filter(
                    organization_id=proposal.organization_id, person_id=entry.person_id,
                    unit_id=entry.unit_id, year=proposal.year, code=entry.title,
                    source="higher", decision_number=proposal.decision_number,
                )
                .exclude(pk__in=taken)
                .order_by("pk")
                .first()
            )  # fmt: skip
            if award is not None and ProposalEntry.objects.filter(award=award).exists():
                award = None
            if award is not None:
                taken.add(award.pk)
            entry.outcome = "granted"
            entry.decision_number = proposal.decision_number
            entry.decided_on = proposal.decided_on
            entry.issued_by = proposal.issued_by
            entry.answered_on = proposal.answered_on
            entry.award = award
            entry.save()


def backwards(apps, schema_editor):
    ProposalEntry = apps.get_model("proposals", "ProposalEntry")
    ProposalEntry.objects.update(
        outcome="pending", decision_number="", decided_on=None, issued_by="",
        refusal_reason="", answered_on=None, award=None,
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0003_per_entry_answers"),
        ("register", "0003_award_entered_in_register"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
