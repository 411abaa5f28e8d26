"""The national export (issue 20, item 3), on crafted awards: a person (with their unit on the
decision's day and their personal identification number), a unit, the organisation itself, a
revoked award; bad input to the command; the API endpoint persona by persona; a broken record
refused by the schema check before anything is written."""

import io
import json
from datetime import date

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.helpers.api import api_get, token_for
from thidua.awards import national
from thidua.awards.actions import AwardData, do_add_award, do_revoke_award
from thidua.organization.models import Assignment, Unit, UnitKind

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(national.SCHEMA_FILE.read_text(encoding="utf-8"))


def valid(document: dict) -> dict:
    """Check ``document`` with the reference validator (formats too) and return it."""
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = ["{}: {}".format(list(e.absolute_path), e.message)
              for e in validator.iter_errors(document)]  # fmt: skip
    assert not errors, errors
    return document


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_national", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def register(org, units, people, personas):
    """A person's CSTĐCS (moved to another unit since), a sub-unit's TTLĐTT, the organisation's
    Bằng khen, a revoked Giấy khen, an award of another year, and one of another organisation."""
    secretary = personas["secretary"]
    staff = people["staff"]
    staff.personal_id = "001190012345"
    staff.birth_date = date(1990, 5, 17)
    staff.position = "Giảng viên chính"
    staff.save()
    # Moved to unit B in 2022: the 2021 decision names unit A, where she was on its day.
    Assignment.objects.filter(person=staff).update(ended_on=date(2022, 2, 1))
    Assignment.objects.create(person=staff, unit=units["b"], started_on=date(2022, 2, 1))
    section = Unit.objects.create(organization=org, parent=units["a"], name="Bộ môn Lịch sử Đảng",
                                  kind=UnitKind.FACULTY)  # fmt: skip

    def add(**data):
        return do_add_award(org, AwardData(**data), acting_user=secretary)

    found = {
        "person": add(person=staff, year=2021, code="CSTD_CS", decision_number="12-QĐ/TCTTN",
                      decided_on=date(2021, 12, 20)),
        "unit": add(unit=section, year=2021, code="TTLDTT", decision_number="13-QĐ/TCTTN",
                    decided_on=date(2021, 12, 21)),
        "organization": add(organization_name=org.name, year=2021, code="BK_TINH",
                            decision_number="1500/QĐ-UBND", decided_on=date(2021, 12, 30),
                            issued_by="Ủy ban nhân dân tỉnh Hà Tĩnh"),
        "revoked": add(person=people["other"], year=2021, code="GIAY_KHEN",
                       decision_number="14-QĐ/TCTTN", decided_on=date(2021, 12, 22)),
        "older": add(person=people["dat"], year=2020, code="LDTT", decision_number="9-QĐ/TCTTN",
                     decided_on=date(2020, 12, 20)),
    }  # fmt: skip
    do_revoke_award(found["revoked"], reason="Hồ sơ không đúng sự thật",
                    revoked_on=date(2022, 1, 15), acting_user=secretary)  # fmt: skip
    outsider = personas["outsider"]
    found["elsewhere"] = do_add_award(
        outsider.organization,
        AwardData(person=outsider.person, year=2021, code="LDTT", decision_number="3-QĐ/NK",
                  decided_on=date(2021, 12, 20)),
        acting_user=outsider,
    )  # fmt: skip
    for award in found.values():
        award.refresh_from_db()
    return found


