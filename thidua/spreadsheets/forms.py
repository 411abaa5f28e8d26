"""Forms: the upload on screen, and one row form per kind that validates a spreadsheet row.

The row forms are the evidence models' ModelForms with the fields a row carries; the person,
unit and organisation are resolved by the import (by staff code or name, looked up once in bulk)
and set on the instance, so a row costs no database query. They are never rendered, so they skip
StyledFormMixin's Bootstrap classes but keep its NFC clean-up and Vietnamese date formats.
"""

from django import forms

from thidua.core import text
from thidua.core.forms import OrganizationModelFormMixin, StyledFormMixin
from thidua.evidence.models import (
    Discipline,
    Initiative,
    Leave,
    Research,
    Training,
    UnionScore,
    Verification,
    Work,
    YearGrade,
)
from thidua.organization.models import Person, Unit
from thidua.spreadsheets.engine import MAX_UPLOAD_BYTES, too_big_message

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_INVALID = "ngày không hợp lệ; ghi theo dạng dd/mm/yyyy (ví dụ 31/12/2022)."
FIRST_YEAR, LAST_YEAR = 1975, 2100
MAX_UNION_SCORE = 1000
BOTH_OR_NEITHER = "ghi cả hai hoặc để trống cả hai."


def check_year(year):
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise forms.ValidationError(
            "năm {} nằm ngoài khoảng {}–{}.".format(year, FIRST_YEAR, LAST_YEAR)
        )
    return year


