from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from thidua.core.forms import DateInput, OrganizationModelFormMixin, StyledFormMixin
from thidua.organization.models import STAFF_UNIT_KINDS, Organization, Person, Unit


class UnitForm(OrganizationModelFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "parent", "position"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Unit.objects.visible_to(user)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.instance.organization = user.organization


UNIT_HEAD_FIELDS = {"email", "phone", "unit", "unit_since"}


# A person's own fields, as the person form and a staff list's row (sheet_forms.py) take them.
PERSONNEL_FIELDS = (
    "family_and_middle", "given", "gender", "birth_date", "staff_code", "personal_id",
    "academic_title", "position", "category", "party_member", "union_member", "hired_on",
    "left_on", "email", "phone",
)  # fmt: skip


class PersonForm(OrganizationModelFormMixin, StyledFormMixin, forms.ModelForm):
    """A person, with the unit they work in now; a changed unit records a transfer."""

    unit = forms.ModelChoiceField(label="đơn vị công tác", queryset=Unit.objects.none())
    unit_since = forms.DateField(
        label="về đơn vị từ ngày",
        required=False,
        widget=DateInput(),
        help_text="Để trống nếu là hôm nay.",
    )

    class Meta:
        model = Person
        fields = PERSONNEL_FIELDS
        widgets = {
            "birth_date": DateInput(),
            "hired_on": DateInput(),
            "left_on": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.visible_to(user).filter(kind__in=STAFF_UNIT_KINDS)
        if not user.has_perm("organization.change_personnel_record"):
            # A unit head may keep a person in their units or move them between them, and keep
            # their contact details; the personnel record that the rules read is not theirs.
            units = units.filter(pk__in=user.headed_unit_ids)
            for name in list(self.fields):
                if name not in UNIT_HEAD_FIELDS:
                    del self.fields[name]
        if "personal_id" in self.fields:
            self.fields["personal_id"].widget.attrs.update(
                inputmode="numeric", autocomplete="off", pattern="[0-9]{12}", maxlength="12"
            )
        self.fields["unit"].queryset = units
        self.instance.organization = user.organization
        if self.instance.pk:
            current = self.instance.assignments.current().first()
            if current is not None:
                self.fields["unit"].initial = current.unit_id

    def clean(self):
        cleaned = super().clean()
        since = cleaned.get("unit_since")
        hired_on = cleaned.get("hired_on", self.instance.hired_on)
        if since and since > timezone.localdate():
            self.add_error("unit_since", "Ngày về đơn vị không được ở tương lai.")
        elif since and hired_on and since < hired_on:
            self.add_error("unit_since", "Ngày về đơn vị không được trước ngày vào làm việc.")
        left_on = cleaned.get("left_on")
        if hired_on and left_on and left_on < hired_on:
            self.add_error("left_on", "Ngày thôi việc phải sau ngày vào làm việc.")
        return cleaned


# Legal parameters (tham số pháp lý) -------------------------------------------------------------


class PercentField(forms.CharField):
    """A share typed as a percentage ("66,7", "66.7%", or a fraction "2/3"); cleaned to 0–1."""

    def __init__(self, *, minimum=0, maximum=100, **kwargs):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value):
        from fractions import Fraction

        text = (super().to_python(value) or "").strip().rstrip("%").strip().replace(" ", "")
        if not text:
            return None
        try:
            share = float(Fraction(text)) if "/" in text else float(text.replace(",", ".")) / 100
        except (ValueError, ZeroDivisionError):
            raise ValidationError(
                "«{}»: nhập một tỷ lệ phần trăm, ví dụ 70 hoặc 66,7.".format(self.label)
            ) from None
        if not self.minimum <= round(share * 100, 6) <= self.maximum:
            raise ValidationError(
                "«{}»: tỷ lệ phải từ {}% đến {}%.".format(self.label, self.minimum, self.maximum)
            )
        return share


def _percent_initial(value) -> str:
    from thidua.rules.parameters import number_text

    return "" if value is None else number_text(value * 100, 2)


YES_NO = [("1", "Có"), ("0", "Không")]


def rule_parameter_field(description, value) -> tuple[forms.Field, object]:
    """Return the typed form field of a parameter and its initial value."""
    kind = description.kind
    label = description.label
    required = not description.optional
    if kind == "share":
        field = PercentField(
            label=label + " (%)", minimum=description.minimum, maximum=description.maximum,
            help_text="Nhập phần trăm, ví dụ 70 hoặc 66,7; có thể nhập phân số như 2/3.",
        )
        return field, _percent_initial(value)
    if kind in ("months", "days", "years", "count"):
        unit = {"months": "tháng", "days": "ngày", "years": "năm"}.get(kind, description.unit)
        field = forms.IntegerField(
            label="{} ({})".format(label, unit) if unit else label,
            min_value=description.minimum,
            max_value=description.maximum,
            required=required,
            help_text="Từ {} đến {}.{}".format(
                description.minimum,
                description.maximum,
                " Để trống nếu không áp dụng." if not required else "",
            ),
        )
        field.error_messages.update(
            invalid="«{}»: nhập một số nguyên.".format(label),
            required="«{}»: cần nhập giá trị.".format(label),
            min_value="«{}»: giá trị phải từ %(limit_value)s trở lên.".format(label),
            max_value="«{}»: giá trị không quá %(limit_value)s.".format(label),
        )
        return field, value
    if kind == "bool":
        field = forms.TypedChoiceField(
            label=label, choices=YES_NO, coerce=lambda v: v == "1", widget=forms.RadioSelect
        )
        return field, "1" if value else "0"
    if kind == "titles":
        field = forms.MultipleChoiceField(
            label=label, choices=description.choices(), required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        return field, sorted(value or ())
    # grade, discipline form, level, study result: a select, with "không áp dụng" when allowed
    choices = description.choices()
    if not required:
        choices = [("", "Không áp dụng"), *choices]
    field = forms.TypedChoiceField(
        label=label, choices=choices, required=required, empty_value=None
    )
    return field, value if value is not None else ""


REASON_HELP = (
    "Văn bản của cơ quan làm căn cứ, ví dụ: Quy chế thi đua, khen thưởng của cơ quan, Điều 5;"
    " Quyết định số …/QĐ-… ngày …. Được ghi vào nhật ký hệ thống."
)


def reason_field(required: bool) -> forms.CharField:
    """Return the field of the organisation's basis for a change (its regulation, decision)."""
    from thidua.organization.actions import REASON_MAX_LENGTH

    label = "Căn cứ của cơ quan" if required else "Căn cứ của cơ quan (không bắt buộc)"
    field = forms.CharField(
        label=label, required=required, max_length=REASON_MAX_LENGTH, help_text=REASON_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    field.error_messages.update(
        required="«Căn cứ của cơ quan»: pháp luật chưa quy định chắc chắn giá trị này, cơ quan"
        " tự quy định; cần nêu căn cứ (quy chế, quyết định của cơ quan).",
        max_length="«Căn cứ của cơ quan»: không quá %(limit_value)d ký tự.",
    )
    return field


class RuleParameterForm(StyledFormMixin, forms.Form):
    """One legal parameter, typed by its kind; ``cleaned_data["value"]`` is the rule set's value.

    ``reason_required``: the law does not settle the parameter (in some year of the regime), so
    the organisation's value must give its basis; otherwise the basis may be given.
    """

    def __init__(self, *args, description, value, reason_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        field, initial = rule_parameter_field(description, value)
        field.initial = initial
        for key, message in (("required", "«{}»: cần nhập giá trị."),
                             ("invalid_choice", "«{}»: lựa chọn không hợp lệ.")):
            field.error_messages[key] = message.format(description.label)
        self.fields["value"] = field
        self.fields["reason"] = reason_field(reason_required)
        # StyledFormMixin has run; style the fields added after it.
        for added in (field, self.fields["reason"]):
            widget = added.widget
            if not isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = "form-select" if isinstance(widget, forms.Select) else "form-control"
                widget.attrs["class"] = css

    def clean(self):
        cleaned = forms.Form.clean(self)  # values are codes and numbers, not text to normalise
        if isinstance(cleaned.get("reason"), str):
            from thidua.core import text

            cleaned["reason"] = text.clean(cleaned["reason"])
        return cleaned


class BallotRuleForm(StyledFormMixin, forms.Form):
    """How the council votes on one title: the share of agreeing votes, and over whom.

    ``regime`` tells which titles' ballots the law settles for the school's council: for the
    others the organisation's basis is required.
    """

    title = forms.ChoiceField(label="Danh hiệu")
    threshold = PercentField(
        label="Tỷ lệ phiếu đồng ý cần đạt (%)", minimum=1, maximum=100,
        help_text="Nhập phần trăm, ví dụ 70 hoặc 80.",
    )
    denominator = forms.ChoiceField(label="Tính trên")
    secret = forms.TypedChoiceField(
        label="Bỏ phiếu kín", choices=YES_NO, coerce=lambda v: v == "1",
        widget=forms.RadioSelect, initial="1",
    )

    def __init__(self, *args, regime, **kwargs):
        from thidua.rules.codes import TITLE_NAMES
        from thidua.rules.parameters import BALLOT_TITLES, DENOMINATOR_NAMES, ballot_needs_reason

        super().__init__(*args, **kwargs)
        self.regime = regime
        self.reason_titles = {t for t in BALLOT_TITLES if ballot_needs_reason(regime, t)}
        self.fields["title"].choices = [(t, TITLE_NAMES[t]) for t in BALLOT_TITLES]
        self.fields["denominator"].choices = list(DENOMINATOR_NAMES.items())
        self.fields["threshold"].widget.attrs["class"] = "form-control"
        for field in self.fields.values():
            field.error_messages["required"] = "«{}»: cần nhập giá trị.".format(field.label)
            field.error_messages["invalid_choice"] = "«{}»: lựa chọn không hợp lệ.".format(
                field.label
            )
        reason = reason_field(self.reason_titles == set(BALLOT_TITLES))
        reason.widget.attrs["class"] = "form-control"
        if self.reason_titles and not reason.required:
            reason.label = "Căn cứ của cơ quan"
            reason.help_text = (
                "Bắt buộc với danh hiệu mà pháp luật chưa quy định tỷ lệ phiếu của Hội đồng cơ"
                " quan. " + REASON_HELP
            )
        self.fields["reason"] = reason

    def clean(self):
        cleaned = forms.Form.clean(self)
        from thidua.core import text

        cleaned["reason"] = text.clean(cleaned.get("reason"))
        missing = cleaned.get("title") in self.reason_titles and not cleaned["reason"]
        if missing and "reason" not in self.errors:
            self.add_error("reason", self.fields["reason"].error_messages["required"])
        return cleaned

    def ballot(self):
        """Return the ballot rule of the school's own council (the screen sets only that one)."""
        from thidua.rules import Ballot

        data = self.cleaned_data
        return Ballot(data["threshold"], data["denominator"], data["secret"], "co_so")


class OrganizationForm(StyledFormMixin, forms.ModelForm):
    """An organisation of the installation, as its administrator creates or changes it."""

    receives = forms.ChoiceField(
        label="nhận tờ trình đề nghị cấp",
        required=False,
        help_text="Chọn khi cơ quan này là nơi nhận tờ trình của các cơ quan cấp dưới (ví dụ "
        "Ban Thi đua – Khen thưởng tỉnh nhận tờ trình đề nghị Chủ tịch UBND tỉnh khen thưởng).",
    )

    class Meta:
        model = Organization
        fields = ["name", "abbreviation", "place_name", "parent", "parent_body", "document_style"]
        help_texts = {
            "parent": "Để trống nếu cơ quan cấp trên không dùng thidua trong hệ thống này.",
            "parent_body": "Tên in ở đầu văn bản, trên tên cơ quan (ví dụ Tỉnh ủy Hà Tĩnh).",
        }

    def __init__(self, *args, **kwargs):
        from thidua.rules import authority

        super().__init__(*args, **kwargs)
        parents = Organization.objects.order_by("name")
        if self.instance.pk:
            below = {self.instance.pk} | {o.pk for o in descendants(self.instance)}
            parents = parents.exclude(pk__in=below)
        self.fields["parent"].queryset = parents
        self.fields["receives"].choices = [("", "Không nhận")] + [
            (body, authority.BODY_NAMES[body]) for body in authority.RECEIVING_BODIES
        ]
        received = self.instance.receives_for or []
        self.fields["receives"].initial = received[0] if received else ""
        # The order fields appear in: "receives" after the parent.
        order = ["name", "abbreviation", "place_name", "parent", "receives", "parent_body",
                 "document_style"]  # fmt: skip
        self.order_fields(order)

    def _post_clean(self):
        receives = self.cleaned_data.get("receives")
        self.instance.receives_for = [receives] if receives else []
        super()._post_clean()


class FirstAdministratorForm(StyledFormMixin, forms.Form):
    """The first administrator's account of a new organisation."""

    username = forms.RegexField(
        label="tên đăng nhập",
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]+$",
        error_messages={"invalid": "Chỉ dùng chữ không dấu, chữ số và các ký tự . @ + - _."},
    )
    full_name = forms.CharField(label="họ và tên", max_length=150)
    email = forms.EmailField(
        label="thư điện tử", error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."}
    )


def descendants(organization) -> list:
    """Return the organisations below `organization`, at any depth (one query)."""
    children = {}
    for pk, parent_id in Organization.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = [], list(children.get(organization.pk, []))
    while stack:
        pk = stack.pop()
        if pk in found:
            continue
        found.append(pk)
        stack.extend(children.get(pk, []))
    return list(Organization.objects.filter(pk__in=found))
