"""The council's minutes and vote-count sheet: DOCX and PDF from a closed session's frozen results,
refused for an open or annulled one; the command; downloads on the session page by role."""

import io

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from docx import Document

from tests.conftest import make_person, make_user
from tests.helpers.documents import docx_text, normalise, pdf_text
from tests.integration.test_council import make_eligible
from thidua.accounts.models import Role
from thidua.council.actions import (
    do_add_member,
    do_annul_session,
    do_cast_ballot,
    do_close_session,
    do_nominate,
    do_open_session,
    do_put_on_agenda,
    do_rank_results,
    do_set_attendance,
)
from thidua.council.ballot_count import BALLOT_COUNT
from thidua.council.minutes import MINUTES, find_session, percent_text
from thidua.council.models import CouncilSession
from thidua.documents.registry import CONTENT_TYPES, KINDS, DocumentError
from thidua.documents.render import render

pytestmark = pytest.mark.django_db
YEAR = 2022


def docx_table(data: bytes, first_heads: list[str]) -> dict[str, list[str]]:
    """The rows of the table whose heading row begins with `first_heads`: subject -> cells."""
    for table in Document(io.BytesIO(data)).tables:
        heads = [normalise(c.text) for c in table.rows[0].cells]
        if heads[: len(first_heads)] == first_heads:
            return {
                normalise(row.cells[1].text): [normalise(c.text) for c in row.cells[2:]]
                for row in table.rows[1:]
            }
    raise AssertionError("no table headed {}".format(first_heads))


def make_document(*args):
    """The command for the test organisation (the personas add a second one)."""
    call_command("make_document", *args, "--organization", "TCTTN")


@pytest.fixture
def council(org, units, personas, people):
    """Six seats: the principal chairs, the secretary, two council members, the unit head (a
    member who reads the session only because he sits on it), and one voting in writing."""
    principal = personas["principal"]
    principal.person = make_person(org, units["office"], "Nguyễn Trọng", "Tứ",
                                   academic_title="TS")  # fmt: skip
    principal.save()
    mai = make_person(org, units["b"], "Bùi Thị", "Mai", gender="F")
    second = make_user("uyvien2", org, Role.COUNCIL_MEMBER, person=mai)
    tam = make_person(org, units["b"], "Đinh Văn", "Tâm")
    writer = make_user("uyvien3", org, Role.COUNCIL_MEMBER, person=tam)
    return [
        (principal, "chair"),
        (personas["secretary"], "secretary"),
        (personas["council_member"], "member"),
        (second, "member"),
        (personas["unit_head"], "member"),
        (writer, "member"),
    ]


def open_with(personas, seats, nominations, name="Phiên họp xét thi đua cuối năm 2022"):
    """Open the 2022 review's session in December 2022, under the procedure then in force."""
    secretary = personas["secretary"]
    with time_machine.travel("2022-12-20 09:00 +07:00", tick=True):
        session = do_open_session(name=name, year=YEAR, acting_user=secretary)
    for user, role in seats:
        member = do_add_member(session, user, role=role, acting_user=secretary)
        if user.username == "uyvien3":
            do_set_attendance(member, present=False, written_vote=True, acting_user=secretary)
        else:
            do_set_attendance(member, present=True, acting_user=secretary)
    do_put_on_agenda(session, nominations, acting_user=secretary)
    return session


def cast(session, nomination, choices, seats):
    item = session.items.get(nomination=nomination)
    for (user, _), choice in zip(seats, choices, strict=True):
        lower = "LDTT" if choice == "lower_title" else ""
        do_cast_ballot(session, item, choice, lower_title=lower, acting_user=user)


@pytest.fixture
def voted(org, personas, people, council):
    """An open session where every seat has voted on three nominations:
    Trần Thị Hoa, LĐTT: 6 of 6 agree (100%, passes ≥ 70%);
    Nguyễn Văn Đạt, LĐTT: 4 agree, 2 disagree (66,67%, fails);
    Lê Văn Sơn, CSTĐCS: 3 agree, 2 to a lower title (LĐTT), 1 disagree (50%, fails CSTĐCS;
    3 agree + 2 LĐTT = 5/6, 83,33%, passes at LĐTT)."""
    for key in ("staff", "dat", "head"):
        make_eligible(org, people[key])
    head = personas["unit_head"]
    hoa = do_nominate(year=YEAR, title="LDTT", person=people["staff"], acting_user=head)
    dat = do_nominate(year=YEAR, title="LDTT", person=people["dat"], acting_user=head)
    son = do_nominate(year=YEAR, title="CSTD_CS", person=people["head"], acting_user=head,
                      justification="Có sáng kiến cấp cơ sở.")  # fmt: skip
    session = open_with(personas, council, [hoa, dat, son])
    cast(session, hoa, ["agree"] * 6, council)
    cast(session, dat, ["agree", "agree", "disagree", "agree", "disagree", "agree"], council)
    cast(session, son, ["agree", "lower_title", "agree", "disagree", "lower_title", "agree"],
         council)  # fmt: skip
    return session


