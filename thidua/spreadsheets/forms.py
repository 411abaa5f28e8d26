"""Forms: the upload and export on screen, and what every row form shares.

A row form validates a spreadsheet row: the ModelForm of its model with the fields a row carries
(the evidence kinds build theirs from their registry entry, thidua/evidence/kinds.py; the staff
and unit kinds theirs in thidua/organization/sheet_forms.py); the person, unit and organisation
are resolved by the import (by staff code or name, looked up once in bulk) and set on the
instance, so a row costs no database query. They are never rendered, so they skip
StyledFormMixin's Bootstrap classes but keep its NFC clean-up and Vietnamese date formats.
"""

from django import forms

from thidua.core import text
from thidua.core.forms import StyledFormMixin
from thidua.spreadsheets.engine import MAX_UPLOAD_BYTES, SKIP, header_key, too_big_message

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_INVALID = "ngày không hợp lệ; ghi theo dạng dd/mm/yyyy (ví dụ 31/12/2022)."
# The export's years (as the evidence models' range, thidua/evidence/models.py) and those of a
# plain row form's "year" (the awards register's); a model form's model checks its own.
FIRST_YEAR, LAST_YEAR = 1975, 2100


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

    def _update_errors(self, errors):
        """A row's message follows "dòng N, cột X (Năm): ", so a model's starts in lower case."""
        for messages in getattr(errors, "error_dict", {}).values():
            for error in messages:
                if isinstance(error.message, str):
                    error.message = error.message[:1].lower() + error.message[1:]
        super()._update_errors(errors)


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
        queryset=None,  # the organisation's units, given by the page
        required=False,
        label="đơn vị (kể cả đơn vị cấp dưới)",
        empty_label="Mọi đơn vị",
        error_messages={"invalid_choice": "Đơn vị không có trong cơ quan."},
    )
    state = forms.ChoiceField(required=False, label="trạng thái xác nhận")

    def __init__(self, *args, kinds, units, **kwargs):
        """`units`: the units to choose from (the organisation's)."""
        super().__init__(*args, **kwargs)
        self.kinds = {k.name: k for k in kinds}
        self.fields["kind"].choices = [(k.name, k.label) for k in kinds]
        states = dict(state for k in kinds for state in k.states)
        self.fields["state"].choices = [("", "Mọi trạng thái"), *states.items()]
        self.fields["unit"].queryset = units

    def clean(self):
        cleaned = super().clean()
        kind = self.kinds.get(cleaned.get("kind"))
        if kind is not None and cleaned.get("state") and not kind.has_state:
            self.add_error("state", "Dữ liệu «{}» không có trạng thái xác nhận.".format(kind.label))
        return cleaned


class MappingForm(forms.Form):
    """One choice for each header of the file the kind does not know: a column, or skip it."""

    SKIP_VALUE = "skip"

    def __init__(self, *args, headers, columns, saved=None, **kwargs):
        """`saved`: the choices kept for this file layout ({folded header: column name or
        "bỏ qua"}), proposed as the fields' initial values."""
        super().__init__(*args, **kwargs)
        self.headers = list(headers)
        choices = [("", "— Chọn cột của mẫu —"), (self.SKIP_VALUE, "Bỏ qua cột này")] + [
            (column.name, column.header) for column in columns
        ]
        known = {value for value, _ in choices if value}
        self.headers_of = {column.name: column.header for column in columns}
        saved = saved or {}
        self.proposed = False
        for index, (letter, header) in enumerate(self.headers):
            initial = saved.get(header_key(header))
            if initial == SKIP:
                initial = self.SKIP_VALUE
            if initial in known:
                self.proposed = True
            else:
                initial = None
            self.fields["map_{}".format(index)] = forms.ChoiceField(
                label="cột {} «{}» là".format(letter, header),
                choices=choices,
                initial=initial,
                widget=forms.Select(attrs={"class": "form-select"}),
                error_messages={
                    "required": "Hãy chọn một cột của mẫu, hoặc «Bỏ qua cột này».",
                    "invalid_choice": "Cột «%(value)s» không có trong mẫu.",
                },
            )
        self.fields["save"] = forms.BooleanField(
            label="lưu cách ghép này cho các tệp sau có cùng dòng tiêu đề",
            required=False,
            initial=True,
            widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        )

    def chosen(self) -> dict[str, str]:
        """Return the choices to keep: {header as the file writes it: the column's header, or
        "bỏ qua"}."""
        return {
            header: self.headers_of.get(self.cleaned_data["map_{}".format(index)], SKIP)
            for index, (_, header) in enumerate(self.headers)
        }

    def pairs(self) -> list[str]:
        """Return the choices as run_import's mapping: "Tiêu đề trong tệp=cột"."""
        return [
            "{}={}".format(
                header,
                SKIP
                if self.cleaned_data["map_{}".format(index)] == self.SKIP_VALUE
                else self.cleaned_data["map_{}".format(index)],
            )
            for index, (_, header) in enumerate(self.headers)
        ]
