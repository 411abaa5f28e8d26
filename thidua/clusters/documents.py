"""The cluster's documents, in the review-list layout (DOCX and PDF): the covenant
(`cluster_covenant`), a member's scoring sheet (`cluster_scores`) and the review's minutes
(`cluster_minutes`), each found by the organisation and the year.

    python manage.py make_document cluster_scores --year 2022 --format docx --output F
"""

from django.utils import timezone

from thidua.clusters.models import Cluster, ClusterMember, CriterionKind
from thidua.clusters.results import standings, tally
from thidua.documents import formatting
from thidua.documents.lists import SIGNER_BLANK, list_columns
from thidua.documents.registry import DocumentError, DocumentKind, register
from thidua.organization.models import DocumentStyle

PARENTS = {
    "hv": "HỌC VIỆN CHÍNH TRỊ QUỐC GIA HỒ CHÍ MINH",
    "tw": "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG TRUNG ƯƠNG",
}


def points_text(points) -> str:
    """2,5 and 10, not 2.50 and 10.00."""
    text = "{:f}".format(points)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def find_member(organization, year=None) -> ClusterMember:
    """The organisation's membership of a cluster in ``year`` (its first, by name)."""
    if year is None:
        raise DocumentError("Cần năm của cụm thi đua (--year).")
    member = (
        ClusterMember.objects.filter(organization=organization, cluster__year=int(year))
        .select_related("cluster", "organization")
        .order_by("cluster__name")
        .first()
    )
    if member is None:
        raise DocumentError(
            "{} chưa là thành viên cụm thi đua nào năm {}.".format(organization.name, year)
        )
    return member


def short_name(cluster: Cluster) -> str:
    """The cluster's name before its description ("Cụm thi đua số 5"), for the header's line."""
    return cluster.name.split(" – ")[0]


def _frame(cluster: Cluster, organization, *, issuer: str, day, signer: str) -> dict:
    party = organization.document_style == DocumentStyle.PARTY
    return {
        "layout": "party" if party else "state",
        "parent_body": formatting.upper(PARENTS.get(cluster.level, organization.parent_body)),
        "issuer": formatting.upper(issuer),
        "heading": "ĐẢNG CỘNG SẢN VIỆT NAM" if party else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "" if party else "Độc lập - Tự do - Hạnh phúc",
        "number_line": "",
        "place_date": formatting.place_date(organization.place_name, day or timezone.localdate()),
        "signer_title": signer,
        "signer_name": SIGNER_BLANK,
        "recipients": ["Các thành viên cụm", "Lưu: VT, TĐKT"],
        **list_columns("review_list"),
    }


def build_covenant_context(member: ClusterMember) -> dict:
    cluster = member.cluster
    rows = []
    for group in cluster.groups.prefetch_related("criteria"):
        for criterion in group.criteria.all():
            kind = "" if criterion.kind == CriterionKind.REGULAR else (
                " ({})".format(criterion.get_kind_display().lower()))
            rows.append({"number": str(len(rows) + 1), "cells": [
                group.name, criterion.text + kind, points_text(criterion.max_points),
                "Có" if criterion.evidence_required else "Không",
            ]})  # fmt: skip
    targets = "; ".join(
        "{}. {}".format(n, t.text) for n, t in enumerate(cluster.targets.all(), start=1)
    )
    members = ", ".join(
        "{}{}".format(m.name, "" if m.role == "member" else " ({})".format(
            m.get_role_display().lower()))
        for m in cluster.members.all()
    )
    signed = ""
    if cluster.covenant_signed_on:
        signed = "Ký ngày {}{}".format(
            formatting.vietnamese_date(cluster.covenant_signed_on),
            " tại {}".format(cluster.covenant_place) if cluster.covenant_place else "",
        )
    return {
        **_frame(cluster, member.organization, issuer=short_name(cluster),
                 day=cluster.covenant_signed_on, signer="ĐẠI DIỆN ĐƠN VỊ CỤM TRƯỞNG"),
        "document_type": "GIAO ƯỚC THI ĐUA",
        "title": "{} năm {}".format(cluster.name, cluster.year),
        "subtitle": signed,
        "headers": ["Nhóm tiêu chí", "Tiêu chí chấm điểm", "Điểm tối đa", "Phải có minh chứng"],
        "rows": rows,
        "empty": "Cụm chưa có bảng chấm điểm.",
        "count": "Thành viên: {}.".format(members),
        "note": "Nội dung giao ước: {}.".format(targets) if targets else "",
    }


