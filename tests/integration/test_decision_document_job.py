"""A decision or a tờ trình with a long list made into a file by a worker (issue 19, item 5;
thidua.decisions.tasks, thidua.proposals.tasks): past BACKGROUND_DOCUMENT_ROWS its page offers
the document through a job instead of a download; the job's page offers the file, says when
the list changed since it was asked for, and only the user who asked finds it. The tasks run
here as `db_worker` runs them."""

import pytest
from django.urls import reverse

from tests.helpers.documents import pdf_text
from tests.helpers.tasks import run_queued
from tests.integration.test_proposals import draft, members, nominees, session  # noqa: F401
from thidua.decisions.actions import do_add_entry
from thidua.decisions.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(org, people, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BACKGROUND_DOCUMENT_ROWS = 2
    draft = Decision.objects.create(
        organization=org, year=2022, symbol="QĐ/TCTTN", legal_bases="Căn cứ.",
        created_by=personas["secretary"],
    )  # fmt: skip
    for key in ("staff", "dat", "head"):
        do_add_entry(draft, "GIAY_KHEN", person=people[key], acting_user=personas["secretary"])
    return draft


def ask(client, decision, fmt="pdf") -> str:
    response = client.post(reverse("decisions:decision_background", args=[decision.pk, fmt]))
    assert response.status_code == 302
    return response["Location"]


def test_a_long_decision_is_made_by_a_worker(client, decision, personas, people):
    client.force_login(personas["secretary"])
    page = client.get(reverse("decisions:decision", args=[decision.pk])).content.decode()
    assert "Tạo tệp quyết định (PDF)" in page and "Danh sách dài (3 dòng)" in page
    assert reverse("decisions:decision_pdf", args=[decision.pk]) + '"' not in page
    # The other layout is asked for the same way.
    assert 'name="layout" value="party"' in page or 'name="layout" value="state"' in page
    assert "?layout=" not in page
    job = ask(client, decision)
    assert "Đang chờ tiến trình nền nhận việc" in client.get(job).content.decode()
    run_queued()
    page = client.get(job).content.decode()
    assert "Tệp {} (PDF)".format(decision) in page and "Đã xong: 3 dòng." in page
    file = client.get(reverse("core:job_file", args=[job.split("/")[-2]]))
    data = b"".join(file.streaming_content)
    assert file["Content-Disposition"].startswith("attachment;") and data.startswith(b"%PDF")
    assert people["dat"].full_name in pdf_text(data)


def test_a_list_changed_before_the_worker_ran_is_said(client, decision, personas, people):
    client.force_login(personas["secretary"])
    job = ask(client, decision, "docx")
    do_add_entry(decision, "GIAY_KHEN", person=people["other"], acting_user=personas["secretary"])
    run_queued()
    page = client.get(job).content.decode()
    assert ("Danh sách kèm theo đã thay đổi từ lúc yêu cầu (3 dòng lúc yêu cầu, 4 dòng lúc tạo "
            "tệp): tệp theo danh sách hiện tại. Đã xong: 4 dòng.") in page  # fmt: skip


def test_a_short_decision_is_downloaded_at_once(client, decision, personas, settings):
    settings.BACKGROUND_DOCUMENT_ROWS = 300
    client.force_login(personas["secretary"])
    page = client.get(reverse("decisions:decision", args=[decision.pk])).content.decode()
    assert "Tạo tệp quyết định" not in page
    assert reverse("decisions:decision_pdf", args=[decision.pk]) in page


def test_another_reader_does_not_find_the_job(client, decision, personas):
    client.force_login(personas["secretary"])
    job = ask(client, decision)
    run_queued()
    client.force_login(personas["principal"])
    assert client.get(job).status_code == 404
    assert client.get(reverse("core:job_file", args=[job.split("/")[-2]])).status_code == 404


# The tờ trình of a long list, the same way (thidua.proposals.tasks).


@pytest.fixture
def proposal(session, personas, settings, tmp_path):  # noqa: F811 (the fixture imported)
    settings.MEDIA_ROOT = tmp_path
    settings.BACKGROUND_DOCUMENT_ROWS = 1
    return draft(session, personas)


def test_a_long_tờ_trình_is_made_by_a_worker(client, proposal, personas):
    client.force_login(personas["secretary"])
    page = client.get(reverse("proposals:proposal", args=[proposal.pk])).content.decode()
    assert "Tạo tệp PDF" in page and 'id="proposal-pdf"' not in page and "?layout=" not in page
    assert page.count('name="layout"') == 2  # the other layout, asked from a worker too
    rows = proposal.entries.count()
    response = client.post(reverse("proposals:proposal_background", args=[proposal.pk, "pdf"]))
    job = response["Location"]
    run_queued()
    page = client.get(job).content.decode()
    assert "Tệp {} (PDF)".format(proposal) in page
    assert "Đã xong: {} dòng.".format(rows) in page
    file = client.get(reverse("core:job_file", args=[job.split("/")[-2]]))
    assert b"".join(file.streaming_content).startswith(b"%PDF")
    client.force_login(personas["principal"])
    assert client.get(job).status_code == 404
