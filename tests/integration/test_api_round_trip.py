"""The API's round trips (issue 20, Tests), over HTTP against a live server: the Python client
of docs/api.md itself (its code block run as written, only BASE and TOKEN set) reads a person's
eligibility, imports awards from a CSV twice (the second run writes nothing: the Idempotency-Key
comes from the source record) and downloads the national export, which the schema validates;
then the register exported through the API, deleted, imported back through the API: the same
register and the same national export."""

import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from auditlog.models import LogEntry

from tests.helpers.api import token_for
from thidua.awards import national
from thidua.awards.actions import AwardData, do_add_award
from thidua.awards.models import Award
from thidua.organization.models import Person, Unit, UnitKind

pytestmark = pytest.mark.django_db(transaction=True)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
SCHEMA = json.loads(national.SCHEMA_FILE.read_text(encoding="utf-8"))


def valid(document: dict) -> dict:
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = ["{}: {}".format(list(e.absolute_path), e.message)
              for e in validator.iter_errors(document)]  # fmt: skip
    assert not errors, errors
    return document


def docs_client(base: str, token: str) -> dict:
    """The namespace of docs/api.md's Python block, run with ``BASE`` and ``TOKEN`` replaced
    (its ``__main__`` part not run)."""
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 1, "docs/api.md should hold exactly one Python block"
    code = blocks[0]
    assert 'BASE = "' in code and 'TOKEN = "' in code  # the two lines a reader edits
    namespace = {"__name__": "docs_api_client"}
    exec(compile(code, str(DOCS), "exec"), namespace)  # noqa: S102
    namespace["BASE"], namespace["TOKEN"] = base + "/api/v1", token
    return namespace


@pytest.fixture
def coded(people):
    """The test organisation's people with the staff codes a personnel system knows them by."""
    for code, key in (("0001", "staff"), ("0002", "dat"), ("0003", "other")):
        Person.objects.filter(pk=people[key].pk).update(staff_code=code)
    return people


CSV = """record_id,staff_code,year,code,decision_number,decided_on,issued_by
nhs-101,0001,2021,CSTD_CS,35/QĐ-UBND,2021-12-20,Ủy ban nhân dân tỉnh Hà Tĩnh
nhs-102,0002,2021,LDTT,36/QĐ-UBND,2021-12-21,
nhs-103,0999,2021,LDTT,37/QĐ-UBND,2021-12-21,
nhs-104,0003,2021,LDTT,38/QĐ-UBND,2099-12-21,
"""


def test_the_documented_client_reads_imports_twice_and_exports(live_server, coded, personas,
                                                               tmp_path, capsys):  # fmt: skip
    people = coded
    client = docs_client(live_server.url, token_for(personas["secretary"], read_only=False))

    client["show_eligibility"](person_id=people["staff"].pk, year=2022)
    said = capsys.readouterr().out.splitlines()
    assert said[0].startswith("Trần Thị Hoa 2022 — ")
    # Every criterion line carries its result and the legal source in brackets' pair.
    criteria = [line for line in said if line.startswith("    [")]
    assert criteria and all(line.endswith(")") for line in criteria)
    assert any("Điều" in line for line in criteria)

    source = tmp_path / "khen-thuong.csv"
    source.write_text(CSV, encoding="utf-8")
    before = Award.objects.count()
    client["import_awards"](str(source))
    first = capsys.readouterr().out.splitlines()
    made = Award.objects.filter(decision_number__in=["35/QĐ-UBND", "36/QĐ-UBND"])
    assert Award.objects.count() == before + 2 == before + made.count()
    ids = {award.person_id: award.pk for award in made}
    assert first[0] == "dòng 2: khen thưởng {} (Chiến sĩ thi đua cơ sở)".format(
        ids[people["staff"].pk]
    )
    assert first[1] == "dòng 3: khen thưởng {} (Lao động tiên tiến)".format(ids[people["dat"].pk])
    assert first[2] == "dòng 4: không có cán bộ mã 0999"
    assert first[3].startswith("dòng 5: {'decided_on': ")  # refused, naming the field
    assert len(first) == 4
    award = made.get(person=people["staff"])
    assert (award.year, award.code, award.decided_on, award.issued_by, award.source) == (
        2021,
        "CSTD_CS",
        date(2021, 12, 20),
        "Ủy ban nhân dân tỉnh Hà Tĩnh",
        "register",
    )
    audited = LogEntry.objects.get_for_object(award).count()
    assert audited >= 1

    # The second run (a retry, a re-run of the night's job): the same answers, nothing written.
    client["import_awards"](str(source))
    assert capsys.readouterr().out.splitlines() == first
    assert Award.objects.count() == before + 2
    assert LogEntry.objects.get_for_object(award).count() == audited

    target = tmp_path / "khen-thuong-2021.json"
    client["download_national_export"](2021, str(target))
    assert capsys.readouterr().out == "2 khen thưởng (0 đã thu hồi) → {}\n".format(target)
    document = valid(json.loads(target.read_text(encoding="utf-8")))
    assert {record["id"] for record in document["awards"]} == set(ids.values())
    record = next(r for r in document["awards"] if r["id"] == ids[people["staff"].pk])
    assert record["recipient"]["full_name"] == "Trần Thị Hoa"
    assert record["decision"]["number"] == "35/QĐ-UBND"


