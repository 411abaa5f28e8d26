"""The kinds of evidence, each described once: the registry the screens, the actions, the
permissions and the spreadsheets read.

An entry names the model and its form, the list's columns and filters (its table and filterset
are made from them unless the kind brings its own), the team of a record about several people,
and the record's spreadsheet: its columns, what identifies a row in a file and what a row may
update. Field rules (the year range, the score's scale) are on the model, so the
form on screen and the spreadsheet row, both validated through the model, share them.

Adding a kind is its model, its form and one entry here: its URLs, list, filters, pages,
permissions (`achievements.view_<model>` …) and spreadsheet kind follow.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django import forms as django_forms
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import formats

from thidua.core.choices import (
    AcceptanceResult,
    DisciplineForm,
    Grade,
    LeaveKind,
    RecognitionLevel,
    ResearchKind,
    ResearchRole,
    StudyResult,
    TrainingKind,
    WorkKind,
)
from thidua.evidence import filtersets, forms, tables
from thidua.evidence.models import (
    MAX_UNION_SCORE,
    Discipline,
    Initiative,
    Leave,
    Research,
    Training,
    UnionScore,
    Work,
    YearGrade,
)
from thidua.organization.models import Gender
from thidua.organization.sheets import FULL_NAME_INFO, STAFF_CODE, YEAR
from thidua.spreadsheets.engine import Column

CODES_NOTE = "mã cán bộ, nhiều người cách nhau bởi dấu chấm phẩy, ví dụ «00123; 00456»"
AUTHORS_NOTE = "mã cán bộ:tỷ lệ %, cách nhau bởi dấu chấm phẩy, ví dụ «00123:60; 00456:40»"
GRADE = Column(
    "Xếp loại",
    "grade",
    "choice",
    choices=tuple(Grade.choices),
    write_code=True,
    synonyms=(
        "Kết quả xếp loại",
        "Xếp loại chất lượng",
        "Mức xếp loại",
        "Kết quả đánh giá, xếp loại",
    ),
)
DAY = "%d/%m/%Y"


@dataclass(frozen=True)
class TeamCells:
    """A spreadsheet column of a team: staff codes, with the through fields they get.

    `shares`: "00123:60; 00456:40", each author's share; otherwise "00123; 00456", each person
    getting `extra` (a research's lead and members are two such columns).
    """

    column: str
    extra: tuple[tuple[str, object], ...] = ()
    shares: bool = False


@dataclass(frozen=True)
class Team:
    """The authors or members of a record about several people, on screen and in a file."""

    related: str  # the record's related name for its rows: "authorships"
    label: str  # the screens' heading: "Tác giả"
    formset: type
    extra: tuple[str, ...]  # the rows' fields besides the person: ("share",)
    cells: tuple[TeamCells, ...]
    #: The column and message of a row that names nobody.
    missing: tuple[str, str]


def staff_may_propose(user) -> bool:
    return True


@dataclass(frozen=True)
class EvidenceKind:
    """A kind of evidence and its companions; `slug` is its URL and spreadsheet kind's name."""

    slug: str
    label: str  # on screen: "Xếp loại cán bộ"
    model: type
    form: type
    #: The spreadsheet: its name in a sentence, columns, the fields that identify a row ("team"
    #: for the record's people) and that key in words, the export's order, the guide's notes.
    sheet_label: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    same: str
    order: tuple[str, ...]
    notes: tuple[str, ...] = ()
    #: Restricts the model to this kind (grades of people or of units).
    subset: dict = field(default_factory=dict)
    for_units: bool = False
    team: Team | None = None
    #: The fields a file's row updates on a record it matches (kinds without a team).
    update_fields: tuple[str, ...] = ()
    #: Checks of a spreadsheet row beyond the model's, as mixins of its row form.
    row_checks: tuple[type, ...] = ()
    #: Whether a staff member may propose one of their own ("Minh chứng của tôi").
    proposable: Callable = staff_may_propose
    #: The record named on "Minh chứng của tôi", where the person goes without saying.
    describe: Callable = str
    #: The list: the record's own columns between the person and the verification, and its
    #: order; the filters besides name, year, unit and verification. A kind whose list needs
    #: more (a team, a unit, a computed column) gives its own `table` or `filterset` class.
    list_fields: tuple[str, ...] = ()
    list_order: tuple[str, ...] = ("person", "pk")
    filters: tuple[str, ...] = ()
    table: type | None = None
    filterset: type | None = None

    def __post_init__(self):
        if self.table is None:
            made = tables.person_table(self.model, self.list_fields, self.list_order)
            object.__setattr__(self, "table", made)
        if self.filterset is None:
            object.__setattr__(
                self, "filterset", filtersets.filterset_for(self.model, self.filters)
            )

    # The screens -----------------------------------------------------------------------------

    @property
    def subject(self) -> Q:
        return Q(**self.subset)

    @property
    def team_label(self) -> str:
        return self.team.label if self.team else ""

    @property
    def team_model(self):
        """The through model of the team (Authorship, ResearchMember, WorkAuthorship)."""
        return getattr(self.model, self.team.related).rel.related_model if self.team else None

    @property
    def team_link(self) -> str:
        """The through model's foreign key to the record: "initiative"."""
        return getattr(self.model, self.team.related).field.name if self.team else ""

    @property
    def permissions(self) -> tuple[str, ...]:
        """The per-model permissions the attachments app asks for by the record's type."""
        name = self.model._meta.model_name
        return tuple(
            "achievements.{}_{}".format(a, name) for a in ("view", "change", "verify", "delete")
        )

    def holds(self, record) -> bool:
        """Tell whether a record of the model is of this kind (a person's or a unit's grade)."""
        if type(record) is not self.model:
            return False
        if self.subset:  # a person's or a unit's grade: the one subject the record has
            return self.for_units == (record.unit_id is not None)
        return True

    def queryset(self, user):
        """Return the records of this kind the user may see, with what a list reads."""
        rows = self.model.objects.visible_to(user).filter(self.subject)
        if self.team:
            return rows.prefetch_related(
                Prefetch(
                    self.team.related, queryset=self.team_model.objects.select_related("person")
                )
            )
        return rows.select_related("unit" if self.for_units else "person")

    # The spreadsheet ------------------------------------------------------------------------

    @property
    def subject_column(self) -> str:
        """The column naming the record's subject (kinds without a team)."""
        return "unit" if self.for_units else "staff_code"

    @property
    def subject_field(self) -> str:
        return "unit_id" if self.for_units else "person_id"

    @cached_property
    def row_form(self) -> type:
        """The form a spreadsheet row goes through: the screen form's fields less its subject,
        validated by the same model (and this kind's `row_checks`)."""
        from thidua.spreadsheets.forms import RowFormMixin

        base = type(
            "{}RowForm".format(self.model.__name__),
            (*self.row_checks, RowFormMixin, django_forms.ModelForm),
            {},
        )
        fields = [name for name in self.form._meta.fields if name not in ("person", "unit")]
        return django_forms.modelform_factory(self.model, form=base, fields=fields)


# What a staff member may propose and how their records are named --------------------------


def women_only(user) -> bool:
    """The union's scale is for women."""
    return user.person is not None and user.person.gender == Gender.FEMALE


def nobody(user) -> bool:
    """Discipline is entered by the office."""
    return False


def describe_grade(record) -> str:
    return "Xếp loại {}: {}".format(record.year, record.get_grade_display())


def describe_score(record) -> str:
    return "Điểm Giỏi việc trường, đảm việc nhà {}: {}".format(
        record.year, formats.number_format(record.score, use_l10n=True)
    )


def describe_discipline(record) -> str:
    day = record.decided_on.strftime(DAY)
    return "{}, quyết định ngày {}".format(record.get_form_display(), day)


def describe_leave(record) -> str:
    started, ended = record.started_on.strftime(DAY), record.ended_on.strftime(DAY)
    return "{} {} – {}".format(record.get_kind_display(), started, ended)


def describe_training(record) -> str:
    label = record.get_kind_display()
    return "{}: {}".format(label, record.program) if record.program else label


# The registry, in the order of the screens' tabs and the spreadsheet page ------------------

KINDS: dict[str, EvidenceKind] = {}


def register(kind: EvidenceKind) -> EvidenceKind:
    KINDS[kind.slug] = kind
    return kind


register(
    EvidenceKind(
        slug="grades",
        label="Xếp loại cán bộ",
        model=YearGrade,
        form=forms.GradeForm,
        list_fields=("year", "grade"),
        list_order=("person", "-year"),
        filters=("grade",),
        subset={"person__isnull": False},
        describe=describe_grade,
        sheet_label="xếp loại chất lượng cán bộ",
        columns=(STAFF_CODE, FULL_NAME_INFO, YEAR, GRADE),
        key=("person_id", "year"),
        same="cán bộ và năm",
        update_fields=("grade",),
        order=("year", "person__sort_key", "person_id"),
        notes=("Một cán bộ đã có xếp loại của năm đó thì xếp loại được cập nhật theo tệp.",),
    )
)
register(
    EvidenceKind(
        slug="unit_grades",
        label="Xếp loại đơn vị",
        model=YearGrade,
        form=forms.UnitGradeForm,
        table=tables.UnitGradeTable,
        filterset=filtersets.UnitGradeFilterSet,
        subset={"unit__isnull": False},
        for_units=True,
        proposable=nobody,
        sheet_label="xếp loại chất lượng đơn vị",
        columns=(
            Column(
                "Đơn vị",
                "unit",
                width=36,
                note="tên đơn vị như trong danh sách đơn vị",
                synonyms=("Khoa, phòng", "Đơn vị công tác", "Phòng, khoa", "Tập thể"),
            ),
            YEAR,
            GRADE,
        ),
        key=("unit_id", "year"),
        same="đơn vị và năm",
        update_fields=("grade",),
        order=("year", "unit__position", "unit__search_text", "unit_id"),
        notes=("Một đơn vị đã có xếp loại của năm đó thì xếp loại được cập nhật theo tệp.",),
    )
)
register(
    EvidenceKind(
        slug="initiatives",
        label="Sáng kiến",
        model=Initiative,
        form=forms.InitiativeForm,
        table=tables.InitiativeTable,
        filters=("level",),
        team=Team(
            related="authorships",
            label="Tác giả",
            formset=forms.AuthorshipFormSet,
            extra=("share",),
            cells=(TeamCells("authors", shares=True),),
            missing=("authors", "cần ít nhất một tác giả ({}).".format(AUTHORS_NOTE)),
        ),
        sheet_label="sáng kiến",
        columns=(
            Column(
                "Tên sáng kiến",
                "title",
                width=50,
                synonyms=(
                    "Tên sáng kiến, giải pháp",
                    "Tên giải pháp",
                    "Sáng kiến",
                    "Tên sáng kiến kinh nghiệm",
                ),
            ),
            Column("Năm công nhận", "year", "int", width=10, synonyms=("Năm",)),
            Column(
                "Cấp công nhận",
                "level",
                "choice",
                choices=tuple(RecognitionLevel.choices),
                synonyms=("Cấp", "Cấp độ"),
            ),
            Column(
                "Cơ quan công nhận",
                "recognized_by",
                required=False,
                width=30,
                synonyms=("Đơn vị công nhận", "Hội đồng công nhận"),
            ),
            Column(
                "Số quyết định",
                "decision_number",
                "id",
                required=False,
                synonyms=("Số QĐ", "Số, ngày quyết định", "Quyết định số"),
            ),
            Column(
                "Ngày quyết định",
                "decided_on",
                "date",
                required=False,
                width=14,
                synonyms=("Ngày QĐ", "Số, ngày quyết định", "Ngày ký quyết định"),
            ),
            Column(
                "Tác giả",
                "authors",
                width=30,
                note=AUTHORS_NOTE,
                synonyms=("Tác giả, đồng tác giả", "Mã tác giả", "Tác giả và tỷ lệ đóng góp"),
            ),
            Column(
                "Phạm vi ảnh hưởng",
                "scope",
                required=False,
                width=40,
                note="nơi áp dụng, hiệu quả; tệp cũ không có cột này vẫn nhập được",
                header_required=False,
            ),
        ),
        # Offices record the same title once per author (each with 100%), so title and year alone
        # would merge different records.
        key=("title", "year", "team"),
        same="tên sáng kiến, năm và tác giả",
        order=("year", "title", "pk"),
    )
)
register(
    EvidenceKind(
        slug="research",
        label="Đề tài, đề án",
        model=Research,
        form=forms.ResearchForm,
        table=tables.ResearchTable,
        filters=("level",),
        team=Team(
            related="memberships",
            label="Thành viên",
            formset=forms.ResearchMemberFormSet,
            extra=("role",),
            cells=(
                TeamCells("lead", extra=(("role", ResearchRole.LEAD),)),
                TeamCells("members", extra=(("role", ResearchRole.MEMBER),)),
            ),
            missing=(
                "lead",
                "cần ít nhất một cán bộ, ở cột Chủ nhiệm hoặc Thành viên ({}).".format(CODES_NOTE),
            ),
        ),
        row_checks=(forms.AcceptanceRowChecks,),
        sheet_label="đề tài, đề án",
        columns=(
            Column(
                "Tên đề tài, đề án",
                "title",
                width=50,
                synonyms=("Tên đề tài", "Tên đề án", "Đề tài, đề án"),
            ),
            Column(
                "Loại",
                "kind",
                "choice",
                choices=tuple(ResearchKind.choices),
                width=16,
                synonyms=("Loại đề tài", "Loại hình"),
            ),
            Column(
                "Cấp",
                "level",
                "choice",
                choices=tuple(RecognitionLevel.choices),
                width=12,
                synonyms=("Cấp quản lý", "Cấp đề tài"),
            ),
            Column(
                "Năm bắt đầu", "started_year", "int", width=10, synonyms=("Năm thực hiện", "Năm")
            ),
            Column(
                "Ngày nghiệm thu",
                "accepted_on",
                "date",
                required=False,
                width=14,
                synonyms=("Ngày NT",),
            ),
            Column(
                "Kết quả nghiệm thu",
                "result",
                "choice",
                required=False,
                choices=tuple(AcceptanceResult.choices),
                note="ghi cùng ngày nghiệm thu, hoặc để trống cả hai",
            ),
            Column(
                "Chủ nhiệm",
                "lead",
                required=False,
                width=20,
                note=CODES_NOTE,
                synonyms=("Chủ nhiệm đề tài", "Chủ nhiệm đề án"),
            ),
            Column(
                "Thành viên",
                "members",
                required=False,
                width=30,
                note=CODES_NOTE,
                synonyms=("Thành viên tham gia", "Người tham gia"),
            ),
        ),
        key=("title", "started_year"),
        same="tên và năm bắt đầu",
        order=("started_year", "title", "pk"),
        notes=(
            "Mỗi đề tài cần ít nhất một cán bộ của cơ quan (chủ nhiệm hoặc thành viên); "
            "chủ nhiệm ở cơ quan khác thì để trống cột Chủ nhiệm.",
            "Một đề tài cùng tên và năm bắt đầu đã có thì được cập nhật theo tệp, kể cả danh sách "
            "chủ nhiệm, thành viên.",
            "Xuất theo năm: những đề tài từ năm bắt đầu đến năm nghiệm thu có năm đó (đề tài chưa "
            "nghiệm thu: đến nay).",
        ),
    )
)
register(
    EvidenceKind(
        slug="works",
        label="Bài báo, giáo trình",
        model=Work,
        form=forms.WorkForm,
        table=tables.WorkTable,
        filters=("kind",),
        team=Team(
            related="authorships",
            label="Tác giả",
            formset=forms.WorkAuthorshipFormSet,
            extra=(),
            cells=(TeamCells("authors"),),
            missing=("authors", "cần ít nhất một tác giả ({}).".format(CODES_NOTE)),
        ),
        sheet_label="bài báo, giáo trình, bài giảng",
        columns=(
            Column(
                "Tên công trình",
                "title",
                width=50,
                synonyms=("Tên bài báo", "Tên công trình khoa học", "Tên bài viết"),
            ),
            Column(
                "Loại",
                "kind",
                "choice",
                choices=tuple(WorkKind.choices),
                width=20,
                synonyms=("Loại công trình",),
            ),
            Column(
                "Nơi đăng, xuất bản",
                "venue",
                required=False,
                width=30,
                note="tạp chí và số, nhà xuất bản, hoặc nơi giảng",
            ),
            Column("Năm", "year", "int", width=8, synonyms=("Năm xuất bản", "Năm công bố")),
            Column(
                "Tác giả",
                "authors",
                width=30,
                note=CODES_NOTE,
                synonyms=("Tác giả, đồng tác giả", "Mã tác giả"),
            ),
        ),
        # The same lecture given by several lecturers is one record each, as initiatives are one
        # per author.
        key=("title", "year", "kind", "team"),
        same="tên, năm, loại và tác giả",
        order=("year", "kind", "title", "pk"),
        notes=(
            "Một công trình cùng tên, năm, loại và cùng tác giả đã có thì được cập nhật theo tệp; "
            "khác tác giả là một công trình khác.",
        ),
    )
)
register(
    EvidenceKind(
        slug="training",
        label="Đào tạo, bồi dưỡng",
        model=Training,
        form=forms.TrainingForm,
        list_fields=("kind", "program", "started_on", "ended_on", "result"),
        list_order=("person", "-started_on"),
        filters=("kind",),
        describe=describe_training,
        row_checks=(forms.PeriodRowChecks,),
        sheet_label="đào tạo, bồi dưỡng",
        columns=(
            STAFF_CODE,
            FULL_NAME_INFO,
            Column(
                "Loại",
                "kind",
                "choice",
                choices=tuple(TrainingKind.choices),
                width=24,
                synonyms=("Loại hình đào tạo", "Hình thức đào tạo"),
            ),
            Column(
                "Chương trình, khóa học",
                "program",
                required=False,
                width=30,
                synonyms=("Chương trình", "Khóa học", "Nội dung đào tạo"),
            ),
            Column(
                "Cơ sở đào tạo",
                "institution",
                required=False,
                width=30,
                synonyms=("Nơi đào tạo", "Cơ sở đào tạo, bồi dưỡng"),
            ),
            Column("Từ ngày", "started_on", "date", width=14, synonyms=("Ngày bắt đầu",)),
            Column(
                "Đến ngày",
                "ended_on",
                "date",
                required=False,
                width=14,
                synonyms=("Ngày kết thúc",),
            ),
            Column(
                "Học tập trung",
                "full_time",
                "bool",
                required=False,
                width=10,
                synonyms=("Tập trung",),
            ),
            Column(
                "Kết quả", "result", "choice", required=False, choices=tuple(StudyResult.choices)
            ),
        ),
        key=("person_id", "kind", "started_on"),
        same="cán bộ, loại và ngày bắt đầu",
        update_fields=("program", "institution", "ended_on", "full_time", "result"),
        order=("started_on", "person__sort_key", "pk"),
        notes=("Xuất theo năm: những khóa học diễn ra trong năm đó (kể cả khóa chưa kết thúc).",),
    )
)
register(
    EvidenceKind(
        slug="union_scores",
        label="Điểm Giỏi việc trường",
        model=UnionScore,
        form=forms.UnionScoreForm,
        list_fields=("year", "score"),
        list_order=("person", "-year"),
        proposable=women_only,
        describe=describe_score,
        sheet_label="điểm Giỏi việc trường, đảm việc nhà",
        columns=(
            STAFF_CODE,
            FULL_NAME_INFO,
            YEAR,
            Column(
                "Điểm",
                "score",
                "decimal",
                width=10,
                note="từ 0 đến {}, nhiều nhất một chữ số thập phân".format(MAX_UNION_SCORE),
            ),
        ),
        key=("person_id", "year"),
        same="cán bộ và năm",
        update_fields=("score",),
        order=("year", "person__sort_key", "person_id"),
        notes=("Một cán bộ đã có điểm của năm đó thì điểm được cập nhật theo tệp.",),
    )
)
register(
    EvidenceKind(
        slug="discipline",
        label="Kỷ luật",
        model=Discipline,
        form=forms.DisciplineForm,
        list_fields=("form", "decision_number", "decided_on", "effective_until"),
        list_order=("person", "-decided_on"),
        filters=("form",),
        proposable=nobody,
        describe=describe_discipline,
        sheet_label="kỷ luật",
        columns=(
            STAFF_CODE,
            FULL_NAME_INFO,
            Column(
                "Hình thức",
                "form",
                "choice",
                choices=tuple(DisciplineForm.choices),
                synonyms=("Hình thức kỷ luật",),
            ),
            Column(
                "Số quyết định",
                "decision_number",
                "id",
                required=False,
                synonyms=("Số QĐ", "Số, ngày quyết định", "Quyết định số"),
            ),
            Column(
                "Ngày quyết định",
                "decided_on",
                "date",
                width=14,
                synonyms=("Ngày QĐ", "Số, ngày quyết định", "Ngày ký quyết định"),
            ),
            Column(
                "Hết hiệu lực",
                "effective_until",
                "date",
                required=False,
                width=14,
                synonyms=("Ngày hết hiệu lực",),
            ),
            Column("Đang xem xét", "pending", "bool", required=False, width=10),
        ),
        key=("person_id", "form", "decided_on"),
        same="cán bộ, hình thức và ngày quyết định",
        update_fields=("decision_number", "effective_until", "pending"),
        order=("decided_on", "person__sort_key", "pk"),
        notes=(
            "Xuất theo năm: những quyết định kỷ luật ra trong năm đó hoặc còn hiệu lực trong "
            "năm đó.",
        ),
    )
)
register(
    EvidenceKind(
        slug="leave",
        label="Nghỉ, đi học",
        model=Leave,
        form=forms.LeaveForm,
        table=tables.LeaveTable,
        filters=("kind",),
        describe=describe_leave,
        row_checks=(forms.PeriodRowChecks,),
        sheet_label="nghỉ thai sản, đi học, nghỉ ốm, điều trị thương",
        columns=(
            STAFF_CODE,
            FULL_NAME_INFO,
            Column(
                "Loại",
                "kind",
                "choice",
                choices=tuple(LeaveKind.choices),
                synonyms=("Loại nghỉ", "Lý do nghỉ"),
            ),
            Column("Từ ngày", "started_on", "date", width=14, synonyms=("Ngày bắt đầu",)),
            Column("Đến ngày", "ended_on", "date", width=14, synonyms=("Ngày kết thúc",)),
            Column(
                "Có xác nhận y tế",
                "certified",
                "bool",
                required=False,
                width=10,
                synonyms=("Xác nhận y tế",),
            ),
        ),
        key=("person_id", "kind", "started_on"),
        same="cán bộ, loại và ngày bắt đầu",
        update_fields=("ended_on", "certified"),
        order=("started_on", "person__sort_key", "pk"),
    )
)


def get_kind(slug: str) -> EvidenceKind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404("Không có loại minh chứng này.") from None


def kind_of(record) -> EvidenceKind:
    """Return the kind a record is of (a grade is a person's or a unit's)."""
    return next(kind for kind in KINDS.values() if kind.holds(record))


def team_of_model(model) -> EvidenceKind | None:
    """Return the kind with a team whose model this is, if any."""
    return next((k for k in KINDS.values() if k.model is model and k.team), None)
