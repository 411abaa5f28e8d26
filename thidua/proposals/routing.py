"""Which higher body decides each title the school cannot award itself, and whom the tờ trình
goes to: the one routing table of proposals, with its legal sources (law.md §2.1–2.4, §2.8).

The school's head decides LĐTT, CSTĐCS, TTLĐTT and Giấy khen (Nghị định 91/2017/NĐ-CP Điều
43.2.b; Luật Thi đua, khen thưởng 2022 Điều 80.1); every other title is proposed upward.
Who decides the provincial and Academy titles is marked [R] in law.md (recalled, not seen in
the decree text); the Học viện's own TĐKT regulation was not found (law-2.md §4).
"""

from dataclasses import dataclass

from django.db import models


class HigherBody(models.TextChoices):
    PROVINCE = "province", "Chủ tịch UBND tỉnh"
    ACADEMY = "academy", "Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh"
    GOVERNMENT = "government", "Thủ tướng Chính phủ (qua Chủ tịch UBND tỉnh)"


@dataclass(frozen=True)
class Route:
    """One title's way up: who decides it, and the legal source with its certainty mark."""

    title: str
    body: str
    source: str
    mark: str  # "V" verified, "R" recalled, "I" inferred (law.md's marks)


# The titles within the school's own authority; they never go into a proposal.
OWN_AUTHORITY = frozenset({"LDTT", "CSTD_CS", "TTLDTT", "GIAY_KHEN"})
OWN_AUTHORITY_SOURCE = (
    "Nghị định 91/2017/NĐ-CP, Điều 43, khoản 2, điểm b; Luật Thi đua, khen thưởng 2022, Điều 80, "
    "khoản 1"
)

_PROVINCE = (
    "Thẩm quyền của Chủ tịch UBND tỉnh (law.md §2.8) [R]; TTLĐXS không thuộc thẩm quyền thủ "
    "trưởng đơn vị theo Nghị định 91/2017/NĐ-CP, Điều 43.2.b và Luật 2022, Điều 80.1 [V]"
)
_ACADEMY = (
    "Thẩm quyền của Giám đốc Học viện CTQG Hồ Chí Minh, hình thức cấp bộ (Luật 2022, Điều 3.5; "
    "law.md §2, §2.8) [R]; quy chế TĐKT của Học viện chưa tìm thấy"
)
_GOVERNMENT = (
    "Thủ tướng Chính phủ quyết định; Chủ tịch UBND tỉnh đề nghị (law.md §2.8) [R]; "
    "Luật 2003 Điều 21, 25; NĐ 91/2017 Điều 11, 38 [V]"
)

ROUTES: dict[str, Route] = {
    "TTLDXS": Route("TTLDXS", HigherBody.PROVINCE, _PROVINCE, "R"),
    "CSTD_TINH": Route("CSTD_TINH", HigherBody.PROVINCE, _PROVINCE, "R"),
    "BK_TINH": Route("BK_TINH", HigherBody.PROVINCE, _PROVINCE, "R"),
    "CO_TINH": Route("CO_TINH", HigherBody.PROVINCE, _PROVINCE, "R"),
    "BK_HV": Route("BK_HV", HigherBody.ACADEMY, _ACADEMY, "R"),
    "CO_HV": Route("CO_HV", HigherBody.ACADEMY, _ACADEMY, "R"),
    "CSTD_TQ": Route("CSTD_TQ", HigherBody.GOVERNMENT, _GOVERNMENT, "R"),
    "BK_TTG": Route("BK_TTG", HigherBody.GOVERNMENT, _GOVERNMENT, "R"),
    "CO_CP": Route("CO_CP", HigherBody.GOVERNMENT, _GOVERNMENT, "R"),
}


def body_for(title: str) -> str | None:
    """Return the higher body a title is proposed to, or None for one the school awards."""
    route = ROUTES.get(title)
    return route.body if route else None


def addressee(body: str, province: str) -> str:
    """Return the "Kính gửi" line of a tờ trình to `body` (`province`: the place name)."""
    if body == HigherBody.ACADEMY:
        return "Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh"
    # The Government's titles go up through the province, which proposes them (law.md §2.8).
    return "Chủ tịch Ủy ban nhân dân tỉnh {}".format(province).strip()


def default_issuer(body: str, province: str) -> str:
    """Return who issues the higher level's decision, as the award register writes it."""
    if body == HigherBody.ACADEMY:
        return "Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh"
    if body == HigherBody.GOVERNMENT:
        return "Thủ tướng Chính phủ"
    return "Chủ tịch UBND tỉnh {}".format(province).strip()