def test_a_read_only_token_reads_but_its_import_is_refused_line_by_line(live_server, coded,
                                                                         personas, tmp_path,
                                                                         capsys):  # fmt: skip
    client = docs_client(live_server.url, token_for(personas["secretary"]))
    source = tmp_path / "khen-thuong.csv"
    source.write_text(CSV, encoding="utf-8")
    before = Award.objects.count()
    client["import_awards"](str(source))
    said = capsys.readouterr().out.splitlines()
    assert Award.objects.count() == before
    assert said[0].startswith("dòng 2: ") and "chỉ đọc" in said[0], said
    with pytest.raises(client["ApiError"]) as refused:
        client["call"]("GET", "/people/{}/eligibility".format(coded["staff"].pk),
                       query={"year": "năm"})  # fmt: skip
    assert refused.value.status == 422 and set(refused.value.fields) == {"year"}


# Exported, deleted, imported back --------------------------------------------------------------

#: What the register says of an award that is its own, not the server's bookkeeping.
KEPT = ("person_id", "unit_id", "subject_name", "year", "code", "code_name", "occasion", "kind",
        "body",
        "body_name", "source", "decision_number", "decided_on", "issued_by", "revoked_on",
        "revocation_reason")  # fmt: skip


def without_ids(document: dict) -> dict:
    """The national export without what a new row changes: the awards' ids, the moment."""
    records = sorted(({k: v for k, v in record.items() if k != "id"}
                      for record in document["awards"]),
                     key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False))  # fmt: skip
    return {**{k: v for k, v in document.items() if k not in ("awards", "generated_at")},
            "awards": records}  # fmt: skip


def test_the_register_exported_deleted_and_imported_back_is_the_same(live_server, org, units,
                                                                     coded, personas):  # fmt: skip
    people, secretary = coded, personas["secretary"]
    section = Unit.objects.create(organization=org, parent=units["a"], name="Bộ môn Lịch sử Đảng",
                                  kind=UnitKind.FACULTY)  # fmt: skip

    def add(**data):
        return do_add_award(org, AwardData(**data), acting_user=secretary)

    add(
        person=people["staff"],
        year=2021,
        code="CSTD_CS",
        decision_number="12-QĐ/TCTTN",
        decided_on=date(2021, 12, 20),
    )
    add(
        person=people["dat"],
        year=2021,
        code="LDTT",
        decision_number="12-QĐ/TCTTN",
        decided_on=date(2021, 12, 20),
        issued_by="Hiệu trưởng Trường Chính trị Thử nghiệm",
    )
    add(
        unit=section,
        year=2021,
        code="TTLDTT",
        decision_number="13-QĐ/TCTTN",
        decided_on=date(2021, 12, 21),
    )
    add(
        organization_name=org.name,
        year=2021,
        code="BK_TINH",
        decision_number="1500/QĐ-UBND",
        decided_on=date(2021, 12, 30),
        issued_by="Ủy ban nhân dân tỉnh Hà Tĩnh",
    )
    add(
        person=people["other"],
        year=2021,
        code="GIAY_KHEN",
        occasion="Tổng kết năm học",
        decision_number="14-QĐ/TCTTN",
        decided_on=date(2021, 12, 22),
    )
    # The outsider's award stays where it is: neither exported nor touched.
    outsider = personas["outsider"]
    elsewhere = do_add_award(
        outsider.organization,
        AwardData(person=outsider.person, year=2021, code="LDTT", decision_number="3-QĐ/NK",
                  decided_on=date(2021, 12, 20)),
        acting_user=outsider,
    )  # fmt: skip

    client = docs_client(live_server.url, token_for(secretary, read_only=False))
    exported = list(client["pages"]("/awards", year=2021))
    assert len(exported) == 5
    national_before = valid(
        json.loads(client["call"]("GET", "/national-export", query={"year": 2021}, raw=True))
    )
    assert sorted(item["occasion"] for item in exported) == ["", "", "", "", "Tổng kết năm học"]

    deleted, _ = Award.objects.filter(pk__in=[item["id"] for item in exported]).delete()
    assert deleted == 5 and not Award.objects.filter(organization=org).exists()

    for item in exported:
        body = {
            key: item[key]
            for key in (
                "person_id",
                "unit_id",
                "year",
                "code",
                "occasion",
                "decision_number",
                "decided_on",
                "issued_by",
            )
        }
        client["call"]("POST", "/awards", body=body, key="round-trip-{}".format(item["id"]))

    imported = list(client["pages"]("/awards", year=2021))
    assert {item["id"] for item in imported}.isdisjoint(item["id"] for item in exported)

    def kept(items):
        return sorted(json.dumps([item[key] for key in KEPT], ensure_ascii=False) for item in items)

    assert kept(imported) == kept(exported)
    national_after = valid(
        json.loads(client["call"]("GET", "/national-export", query={"year": 2021}, raw=True))
    )
    assert without_ids(national_after) == without_ids(national_before)
    assert Award.objects.filter(pk=elsewhere.pk).exists()
