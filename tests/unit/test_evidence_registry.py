"""The evidence registry (thidua/evidence/kinds.py) is the one description of each kind: the
screens, the permissions, the actions and the spreadsheets all read it (issue 12, item 4)."""

import pytest
import rules
from django import forms
from django.urls import resolve, reverse

from thidua.evidence import views
from thidua.evidence.actions import _checked_team
from thidua.evidence.kinds import KINDS, kind_of
from thidua.evidence.models import FIRST_YEAR, LAST_YEAR
from thidua.spreadsheets.kinds import KINDS as SPREADSHEET_KINDS

PAGES = {
    "evidence_list": views.EvidenceListView,
    "evidence_add": views.EvidenceFormView,
    "evidence_export": views.EvidenceExportView,
}


def test_the_kinds_in_the_order_of_the_tabs():
    assert list(KINDS) == [
        "grades", "unit_grades", "initiatives", "research", "works", "training",
        "union_scores", "discipline", "leave",
    ]  # fmt: skip


@pytest.mark.parametrize("slug", list(KINDS))
def test_every_kind_has_its_pages(slug):
    for name, view in PAGES.items():
        match = resolve(reverse("achievements:" + name, args=[slug]))
        assert match.func.view_class is view and match.kwargs["kind"] == slug
    record_page = resolve(reverse("achievements:evidence", args=[slug, 1]))
    assert record_page.func.view_class is views.EvidenceView


@pytest.mark.parametrize("slug", list(KINDS))
def test_every_kind_has_its_companions_of_its_own_model(slug):
    kind = KINDS[slug]
    assert issubclass(kind.form, forms.ModelForm) and kind.form._meta.model is kind.model
    assert kind.table._meta.model is kind.model
    assert kind.filterset._meta.model is kind.model
    assert kind.label and kind.sheet_label and kind.same
    for name in kind.permissions:
        assert rules.perm_exists(name), name
    if kind.team:
        assert kind.team.formset.model is kind.team_model
        assert kind.team_model._meta.get_field(kind.team_link).related_model is kind.model


@pytest.mark.parametrize("slug", list(KINDS))
def test_every_kind_is_a_spreadsheet_kind_made_from_its_entry(slug):
    kind = KINDS[slug]
    sheet = SPREADSHEET_KINDS[slug]
    assert sheet.evidence is kind and sheet.columns is kind.columns
    assert sheet.label == kind.sheet_label and sheet.model is kind.model
    # A row carries the screen form's fields but its subject, and the file has a column for each.
    row_fields = set(kind.row_form.base_fields)
    assert row_fields == set(kind.form._meta.fields) - {"person", "unit"}
    columns = {column.name for column in kind.columns}
    assert row_fields <= columns
    subject = {cells.column for cells in kind.team.cells} if kind.team else {kind.subject_column}
    assert subject <= columns
    assert set(kind.key) - {"team"} <= {f.name for f in kind.model._meta.fields} | {
        "person_id", "unit_id",
    }  # fmt: skip


@pytest.mark.parametrize("slug", list(KINDS))
def test_a_kinds_records_are_known_as_its_own(slug):
    kind = KINDS[slug]
    record = kind.model(unit_id=1) if kind.for_units else kind.model()
    assert kind_of(record) is kind


def test_a_team_is_asked_for_by_the_kinds_with_one():
    for kind in KINDS.values():
        record = kind.model(organization_id=1)
        if kind.team:
            with pytest.raises(Exception, match="Cần ít nhất một tác giả"):
                _checked_team(record, None)
        else:
            assert _checked_team(record, None) is None


@pytest.mark.django_db  # a model's check constraints are asked of the database
@pytest.mark.parametrize("slug", list(KINDS))
def test_screen_and_row_share_the_models_year_range(slug):
    kind = KINDS[slug]
    year_fields = [name for name in kind.row_form.base_fields if name.endswith("year")]
    for name in year_fields:
        for year, ok in ((FIRST_YEAR - 1, False), (FIRST_YEAR, True), (LAST_YEAR + 1, False)):
            errors = kind.row_form({name: year}).errors.get(name, [])
            assert any("nằm ngoài khoảng" in error for error in errors) is not ok, (year, errors)