@pytest.fixture
def closed(voted, personas):
    return do_close_session(voted, acting_user=personas["secretary"])


def test_both_kinds_are_registered_and_take_a_session():
    assert KINDS["minutes"] is MINUTES and KINDS["ballot_count"] is BALLOT_COUNT
    assert MINUTES.options == BALLOT_COUNT.options == ("session",)


def test_percentages_are_written_the_vietnamese_way():
    assert percent_text(100.0) == "100%"
    assert percent_text(66.67) == "66,67%"
    assert percent_text(83.3) == "83,3%"


def test_minutes_docx_shows_each_nominee_with_approvals_share_and_verdict(closed):
    data = render(MINUTES, closed, "docx")
    text = docx_text(data)
    # Party layout (the test organisation's style): Party heading, no national motto.
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" not in text
    assert "BIÊN BẢN" in text and "HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in text
    assert "Chủ trì: TS Nguyễn Trọng Tứ, Chủ tịch Hội đồng." in text
    assert "Thư ký: Hoàng Minh Quang, Thư ký Hội đồng." in text
    assert "Tổng số thành viên Hội đồng: 6; có mặt: 5; biểu quyết" in text
    assert "Gửi phiếu bằng văn bản: Đinh Văn Tâm." in text
    assert "Có mặt 5/6 thành viên, đủ điều kiện tiến hành phiên họp" in text
    assert "1. Xét đề nghị Lao động tiên tiến cho Trần Thị Hoa." in text
    rows = docx_table(data, ["STT", "Họ và tên / tập thể"])
    assert rows["Trần Thị Hoa"] == [
        "Lao động tiên tiến", "6/6 (số thành viên biểu quyết)", "100%", "≥ 70%", "Bỏ phiếu kín",
        "Đạt",
    ]  # fmt: skip
    assert rows["Nguyễn Văn Đạt"][1:3] == ["4/6 (số thành viên biểu quyết)", "66,67%"]
    assert rows["Nguyễn Văn Đạt"][-1] == "Không đạt"
    assert rows["Lê Văn Sơn"][:3] == ["Chiến sĩ thi đua cơ sở", "3/6 (số thành viên biểu quyết)",
                                      "50%"]  # fmt: skip
    assert rows["Lê Văn Sơn"][-1] == (
        "Đạt ở mức: Lao động tiên tiến (5/6 đồng ý ở mức này, 83,33%; ngưỡng ≥ 70%)"
    )
    members = docx_table(data, ["STT", "Họ và tên", "Chức danh"])
    assert members["Đinh Văn Tâm"] == ["Ủy viên", "Vắng, gửi phiếu bằng văn bản"]
    assert members["TS Nguyễn Trọng Tứ"] == ["Chủ tịch Hội đồng", "Có mặt"]
    assert (
        "Hội đồng thống nhất đề nghị danh hiệu, hình thức “Lao động tiên tiến” cho 2 trường hợp: "
        "Trần Thị Hoa, Lê Văn Sơn (đề nghị Chiến sĩ thi đua cơ sở, đạt ở mức thấp hơn)." in text
    )
    assert "Không đề nghị: Nguyễn Văn Đạt (Lao động tiên tiến)." in text
    assert closed.seal in text
    assert "{{" not in text and "{%" not in text


def test_minutes_pdf_shows_the_same_results(closed):
    text = pdf_text(render(MINUTES, closed, "pdf"))
    for expected in ("BIÊN BẢN", "HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", "TS Nguyễn Trọng Tứ",
                     "Hoàng Minh Quang", "Trần Thị Hoa", "Nguyễn Văn Đạt", "Lê Văn Sơn",
                     "6/6", "4/6", "3/6", "100%", "66,67%", "50%", "Bỏ phiếu kín", "Không đạt",
                     "THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG"):  # fmt: skip
        assert expected in text, expected
    assert text.count("Không đạt") == 1
    assert "Đạt ở mức: Lao động tiên tiến" in text