def test_a_crafted_award_of_each_recipient_kind_and_a_revoked_one(org, units, register,
                                                                  tmp_path):  # fmt: skip
    target = tmp_path / "2021.json"
    said = run("--year", "2021", "--output", str(target), "--organization", "tcttn")
    document = valid(json.loads(target.read_text(encoding="utf-8")))
    records = {record["id"]: record for record in document["awards"]}
    assert set(records) == {register[k].pk for k in ("person", "unit", "organization", "revoked")}
    person = records[register["person"].pk]
    assert person["recipient"] == {
        "kind": "person", "id": register["person"].person_id, "full_name": "Trần Thị Hoa",
        "birth_date": "1990-05-17", "gender": "nu", "position": "Giảng viên chính",
        "unit": {"id": units["a"].pk, "name": "Khoa Xây dựng Đảng"},
        "personal_id": "001190012345",
    }  # fmt: skip
    assert person["emulation_title"] == {
        "code": "CSTD_CS", "name": "Chiến sĩ thi đua cơ sở",
        "level": {"code": "school", "name": "Hiệu trưởng"},
    }  # fmt: skip
    assert person["commendation_form"] is None
    assert person["decision"] == {
        "number": "12-QĐ/TCTTN", "date": "2021-12-20",
        "deciding_body": register["person"].issued_by, "signer": None, "source": "register",
    }  # fmt: skip
    assert person["gold_book_number"] is None and person["reward"] is None
    assert person["revocation"] is None
    unit = records[register["unit"].pk]
    assert unit["recipient"] == {"kind": "collective", "unit_id": register["unit"].unit_id,
                                 "name": "Bộ môn Lịch sử Đảng",
                                 "parent_body": "Khoa Xây dựng Đảng"}  # fmt: skip
    whole = records[register["organization"].pk]
    assert whole["recipient"] == {"kind": "collective", "unit_id": None, "name": org.name,
                                  "parent_body": "Tỉnh ủy Thử nghiệm"}  # fmt: skip
    assert whole["emulation_title"] is None
    assert whole["commendation_form"]["code"] == "BK_TINH"
    assert whole["commendation_form"]["level"]["code"] == "province"
    assert whole["decision"]["deciding_body"] == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    revoked = records[register["revoked"].pk]
    assert revoked["revocation"] == {"date": "2022-01-15", "reason": "Hồ sơ không đúng sự thật"}
    assert document["summary"] == {"awards": 4, "individual": 2, "collective": 2, "revoked": 1}
    assert said == ("Đã xuất 4 khen thưởng năm 2021 (2 cá nhân, 2 tập thể; 1 đã thu hồi) vào tệp "
                    "«{}».\n".format(target))  # fmt: skip
    # Revoked in 2022: the revocation is that year's news too; the rest is not.
    run("--year", "2022", "--output", str(target), "--organization", "TCTTN")
    later = valid(json.loads(target.read_text(encoding="utf-8")))
    assert [record["id"] for record in later["awards"]] == [register["revoked"].pk]


def test_small_chunks_write_the_same_document(org, register):
    """The records are read in chunks: three chunks of two write what one chunk writes."""
    documents = []
    moment = national.timezone.now()
    for chunk in (2, 1000):
        out = io.StringIO()
        national.write_export(out, year=2021, organizations=[org], chunk=chunk,
                              generated_at=moment)  # fmt: skip
        documents.append(out.getvalue())
    assert documents[0] == documents[1]
    assert len(valid(json.loads(documents[0]))["awards"]) == 4


