"""A tờ trình's dossier as files (Luật 2022 Điều 84.1; NĐ 98/2023 Điều 34): the tờ trình (with
its list of the nominees' initiative certificates), the council's minutes, its vote-count sheet
and each nominee's achievement report, a collective's included. The agency downloads it as a
ZIP; a receiving organisation keeps the ZIP made at sending (proposals.inbox)."""

import io
import zipfile

from thidua.council.ballot_count import BALLOT_COUNT
from thidua.documents.registry import KINDS
from thidua.documents.render import render as render_document
from thidua.proposals.achievement_report import ACHIEVEMENT_REPORT, report_for_entry
from thidua.proposals.documents import PROPOSAL


def dossier_archive(proposal) -> tuple[bytes, list[str]]:
    """Return the dossier as one ZIP of DOCX files, and the files' names in it, in order."""
    out, names = io.BytesIO(), []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(kind, record):
            name = "{}.docx".format(kind.filename(record))
            archive.writestr(name, render_document(kind, record, "docx"))
            names.append(name)

        add(PROPOSAL, proposal)
        # The council's minutes and vote count: the ballot results the dossier must carry.
        minutes = KINDS.get("minutes")
        if minutes is not None:
            add(minutes, minutes.find(proposal.organization, proposal.year,
                                      session=proposal.session))  # fmt: skip
        add(BALLOT_COUNT, proposal.session)
        for entry in proposal.entries.select_related(
            "person__organization", "unit__organization", "proposal__organization"
        ):
            add(ACHIEVEMENT_REPORT, report_for_entry(entry))
    return out.getvalue(), names


def dossier_filename(proposal) -> str:
    return "Ho-so-{}.zip".format(PROPOSAL.filename(proposal))
