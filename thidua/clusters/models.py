"""The emulation cluster (cụm thi đua): peer organisations that sign a covenant (giao ước thi
đua) each year, score themselves against the cluster's scoring table (bảng chấm điểm), have
their scores checked by the cluster leader, and vote (suy tôn) the unit that led the cluster.

The vote's result is what the engine reads as the cluster-leader fact (Luật TĐKT 2022 Điều 26.1:
the Cờ thi đua of a ministry or province goes to the leaders of its clusters). Members may be
organisations of this installation or schools entered by name.
"""

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.rules.codes import CLUSTER_LEVELS, CLUSTER_NAMES


class ClusterLevel(models.TextChoices):
    TINH = "tinh", CLUSTER_NAMES["tinh"]
    HV = "hv", CLUSTER_NAMES["hv"]
    TW = "tw", CLUSTER_NAMES["tw"]


assert tuple(ClusterLevel.values) == CLUSTER_LEVELS  # one list of levels, the engine's


class TieBreak(models.TextChoices):
    """How the scoring table breaks a tie of total points (then the cluster's vote decides)."""

    GROUPS = "groups", "Điểm cao hơn ở nhóm tiêu chí thứ nhất, rồi nhóm tiếp theo"
    BONUS = "bonus", "Điểm thưởng cao hơn"
    PENALTY = "penalty", "Điểm trừ ít hơn"


class ClusterQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Clusters the user's organisation belongs to, or that the user's account represents a
        member of; an administrator reads every cluster."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self
        return self.filter(
            Q(members__organization_id=user.organization_id, members__organization__isnull=False)
            | Q(members__account=user)
        ).distinct()


class Cluster(models.Model):
    """One cluster in one year: its members, covenant, scoring table, scores and vote."""

    name = models.CharField("tên cụm", max_length=255)
    year = models.PositiveSmallIntegerField("năm")
    level = models.CharField("cấp cụm", max_length=4, choices=ClusterLevel.choices)
    covenant_signed_on = models.DateField("ngày ký giao ước", null=True, blank=True)
    covenant_place = models.CharField("nơi ký giao ước", max_length=100, blank=True)
    tie_break = models.CharField(
        "cách xếp khi bằng điểm", max_length=10, choices=TieBreak.choices, default=TieBreak.GROUPS
    )
    reviewed_on = models.DateField("ngày tổng kết, suy tôn", null=True, blank=True)
    voted_leader = models.ForeignKey(
        "ClusterMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đơn vị được suy tôn dẫn đầu",
    )
    notice = models.CharField(
        "ghi chú hiển thị",
        max_length=300,
        blank=True,
        help_text="Hiển thị trên trang của cụm, ví dụ: số liệu minh họa.",
    )

    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = "cụm thi đua"
        verbose_name_plural = "cụm thi đua"
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "year"],
                name="cluster_once_a_year",
                violation_error_message="Cụm này đã có trong năm đó.",
            )
        ]

    def __str__(self):
        return "{} năm {}".format(self.name, self.year)

    @property
    def leader(self):
        """The member elected to lead the cluster this year (cụm trưởng), or None."""
        return next((m for m in self.members.all() if m.role == MemberRole.LEADER), None)


class MemberRole(models.TextChoices):
    MEMBER = "member", "Thành viên"
    LEADER = "leader", "Cụm trưởng"
    DEPUTY = "deputy", "Cụm phó"