def build_scores_context(member: ClusterMember) -> dict:
    cluster = member.cluster
    scores = {s.criterion_id: s for s in member.scores.all()}
    rows = []
    for group in cluster.groups.prefetch_related("criteria"):
        for criterion in group.criteria.all():
            score = scores.get(criterion.pk)
            own = checked = ""
            if score is not None:
                own = points_text(score.self_points) + (
                    " ({})".format(score.evidence) if score.evidence else "")
                if score.checked_points is not None:
                    checked = points_text(score.checked_points) + (
                        " ({})".format(score.reason) if score.reason else "")
            label = criterion.text if criterion.kind == CriterionKind.REGULAR else "{}: {}".format(
                criterion.get_kind_display(), criterion.text)
            rows.append({"number": str(len(rows) + 1), "cells": [
                "{} – {}".format(group.name, label), points_text(criterion.max_points), own,
                checked,
            ]})  # fmt: skip
    standing = next(s for s in standings(cluster) if s.member.pk == member.pk)
    ranked = sum(1 for s in standings(cluster) if s.scored)
    count = "Tổng điểm: {}".format(points_text(standing.total))
    if standing.rank:
        count += "; xếp thứ {} trên {} đơn vị đã chấm".format(standing.rank, ranked)
    return {
        **_frame(cluster, member.organization, issuer=member.name,
                 day=member.checked_on or member.self_scored_on, signer="THỦ TRƯỞNG ĐƠN VỊ"),
        "document_type": "BẢNG CHẤM ĐIỂM THI ĐUA",
        "title": "{} năm {}".format(cluster.name, cluster.year),
        "subtitle": "Đơn vị: {}".format(member.name),
        "headers": ["Tiêu chí", "Điểm tối đa", "Tự chấm (minh chứng)",
                    "Cụm trưởng chấm (lý do)"],  # fmt: skip
        "rows": rows,
        "empty": "Cụm chưa có bảng chấm điểm.",
        "count": count + ".",
        "note": cluster.notice,
    }


def build_minutes_context(member: ClusterMember) -> dict:
    cluster = member.cluster
    votes = {m.pk: n for m, n in tally(cluster)}
    rows = [
        {"number": str(n), "cells": [
            s.member.name, points_text(s.total) if s.scored else "chưa chấm",
            str(s.rank) if s.rank else "—", str(votes.get(s.member.pk, 0)),
        ]}  # fmt: skip
        for n, s in enumerate(standings(cluster), start=1)
    ]
    if cluster.voted_leader_id:
        result = "{} được suy tôn dẫn đầu {} năm {} ({} trên {} phiếu).".format(
            cluster.voted_leader.name, cluster.name, cluster.year,
            votes.get(cluster.voted_leader_id, 0), len(rows))
    else:
        result = "Cụm chưa tổng kết, suy tôn."
    leader = cluster.leader
    return {
        **_frame(cluster, member.organization, issuer=short_name(cluster), day=cluster.reviewed_on,
                 signer="ĐẠI DIỆN ĐƠN VỊ CỤM TRƯỞNG"),
        "document_type": "BIÊN BẢN",
        "title": "Hội nghị tổng kết, suy tôn {} năm {}".format(cluster.name, cluster.year),
        "subtitle": "Chủ trì: {}".format(leader.name) if leader else "",
        "headers": ["Đơn vị", "Tổng điểm", "Xếp hạng", "Phiếu suy tôn"],
        "rows": rows,
        "empty": "Cụm chưa có thành viên.",
        "count": result,
        "note": cluster.notice,
    }


def _filename(prefix: str):
    return lambda member: formatting.ascii_filename("{}-{}-{}".format(
        prefix, member.organization.abbreviation, member.cluster.year))


def _kind(name, label, build, prefix):
    return register(DocumentKind(
        name=name, label=label, build_context=build,
        docx_template=lambda context: "review_list_{}.docx".format(context["layout"]),
        html_template="documents/list.html", find=find_member,
        filename=_filename(prefix),
    ))  # fmt: skip


CLUSTER_COVENANT = _kind("cluster_covenant", "giao ước thi đua của cụm", build_covenant_context,
                         "GiaoUoc")  # fmt: skip
CLUSTER_SCORES = _kind("cluster_scores", "bảng chấm điểm thi đua của cụm", build_scores_context,
                       "ChamDiem")  # fmt: skip
CLUSTER_MINUTES = _kind("cluster_minutes", "biên bản tổng kết, suy tôn của cụm",
                        build_minutes_context, "BBCum")  # fmt: skip
