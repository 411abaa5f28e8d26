from django import forms
from django.db.models import Q
from django.utils import timezone

from thidua.accounts.models import User
from thidua.core.choices import TitleCode
from thidua.core.forms import DateInput, StyledFormMixin
from thidua.council.models import (
    BallotChoice,
    CouncilMember,
    CountingDuty,
    MemberRole,
    Nomination,
    NominationState,
)
from thidua.council.subjects import (
    lower_titles_for,
    nomination_subjects,  # noqa: F401 (the screens' list)
)
from thidua.organization.models import Assignment
from thidua.plans.models import Phase
from thidua.rules import PERSON_TITLES, UNIT_TITLES
from thidua.rules.codes import TITLE_ORDER

NAMES = dict(TitleCode.choices)
TITLE_RANK = {code: rank for rank, code in enumerate(TITLE_ORDER)}


def year_phases(organization, year: int):
    return Phase.objects.filter(plan__organization=organization, plan__year=year)


ORGANIZATION_SUBJECT = "o"


def subject_choices(people, units, organization=None) -> list:
    """Return the nominate form's grouped choices: the organisation (for the secretary), the
    units, then the people under their current unit (the leadership in no unit last)."""
    choices = []
    if organization is not None:
        choices.append(("Cơ quan", [(ORGANIZATION_SUBJECT, organization.name)]))
    if units:
        choices.append(("Tập thể", [("u{}".format(u.pk), u.name) for u in units]))
    groups: dict[str, list] = {}
    for p in people:
        label = "Cán bộ – {}".format(p.current_unit_name or "không thuộc đơn vị")
        groups.setdefault(label, []).append(("p{}".format(p.pk), p.full_name))
    choices.extend(sorted(groups.items(), key=lambda g: g[0].endswith("không thuộc đơn vị")))
    return choices


