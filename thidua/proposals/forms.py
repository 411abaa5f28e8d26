from django import forms

from thidua.core.forms import DateInput, StyledFormMixin


class RejectionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do không chấp thuận", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class SendForm(StyledFormMixin, forms.Form):
    """The principal's signature: the tờ trình's date and number."""

    dated_on = forms.DateField(
        label="Ngày tờ trình", widget=DateInput(), help_text="Ngày ký; mặc định hôm nay."
    )
    number = forms.IntegerField(
        label="Số tờ trình",
        min_value=1,
        required=False,
        help_text="Để trống: số tiếp theo còn trống của năm ký.",
    )


# The outcomes a secretary may choose for an entry still waiting ("" keeps it waiting).
OUTCOME_CHOICES = [
    ("", "Chưa có kết quả"),
    ("granted", "Được khen thưởng"),
    ("refused", "Không được khen thưởng"),
]


class AnswersForm(StyledFormMixin, forms.Form):
    """The higher body's answer entry by entry: the decision (number, date, issuer) entered once
    for the entries it granted, each entry's outcome, and per entry an optional other decision
    (when two decisions answered) or the reason it was not granted."""

    decision_number = forms.CharField(
        label="Số quyết định của cấp trên",
        max_length=50,
        required=False,
        help_text="Dùng cho mọi dòng được khen thưởng, trừ dòng ghi số quyết định riêng.",
    )
    decided_on = forms.DateField(
        label="Ngày quyết định của cấp trên", widget=DateInput(), required=False
    )
    issued_by = forms.CharField(label="Cơ quan, người quyết định", max_length=255)

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        for entry in self.entries:
            name = "{} ({})".format(entry.subject_name, entry.get_title_display())
            self.fields["outcome_{}".format(entry.pk)] = forms.ChoiceField(
                label="Kết quả: {}".format(name), choices=OUTCOME_CHOICES, required=False
            )
            self.fields["number_{}".format(entry.pk)] = forms.CharField(
                label="Số quyết định riêng: {}".format(name), max_length=50, required=False
            )
            self.fields["date_{}".format(entry.pk)] = forms.DateField(
                label="Ngày quyết định riêng: {}".format(name), widget=DateInput(),
                required=False,
            )  # fmt: skip
            self.fields["reason_{}".format(entry.pk)] = forms.CharField(
                label="Lý do không được khen thưởng: {}".format(name), max_length=2000,
                required=False,
            )  # fmt: skip
        # Style the fields added after the mixin's pass as it styles its own.
        for name, field in self.fields.items():
            if name.split("_")[0] in ("outcome", "number", "date", "reason"):
                css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
                field.widget.attrs["class"] = css
                if isinstance(field, forms.DateField):
                    field.input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
                    field.error_messages["invalid"] = (
                        "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."
                    )

    def rows(self):
        """Return, per entry, its bound fields (the template lays them out as a table)."""
        return [
            {
                "entry": entry,
                "outcome": self["outcome_{}".format(entry.pk)],
                "number": self["number_{}".format(entry.pk)],
                "date": self["date_{}".format(entry.pk)],
                "reason": self["reason_{}".format(entry.pk)],
            }
            for entry in self.entries
        ]

    def clean(self):
        cleaned = super().clean()
        chosen = [e for e in self.entries if cleaned.get("outcome_{}".format(e.pk))]
        if not chosen:
            raise forms.ValidationError("Chọn kết quả cho ít nhất một dòng.")
        granted = [e for e in chosen if cleaned.get("outcome_{}".format(e.pk)) == "granted"]
        if any(not (cleaned.get("number_{}".format(e.pk)) or cleaned.get("decision_number"))
               for e in granted):  # fmt: skip
            self.add_error("decision_number", "Cần số quyết định cho các dòng được khen thưởng.")
        if any(not (cleaned.get("date_{}".format(e.pk)) or cleaned.get("decided_on"))
               for e in granted):  # fmt: skip
            self.add_error("decided_on", "Cần ngày quyết định cho các dòng được khen thưởng.")
        return cleaned

    def answers(self):
        """Return the chosen answers as (entry, granted, number, date, reason) rows."""
        data = self.cleaned_data
        found = []
        for entry in self.entries:
            outcome = data.get("outcome_{}".format(entry.pk))
            if not outcome:
                continue
            granted = outcome == "granted"
            found.append({
                "entry": entry, "granted": granted,
                "decision_number": (data.get("number_{}".format(entry.pk))
                                    or data.get("decision_number")) if granted else "",
                "decided_on": (data.get("date_{}".format(entry.pk))
                               or data.get("decided_on")) if granted else None,
                "issued_by": data.get("issued_by") if granted else "",
                "reason": "" if granted else data.get("reason_{}".format(entry.pk), ""),
            })  # fmt: skip
        return found


class ReturnForm(StyledFormMixin, forms.Form):
    """The receiving office returns an entry, or the whole tờ trình, with a reason and a date."""

    reason = forms.CharField(
        label="Lý do trả lại", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    returned_on = forms.DateField(
        label="Ngày trả lại", widget=DateInput(), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."},
    )  # fmt: skip


class AgendaChoiceForm(StyledFormMixin, forms.Form):
    """The receiving office puts chosen entries before an open session of its own council."""

    session = forms.ModelChoiceField(
        label="Phiên họp Hội đồng", queryset=None, empty_label=None,
        help_text="Phiên họp đang họp của Hội đồng, cùng năm với tờ trình.",
        error_messages={"invalid_choice": "Phiên họp không còn mở; chọn phiên họp khác.",
                        "required": "Chọn phiên họp Hội đồng."},
    )  # fmt: skip
    rows = forms.TypedMultipleChoiceField(
        label="Dòng đưa ra Hội đồng", coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Chọn ít nhất một dòng để đưa ra Hội đồng.",
                        "invalid_choice": "Dòng đã chọn không còn chờ Hội đồng xét."},
    )  # fmt: skip

    def __init__(self, *args, sessions, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: "{} (họp ngày {:%d/%m/%Y})".format(
            s.name, s.meeting_on
        )
        self.fields["rows"].choices = [
            (row.pk, "{}: {}".format(row.subject_name, row.get_title_display())) for row in rows
        ]

class ReceivedDecisionIssueForm(StyledFormMixin, forms.Form):
    """The decision as signed: its number as the văn thư wrote it, the signing day, the
    signer."""

    number = forms.CharField(label="Số quyết định", max_length=50,
                             help_text="Như trên văn bản, ví dụ 1234/QĐ-UBND.")  # fmt: skip
    signed_on = forms.DateField(
        label="Ngày ký", widget=DateInput(), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."},
    )  # fmt: skip
    signer_name = forms.CharField(label="Họ và tên người ký", max_length=120)
    signer_position = forms.CharField(
        label="Chức vụ người ký", max_length=120,
        help_text="Người ký thay: «Phó Chủ tịch Ủy ban nhân dân tỉnh».",
    )  # fmt: skip


class ReceivedOutcomeForm(StyledFormMixin, forms.Form):
    """One entry of a draft decision: granted, or not with the reason its agency reads."""

    granted = forms.TypedChoiceField(
        label="Kết quả", coerce=lambda v: v == "yes",
        choices=[("yes", "Được khen thưởng"), ("no", "Không được khen thưởng")],
    )  # fmt: skip
    reason = forms.CharField(label="Lý do không khen thưởng", required=False, max_length=2000)