def test_ballot_count_docx_and_pdf_show_every_count(closed):
    data = render(BALLOT_COUNT, closed, "docx")
    text = docx_text(data)
    assert "KIỂM PHIẾU" in text
    # No committee recorded: its names are blanks (test_council_counting has an elected one).
    assert "1. ……………………………… – thành viên Hội đồng có mặt, Trưởng ban kiểm phiếu." in text
    rows = docx_table(data, ["STT", "Họ và tên / tập thể", "Danh hiệu, hình thức"])
    # issued, received, valid, invalid, agree, disagree, lower
    assert rows["Trần Thị Hoa"][1:] == ["6", "6", "6", "0", "6", "0", "0"]
    assert rows["Nguyễn Văn Đạt"][1:] == ["6", "6", "6", "0", "4", "2", "0"]
    assert rows["Lê Văn Sơn"][1:] == ["6", "6", "6", "0", "3", "1", "2"]
    assert "Lê Văn Sơn: đồng ý ở mức thấp hơn – Lao động tiên tiến: 2." in text
    pdf = pdf_text(render(BALLOT_COUNT, closed, "pdf"))
    for expected in ("KIỂM PHIẾU", "Trưởng ban kiểm phiếu", "Lê Văn Sơn",
                     "Lao động tiên tiến: 2", closed.seal[:16]):  # fmt: skip
        assert expected in pdf, expected


def test_state_layout_follows_the_organisation(closed, org):
    org.document_style = "state"
    org.save()
    closed = CouncilSession.objects.get(pk=closed.pk)
    for kind in (MINUTES, BALLOT_COUNT):
        text = docx_text(render(kind, closed, "docx"))
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text


def test_an_open_session_is_refused(voted, org):
    for kind in (MINUTES, BALLOT_COUNT):
        with pytest.raises(DocumentError, match="chưa kết thúc"):
            kind.find(org, YEAR, session=str(voted.pk))


def test_an_annulled_session_is_refused(closed, org, personas):
    do_annul_session(closed, reason="Sai thành phần Hội đồng.", acting_user=personas["secretary"])
    with pytest.raises(DocumentError, match="đã bị huỷ .Sai thành phần Hội đồng.."):
        find_session(org, YEAR, session=str(closed.pk))
    with pytest.raises(CommandError, match="đã bị huỷ"):
        make_document("ballot_count", "--year", "2022", "--session",
                     str(closed.pk), "--format", "pdf", "--output", "/dev/null")  # fmt: skip


def test_the_command_writes_both_formats(closed, tmp_path):
    for kind in ("minutes", "ballot_count"):
        for fmt in ("docx", "pdf"):
            out = tmp_path / "{}.{}".format(kind, fmt)
            make_document(kind, "--year", "2022", "--session", str(closed.pk),
                         "--format", fmt, "--output", str(out))  # fmt: skip
            data = out.read_bytes()
            text = docx_text(data) if fmt == "docx" else pdf_text(data)
            assert "Trần Thị Hoa" in text and "Nguyễn Văn Đạt" in text


def test_the_command_checks_session_and_year(closed):
    with pytest.raises(CommandError, match="không có phiên họp"):
        make_document("minutes", "--year", "2022", "--session", "9999",
                     "--output", "/dev/null")  # fmt: skip
    with pytest.raises(CommandError, match="xét năm 2022, không phải năm 2021"):
        make_document("minutes", "--year", "2021", "--session", str(closed.pk),
                     "--output", "/dev/null")  # fmt: skip
    with pytest.raises(CommandError, match="--session"):
        make_document("minutes", "--year", "2022", "--output", "/dev/null")
    with pytest.raises(CommandError, match="không dùng --unit"):
        make_document("minutes", "--year", "2022", "--session", str(closed.pk),
                     "--unit", "Khoa Dân vận", "--output", "/dev/null")  # fmt: skip


