"""Organisation, its units as a tree, its people and the history of their unit assignments."""

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from thidua.core import text
from thidua.core.querysets import OrganizationQuerySet


class DocumentStyle(models.TextChoices):
    PARTY = "party", "Văn bản của Đảng"
    STATE = "state", "Văn bản hành chính nhà nước (Nghị định 30/2020)"


class Organization(models.Model):
    """An agency (cơ quan, đơn vị); every other record belongs to exactly one."""

    name = models.CharField("tên cơ quan", max_length=255, unique=True)
    # The name printed above the organisation's own in a document's header (a body outside the
    # installation, or inside it: it stays a name either way).
    parent_body = models.CharField("cơ quan cấp trên", max_length=255, blank=True)
    # The organisation above this one in the same installation (an agency under the province).
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="cơ quan cấp trên trong hệ thống",
    )
    # The higher bodies (thidua.rules.authority.HIGHER_BODIES) whose tờ trình this organisation's
    # office receives, for the organisations below it: the province's emulation office receives
    # those to the Chủ tịch UBND tỉnh. Empty for an organisation that receives none.
    receives_for = models.JSONField(
        "nhận tờ trình đề nghị cấp",
        default=list,
        blank=True,
        help_text="Các cấp quyết định mà cơ quan này là nơi nhận tờ trình của các cơ quan cấp "
        "dưới, ví dụ Chủ tịch UBND tỉnh.",
    )
    abbreviation = models.CharField(
        "tên viết tắt",
        max_length=30,
        unique=True,
        help_text="Dùng trong ký hiệu văn bản, ví dụ TCTTP.",
    )
    place_name = models.CharField("địa danh ghi ngày tháng", max_length=100)
    rule_overrides = models.JSONField(
        "tham số pháp lý riêng",
        default=dict,
        blank=True,
        help_text='Theo chế độ: {"2017": {"tên tham số": giá trị}, "2023": {…}}; để trống nếu dùng '
        "đúng quy định chung.",
    )
    document_style = models.CharField(
        "thể thức văn bản",
        max_length=10,
        choices=DocumentStyle.choices,
        default=DocumentStyle.STATE,
    )
    # The instrument that gives the head authority to decide (printed first in a decision's
    # "Căn cứ"): the school's founding decision or its regulation on functions and duties.
    authority_instrument = models.CharField(
        "văn bản quy định chức năng, nhiệm vụ",
        max_length=500,
        blank=True,
        help_text="Ghi sau chữ “Căn cứ” trong quyết định, ví dụ: Quyết định số 123-QĐ/TU ngày "
        "01/6/2018 của Ban Thường vụ Tỉnh ủy quy định chức năng, nhiệm vụ, quyền hạn và tổ chức "
        "bộ máy của trường. Để trống: quyết định in một chỗ trống để ghi tay.",
    )

    # Many bodies' regulations ask the council's proposed results to be published inside the
    # organisation for comments before the head decides (công khai kết quả xét chọn).
    results_publication_required = models.BooleanField(
        "quy chế yêu cầu công khai kết quả xét chọn",
        default=False,
        help_text="Bật: chỉ ban hành quyết định khen thưởng theo kết quả phiên họp Hội đồng sau "
        "khi kết quả đã được công khai và hết thời gian nhận ý kiến.",
    )

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        self._clean_hierarchy()
        self._clean_overrides()

    def _clean_hierarchy(self):
        from thidua.rules import authority

        received = self.receives_for or []
        bodies = authority.RECEIVING_BODIES
        if not isinstance(received, list) or any(body not in bodies for body in received):
            names = ", ".join(authority.BODY_NAMES[b] for b in bodies)
            raise ValidationError({"receives_for": "Chỉ chọn trong các cấp: {}.".format(names)})
        self.receives_for = sorted(set(received), key=bodies.index)
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "Không thể đặt cơ quan làm cấp trên của chính nó."})
        seen = set()
        node = self.parent
        while node is not None and node.pk not in seen:
            if self.pk is not None and node.pk == self.pk:
                raise ValidationError(
                    {"parent": "Không thể đặt cơ quan cấp dưới làm cấp trên của chính nó."}
                )
            seen.add(node.pk)
            node = node.parent

    def _clean_overrides(self):
        from thidua import rules

        overrides = self.rule_overrides or {}
        if not isinstance(overrides, dict):
            raise ValidationError({"rule_overrides": "Phải là một bảng theo chế độ."})
        for regime, params in overrides.items():
            sample_year = {"2017": 2022, "2023": 2025}.get(regime)
            if sample_year is None or not isinstance(params, dict):
                raise ValidationError(
                    {"rule_overrides": "Chế độ '{}' không có; dùng 2017 hoặc 2023.".format(regime)}
                )
            try:
                rules.rule_set_for(sample_year).with_overrides(params)
            except (KeyError, TypeError, ValueError) as exc:
                raise ValidationError(
                    {"rule_overrides": "Tham số chế độ {} không hợp lệ: {}".format(regime, exc)}
                ) from None

    def ancestors(self) -> list["Organization"]:
        """Return the organisations above this one, the nearest first (one query a level)."""
        found, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            found.append(node)
            seen.add(node.pk)
            node = node.parent
        return found

    def receiver_for(self, body: str) -> "Organization | None":
        """Return the organisation of this installation whose office receives this
        organisation's tờ trình to `body` (the nearest above it that receives for that body),
        or None when that body is outside the installation (its name, as the tờ trình prints
        it: `thidua.rules.authority.addressee`)."""
        from thidua.rules import authority

        wanted = authority.received_by(body)
        return next((o for o in self.ancestors() if wanted in (o.receives_for or [])), None)

    def overrides_for(self, year: int) -> dict:
        """Return this organisation's parameters for the regime in force in `year`."""
        from thidua import rules

        return self.overrides_for_regime(rules.rule_set_for(year).regime)

    def overrides_for_regime(self, regime: str) -> dict:
        """Return this organisation's parameters for `regime` ("2017" or "2023")."""
        return (self.rule_overrides or {}).get(regime, {})