class NominationForm(StyledFormMixin, forms.Form):
    """One nomination: a person, a unit or the organisation, a title, the unit's meeting."""

    subject = forms.ChoiceField(label="Đề nghị cho")
    title = forms.ChoiceField(label="Danh hiệu, hình thức")
    phase = forms.ModelChoiceField(
        label="Đợt thi đua", queryset=Phase.objects.none(), required=False, empty_label="Cả năm"
    )
    justification = forms.CharField(
        label="Lý do đề nghị",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bắt buộc khi hệ thống xác định chưa đủ điều kiện hoặc cần Hội đồng xem xét.",
    )
    meeting_on = forms.DateField(label="Ngày họp bình xét của đơn vị", required=False,
                                 widget=DateInput())  # fmt: skip
    meeting_attendance = forms.IntegerField(label="Số người dự họp", min_value=0, required=False)
    meeting_votes = forms.IntegerField(label="Số phiếu đồng ý", min_value=0, required=False)

    def __init__(self, *args, user, year, people, units, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.units = {u.pk: u for u in units}
        self.fields["subject"].choices = subject_choices(people, units, organization)
        titles = [c for c in TitleCode.values if c in PERSON_TITLES or c in UNIT_TITLES]
        self.fields["title"].choices = [(c, NAMES[c]) for c in titles]
        self.fields["phase"].queryset = year_phases(user.organization, year)

    def clean(self):
        cleaned = super().clean()
        votes, attendance = cleaned.get("meeting_votes"), cleaned.get("meeting_attendance")
        if votes is not None and attendance is not None and votes > attendance:
            self.add_error("meeting_votes", "Số phiếu đồng ý không vượt số người dự họp.")
        return cleaned

    def subject_kwargs(self) -> dict:
        """Return do_nominate's subject: a person, a unit, or nothing for the organisation."""
        raw = self.cleaned_data["subject"]
        if raw == ORGANIZATION_SUBJECT:
            return {}
        pk = int(raw[1:])
        if raw.startswith("p"):
            return {"person": self.people[pk]}
        return {"unit": self.units[pk]}


#: The titles a unit's list proposes for its people (the council votes on them), highest first
#: among those a person registered for when choosing the default.
BULK_PERSON_TITLES = ("LDTT", "CSTD_CS", "CSTD_TINH", "CSTD_TQ")
BULK_UNIT_TITLES = ("TTLDTT", "TTLDXS")


class BulkNominationForm(StyledFormMixin, forms.Form):
    """A unit's nomination list: people ticked with a title each, the unit's own title, and the
    unit meeting entered once for all of them."""

    meeting_on = forms.DateField(label="Ngày họp bình xét của đơn vị", widget=DateInput())
    meeting_attendance = forms.IntegerField(label="Số người dự họp", min_value=1)
    meeting_votes = forms.IntegerField(
        label="Số phiếu đồng ý", min_value=0,
        help_text="Ghi chung cho mọi đề nghị trong danh sách này.",
    )  # fmt: skip
    phase = forms.ModelChoiceField(
        label="Đợt thi đua", queryset=Phase.objects.none(), required=False, empty_label="Cả năm"
    )

    def __init__(self, *args, user, year, unit, people, registered, verdicts, **kwargs):
        """`registered`: person pk (or "unit") → registered titles; `verdicts`: person pk (or
        "unit") → [(title, status, label)] shown beside the row."""
        super().__init__(*args, **kwargs)
        self.unit, self.people = unit, {p.pk: p for p in people}
        self.fields["phase"].queryset = year_phases(user.organization, year)
        self.row_keys = [p.pk for p in people] + ["unit"]
        self.names = {p.pk: p.full_name for p in people} | {"unit": unit.name}
        self.verdicts = verdicts
        for key in self.row_keys:
            titles = BULK_UNIT_TITLES if key == "unit" else BULK_PERSON_TITLES
            mine = [t for t in titles if t in registered.get(key, ())]
            self.fields["pick_{}".format(key)] = forms.BooleanField(
                label="Đề nghị {}".format(self.names[key]), required=False
            )
            self.fields["title_{}".format(key)] = forms.ChoiceField(
                label="Danh hiệu", choices=[(c, NAMES[c]) for c in titles],
                initial=mine[-1] if mine else titles[0], required=False,
            )  # fmt: skip
            self.fields["justification_{}".format(key)] = forms.CharField(
                label="Lý do đề nghị", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        # StyledFormMixin ran before these fields existed: style them too.
        for name in self.fields:
            if name.startswith(("pick_", "title_", "justification_")):
                widget = self.fields[name].widget
                css = {forms.CheckboxInput: "form-check-input", forms.Select: "form-select"}
                widget.attrs["class"] = css.get(type(widget), "form-control")

    def clean(self):
        cleaned = super().clean()
        votes, attendance = cleaned.get("meeting_votes"), cleaned.get("meeting_attendance")
        if votes is not None and attendance is not None and votes > attendance:
            self.add_error("meeting_votes", "Số phiếu đồng ý không vượt số người dự họp.")
        picked = [k for k in self.row_keys if cleaned.get("pick_{}".format(k))]
        if not picked:
            raise forms.ValidationError("Chọn ít nhất một cán bộ hoặc tập thể để đề nghị.")
        for key in picked:
            if not cleaned.get("title_{}".format(key)):
                self.add_error("title_{}".format(key), "Chọn danh hiệu cho {}.".format(
                    self.names[key]))  # fmt: skip
        return cleaned

    def rows(self):
        """Return each row's bound fields, verdicts and name, for the template."""
        return [
            {
                # As text: the template prints it in an id, where a pk must not read "4.149".
                "key": str(key), "name": self.names[key], "is_unit": key == "unit",
                "pick": self["pick_{}".format(key)], "title": self["title_{}".format(key)],
                "justification": self["justification_{}".format(key)],
                "verdicts": self.verdicts.get(key, []),
            }
            for key in self.row_keys
        ]  # fmt: skip

    def picked(self) -> list[tuple]:
        """Return (person or None for the unit, title, justification) of each ticked row."""
        data = self.cleaned_data
        return [
            (self.people.get(key), data["title_{}".format(key)],
             data["justification_{}".format(key)])
            for key in self.row_keys
            if data.get("pick_{}".format(key))
        ]  # fmt: skip

    def add_row_errors(self, errors: dict) -> None:
        """Tie each refused row's message to that row (its justification field)."""
        for key, message in errors.items():
            self.add_error("justification_{}".format(key), message)


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Lý do rút đề nghị", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


TIME_INVALID = "Giờ không hợp lệ; nhập theo dạng hh:mm (ví dụ 08:30)."


class TimeInput(forms.TimeInput):
    """A 24-hour hh:mm box (the browser's time picker where it has one)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"type": "time", **(attrs or {})}, format="%H:%M")


def _now_minute():
    return timezone.localtime().time().replace(second=0, microsecond=0)


class MeetingFieldsMixin:
    """The meeting's day, times and place; the day and start default to today and now, which
    the secretary changes for a meeting held earlier."""

    def add_meeting_fields(self, *, with_end: bool):
        self.fields["meeting_on"] = forms.DateField(
            label="Ngày họp", widget=DateInput(), initial=timezone.localdate,
            help_text="Ngày Hội đồng họp (không sau hôm nay; trong năm xét hoặc năm sau).",
        )  # fmt: skip
        self.fields["starts_at"] = forms.TimeField(
            label="Giờ bắt đầu", widget=TimeInput(), initial=_now_minute
        )
        if with_end:
            self.fields["ends_at"] = forms.TimeField(
                label="Giờ kết thúc", widget=TimeInput(), required=False
            )
        self.fields["place"] = forms.CharField(label="Địa điểm", max_length=255)
        self.fields["on_paper"] = forms.BooleanField(
            label="Bỏ phiếu, kiểm phiếu bằng phiếu giấy", required=False,
            help_text="Thư ký nhập kết quả kiểm phiếu của từng nội dung và đính kèm biên bản "
            "giấy đã ký; thành viên không bỏ phiếu trên hệ thống.",
        )  # fmt: skip
        meeting_on = self.fields["meeting_on"]
        meeting_on.input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
        meeting_on.error_messages["invalid"] = "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."
        for name in ("meeting_on", "starts_at", "ends_at", "place"):
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-control"
                if name in ("starts_at", "ends_at"):
                    self.fields[name].error_messages["invalid"] = TIME_INVALID
        self.fields["on_paper"].widget.attrs["class"] = "form-check-input"


class SessionForm(MeetingFieldsMixin, StyledFormMixin, forms.Form):
    name = forms.CharField(label="Tên phiên họp", max_length=255,
                           initial="Phiên họp xét thi đua, khen thưởng cuối năm")  # fmt: skip
    year = forms.IntegerField(label="Năm xét", min_value=2000, max_value=2100)
    phase = forms.ModelChoiceField(
        label="Đợt thi đua", queryset=Phase.objects.none(), required=False, empty_label="Cả năm"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = Phase.objects.filter(
            plan__organization_id=user.organization_id
        ).select_related("plan")
        self.add_meeting_fields(with_end=False)
        self.fields["place"].initial = user.organization.name if user.organization_id else ""


class MeetingDetailsForm(MeetingFieldsMixin, StyledFormMixin, forms.Form):
    """Correct when and where an open session's meeting was held."""

    def __init__(self, *args, session, **kwargs):
        kwargs.setdefault("prefix", "meeting")
        kwargs.setdefault("initial", {
            "meeting_on": session.meeting_on, "starts_at": session.starts_at,
            "ends_at": session.ends_at, "place": session.place, "on_paper": session.on_paper,
        })  # fmt: skip
        super().__init__(*args, **kwargs)
        self.add_meeting_fields(with_end=True)


class CloseForm(StyledFormMixin, forms.Form):
    """The meeting's end time, asked when the session closes: the time entered before, else
    now for a meeting held today; a meeting of an earlier day has no default (now's time of day
    is not when it ended)."""

    # Tied to the close form by its id: on a voted session the field sits outside the polled
    # tally that holds the form, so what is typed survives the tally's refresh.
    ends_at = forms.TimeField(label="Giờ kết thúc cuộc họp",
                              widget=TimeInput(attrs={"form": "close-form"}),
                              error_messages={"invalid": TIME_INVALID})  # fmt: skip

    def __init__(self, *args, session, **kwargs):
        kwargs.setdefault("prefix", "close")
        today = session.meeting_on == timezone.localdate()
        ends_at = session.ends_at or (_now_minute() if today else None)
        kwargs.setdefault("initial", {"ends_at": ends_at})
        super().__init__(*args, **kwargs)


class PaperCountForm(forms.Form):
    """The counting committee's figures for one agenda item of a session held on paper."""

    issued = forms.IntegerField(label="Phát ra", min_value=0)
    returned = forms.IntegerField(label="Thu về", min_value=0)
    valid = forms.IntegerField(label="Hợp lệ", min_value=0)
    agree = forms.IntegerField(label="Đồng ý", min_value=0)
    disagree = forms.IntegerField(label="Không đồng ý", min_value=0)

    def __init__(self, *args, item, **kwargs):
        kwargs.setdefault("prefix", "paper{}".format(item.pk))
        if item.paper_counted and "initial" not in kwargs:
            ballots = list(item.ballots.values_list("choice", "lower_title"))
            initial = {
                "issued": item.paper_issued, "returned": item.paper_returned,
                "valid": item.paper_valid,
                "agree": sum(c == BallotChoice.AGREE for c, _ in ballots),
                "disagree": sum(c == BallotChoice.DISAGREE for c, _ in ballots),
            }  # fmt: skip
            for code in lower_titles_for(item.nomination):
                initial["lower_" + code] = sum(lt == code for _, lt in ballots)
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.item = item
        self.lower_codes = lower_titles_for(item.nomination)
        for code in self.lower_codes:
            self.fields["lower_" + code] = forms.IntegerField(
                label="Đồng ý mức {}".format(NAMES[code]), min_value=0, initial=0
            )
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-control form-control-sm",
                                       "inputmode": "numeric"})  # fmt: skip

    def lower_fields(self):
        return [self["lower_" + code] for code in self.lower_codes]

    def count(self):
        from thidua.council.actions import PaperCount

        data = self.cleaned_data
        return PaperCount(
            issued=data["issued"], returned=data["returned"], valid=data["valid"],
            agree=data["agree"], disagree=data["disagree"],
            lower={code: data["lower_" + code] for code in self.lower_codes},
        )  # fmt: skip