class RowFormMixin:
    """Vietnamese dates and messages, NFC text, no unique checks that would query per row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.input_formats = DATE_FORMATS
                field.error_messages["invalid"] = DATE_INVALID
            field.error_messages["required"] = "bắt buộc, không được để trống."
            field.error_messages["invalid_choice"] = "giá trị «%(value)s» không có."
            if isinstance(field, forms.DecimalField):
                field.error_messages["invalid"] = "phải là số."
                field.error_messages["max_decimal_places"] = "chỉ được %(max)s chữ số sau dấu phẩy."
                field.error_messages["max_digits"] = "số quá lớn."
                field.error_messages["max_whole_digits"] = "số quá lớn."
            elif isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = "phải là số nguyên."

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = text.clean(value)
        return cleaned

    def clean_year(self):
        return check_year(self.cleaned_data["year"])


class PeriodRowMixin:
    """A row with a start and an (optional) end date; the end may not come first."""

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", "ngày kết thúc phải sau ngày bắt đầu.")
        return cleaned


class GradeRowForm(RowFormMixin, forms.ModelForm):
    class Meta:
        model = YearGrade
        fields = ["year", "grade"]


class DisciplineRowForm(RowFormMixin, forms.ModelForm):
    class Meta:
        model = Discipline
        fields = ["form", "decision_number", "decided_on", "effective_until", "pending"]


class LeaveRowForm(PeriodRowMixin, RowFormMixin, forms.ModelForm):
    class Meta:
        model = Leave
        fields = ["kind", "started_on", "ended_on", "certified"]


class TrainingRowForm(PeriodRowMixin, RowFormMixin, forms.ModelForm):
    class Meta:
        model = Training
        fields = [
            "kind", "program", "institution", "started_on", "ended_on", "full_time", "result",
        ]  # fmt: skip


class UnionScoreRowForm(RowFormMixin, forms.ModelForm):
    class Meta:
        model = UnionScore
        fields = ["year", "score"]

    def clean_score(self):
        score = self.cleaned_data["score"]
        if score is not None and not 0 <= score <= MAX_UNION_SCORE:
            raise forms.ValidationError(
                "điểm {} nằm ngoài khoảng 0–{}.".format(score, MAX_UNION_SCORE)
            )
        return score


class InitiativeRowForm(RowFormMixin, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [
            "title", "year", "level", "recognized_by", "decision_number", "decided_on", "scope",
        ]  # fmt: skip


class ResearchRowForm(RowFormMixin, forms.ModelForm):
    """The research's own cells; its members are read by the import.

    An incomplete acceptance is reported on the cell that is filled in, which also keeps that
    value off the instance, so the model's own check does not report it a second time.
    """

    class Meta:
        model = Research
        fields = ["title", "kind", "level", "started_year", "accepted_on", "result"]

    def clean_started_year(self):
        return check_year(self.cleaned_data["started_year"])

    def clean(self):
        cleaned = super().clean()
        accepted, result = cleaned.get("accepted_on"), cleaned.get("result")
        started = cleaned.get("started_year")
        if accepted and not result and "result" not in self.errors:
            self.add_error(
                "accepted_on",
                "có ngày nghiệm thu nhưng thiếu kết quả nghiệm thu; {}".format(BOTH_OR_NEITHER),
            )
        elif result and not accepted and "accepted_on" not in self.errors:
            self.add_error(
                "result",
                "có kết quả nghiệm thu nhưng thiếu ngày nghiệm thu; {}".format(BOTH_OR_NEITHER),
            )
        elif accepted and started and accepted.year < started:
            self.add_error("accepted_on", "ngày nghiệm thu trước năm bắt đầu ({}).".format(started))
        return cleaned


class WorkRowForm(RowFormMixin, forms.ModelForm):
    class Meta:
        model = Work
        fields = ["title", "kind", "venue", "year"]


class UnitRowForm(RowFormMixin, OrganizationModelFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False

    def clean_position(self):
        return self.cleaned_data["position"] or 0


class PersonRowForm(RowFormMixin, OrganizationModelFormMixin, forms.ModelForm):
    """The personnel fields of the person form (organization/forms.py), without the unit."""

    class Meta:
        model = Person
        fields = [
            "family_and_middle", "given", "gender", "birth_date", "staff_code", "academic_title",
            "position", "category", "party_member", "union_member", "hired_on", "left_on",
            "email", "phone",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_code"].required = True
        self.fields["email"].error_messages["invalid"] = "địa chỉ thư điện tử không hợp lệ."

    def clean(self):
        cleaned = super().clean()
        hired, left = cleaned.get("hired_on"), cleaned.get("left_on")
        if hired and left and left < hired:
            self.add_error("left_on", "ngày thôi việc phải sau ngày vào làm việc.")
        return cleaned


# On screen -------------------------------------------------------------------------------------


class UploadForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="loại dữ liệu")
    file = forms.FileField(
        label="tệp Excel (.xlsx)",
        help_text="Tối đa {} MB; dùng đúng các cột của tệp mẫu.".format(
            MAX_UPLOAD_BYTES // 1024 // 1024
        ),
        error_messages={"required": "Hãy chọn một tệp.", "empty": "Tệp rỗng (0 byte)."},
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.name, k.label) for k in kinds]
        self.fields["file"].widget.attrs["accept"] = ".xlsx"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(too_big_message(upload.size))
        return upload


class ExportForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="dữ liệu cần xuất")
    year = forms.IntegerField(label="năm xuất", min_value=FIRST_YEAR, max_value=LAST_YEAR)
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label="đơn vị (kể cả đơn vị cấp dưới)",
        empty_label="Mọi đơn vị",
        error_messages={"invalid_choice": "Đơn vị không có trong cơ quan."},
    )
    state = forms.ChoiceField(
        choices=[("", "Mọi trạng thái"), *Verification.choices],
        required=False,
        label="trạng thái xác nhận",
    )

    def __init__(self, *args, kinds, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = {k.name: k for k in kinds}
        self.fields["kind"].choices = [(k.name, k.label) for k in kinds]
        self.fields["unit"].queryset = Unit.objects.filter(organization=organization)

    def clean(self):
        cleaned = super().clean()
        kind = self.kinds.get(cleaned.get("kind"))
        if kind is not None and cleaned.get("state") and not kind.has_state:
            self.add_error("state", "Dữ liệu «{}» không có trạng thái xác nhận.".format(kind.label))
        return cleaned