class ClusterMember(models.Model):
    """A member of a cluster-year: an organisation of this installation or a school by name."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="members", verbose_name="cụm"
    )
    organization = models.ForeignKey(
        "organization.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cluster_memberships",
        verbose_name="cơ quan trong hệ thống",
    )
    name = models.CharField("tên đơn vị", max_length=255)
    role = models.CharField(
        "vai trò trong năm", max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    # A school outside this installation acts through an account the administrator gives its
    # officer (no organisation of its own here): the leader's secretary checks through it.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cluster_memberships",
        verbose_name="tài khoản đại diện",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    self_scored_on = models.DateField("ngày tự chấm", null=True, blank=True)
    checked_on = models.DateField("ngày cụm trưởng chấm", null=True, blank=True)

    class Meta:
        verbose_name = "thành viên cụm"
        verbose_name_plural = "thành viên cụm"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "name"],
                name="cluster_member_once",
                violation_error_message="Đơn vị này đã là thành viên của cụm.",
            )
        ]

    def __str__(self):
        return self.name


class CovenantTarget(models.Model):
    """A target the members sign up to in the covenant (giao ước thi đua)."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="targets", verbose_name="cụm"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    text = models.TextField("nội dung giao ước")

    class Meta:
        verbose_name = "nội dung giao ước"
        verbose_name_plural = "nội dung giao ước"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class ScoreGroup(models.Model):
    """A group of criteria of the scoring table (nhóm tiêu chí)."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="groups", verbose_name="cụm"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    name = models.CharField("tên nhóm tiêu chí", max_length=255)

    class Meta:
        verbose_name = "nhóm tiêu chí"
        verbose_name_plural = "nhóm tiêu chí"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class CriterionKind(models.TextChoices):
    REGULAR = "regular", "Tiêu chí"
    BONUS = "bonus", "Điểm thưởng"
    PENALTY = "penalty", "Điểm trừ"


class Criterion(models.Model):
    """A criterion with its maximum points; a penalty item's points are taken off the total."""

    group = models.ForeignKey(
        ScoreGroup, on_delete=models.CASCADE, related_name="criteria", verbose_name="nhóm"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    text = models.CharField("tiêu chí", max_length=500)
    kind = models.CharField(
        "loại", max_length=10, choices=CriterionKind.choices, default=CriterionKind.REGULAR
    )
    max_points = models.DecimalField("điểm tối đa", max_digits=6, decimal_places=2)
    evidence_required = models.BooleanField("phải có minh chứng", default=False)

    class Meta:
        verbose_name = "tiêu chí chấm điểm"
        verbose_name_plural = "tiêu chí chấm điểm"
        ordering = ["group__order", "group_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="criterion_max_positive",
                violation_error_message="Điểm tối đa phải lớn hơn 0.",
            )
        ]

    def __str__(self):
        return self.text


class Score(models.Model):
    """A member's self-score on one criterion with its evidence, and the leader's check."""

    member = models.ForeignKey(
        ClusterMember, on_delete=models.CASCADE, related_name="scores", verbose_name="thành viên"
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name="tiêu chí"
    )
    self_points = models.DecimalField("điểm tự chấm", max_digits=6, decimal_places=2)
    evidence = models.TextField("minh chứng", blank=True)
    checked_points = models.DecimalField(
        "điểm cụm trưởng chấm", max_digits=6, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField("lý do thay đổi", blank=True)

    class Meta:
        verbose_name = "điểm chấm"
        verbose_name_plural = "điểm chấm"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "criterion"],
                name="score_once_per_criterion",
                violation_error_message="Tiêu chí này đã được chấm.",
            )
        ]

    def __str__(self):
        return "{}: {}".format(self.member_id, self.criterion_id)

    @property
    def points(self) -> Decimal:
        """The points that count: the leader's when checked, else the member's own."""
        return self.self_points if self.checked_points is None else self.checked_points


class Vote(models.Model):
    """A member's vote (phiếu suy tôn) for the member that led the cluster this year."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="votes", verbose_name="cụm"
    )
    voter = models.ForeignKey(
        ClusterMember, on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị bỏ phiếu"
    )
    chosen = models.ForeignKey(
        ClusterMember,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="đơn vị được suy tôn",
    )

    class Meta:
        verbose_name = "phiếu suy tôn"
        verbose_name_plural = "phiếu suy tôn"
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "voter"],
                name="one_vote_per_member",
                violation_error_message="Đơn vị này đã bỏ phiếu suy tôn.",
            )
        ]

    def __str__(self):
        return "{} → {}".format(self.voter_id, self.chosen_id)


for model in (Cluster, ClusterMember, CovenantTarget, ScoreGroup, Criterion, Score, Vote):
    auditlog.register(model)