class CountingCommitteeForm(forms.Form):
    """The counting committee the meeting elected: its head and other members, ticked among the
    members present (the action refuses anyone else), and when it was elected."""

    head = forms.ModelChoiceField(
        label="Trưởng ban kiểm phiếu", queryset=CouncilMember.objects.none(), empty_label="— chọn —"
    )
    members = forms.ModelMultipleChoiceField(
        label="Thành viên Ban kiểm phiếu", queryset=CouncilMember.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    elected_at = forms.TimeField(label="Giờ bầu", widget=TimeInput(),
                                 error_messages={"invalid": TIME_INVALID})  # fmt: skip

    def __init__(self, *args, session, **kwargs):
        kwargs.setdefault("prefix", "counting")
        seats = list(session.members.all())
        head = next((m for m in seats if m.counting == CountingDuty.HEAD), None)
        default_time = session.counting_elected_at or (
            _now_minute() if session.meeting_on == timezone.localdate() else session.starts_at
        )
        kwargs.setdefault("initial", {
            "head": head.pk if head else None,
            "members": [m.pk for m in seats if m.counting == CountingDuty.MEMBER],
            "elected_at": default_time,
        })  # fmt: skip
        super().__init__(*args, **kwargs)
        # Every seat is accepted here; the action says why an absent one cannot be elected.
        everyone = session.members.select_related("user__person").order_by("pk")
        self.fields["head"].queryset = everyone
        self.fields["members"].queryset = everyone
        present = [m for m in everyone if m.present]
        choices = [(m.pk, str(m)) for m in present]
        self.fields["head"].choices = [("", "— chọn —")] + choices
        self.fields["members"].choices = choices
        self.fields["head"].widget.attrs["class"] = "form-select"
        self.fields["elected_at"].widget.attrs["class"] = "form-control"


class MemberForm(StyledFormMixin, forms.Form):
    user = forms.ModelChoiceField(label="Thành viên", queryset=User.objects.none())
    role = forms.ChoiceField(label="Chức danh", choices=MemberRole.choices,
                             initial=MemberRole.MEMBER)  # fmt: skip

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(
                Q(organization_id=session.organization_id)
                | Q(grants__organization_id=session.organization_id),
                is_active=True,
            )
            .exclude(council_seats__session=session)
            .distinct()
            .order_by("username")
        )
        self.fields["user"].label_from_instance = lambda u: (
            "{} ({})".format(u.person.full_name, u.username) if u.person_id else u.username
        )


