"""How people are stored for the staff import's updates (organization migration 0008; issue 15,
item 7): no index of Person repeats another (each is written on every insert and every update
that cannot stay in its page), and on PostgreSQL the pages keep room so an import that changes
only unindexed values (positions) rewrites a share of the rows in place (HOT updates, no index
entry written). Run on both databases."""

from datetime import date

import pytest
from django.db import connection

from tests.integration.test_spreadsheets import headers, xlsx
from thidua.organization.models import Person
from thidua.spreadsheets.engine import run_import
from thidua.spreadsheets.kinds import KINDS

pytestmark = pytest.mark.django_db


def person_indexes() -> dict[str, tuple[list[str], bool]]:
    """Index name → (its columns, unique) of Person's table, as the database reports them."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Person._meta.db_table)
    return {
        name: (info["columns"], bool(info["unique"]))
        for name, info in constraints.items()
        if info["index"] or info["unique"]
    }


def test_no_index_of_people_is_covered_by_another():
    indexes = person_indexes()
    for name, (columns, unique) in indexes.items():
        if unique:
            continue  # a uniqueness rule, whatever else covers its columns
        for other, (longer, _) in indexes.items():
            if other != name:
                assert longer[: len(columns)] != columns, (name, columns, other, longer)
    # The screens' lookups keep theirs: one organisation's people in name order (and the
    # organisation's foreign key), name order across organisations, a staff code.
    starts = [columns for columns, _ in indexes.values()]
    for wanted in (
        ["organization_id", "sort_key", "id"],
        ["sort_key", "id"],
        ["organization_id", "staff_code"],
    ):
        assert wanted in starts, wanted
    # Searched with `contains` only (LIKE '%…%'), which no B-tree serves.
    assert not [c for c in starts if "search_text" in c]


def people_rows(count: int, position: str) -> list:
    return [headers("staff")] + [
        ["{:05d}".format(900 + index), "Nguyễn Văn Minh{}".format(index), "Nam",
         date(1980, 1, 1 + index % 28), "", position, "Giảng viên", "", "",
         date(2010, 9, 1), "", "", "", "Khoa Dân vận"]
        for index in range(count)
    ]  # fmt: skip


def test_an_import_changing_only_positions_rewrites_rows_in_their_pages(units, personas, org):
    secretary = personas["secretary"]
    count = 400  # a dozen pages of people, filled by COPY on PostgreSQL
    run_import(KINDS["staff"], xlsx(people_rows(count, "Giảng viên")), organization=org,
               user=secretary)  # fmt: skip
    hot_before = updated_before = 0
    if connection.vendor == "postgresql":
        hot_before, updated_before = xact_updates()
    result = run_import(KINDS["staff"], xlsx(people_rows(count, "Trưởng bộ môn")),
                        organization=org, user=secretary)  # fmt: skip

    assert (result.created, result.updated) == (0, count)
    positions = Person.objects.filter(organization=org, staff_code__gte="00900")
    assert sorted(set(positions.values_list("position", flat=True))) == ["Trưởng bộ môn"]
    if connection.vendor == "postgresql":
        hot, updated = xact_updates()
        hot, updated = hot - hot_before, updated - updated_before
        assert updated == count
        # Pages filled to 70 % leave room for 3 new versions in 7 rows; packed full (the
        # default fillfactor 100, as COPY writes) only the last page's rows fit: ~0.
        assert hot >= 0.3 * count, (hot, updated)


def xact_updates() -> tuple[int, int]:
    """(HOT updates, updates) of Person's table in this transaction so far (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_stat_get_xact_tuples_hot_updated(%s::regclass), "
            "pg_stat_get_xact_tuples_updated(%s::regclass)",
            [Person._meta.db_table] * 2,
        )
        return cursor.fetchone()
