"""Forms of the cluster screens: the covenant, the scoring table's groups and criteria, the day
of a step (entered by the user, today by default)."""

from django import forms
from django.utils import timezone

from thidua.clusters.models import ClusterLevel, CriterionKind, MemberRole, TieBreak
from thidua.core.forms import DateInput, StyledFormMixin


class DayForm(StyledFormMixin, forms.Form):
    """The day the step took place (a self-score, a check, the review)."""

    on = forms.DateField(label="Ngày", widget=DateInput())

    def __init__(self, *args, label: str = "Ngày", **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label


class CovenantForm(StyledFormMixin, forms.Form):
    signed_on = forms.DateField(label="Ngày ký giao ước", widget=DateInput())
    place = forms.CharField(label="Nơi ký", max_length=100, required=False)
    targets = forms.CharField(
        label="Nội dung giao ước",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Mỗi dòng một nội dung.",
    )


class GroupForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Tên nhóm tiêu chí", max_length=255)


class CriterionForm(StyledFormMixin, forms.Form):
    group = forms.ModelChoiceField(label="Nhóm tiêu chí", queryset=None, empty_label=None)
    text = forms.CharField(label="Tiêu chí", max_length=500)
    kind = forms.ChoiceField(label="Loại", choices=CriterionKind.choices)
    max_points = forms.DecimalField(label="Điểm tối đa", min_value=0, max_digits=6,
                                    decimal_places=2, localize=True)  # fmt: skip
    evidence_required = forms.BooleanField(label="Phải có minh chứng", required=False)

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = cluster.groups.all()


class MemberForm(StyledFormMixin, forms.Form):
    """A member added to a cluster-year before the first self-score."""

    name = forms.CharField(
        label="Tên đơn vị", max_length=255,
        help_text="Tên trùng với một cơ quan trong hệ thống thì được nối với cơ quan đó.",
    )  # fmt: skip
    role = forms.ChoiceField(
        label="Vai trò trong năm",
        choices=[(MemberRole.MEMBER, MemberRole.MEMBER.label),
                 (MemberRole.DEPUTY, MemberRole.DEPUTY.label)],  # fmt: skip
    )


def named_organization(name: str, organizations):
    """The organisation of this installation a member's name names, if any."""
    wanted = " ".join(name.split()).casefold()
    return next((o for o in organizations if o.name.casefold() == wanted), None)


def _names(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ClusterForm(StyledFormMixin, forms.Form):
    """A cluster-year: its name, level, members (one per line) and who was elected."""

    name = forms.CharField(label="Tên cụm thi đua", max_length=255)
    year = forms.IntegerField(label="Năm thi đua", min_value=2000, max_value=2100)
    level = forms.ChoiceField(label="Cấp cụm", choices=ClusterLevel.choices)
    leader = forms.CharField(label="Đơn vị cụm trưởng được bầu", max_length=255)
    deputies = forms.CharField(
        label="Đơn vị cụm phó", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Mỗi dòng một đơn vị.",
    )  # fmt: skip
    others = forms.CharField(
        label="Các thành viên khác", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Mỗi dòng một đơn vị. Tên trùng với một cơ quan trong hệ thống thì được nối "
        "với cơ quan đó.",
    )  # fmt: skip
    tie_break = forms.ChoiceField(label="Cách xếp khi bằng điểm", choices=TieBreak.choices)
    notice = forms.CharField(label="Ghi chú hiển thị", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)

    def members(self, organizations) -> list[dict]:
        """The members for do_create_cluster, each linked to the organisation of its name."""
        by_name = {o.name.casefold(): o for o in organizations}
        data = self.cleaned_data
        rows = [(data["leader"].strip(), "leader")]
        rows += [(name, "deputy") for name in _names(data["deputies"])]
        rows += [(name, "member") for name in _names(data["others"])]
        return [{"name": name, "role": role, "organization": by_name.get(name.casefold())}
                for name, role in rows]  # fmt: skip