class AgendaForm(forms.Form):
    """The nominations waiting for the council, to put on a session's agenda; shown by title,
    with "select all" of everything, of a title or of a unit (submit buttons: no script)."""

    nominations = forms.ModelMultipleChoiceField(
        label="Đề nghị đưa ra bỏ phiếu",
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["nominations"].queryset = Nomination.objects.filter(
            organization_id=session.organization_id,
            year=session.year,
            state=NominationState.PROPOSED,
        ).select_related("person", "unit", "organization", "outside_organization")
        self.fields["nominations"].label_from_instance = lambda n: str(n)

    def waiting(self) -> list[Nomination]:
        """Return the waiting nominations, each with `group_key` and `group_name`: its unit
        (a person's current one), the organisation, or the leadership in no unit."""
        waiting = list(self.fields["nominations"].queryset)
        person_pks = [n.person_id for n in waiting if n.person_id]
        current = {
            person_pk: (unit_pk, name)
            for person_pk, unit_pk, name in Assignment.objects.current()
            .filter(person_id__in=person_pks)
            .values_list("person_id", "unit_id", "unit__name")
        }
        for n in waiting:
            if n.unit_id:
                n.group_key, n.group_name = "unit:{}".format(n.unit_id), n.unit.name
            elif n.person_id and n.person_id in current:
                unit_pk, name = current[n.person_id]
                n.group_key, n.group_name = "unit:{}".format(unit_pk), name
            elif n.person_id:
                n.group_key, n.group_name = "unit:none", "Không thuộc đơn vị"
            elif n.is_outside:  # a received tờ trình's entry: grouped by its agency
                n.group_key = "agency:{}".format(n.outside_organization_id)
                n.group_name = n.outside_organization.name
            else:
                n.group_key, n.group_name = "organization", n.organization.name
        return waiting

    def select(self, what: str) -> list[int]:
        """Return the pks a "select all" button picks: "all", "none", "title:<code>",
        "unit:<pk>", "unit:none" or "organization"."""
        waiting = self.waiting()
        if what == "all":
            return [n.pk for n in waiting]
        if what.startswith("title:"):
            return [n.pk for n in waiting if n.title == what[6:]]
        return [n.pk for n in waiting if n.group_key == what]

    def title_groups(self) -> list[dict]:
        """Return the check boxes by title, in the order titles are listed."""
        boxes = {int(str(box.data["value"])): box for box in self["nominations"]}
        groups: dict[str, dict] = {}
        for n in sorted(self.waiting(), key=lambda n: (TITLE_RANK.get(n.title, 99), n.pk)):
            group = groups.setdefault(
                n.title, {"code": n.title, "name": NAMES.get(n.title, n.title), "boxes": []}
            )
            group["boxes"].append(boxes[n.pk])
        return list(groups.values())

    def unit_groups(self) -> list[tuple[str, str, int]]:
        """Return (select value, name, count) of each unit (or the organisation) waiting."""
        counts: dict[tuple[str, str], int] = {}
        for n in self.waiting():
            counts[(n.group_key, n.group_name)] = counts.get((n.group_key, n.group_name), 0) + 1
        return [(key, name, count) for (key, name), count in counts.items()]


class AnnulForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Lý do huỷ kết quả", widget=forms.Textarea(attrs={"rows": 2}))


class BallotForm(forms.Form):
    """One ballot paper for one item."""

    choice = forms.ChoiceField(label="Ý kiến", choices=BallotChoice.choices,
                               widget=forms.RadioSelect)  # fmt: skip
    lower_title = forms.ChoiceField(label="Danh hiệu thấp hơn", required=False)

    def __init__(self, *args, item, **kwargs):
        kwargs.setdefault("prefix", "item{}".format(item.pk))
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["choice"].error_messages["required"] = "Chưa chọn ý kiến cho «{} – {}».".format(
            item.nomination.subject_name, item.nomination.get_title_display()
        )
        lower = lower_titles_for(item.nomination)
        self.fields["lower_title"].choices = [("", "—")] + [(c, NAMES[c]) for c in lower]
        self.fields["lower_title"].widget.attrs["class"] = "form-select form-select-sm"
        if not lower:
            self.fields["choice"].choices = [
                c for c in BallotChoice.choices if c[0] != BallotChoice.LOWER_TITLE
            ]
            del self.fields["lower_title"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("choice") == BallotChoice.LOWER_TITLE and not cleaned.get("lower_title"):
            self.add_error(
                "lower_title",
                "Chọn danh hiệu, hình thức thấp hơn cho «{}».".format(
                    self.item.nomination.subject_name
                ),
            )
        return cleaned


class PublishForm(StyledFormMixin, forms.Form):
    """The period of the publication of a session's results, both days entered."""

    starts_on = forms.DateField(label="Công khai từ ngày", widget=DateInput())
    ends_on = forms.DateField(label="Đến hết ngày", widget=DateInput())
    note = forms.CharField(
        label="Ghi chú gửi kèm", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ: nơi niêm yết, cách gửi ý kiến bằng văn bản.",
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "Ngày kết thúc công khai không được trước ngày bắt đầu.")
        return data


class CommentForm(StyledFormMixin, forms.Form):
    """A comment sent on screen by a member of the organisation."""

    text = forms.CharField(label="Ý kiến của bạn", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "comment")
        super().__init__(*args, **kwargs)


class PaperCommentForm(StyledFormMixin, forms.Form):
    """A comment received on paper, recorded by the secretary with its date and author."""

    author_name = forms.CharField(label="Người góp ý", max_length=255)
    received_on = forms.DateField(label="Ngày nhận", widget=DateInput())
    text = forms.CharField(label="Nội dung ý kiến", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "paper")
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
