"""The column mapping chosen for a file layout is kept per organisation and import kind, and
proposed when a file with the same headers comes in (issue 14, item 2 of «What to build»)."""

import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.core.actions import ActionRefused, NotAllowed
from thidua.evidence.models import YearGrade
from thidua.spreadsheets.actions import do_save_column_mapping, saved_choices
from thidua.spreadsheets.engine import header_key
from thidua.spreadsheets.models import ColumnMapping

from .test_office_files import office_file, upload
from .test_spreadsheets import give_staff_codes

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Mã cán bộ", "Năm", "Kết quả thi đua", "Điểm tự chấm"]
LAYOUT = [header_key(h) for h in HEADER]
CHOICES = {"Kết quả thi đua": "Xếp loại", "Điểm tự chấm": "bỏ qua"}


def entries():
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(ColumnMapping))


def test_chosen_mapping_is_saved_on_import_and_proposed_for_the_same_headers(
    client, people, personas, org
):
    coded = give_staff_codes(people)
    client.force_login(personas["secretary"])
    upload(client, "grades", office_file(HEADER, [(1, coded["staff"], 2022, "HTT", 9)]))
    page = client.post(
        "/spreadsheets/", {"action": "map", "map_0": "grade", "map_1": "skip", "save": "on"}
    ).content.decode()
    assert 'id="import-preview"' in page
    assert not ColumnMapping.objects.exists()  # kept only once the file is imported
    page = client.post("/spreadsheets/", {"action": "confirm"}, follow=True).content.decode()
    assert "Đã lưu cách ghép cột" in page
    saved = ColumnMapping.objects.get()
    assert (saved.organization, saved.kind, saved.choices) == (org, "grades", CHOICES)
    assert saved.saved_by == personas["secretary"] and entries().count() == 1
    # The next file of that layout: the step comes with the saved choices selected.
    rows = [(1, coded["dat"], 2022, "tự đánh giá", "HTXS")]
    page = upload(client, "grades", office_file(HEADER, rows)).content.decode()
    assert 'id="mapping-proposed"' in page
    assert '<option value="grade" selected>' in page and '<option value="skip" selected>' in page
    # This time the grade sits in the other column: changed on screen, imported, the saved
    # mapping follows (one more audit entry).
    page = client.post("/spreadsheets/", {"action": "map", "map_0": "skip", "map_1": "grade",
                                          "save": "on"}).content.decode()  # fmt: skip
    assert 'id="import-preview"' in page
    client.post("/spreadsheets/", {"action": "confirm"})
    assert YearGrade.objects.get(person=people["dat"]).grade == "HTXS"
    saved.refresh_from_db()
    assert saved.choices == {"Kết quả thi đua": "bỏ qua", "Điểm tự chấm": "Xếp loại"}
    assert entries().count() == 2
    # Another layout (one more column) is not proposed the saved one.
    page = upload(client, "grades", office_file([*HEADER, "Ghi chú"], rows)).content.decode()
    assert 'id="import-mapping"' in page and 'id="mapping-proposed"' not in page


def test_mapping_not_saved_when_unticked(client, people, personas, org):
    coded = give_staff_codes(people)
    client.force_login(personas["secretary"])
    upload(client, "grades", office_file(HEADER, [(1, coded["staff"], 2022, "HTT", 9)]))
    client.post("/spreadsheets/", {"action": "map", "map_0": "grade", "map_1": "skip"})
    client.post("/spreadsheets/", {"action": "confirm"})
    assert YearGrade.objects.exists() and not ColumnMapping.objects.exists()


def test_saving_the_same_choices_again_writes_nothing(personas, org):
    secretary = personas["secretary"]
    first = do_save_column_mapping(org, "grades", LAYOUT, CHOICES, acting_user=secretary)
    again = do_save_column_mapping(org, "grades", LAYOUT, dict(CHOICES), acting_user=secretary)
    assert again.pk == first.pk and entries().count() == 1
    assert saved_choices(org, "grades", LAYOUT) == {
        "ket qua thi dua": "grade",
        "diem tu cham": "bỏ qua",
    }
    assert saved_choices(org, "staff", LAYOUT) == {}  # per kind
    assert saved_choices(personas["outsider"].organization, "grades", LAYOUT) == {}


@pytest.mark.parametrize("who", ["unit_head", "staff", "principal", "outsider"])
def test_only_the_organisations_list_keepers_save_a_mapping(who, personas, org):
    with pytest.raises(NotAllowed, match="Chỉ Thường trực Hội đồng TĐ-KT"):
        do_save_column_mapping(org, "grades", LAYOUT, CHOICES, acting_user=personas[who])
    assert not ColumnMapping.objects.exists() and not entries().exists()


def test_admin_saves_a_mapping(personas, org):
    do_save_column_mapping(org, "grades", LAYOUT, CHOICES, acting_user=personas["admin"])
    assert ColumnMapping.objects.get().saved_by == personas["admin"]


@pytest.mark.parametrize(
    "choices, message",
    [
        ({"Kết quả thi đua": "grade"}, "cột «grade» không có trong mẫu"),
        ({"Họ tên": "Xếp loại"}, "«Họ tên»: không phải tiêu đề của tệp"),
        ({}, "Chưa chọn cột nào"),
    ],
)
def test_a_mapping_naming_what_is_not_there_is_refused(choices, message, personas, org):
    with pytest.raises(ActionRefused, match=message):
        do_save_column_mapping(org, "grades", LAYOUT, choices, acting_user=personas["secretary"])
    assert not ColumnMapping.objects.exists()


def test_import_command_prints_the_saved_mapping_as_map_options(people, personas, org, tmp_path):
    coded = give_staff_codes(people)
    do_save_column_mapping(org, "grades", LAYOUT, CHOICES, acting_user=personas["secretary"])
    path = tmp_path / "xep-loai.xlsx"
    path.write_bytes(office_file(HEADER, [(1, coded["staff"], 2022, "HTT", 9)]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_xlsx", "grades", str(path), "--user", "thuky", stdout=out)
    options = '--map "Kết quả thi đua=grade" --map "Điểm tự chấm=bỏ qua"'
    assert "Cách ghép cột đã lưu cho tệp có cùng dòng tiêu đề: " + options in out.getvalue()
    maps = ["--map=Kết quả thi đua=grade", "--map=Điểm tự chấm=bỏ qua"]
    call_command("import_xlsx", "grades", str(path), "--user", "thuky", *maps, stdout=out)
    assert YearGrade.objects.get(person=people["staff"]).grade == "HTT"
