from django import forms

from thidua.core.choices import TitleCode
from thidua.core.forms import DateInput, StyledFormMixin
from thidua.council.models import CouncilSession
from thidua.decisions.models import SCHOOL_TITLES

NAMES = dict(TitleCode.choices)


def closed_sessions(organization):
    """Sessions whose results may be decided: closed and not annulled."""
    return CouncilSession.objects.filter(
        organization=organization, closed_at__isnull=False, annulled_at__isnull=True
    ).order_by("-closed_at")


class DraftForm(StyledFormMixin, forms.Form):
    """Draft a decision from a session's results: which session, which titles, who signs."""

    session = forms.ModelChoiceField(
        label="Phiên họp Hội đồng", queryset=CouncilSession.objects.none()
    )
    titles = forms.MultipleChoiceField(
        label="Danh hiệu, hình thức",
        choices=[(code, NAMES[code]) for code in SCHOOL_TITLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Để trống: mọi danh hiệu thuộc thẩm quyền Hiệu trưởng đã được thông qua.",
    )
    signer_name = forms.CharField(label="Người ký", max_length=120, required=False)
    signer_position = forms.CharField(
        label="Chức vụ người ký", max_length=120, initial="Hiệu trưởng"
    )
    legal_bases = forms.CharField(
        label="Căn cứ",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "Mỗi căn cứ một dòng; để trống để dùng các văn bản có hiệu lực vào ngày ký quyết định."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = closed_sessions(user.organization)


class IssueForm(StyledFormMixin, forms.Form):
    decided_on = forms.DateField(label="Ngày ký quyết định", widget=DateInput())
    number = forms.CharField(
        label="Số quyết định",
        required=False,
        max_length=40,
        help_text="Để trống: lấy số tiếp theo trong năm.",
    )
    signer_name = forms.CharField(label="Người ký", max_length=120, required=False)


class RevokeForm(StyledFormMixin, forms.Form):
    revoked_on = forms.DateField(label="Ngày thu hồi", widget=DateInput())
    reason = forms.CharField(label="Lý do thu hồi", widget=forms.Textarea(attrs={"rows": 2}))


class UnionDecisionForm(StyledFormMixin, forms.Form):
    """The union's decision on the union titles a session passed: number, date, issuer, and
    whom it names."""

    decision_number = forms.CharField(label="Số quyết định của Công đoàn", max_length=50)
    decided_on = forms.DateField(label="Ngày quyết định", widget=DateInput())
    issued_by = forms.CharField(
        label="Cơ quan quyết định", max_length=255,
        help_text="Ví dụ: Ban Thường vụ Công đoàn cấp trên; để trống: Công đoàn cấp trên.",
        required=False,
    )  # fmt: skip
    nominations = forms.MultipleChoiceField(
        label="Người, tập thể được Công đoàn công nhận", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, waiting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].choices = [
            (str(n.pk), "{}: {}".format(n.subject_name, NAMES.get(n.passed_title, n.passed_title)))
            for n in waiting
        ]
