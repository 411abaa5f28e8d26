"""The personal identification number (số định danh cá nhân, CCCD) and the people an office list
leaves incomplete (issue 14, item 3): a person is found by staff code, else by CCCD, else created
with a generated code the preview announces; the category can be completed later and the people
list says what is missing. Only those who keep people see the number."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from thidua.organization.forms import PersonForm
from thidua.organization.models import Person
from thidua.spreadsheets.engine import run_import
from thidua.spreadsheets.kinds import KINDS, export_bytes

from .test_office_files import office_file, refused
from .test_spreadsheets import give_staff_codes, read_back

pytestmark = pytest.mark.django_db

CCCD = "042085001234"  # a leading zero, as the cards of Hà Tĩnh print it
HEADER = ["STT", "Họ và tên", "Nam/Nữ", "Ngày sinh", "Số CCCD", "Đơn vị công tác"]


def person_form(user, instance=None, **changes):
    data = {
        "family_and_middle": "Võ Thị", "given": "Ánh", "gender": "F", "staff_code": "",
        "personal_id": CCCD, "category": "", "union_member": "on", "unit": "",
    }  # fmt: skip
    data.update(changes)
    return PersonForm(data, instance=instance, user=user)


# The field -------------------------------------------------------------------------------------


def test_screen_form_checks_twelve_digits_and_uniqueness(personas, people, units):
    secretary = personas["secretary"]
    form = person_form(secretary, unit=units["a"].pk, personal_id="42085001234")
    assert not form.is_valid()
    assert form.errors["personal_id"] == ["Số định danh cá nhân gồm đúng 12 chữ số."]
    people["dat"].personal_id = CCCD
    people["dat"].save()
    form = person_form(secretary, unit=units["a"].pk)
    assert not form.is_valid()
    assert "Số định danh cá nhân này đã có ở một cán bộ khác." in str(form.errors)
    form = person_form(secretary, unit=units["a"].pk, personal_id="042085001235")
    assert form.is_valid(), form.errors
    assert form.instance.personal_id == "042085001235"
    assert form.instance.missing_facts == ["ngạch, loại", "ngày vào làm việc"]


def test_future_birth_date_is_refused_on_screen(personas, units):
    tomorrow = date.today() + timedelta(days=1)
    form = person_form(personas["secretary"], unit=units["a"].pk, birth_date=tomorrow.isoformat())
    assert not form.is_valid()
    assert form.errors["birth_date"] == ["Ngày sinh không được ở tương lai."]


def test_unit_head_form_has_no_personal_id(personas, people):
    form = PersonForm(instance=people["dat"], user=personas["unit_head"])
    assert "personal_id" not in form.fields


@pytest.mark.parametrize(
    "who, shown",
    [("secretary", True), ("admin", True), ("principal", False), ("council_member", False),
     ("unit_head", False), ("staff", False)],
)  # fmt: skip
def test_personal_id_shown_only_to_those_who_keep_people(client, personas, people, who, shown):
    for person in (people["staff"], people["dat"]):
        person.personal_id = CCCD if person is people["staff"] else "042085009999"
        person.save()
    client.force_login(personas[who])
    page = client.get(reverse("organization:person", args=[people["staff"].pk])).content.decode()
    assert (CCCD in page) is shown
    assert ("Số định danh cá nhân" in page) is shown
    listing = client.get(reverse("organization:person_list")).content.decode()
    assert CCCD not in listing and "042085009999" not in listing
    export = client.get(reverse("spreadsheets:export"), {"kind": "staff", "year": 2022})
    assert export.status_code == (200 if shown else 403)


# The import ------------------------------------------------------------------------------------


def test_office_list_without_codes_or_category_is_imported(client, personas, people, org):
    coded = give_staff_codes(people)
    people["dat"].personal_id = CCCD
    people["dat"].save()
    rows = [
        (1, "Nguyễn Văn Đạt", "Nam", "02/03/1980", CCCD, "Khoa Xây dựng Đảng"),
        (2, "Võ Thị Ánh", "Nữ", "12/05/1975", "038190000111", "Khoa Dân vận"),
        (3, "Bùi Văn Toàn", "Nam", "", "", "Phòng Tổ chức - Hành chính"),
    ]
    data = office_file(HEADER, rows)
    client.force_login(personas["secretary"])
    file = io.BytesIO(data)
    file.name = "danh-sach.xlsx"
    preview = client.post(
        "/spreadsheets/", {"action": "preview", "kind": "staff", "file": file}
    ).content.decode()
    assert 'id="import-preview"' in preview
    assert "Dòng 8, Võ Thị Ánh: mã 00106" in preview
    assert "Dòng 9, Bùi Văn Toàn: mã 00107" in preview
    assert not Person.objects.filter(given="Ánh").exists()
    client.post("/spreadsheets/", {"action": "confirm"})
    dat = Person.objects.get(pk=people["dat"].pk)
    assert (dat.staff_code, dat.birth_date) == (coded["dat"], date(1980, 3, 2))
    assert dat.category == "lecturer"  # the file has no category column: kept
    anh = Person.objects.get(given="Ánh")
    assert (anh.staff_code, anh.personal_id, anh.category) == ("00106", "038190000111", "")
    assert anh.missing_facts == ["ngạch, loại", "ngày vào làm việc"]
    assert Person.objects.get(given="Toàn").staff_code == "00107"
    # The people list says who is incomplete, and filters them.
    listing = client.get(reverse("organization:person_list"), {"record": "missing"})
    names = [p.given for p in listing.context["table"].data]
    assert sorted(names) == ["Toàn", "Ánh"]
    assert "Thiếu: ngạch, loại, ngày vào làm việc" in listing.content.decode()
    complete = client.get(reverse("organization:person_list"), {"record": "complete"})
    assert "Ánh" not in [p.given for p in complete.context["table"].data]
    # Imported again, the same people are found by their number: nobody is added, and since
    # nothing differs nobody is rewritten either.
    result = run_import(
        KINDS["staff"], office_file(HEADER, rows[:2]), organization=org, user=personas["secretary"]
    )
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_export_carries_the_number_and_reimports(people, personas, org):
    give_staff_codes(people)
    people["dat"].personal_id = CCCD
    people["dat"].save()
    exported = export_bytes(KINDS["staff"], org, 2022)
    header, rows = read_back(exported)
    assert "Số định danh cá nhân" in header
    assert any(CCCD in row for row in rows)
    result = run_import(KINDS["staff"], exported, organization=org, user=personas["secretary"])
    assert result.created == 0
    assert read_back(export_bytes(KINDS["staff"], org, 2022)) == (header, rows)


# Bad input: a message naming row and column, nothing written -----------------------------------


def test_eleven_digits(units, personas, org):
    rows = [(1, "Võ Thị Ánh", "Nữ", "", 42085001234, "Khoa Dân vận")]
    error = refused("staff", office_file(HEADER, rows), org, personas["secretary"])
    assert error.errors == [
        "dòng 7, cột E (Số định danh cá nhân): số định danh cá nhân gồm đúng 12 chữ số; "
        "«42085001234» có 11 chữ số (Excel đã bỏ số 0 ở đầu? hãy ghi dạng chữ)."
    ]


def test_duplicate_number_in_the_file(units, personas, org):
    rows = [
        (1, "Võ Thị Ánh", "Nữ", "", CCCD, "Khoa Dân vận"),
        (2, "Võ Văn Bình", "Nam", "", CCCD, "Khoa Dân vận"),
    ]
    error = refused("staff", office_file(HEADER, rows), org, personas["secretary"])
    assert error.errors == [
        "dòng 8, cột E (Số định danh cá nhân): số định danh «{}» trùng với dòng 7; mỗi người "
        "một số.".format(CCCD)
    ]


def test_number_held_by_a_person_of_another_code(people, personas, org):
    coded = give_staff_codes(people)
    people["dat"].personal_id = CCCD
    people["dat"].save()
    header = ["STT", "Mã số cán bộ", *HEADER[1:]]
    rows = [(1, coded["other"], "Phạm Thị Lan", "Nữ", "", CCCD, "Khoa Dân vận")]
    error = refused("staff", office_file(header, rows), org, personas["secretary"])
    assert error.errors == [
        "dòng 7, cột F (Số định danh cá nhân): số định danh «{}» đã có ở cán bộ mã «{}» "
        "(Nguyễn Văn Đạt); một người không thể có hai mã cán bộ: hãy sửa mã cán bộ hoặc số "
        "định danh.".format(CCCD, coded["dat"])
    ]
    rows = [(1, "09999", "Người Mới", "Nam", "", CCCD, "Khoa Dân vận")]
    error = refused("staff", office_file(header, rows), org, personas["secretary"])
    assert "đã có ở cán bộ mã «{}»".format(coded["dat"]) in error.errors[0]


def test_future_birth_date_in_the_file(units, personas, org):
    future = (date.today() + timedelta(days=40)).strftime("%d/%m/%Y")
    rows = [(1, "Võ Thị Ánh", "Nữ", future, CCCD, "Khoa Dân vận")]
    error = refused("staff", office_file(HEADER, rows), org, personas["secretary"])
    assert error.errors == [
        "dòng 7, cột D (Ngày sinh): ngày sinh không được ở tương lai."
    ]


def test_command_says_which_codes_it_gives(tmp_path, units, personas, org):
    from django.core.management import call_command

    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(office_file(HEADER, [(1, "Võ Thị Ánh", "Nữ", "", CCCD, "Khoa Dân vận")]))
    out = io.StringIO()
    call_command("import_xlsx", "staff", str(path), "--organization", "TCTTN", stdout=out)
    assert "Dòng 7, Võ Thị Ánh: được cấp mã cán bộ 00001." in out.getvalue()
    assert Person.objects.get(personal_id=CCCD).staff_code == "00001"
