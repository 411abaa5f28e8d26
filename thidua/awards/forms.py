"""The register's forms: an award decided outside thidua, and its revocation."""

from django import forms

from thidua.attachments.forms import AttachmentForm
from thidua.awards.actions import AwardData
from thidua.core.choices import TitleCode
from thidua.core.forms import DateInput, StyledFormMixin
from thidua.organization.models import Person, Unit

SUBJECT_KINDS = [
    ("person", "Cá nhân"),
    ("unit", "Tập thể (đơn vị)"),
    ("organization", "Cả cơ quan"),
]


class AwardForm(StyledFormMixin, forms.Form):
    """What the secretary types from the paper decision; the action checks the rest."""

    subject_kind = forms.ChoiceField(label="Khen cho", choices=SUBJECT_KINDS, initial="person")
    person = forms.ModelChoiceField(
        label="Cán bộ", queryset=Person.objects.none(), required=False,
        help_text="Khi khen cá nhân.",
    )  # fmt: skip
    unit = forms.ModelChoiceField(
        label="Tập thể", queryset=Unit.objects.none(), required=False,
        help_text="Khi khen một đơn vị.",
    )  # fmt: skip
    year = forms.IntegerField(label="Năm được khen", min_value=1975, max_value=2100)
    code = forms.ChoiceField(label="Danh hiệu, hình thức", choices=TitleCode.choices)
    occasion = forms.CharField(
        label="Dịp khen thưởng", max_length=200, required=False,
        help_text="Để trống với khen thưởng của cả năm; ghi đợt, chuyên đề hoặc đột xuất "
        "(ví dụ: tổng kết đợt thi đua năm 2022).",
    )  # fmt: skip
    decision_number = forms.CharField(label="Số quyết định", max_length=50,
                                      help_text="Ví dụ 35/QĐ-UBND.")  # fmt: skip
    decided_on = forms.DateField(label="Ngày quyết định", widget=DateInput())
    issued_by = forms.CharField(
        label="Cơ quan quyết định", max_length=255, required=False,
        help_text="Để trống: cấp có thẩm quyền của danh hiệu (ví dụ Chủ tịch UBND tỉnh Hà Tĩnh).",
    )  # fmt: skip
    attachment = forms.FileField(
        label="Bản chụp quyết định", required=False,
        help_text=AttachmentForm.base_fields["file"].help_text,
    )  # fmt: skip

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["person"].queryset = Person.objects.filter(organization=organization)
        self.fields["unit"].queryset = Unit.objects.filter(organization=organization)
        self.fields["attachment"].widget.attrs.update(
            AttachmentForm.base_fields["file"].widget.attrs
        )

    @classmethod
    def initial_of(cls, award) -> dict:
        kind = "person" if award.person_id else "unit" if award.unit_id else "organization"
        return {
            "subject_kind": kind, "person": award.person_id, "unit": award.unit_id,
            "year": award.year, "code": award.code, "occasion": award.occasion,
            "decision_number": award.decision_number,
            "decided_on": award.decided_on, "issued_by": award.issued_by,
        }  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("subject_kind")
        if kind == "person" and not cleaned.get("person"):
            self.add_error("person", "Chọn cán bộ được khen.")
        if kind == "unit" and not cleaned.get("unit"):
            self.add_error("unit", "Chọn tập thể được khen.")
        return cleaned

    def award_data(self) -> AwardData:
        cleaned = self.cleaned_data
        kind = cleaned["subject_kind"]
        return AwardData(
            person=cleaned["person"] if kind == "person" else None,
            unit=cleaned["unit"] if kind == "unit" else None,
            year=cleaned["year"], code=cleaned["code"], occasion=cleaned.get("occasion") or "",
            decision_number=cleaned["decision_number"], decided_on=cleaned["decided_on"],
            issued_by=cleaned.get("issued_by") or "",
        )  # fmt: skip


class RevokeForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Lý do thu hồi", widget=forms.Textarea(attrs={"rows": 3}))
    revoked_on = forms.DateField(label="Ngày thu hồi", widget=DateInput(), required=False,
                                 help_text="Để trống: hôm nay.")  # fmt: skip