def test_ranking_beyond_a_quota_is_in_the_minutes(org, units, personas, people, council):
    """Ten LĐTT pass, so the CSTĐCS quota (15% × 10) is 1; two pass CSTĐCS and are ranked."""
    crowd = [people["staff"], people["dat"], people["head"]]
    crowd += [make_person(org, units["a"], "Đỗ Văn", name) for name in
              ("An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khánh")]  # fmt: skip
    for person in crowd:
        make_eligible(org, person)
    head = personas["unit_head"]
    ldtt = [do_nominate(year=YEAR, title="LDTT", person=p, acting_user=head) for p in crowd]
    cstd = [do_nominate(year=YEAR, title="CSTD_CS", person=p, acting_user=head,
                        justification="Sáng kiến.") for p in crowd[:2]]  # fmt: skip
    session = open_with(personas, council, ldtt + cstd)
    for nomination in ldtt + cstd:
        cast(session, nomination, ["agree"] * 6, council)
    first, second = session.items.filter(nomination__title="CSTD_CS").order_by("position")
    secretary = personas["secretary"]
    do_rank_results(session, "CSTD_CS", [second, first], acting_user=secretary)
    closed = do_close_session(session, acting_user=secretary)
    text = docx_text(render(MINUTES, closed, "docx"))
    assert "Xếp hạng trong chỉ tiêu" in text
    assert "1. Nguyễn Văn Đạt – Trong chỉ tiêu" in text
    assert "2. Trần Thị Hoa – Ngoài chỉ tiêu" in text
    assert "Đạt ngưỡng, ngoài chỉ tiêu" in text
    pdf = pdf_text(render(MINUTES, closed, "pdf"))
    assert "2. Trần Thị Hoa – Ngoài chỉ tiêu" in pdf


def test_no_ranking_section_without_a_quota_choice(closed):
    assert "Xếp hạng trong chỉ tiêu" not in docx_text(render(MINUTES, closed, "docx"))


# --- downloads ----------------------------------------------------------------------------------


def url(session, kind, fmt):
    return reverse("council:session_document", args=[session.pk, kind, fmt])


@pytest.mark.parametrize("role", ["secretary", "principal", "council_member", "unit_head"])
def test_readers_of_the_session_download_both_documents(client, closed, personas, role):
    client.force_login(personas[role])
    for kind, stem in (("minutes", "BB-hop-HDTDKT"), ("ballot_count", "BB-kiem-phieu")):
        for fmt in ("docx", "pdf"):
            response = client.get(url(closed, kind, fmt))
            assert response.status_code == 200, (kind, fmt)
            assert response["Content-Type"] == CONTENT_TYPES[fmt]
            assert (
                "{}-TCTTN-2022-phien-{}.{}".format(stem, closed.pk, fmt)
                in (response["Content-Disposition"])
            )
            data = b"".join(response.streaming_content) if response.streaming else response.content
            text = docx_text(data) if fmt == "docx" else pdf_text(data)
            assert "Trần Thị Hoa" in text


@pytest.mark.parametrize("role", ["staff", "outsider"])
def test_others_cannot_download(client, closed, personas, role):
    client.force_login(personas[role])
    for kind in ("minutes", "ballot_count"):
        assert client.get(url(closed, kind, "pdf")).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, closed):
    response = client.get(url(closed, "minutes", "docx"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_open_session_and_unknown_kinds_give_no_document(client, voted, personas):
    client.force_login(personas["secretary"])
    response = client.get(url(voted, "minutes", "pdf"))
    assert response.status_code == 404
    assert client.get(url(voted, "plan", "pdf")).status_code == 404
    assert client.get(url(voted, "minutes", "odt")).status_code == 404


def test_session_page_links_the_documents_once_closed(client, voted, personas):
    client.force_login(personas["secretary"])
    page = client.get(reverse("council:session", args=[voted.pk])).content.decode()
    assert 'id="session-documents"' not in page
    do_close_session(voted, acting_user=personas["secretary"])
    page = client.get(reverse("council:session", args=[voted.pk])).content.decode()
    assert 'id="session-documents"' in page
    for kind in ("minutes", "ballot_count"):
        for fmt in ("docx", "pdf"):
            assert 'href="{}"'.format(url(voted, kind, fmt)) in page
    client.force_login(personas["unit_head"])
    page = client.get(reverse("council:session", args=[voted.pk])).content.decode()
    assert 'href="{}"'.format(url(voted, "minutes", "pdf")) in page


def test_annulled_session_page_has_no_documents(client, closed, personas):
    do_annul_session(closed, reason="Sai quy chế.", acting_user=personas["secretary"])
    client.force_login(personas["secretary"])
    page = client.get(reverse("council:session", args=[closed.pk])).content.decode()
    assert 'id="session-documents"' not in page
    assert client.get(url(closed, "minutes", "docx")).status_code == 404
