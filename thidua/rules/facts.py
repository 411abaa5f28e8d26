"""Facts about people and units for an evaluation year, with their history.

Frozen dataclasses (slots). Treat their mappings as read-only. Conventions on missing facts:

* a **scalar** fact that is absent (``None``: a grade for a year, ``hired_on``, ``gender``,
  ``registered``) is *unknown*, and a rule that needs it answers ``review``;
* a **register** (``initiatives``, ``research``, ``discipline``, ``leave``, ``transfers``,
  ``achievements``) that is empty means "no record"; pass ``None`` for "not known" and the
  rules that read it answer ``review``.

``facts_from_dict`` reads the JSON file interface (``docs/rules-file-interface.md``)
and raises :class:`FactsError` naming the offending field (``people[3].grades.2022``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from ._perf import paused_gc
from .codes import (
    ACHIEVEMENT_KINDS,
    ALL_TITLES,
    CLUSTER_LEVELS,
    DISCIPLINE_FORMS,
    GENDERS,
    GRADES,
    LEAVE_KINDS,
    LEVELS,
    STUDY_RESULTS,
    UNIT_KINDS,
)

REGIMES = ("auto", "2017", "2023", "2023/nd98", "2023/nd152")


@dataclass(frozen=True, slots=True)
class Initiative:
    """A recognised initiative (sáng kiến), ``level`` co_so | tinh | toan_quoc.

    ``claims``: the (title, year) pairs of this person's award proposals it already served; see
    ``history.claim_blocks`` for when that keeps it from counting again (Công văn 5007/BNV-TĐKT
    năm 2023, mục III.5.c).
    """

    year: int
    level: str
    claims: frozenset[tuple[str, int]] = frozenset()


@dataclass(frozen=True, slots=True)
class Research:
    """A research topic or scheme (đề tài, đề án); it counts once ``accepted`` (nghiệm thu)."""

    year: int
    level: str
    accepted: bool = True


@dataclass(frozen=True, slots=True)
class Discipline:
    """A discipline decision; ``until`` is the end of its effect, ``pending`` a review under way."""

    year: int
    form: str
    until: date | None = None
    pending: bool = False


@dataclass(frozen=True, slots=True)
class Leave:
    """Leave in a year: ``kind`` maternity | study | sick | injury | other.

    For study, ``course_months`` is the length of the course (default: ``days`` / 30) and
    ``result`` the study result (yeu … xuat_sac). For injury, ``certified``: a health facility
    of district level or above certified the treatment (TT 01/2024/TT-BNV; None: not known).
    """

    year: int
    kind: str
    days: int
    course_months: int | None = None
    result: str | None = None
    certified: bool | None = None


@dataclass(frozen=True, slots=True)
class Transfer:
    """A move between units on ``on``; ``old_unit_opinion``: the old unit's comments (None: none).
    """

    on: date
    from_unit: str | None = None
    old_unit_opinion: bool | None = None


@dataclass(frozen=True, slots=True)
class Achievement:
    """An achievement already judged by the competent level (phong_trao, dot_xuat, …)."""

    year: int
    kind: str
    level: str | None = None
    years: int | None = None  # length of a thematic movement led (dan_dau_chuyen_de)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    unit: str | None = None
    gender: str | None = None
    lecturer: bool | None = None
    hired_on: date | None = None
    grades: Mapping[int, str] = field(default_factory=dict)
    titles: Mapping[int, frozenset[str]] = field(default_factory=dict)
    initiatives: tuple[Initiative, ...] | None = ()
    research: tuple[Research, ...] | None = ()
    discipline: tuple[Discipline, ...] | None = ()
    leave: tuple[Leave, ...] | None = ()
    registered: frozenset[str] | None = None
    transfers: tuple[Transfer, ...] | None = ()
    achievements: tuple[Achievement, ...] = ()
    union_scores: Mapping[int, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    parent: str | None = None
    kind: str | None = None
    grades: Mapping[int, str] = field(default_factory=dict)
    titles: Mapping[int, frozenset[str]] = field(default_factory=dict)
    registered: frozenset[str] | None = None
    #: years → levels of the clusters the unit was voted to lead (tinh, hv, tw); None: unknown.
    cluster_leader: Mapping[int, frozenset[str]] | None = None
    achievements: tuple[Achievement, ...] = ()


@dataclass(frozen=True, slots=True)
class Facts:
    year: int
    people: tuple[Person, ...] = ()
    units: tuple[Unit, ...] = ()
    regime: str = "auto"


class FactsError(ValueError):
    """Malformed facts: ``field`` names the offending field, ``message`` says why (Vietnamese)."""

    def __init__(self, field_path: str, message: str) -> None:
        super().__init__(f"{field_path}: {message}")
        self.field = field_path
        self.message = message


# --- reading the JSON interface ---------------------------------------------------------------

_GRADES = frozenset(GRADES)
_DISC = frozenset(DISCIPLINE_FORMS)
_LEVELS = frozenset(LEVELS)
_LEAVES = frozenset(LEAVE_KINDS)
_RESULTS = frozenset(STUDY_RESULTS)
_ACH = frozenset(ACHIEVEMENT_KINDS)
_CLUSTERS = frozenset(CLUSTER_LEVELS)
_KINDS = frozenset(UNIT_KINDS)
_GENDERS = frozenset(GENDERS)
_ACH_LEVELS = frozenset(LEVELS) | {"hv"}


def _type_name(value: object) -> str:
    return {
        dict: "đối tượng",
        list: "danh sách",
        str: "chuỗi",
        bool: "true/false",
        int: "số nguyên",
        float: "số",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _fail(path: str, message: str) -> FactsError:
    return FactsError(path, message)


def _want(value: object, kind: type | tuple, path: str, what: str) -> None:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _fail(path, f"phải là {what}, nhận được {_type_name(value)}")


def _year(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
        raise _fail(path, f"năm phải là số nguyên từ 1900 đến 2200, nhận được {value!r}")
    return value


def _year_key(key: str, path: str) -> int:
    if len(key) != 4 or not key.isdigit():
        raise _fail(path, f"khóa phải là một năm (ví dụ \"2022\"), nhận được {key!r}")
    return int(key)


def _date(value: object, path: str) -> date:
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise _fail(path, f"ngày phải có dạng YYYY-MM-DD, nhận được {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(path, f"ngày không hợp lệ: {value!r}") from None


def _code(value: object, allowed: frozenset, path: str, what: str) -> str:
    if value not in allowed:
        options = ", ".join(sorted(allowed))
        raise _fail(path, f"mã {what} không hợp lệ: {value!r} (cho phép: {options})")
    return value  # type: ignore[return-value]


def _opt_bool(obj: dict, key: str, path: str) -> bool | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, bool):
        raise _fail(f"{path}.{key}", f"phải là true/false, nhận được {_type_name(value)}")
    return value


def _str_id(value: object, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise _fail(path, "mã định danh phải là chuỗi khác rỗng")
    return value


def _grades(value: object, path: str) -> dict[int, str]:
    if value is None:
        return {}
    _want(value, dict, path, "đối tượng năm → xếp loại")
    out = {}
    for key, grade in value.items():
        if grade not in _GRADES:
            p = f"{path}.{key}"
            _year_key(key, p)
            _code(grade, _GRADES, p, "xếp loại")
        out[_year_key(key, f"{path}.{key}")] = grade
    return out


def _titles(value: object, path: str) -> dict[int, frozenset[str]]:
    if value is None:
        return {}
    _want(value, dict, path, "đối tượng năm → danh sách danh hiệu")
    out = {}
    for key, codes in value.items():
        p = f"{path}.{key}"
        year = _year_key(key, p)
        _want(codes, list, p, "danh sách mã danh hiệu")
        for i, code in enumerate(codes):
            if code not in ALL_TITLES:
                _code(code, ALL_TITLES, f"{p}[{i}]", "danh hiệu")
        out[year] = frozenset(codes)
    return out


_ABSENT = object()


def _records(value: object, path: str, build) -> tuple | None:
    """A register: absent → () (no record); null → None (not known)."""
    if value is _ABSENT:
        return ()
    if value is None:
        return None
    _want(value, list, path, "danh sách")
    out = []
    for i, item in enumerate(value):
        p = f"{path}[{i}]"
        _want(item, dict, p, "đối tượng")
        out.append(build(item, p))
    return tuple(out)


def _initiative(item: dict, p: str) -> Initiative:
    claims = item.get("claims", ())
    if not isinstance(claims, list | tuple):
        raise FactsError(f"{p}.claims", "cần một danh sách {\"title\": …, \"year\": …}")
    pairs = []
    for i, claim in enumerate(claims):
        if not isinstance(claim, dict):
            raise FactsError(f"{p}.claims[{i}]", "cần một đối tượng {\"title\": …, \"year\": …}")
        pairs.append((
            _code(claim.get("title"), ALL_TITLES, f"{p}.claims[{i}].title", "danh hiệu"),
            _year(claim.get("year"), f"{p}.claims[{i}].year"),
        ))
    return Initiative(
        _year(item.get("year"), f"{p}.year"),
        _code(item.get("level"), _LEVELS, f"{p}.level", "cấp"),
        frozenset(pairs),
    )


def _research(item: dict, p: str) -> Research:
    accepted = _opt_bool(item, "accepted", p)
    return Research(
        _year(item.get("year"), f"{p}.year"),
        _code(item.get("level", "co_so"), _LEVELS, f"{p}.level", "cấp"),
        True if accepted is None else accepted,
    )


def _discipline(item: dict, p: str) -> Discipline:
    until = item.get("until")
    return Discipline(
        _year(item.get("year"), f"{p}.year"),
        _code(item.get("form"), _DISC, f"{p}.form", "hình thức kỷ luật"),
        None if until is None else _date(until, f"{p}.until"),
        bool(_opt_bool(item, "pending", p)),
    )


def _leave(item: dict, p: str) -> Leave:
    days = item.get("days")
    _want(days, int, f"{p}.days", "số nguyên (số ngày)")
    if days < 0 or days > 366:
        raise _fail(f"{p}.days", f"số ngày phải từ 0 đến 366, nhận được {days}")
    months = item.get("course_months")
    if months is not None:
        _want(months, int, f"{p}.course_months", "số nguyên (số tháng)")
    result = item.get("result")
    if result is not None:
        _code(result, _RESULTS, f"{p}.result", "kết quả học tập")
    return Leave(
        _year(item.get("year"), f"{p}.year"),
        _code(item.get("kind"), _LEAVES, f"{p}.kind", "loại nghỉ"),
        days,
        months,
        result,
        _opt_bool(item, "certified", p),
    )


def _transfer(item: dict, p: str) -> Transfer:
    from_unit = item.get("from_unit")
    if from_unit is not None:
        _str_id(from_unit, f"{p}.from_unit")
    return Transfer(
        _date(item.get("on"), f"{p}.on"), from_unit, _opt_bool(item, "old_unit_opinion", p)
    )


def _achievement(item: dict, p: str) -> Achievement:
    level = item.get("level")
    if level is not None:
        _code(level, _ACH_LEVELS, f"{p}.level", "cấp")
    years = item.get("years")
    if years is not None:
        _want(years, int, f"{p}.years", "số nguyên (số năm)")
    return Achievement(
        _year(item.get("year"), f"{p}.year"),
        _code(item.get("kind"), _ACH, f"{p}.kind", "loại thành tích"),
        level,
        years,
    )


def _registered(value: object, path: str) -> frozenset[str] | None:
    if value is None:
        return None
    _want(value, list, path, "danh sách mã danh hiệu")
    for i, code in enumerate(value):
        if code not in ALL_TITLES:
            _code(code, ALL_TITLES, f"{path}[{i}]", "danh hiệu")
    return frozenset(value)


def _scores(value: object, path: str) -> dict[int, float]:
    if value is None:
        return {}
    _want(value, dict, path, "đối tượng năm → điểm")
    out = {}
    for key, score in value.items():
        p = f"{path}.{key}"
        if isinstance(score, bool) or not isinstance(score, (int, float)):
            raise _fail(p, f"điểm phải là số, nhận được {_type_name(score)}")
        out[_year_key(key, p)] = float(score)
    return out


def _clusters(value: object, path: str) -> dict[int, frozenset[str]] | None:
    if value is None:
        return None
    _want(value, dict, path, "đối tượng năm → danh sách cấp cụm")
    out = {}
    for key, levels in value.items():
        p = f"{path}.{key}"
        year = _year_key(key, p)
        _want(levels, list, p, "danh sách cấp cụm (tinh, hv, tw)")
        for i, level in enumerate(levels):
            _code(level, _CLUSTERS, f"{p}[{i}]", "cấp cụm")
        out[year] = frozenset(levels)
    return out


def person_from_dict(obj: object, path: str = "person") -> Person:
    """Read one person of the file interface (raises :class:`FactsError`)."""
    _want(obj, dict, path, "đối tượng")
    get = obj.get
    unit = get("unit")
    if unit is not None:
        _str_id(unit, f"{path}.unit")
    gender = get("gender")
    if gender is not None:
        _code(gender, _GENDERS, f"{path}.gender", "giới tính")
    hired = get("hired_on")
    return Person(
        id=_str_id(get("id"), f"{path}.id"),
        unit=unit,
        gender=gender,
        lecturer=_opt_bool(obj, "lecturer", path),
        hired_on=None if hired is None else _date(hired, f"{path}.hired_on"),
        grades=_grades(get("grades"), f"{path}.grades"),
        titles=_titles(get("titles"), f"{path}.titles"),
        initiatives=_records(get("initiatives", _ABSENT), f"{path}.initiatives", _initiative),
        research=_records(get("research", _ABSENT), f"{path}.research", _research),
        discipline=_records(get("discipline", _ABSENT), f"{path}.discipline", _discipline),
        leave=_records(get("leave", _ABSENT), f"{path}.leave", _leave),
        registered=_registered(get("registered"), f"{path}.registered"),
        transfers=_records(get("transfers", _ABSENT), f"{path}.transfers", _transfer),
        achievements=_records(get("achievements", _ABSENT), f"{path}.achievements", _achievement)
        or (),
        union_scores=_scores(get("union_scores"), f"{path}.union_scores"),
    )


def unit_from_dict(obj: object, path: str = "unit") -> Unit:
    """Read one unit of the file interface (raises :class:`FactsError`)."""
    _want(obj, dict, path, "đối tượng")
    get = obj.get
    parent = get("parent")
    if parent is not None:
        _str_id(parent, f"{path}.parent")
    kind = get("kind")
    if kind is not None:
        _code(kind, _KINDS, f"{path}.kind", "loại đơn vị")
    return Unit(
        id=_str_id(get("id"), f"{path}.id"),
        parent=parent,
        kind=kind,
        grades=_grades(get("grades"), f"{path}.grades"),
        titles=_titles(get("titles"), f"{path}.titles"),
        registered=_registered(get("registered"), f"{path}.registered"),
        cluster_leader=_clusters(get("cluster_leader"), f"{path}.cluster_leader"),
        achievements=_records(get("achievements", _ABSENT), f"{path}.achievements", _achievement)
        or (),
    )


def facts_from_dict(data: object) -> Facts:
    """Read the whole input of the file interface into :class:`Facts`.

    Unknown fields are ignored; a wrong type, an unknown code, a bad date or a duplicate id
    raises :class:`FactsError` whose ``field`` names the place (``people[3].grades.2022``).
    """
    _want(data, dict, "$", "đối tượng JSON")
    year = _year(data.get("year"), "year")
    regime = data.get("regime", "auto")
    if regime is None:
        regime = "auto"
    if regime not in REGIMES:
        _code(regime, frozenset(REGIMES), "regime", "chế độ pháp lý")
    raw_people = data.get("people", [])
    _want(raw_people, list, "people", "danh sách")
    raw_units = data.get("units", [])
    _want(raw_units, list, "units", "danh sách")
    with paused_gc():
        people = tuple(person_from_dict(p, f"people[{i}]") for i, p in enumerate(raw_people))
        units = tuple(unit_from_dict(u, f"units[{i}]") for i, u in enumerate(raw_units))
    for name, items in (("people", people), ("units", units)):
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                raise _fail(f"{name}[{i}].id", f"mã định danh bị trùng: {item.id!r}")
            seen.add(item.id)
    return Facts(year=year, people=people, units=units, regime=regime)