def test_a_year_without_awards_is_an_empty_valid_export(org, tmp_path):
    target = tmp_path / "1990.json"
    said = run("--year", "1990", "--output", str(target))
    document = valid(json.loads(target.read_text(encoding="utf-8")))
    assert document["awards"] == [] and document["summary"]["awards"] == 0
    assert said == (
        "Năm 1990 không có khen thưởng nào: tệp «{}» là một bản xuất rỗng hợp lệ.\n".format(target)
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--output", "x.json"), "Năm (--year): bắt buộc, chưa có."),
        (("--year", "hai nghìn", "--output", "x.json"),
         "Năm (--year): «hai nghìn» không phải một năm từ 1975 đến 2100."),
        (("--year", "1974", "--output", "x.json"),
         "Năm (--year): «1974» không phải một năm từ 1975 đến 2100."),
        (("--year", "2021"), "Tệp ghi ra (--output): bắt buộc, chưa có."),
        (("--year", "2021", "--output", "{tmp}"), "Tệp ghi ra (--output): «{tmp}» là một thư mục."),
        (("--year", "2021", "--output", "{tmp}/khong-co/x.json"),
         "Không ghi được tệp «{tmp}/khong-co/x.json»: thư mục không tồn tại."),
        (("--year", "2021", "--output", "x.json", "--organization", "KHONGCO"),
         "--organization: không có cơ quan viết tắt «KHONGCO»."),
    ],
)  # fmt: skip
def test_bad_input_is_refused_in_vietnamese_naming_the_field(org, tmp_path, monkeypatch, args,
                                                            message):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    with pytest.raises(CommandError) as refused:
        run(*args)
    assert str(refused.value) == message.replace("{tmp}", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_path_is_refused(org, tmp_path):
    """A path through a file (the tests run as root, whom file modes do not stop)."""
    (tmp_path / "tep").write_text("", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run("--year", "2021", "--output", str(tmp_path / "tep" / "x.json"))
    assert str(refused.value) == (
        "Không ghi được tệp «{}»: một phần của đường dẫn không phải thư mục.".format(
            tmp_path / "tep" / "x.json"
        )
    )


def test_a_broken_record_is_refused_before_the_file_is_written(org, register, tmp_path):
    """A contributor that writes an empty "số sổ vàng" (the schema wants one character at
    least): the record is refused naming the award and the field, and the file already there
    is left as it was."""
    target = tmp_path / "2021.json"
    target.write_text("bản cũ", encoding="utf-8")
    broken = register["person"].pk

    def empty_number(awards, cache):
        return {award.pk: {"gold_book_number": ""} for award in awards if award.pk == broken}

    national.register_contributor(empty_number)
    try:
        with pytest.raises(CommandError) as refused:
            run("--year", "2021", "--output", str(target))
    finally:
        national._contributors.remove(empty_number)
    assert str(refused.value) == (
        "Khen thưởng mã {} không đúng lược đồ docs/national-export.schema.json ở trường "
        "«gold_book_number»; không ghi tệp.".format(broken)
    )
    assert target.read_text(encoding="utf-8") == "bản cũ"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["2021.json"]


def test_the_record_check_refuses_what_the_schema_refuses():
    record = {"id": 7, "organization_id": 1, "year": 2021, "occasion": None,
              "recipient": {"kind": "collective", "unit_id": None, "name": "Trường",
                            "parent_body": None},
              "emulation_title": {"code": "TTLDTT", "name": "Tập thể lao động tiên tiến",
                                  "level": {"code": "school", "name": "Hiệu trưởng"}},
              "commendation_form": None,
              "decision": {"number": "1-QĐ/T", "date": "2021-12-20", "deciding_body": "Hiệu trưởng",
                           "signer": None, "source": "register"},
              "gold_book_number": None, "reward": None, "revocation": None}  # fmt: skip
    national.check_record(record)
    valid({**json.loads(national._json({"format": national.FORMAT, "year": 2021,
                                        "generated_at": "2022-01-01T08:00:00+07:00",
                                        "producer": "thidua", "organizations": [],
                                        "summary": {"awards": 1, "individual": 0,
                                                    "collective": 1, "revoked": 0}})),
           "awards": [record]})  # fmt: skip
    for path, value in (
        (("decision", "date"), "20/12/2021"),
        (("recipient", "kind"), "person"),
        (("commendation_form",), record["emulation_title"]),  # both a title and a form
        (("reward",), {"amount": -1, "currency": "VND", "paid_on": "2022-01-10",
                       "reversed_on": None}),
    ):  # fmt: skip
        broken = json.loads(json.dumps(record))
        place = broken
        for key in path[:-1]:
            place = place[key]
        place[path[-1]] = value
        with pytest.raises(national.ExportError, match="Khen thưởng mã 7 không đúng lược đồ"):
            national.check_record(broken)
        assert list(jsonschema.Draft202012Validator(
            {"$ref": "#/$defs/award", "$defs": SCHEMA["$defs"]}).iter_errors(broken)), path


# The API ----------------------------------------------------------------------------------------

# Who reads the export: the register's keepers only; an outsider's own organisation's export.
SEES = {"admin": 200, "secretary": 200, "principal": 403, "leader": 403, "council_member": 403,
        "unit_head": 403, "staff": 403, "outsider": 200}  # fmt: skip


def test_the_api_export_persona_by_persona(org, personas, register):
    client = Client()
    for persona, status in SEES.items():
        response = api_get("national-export?year=2021", token_for(personas[persona]), client)
        assert response.status_code == status, persona
        if status == 403:
            assert response["Content-Type"] == "application/problem+json"
            assert response.json()["detail"] == (
                "Chỉ Thường trực Hội đồng và quản trị hệ thống xuất dữ liệu khen thưởng."
            )
            continue
        assert response["Content-Type"] == "application/json"
        assert response["Content-Disposition"] == 'attachment; filename="khen-thuong-2021.json"'
        document = valid(json.loads(b"".join(response.streaming_content)))
        ids = {record["id"] for record in document["awards"]}
        if persona == "outsider":  # scoped to the token's organisation
            assert ids == {register["elsewhere"].pk}
            continue
        assert ids == {register[k].pk for k in ("person", "unit", "organization", "revoked")}
        person = next(r for r in document["awards"] if r["id"] == register["person"].pk)
        # The personal identification number, for those who keep it (the secretary, the admin).
        assert person["recipient"]["personal_id"] == "001190012345"


def test_the_api_refuses_a_missing_or_impossible_year_and_a_missing_token(org, personas):
    secret = token_for(personas["secretary"])
    for query, field_message in (
        ("", "«year» (Năm): bắt buộc, chưa có."),
        ("?year=1900", "«year» (Năm): phải ≥ 1975."),
        ("?year=abc", "«year» (Năm): phải là một số nguyên."),
    ):
        response = api_get("national-export" + query, secret)
        assert response.status_code == 422
        assert response.json()["errors"] == [{"field": "year", "message": field_message}]
    response = api_get("national-export?year=2021", None)
    assert response.status_code == 401