class UnitKind(models.TextChoices):
    BOARD = "board", "Ban Giám hiệu"
    FACULTY = "faculty", "Khoa"
    OFFICE = "office", "Phòng"
    UNION_GROUP = "union_group", "Tổ công đoàn"
    UNION = "union", "Công đoàn cơ sở"
    PARTY_COMMITTEE = "party_committee", "Đảng bộ"
    PARTY_CELL = "party_cell", "Chi bộ"
    OTHER = "other", "Khác"


# Kinds of unit that people are assigned to; the others (union, Party) are organised alongside.
STAFF_UNIT_KINDS = frozenset({UnitKind.BOARD, UnitKind.FACULTY, UnitKind.OFFICE, UnitKind.OTHER})


class Unit(models.Model):
    """A part of an organisation (khoa, phòng, Ban Giám hiệu, tổ công đoàn, chi bộ …)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="units", verbose_name="cơ quan"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="đơn vị cấp trên",
    )
    name = models.CharField("tên đơn vị", max_length=255)
    kind = models.CharField("loại", max_length=20, choices=UnitKind.choices)
    position = models.PositiveIntegerField("thứ tự", default=0)
    search_text = models.CharField(max_length=255, editable=False, db_index=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["position", "name"]
        constraints = [
            # Two partial constraints rather than nulls_distinct=False, which SQLite lacks.
            models.UniqueConstraint(
                fields=["organization", "parent", "name"],
                condition=Q(parent__isnull=False),
                name="organization_unit_unique_name",
                violation_error_message="Đã có đơn vị cùng tên ở cùng cấp.",
            ),
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=Q(parent__isnull=True),
                name="organization_unit_unique_top_name",
                violation_error_message="Đã có đơn vị cùng tên ở cùng cấp.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = text.clean(self.name)
        if self.parent_id is None:
            return
        if self.parent.organization_id != self.organization_id:
            raise ValidationError({"parent": "Đơn vị cấp trên phải thuộc cùng cơ quan."})
        node = self.parent
        while node is not None:
            if self.pk is not None and node.pk == self.pk:
                raise ValidationError({"parent": "Không thể đặt đơn vị làm cấp dưới của chính nó."})
            node = node.parent

    def save(self, *args, **kwargs):
        self.name = text.clean(self.name)
        self.search_text = text.fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organization:unit", args=[self.pk])

    @property
    def holds_staff(self) -> bool:
        """Tell whether people are assigned here (union groups and Party cells mirror them)."""
        return self.kind in STAFF_UNIT_KINDS


class Gender(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"


class StaffCategory(models.TextChoices):
    LECTURER = "lecturer", "Giảng viên"
    MANAGER = "manager", "Cán bộ quản lý"
    STAFF = "staff", "Viên chức, nhân viên"
    CONTRACT = "contract", "Lao động hợp đồng"


def descendant_ids(unit_ids, *, organization_id) -> set[int]:
    """Return the given units and every unit below them (one query for the organisation's tree)."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in Unit.objects.filter(organization_id=organization_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), list(unit_ids)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, ()))
    return found


PERSONAL_ID_VALIDATOR = RegexValidator(
    r"^[0-9]{12}\Z", "Số định danh cá nhân gồm đúng 12 chữ số.", code="personal_id"
)

# The facts the evaluation reads that an import may leave blank, and how the list names them.
MISSING_FACTS = (("category", "ngạch, loại"), ("hired_on", "ngày vào làm việc"))


def _missing_q() -> Q:
    return Q(category="") | Q(hired_on__isnull=True)


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the people a user may see.

        Organisation-wide roles see everyone in their organisation; a unit head sees the people
        currently assigned to their units (and the units below them) and themself; anyone else
        only their own record.
        """
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        mine = self.filter(organization_id=user.organization_id)
        if user.sees_whole_organization:
            return mine
        own = Q(pk=user.person_id) if user.person_id else Q(pk__in=[])
        unit_ids = user.headed_unit_ids
        if unit_ids:
            return mine.filter(
                own
                | Q(
                    Exists(
                        Assignment.objects.current().filter(
                            person=OuterRef("pk"), unit_id__in=unit_ids
                        )
                    )
                )
            )
        return mine.filter(own)

    def incomplete(self):
        """Return the people missing a fact the evaluation reads (`MISSING_FACTS`)."""
        return self.filter(_missing_q())

    def complete(self):
        return self.exclude(_missing_q())

    def in_unit(self, unit_ids):
        """Return the people currently assigned to any of these units."""
        return self.filter(
            Exists(Assignment.objects.current().filter(person=OuterRef("pk"), unit_id__in=unit_ids))
        )

    def with_current_unit(self):
        """Annotate each person with their current unit's id and name (two subqueries)."""
        current = Assignment.objects.current().filter(person=OuterRef("pk"))
        return self.annotate(
            current_unit_id=models.Subquery(current.values("unit_id")[:1]),
            current_unit_name=models.Subquery(current.values("unit__name")[:1]),
        )


class Person(models.Model):
    """A staff member (cán bộ, viên chức, người lao động) of an organisation."""

    # No index of its own: person_org_sort_key starts with it (one index fewer to write on
    # every import; bench/README.md, "Sixth round").
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name="cơ quan",
        db_index=False,
    )
    staff_code = models.CharField(
        "mã cán bộ", max_length=20, blank=True, help_text="Giữ nguyên số 0 ở đầu."
    )
    family_and_middle = models.CharField("họ và tên đệm", max_length=100)
    given = models.CharField("tên", max_length=40)
    gender = models.CharField("giới tính", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    academic_title = models.CharField(
        "học hàm, học vị", max_length=30, blank=True, help_text="Ví dụ: TS, ThS, PGS.TS."
    )
    position = models.CharField("chức vụ", max_length=120, blank=True)
    # Blank until completed: an office's staff list often has no category column, and the
    # person is imported all the same, then listed as missing it (`missing_facts`).
    category = models.CharField(
        "ngạch, loại", max_length=20, choices=StaffCategory.choices, blank=True
    )
    party_member = models.BooleanField("đảng viên", default=False)
    union_member = models.BooleanField("đoàn viên công đoàn", default=True)
    hired_on = models.DateField("ngày vào làm việc", null=True, blank=True)
    left_on = models.DateField("ngày thôi việc", null=True, blank=True)
    # Số định danh cá nhân (the 12 digits of the citizen identity card, CCCD; Luật Căn cước
    # 2023): text, so a leading zero is kept. Only those who keep people see it
    # (organization.view_personal_id).
    personal_id = models.CharField(
        "số định danh cá nhân",
        max_length=12,
        blank=True,
        validators=[PERSONAL_ID_VALIDATOR],
        help_text="12 chữ số của căn cước công dân (CCCD); giữ số 0 ở đầu.",
    )
    email = models.EmailField("thư điện tử", blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    # Not indexed: it is searched with `contains` (LIKE '%…%'), which no B-tree serves; its two
    # indexes (and sort_key's LIKE-pattern one) were written on every import and never read.
    search_text = models.CharField(max_length=200, editable=False)
    sort_key = models.CharField(max_length=400, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "cán bộ"
        verbose_name_plural = "cán bộ"
        ordering = ["sort_key", "pk"]
        # A list of one organisation's people in name order reads its own rows in order; with
        # sort_key alone PostgreSQL walked the whole province's index to find one agency's first
        # page (100,000 rows removed for 25; bench/README.md, "Pages inside a province").
        indexes = [
            models.Index(fields=["organization", "sort_key", "id"], name="person_org_sort_key"),
            # Name order across organisations (a province's lists, joins ordered by the person).
            models.Index(fields=["sort_key", "id"], name="person_sort_key"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "staff_code"],
                condition=~Q(staff_code=""),
                name="organization_person_unique_staff_code",
                violation_error_message="Mã cán bộ này đã được dùng.",
            ),
            models.UniqueConstraint(
                fields=["organization", "personal_id"],
                condition=~Q(personal_id=""),
                name="organization_person_unique_personal_id",
                violation_error_message="Số định danh cá nhân này đã có ở một cán bộ khác.",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(hired_on__isnull=True)
                | Q(left_on__gte=models.F("hired_on")),
                name="organization_person_left_after_hired",
                violation_error_message="Ngày thôi việc phải sau ngày vào làm việc.",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return "{} {}".format(self.family_and_middle, self.given).strip()

    @property
    def display_name(self) -> str:
        """Return the name with its academic title, as documents write it (TS Nguyễn Trọng Tứ)."""
        return "{} {}".format(self.academic_title, self.full_name).strip()

    def is_active_on(self, day) -> bool:
        return (self.hired_on is None or self.hired_on <= day) and (
            self.left_on is None or self.left_on > day
        )

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())

    @property
    def missing_facts(self) -> list[str]:
        """Return the names of the facts still to complete ("ngạch, loại", …), in order."""
        return [label for name, label in MISSING_FACTS if getattr(self, name) in ("", None)]

    def clean(self, today=None):
        """`today`: the local date, for a caller that checks many people at once."""
        self.family_and_middle = text.clean(self.family_and_middle)
        self.given = text.clean(self.given)
        if self.birth_date and self.birth_date > (today or timezone.localdate()):
            raise ValidationError({"birth_date": "Ngày sinh không được ở tương lai."})
        if " " in self.given:
            raise ValidationError(
                {"given": "Tên chỉ gồm một từ; phần còn lại ghi vào họ và tên đệm."}
            )

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def normalise(self) -> None:
        """Clean the names and code and derive the search and sort keys, as saving does (also
        called before a bulk write, which bypasses save)."""
        self.family_and_middle = text.clean(self.family_and_middle)
        self.given = text.clean(self.given)
        self.position = text.clean(self.position)
        self.staff_code = text.clean(self.staff_code)
        self.personal_id = text.clean(self.personal_id)
        self.search_text = text.fold(self.full_name)
        self.sort_key = text.sort_key(self.given, self.family_and_middle)

    def get_absolute_url(self):
        return reverse("organization:person", args=[self.pk])


class AssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class Assignment(models.Model):
    """A person's membership of a unit over [started_on, ended_on).

    Why a history and not a field: a person who moved in June belongs to two units that year, and
    the rules ask the old unit's opinion and count a collective's members at the review date.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="assignments", verbose_name="cán bộ"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="assignments", verbose_name="đơn vị"
    )
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày", null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "quá trình công tác"
        verbose_name_plural = "quá trình công tác"
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="organization_assignment_one_current",
                violation_error_message="Mỗi cán bộ chỉ có một đơn vị hiện tại.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="organization_assignment_ends_after_start",
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu.",
            ),
        ]

    def __str__(self):
        return "{} – {}".format(self.person, self.unit)


for model in (Organization, Unit, Person, Assignment):
    auditlog.register(model, exclude_fields=["search_text", "sort_key"])
