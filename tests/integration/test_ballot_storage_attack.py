"""Issue 15, item 4: whoever reads the database files (or a backup) must not tie a member to a
choice. The test is an attack, run the way the finding ran it, on both databases.

Five members vote on two items (one-page lists and single papers mixed); after every vote the
attacker copies what a backup would hold:

- SQLite: the database file and its -wal, while a second connection holds a read transaction
  open (a second worker, the secretary's poll, a backup), so every frame stays in the WAL. The
  attacker reads each copy, rebuilds every committed state from the WAL's frames, and tries:
  the difference between consecutive states (who appeared, which paper appeared), the order of
  rows (rowid of who-voted against rowid of papers), and every choice's bytes anywhere in the
  files.
- PostgreSQL: with pageinspect, every tuple of the ballot and who-voted heaps, dead ones
  included, with xmin/xmax/ctid; with pg_walinspect, the WAL records of each vote's
  transaction, read raw from pg_wal. It tries: papers written (xmin) or rewritten (xmax) by the
  transaction that wrote a who-voted row, the difference between consecutive copies, the order
  of xmin and ctid, and every choice's bytes in the vote's WAL records.

The same attack runs against a deliberately naive storage (the paper written in clear with its
who-voted row, as before this fix, and the per-vote canonical rewrite the finding defeated) and
must link every member there, so the test can fail.
"""

import shutil
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pytest
from django.db import connection, transaction

from tests.conftest import make_user
from tests.helpers.council import choices
from tests.integration.test_council import eligible, members, open_session  # noqa: F401
from tests.integration.test_council import nominate as _nominate
from thidua.accounts.models import Role
from thidua.council.actions import do_cast_ballot, do_cast_ballots, do_close_session
from thidua.council.models import Ballot, BallotEnvelope, VoteRecord

pytestmark = pytest.mark.django_db(transaction=True)

CHOICE_WORDS = (b"disagree", b"agree", b"lower_title")

# (member index, [(item key, choice, lower title)]): one transaction each, in this order; a list
# of two is the one-page ballot. The stored content order (agree < disagree < lower_title)
# differs from the voting order, so a pairing by order cannot be right by luck.
VOTES = [
    (0, [("a", "disagree", ""), ("b", "lower_title", "LDTT")]),
    (1, [("a", "agree", "")]),
    (1, [("b", "agree", "")]),
    (2, [("a", "disagree", ""), ("b", "disagree", "")]),
    (3, [("a", "agree", "")]),
    (3, [("b", "lower_title", "LDTT")]),
    (4, [("a", "agree", ""), ("b", "agree", "")]),
]


@dataclass
class State:
    """What one copy of the database shows: papers in clear (item, choice, lower) in stored
    order, who voted (member, item) in stored order."""

    papers: list = field(default_factory=list)
    votes: list = field(default_factory=list)


@dataclass
class Board:
    """The session under attack: its items by key, its voters, what each really chose."""

    session: object
    items: dict
    voters: list
    truth: dict = field(default_factory=dict)

    def member(self, index):
        return self.session.members.get(user=self.voters[index]).pk


@pytest.fixture
def board(org, personas, members, eligible):  # noqa: F811
    voters = [user for user, _ in members] + [make_user("uyvien3", org, Role.COUNCIL_MEMBER)]
    seats = list(members) + [(voters[-1], "member")]
    a = _nominate(personas, eligible["dat"])
    b = _nominate(personas, eligible["staff"], "CSTD_CS", justification="Có sáng kiến.")
    session = open_session(personas, seats, [a, b])
    items = {key: session.items.get(nomination=n) for key, n in (("a", a), ("b", b))}
    return Board(session, items, voters)


# --- how the votes are cast ---------------------------------------------------------------------


def cast_with_thidua(board, index, papers):
    user = board.voters[index]
    if len(papers) == 1:
        [(key, choice, lower)] = papers
        do_cast_ballot(board.session, board.items[key], choice, lower_title=lower,
                       acting_user=user)  # fmt: skip
    else:
        do_cast_ballots(
            board.session, [(board.items[k], c, lower) for k, c, lower in papers], acting_user=user
        )


def naive(rewrite):
    """A storage that leaks: who-voted and the paper in clear in one transaction (rewrite: then
    the item's papers rewritten in content order under fresh keys, the design the finding
    defeated)."""

    def cast(board, index, papers):
        member = board.session.members.get(user=board.voters[index])
        with transaction.atomic():
            for key, choice, lower in papers:
                item = board.items[key]
                VoteRecord.objects.create(session=board.session, member=member, item=item)
                Ballot.objects.create(item=item, choice=choice, lower_title=lower)
                if rewrite:
                    rows = sorted(
                        Ballot.objects.filter(item=item).values_list("choice", "lower_title")
                    )
                    Ballot.objects.filter(item=item).delete()
                    Ballot.objects.bulk_create(
                        Ballot(item=item, choice=c, lower_title=lt) for c, lt in rows
                    )

    return cast


# --- the attacks, on states however obtained ----------------------------------------------------


def link_by_difference(states) -> dict:
    """Between two consecutive copies: if one member appeared on an item and one paper of that
    item appeared, that member chose that paper."""
    claims = {}
    for before, after in pairwise(states):
        new_votes = Counter(after.votes) - Counter(before.votes)
        new_papers = Counter(after.papers) - Counter(before.papers)
        for item in {i for _, i in new_votes}:
            voters = [m for m, i in new_votes if i == item]
            papers = [
                (c, lt) for (i, c, lt), n in new_papers.items() if i == item for _ in range(n)
            ]
            if len(voters) == 1 and len(papers) == 1:
                claims[(voters[0], item)] = papers[0]
    return claims


def link_by_order(states) -> dict:
    """In one copy: the n-th who-voted row of an item (stored order) with its n-th paper."""
    claims = {}
    for state in states:
        for item in {i for _, i in state.votes}:
            voters = [m for m, i in state.votes if i == item]
            papers = [(c, lt) for i, c, lt in state.papers if i == item]
            if voters and len(voters) == len(papers):
                claims.update(((m, item), p) for m, p in zip(voters, papers, strict=True))
    return claims


def words(data: bytes) -> Counter:
    """Count the choices' words in raw bytes ("agree" inside "disagree" not counted twice)."""
    found = Counter({w: data.count(w) for w in CHOICE_WORDS})
    found[b"agree"] -= found[b"disagree"]
    return +found


# --- SQLite: the file, its WAL, a second connection open ----------------------------------------


class SqliteFiles:
    """Moves the test's database to a file in WAL mode (as thidua runs on SQLite), holds a
    reader open on it, and copies db + -wal after each vote."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.path = tmp / "db.sqlite3"
        self.copies = []

    def __enter__(self):
        self.memory_name = connection.settings_dict["NAME"]
        connection.ensure_connection()
        self.memory = connection.connection
        target = sqlite3.connect(self.path)
        self.memory.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        connection.connection = None  # the in-memory database stays alive in self.memory
        connection.settings_dict["NAME"] = str(self.path)
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1
        # The second connection: a read transaction open through the whole vote.
        self.reader = sqlite3.connect(self.path, isolation_level=None)
        self.reader.execute("BEGIN")
        self.reader.execute("SELECT count(*) FROM council_voterecord").fetchone()
        return self

    def __exit__(self, *exc):
        self.reader.close()
        connection.close()
        connection.settings_dict["NAME"] = self.memory_name
        connection.connection = self.memory

    def copy(self):
        folder = self.tmp / "copy{}".format(len(self.copies))
        folder.mkdir()
        for suffix in ("", "-wal"):
            source = Path(str(self.path) + suffix)
            if source.exists():
                shutil.copyfile(source, folder / ("db.sqlite3" + suffix))
        self.copies.append(folder)

    @staticmethod
    def read(db: Path) -> State:
        """Read a copy as SQLite does (the WAL applied), on a duplicate: SQLite folds the WAL
        into the file when the last connection closes, and the copy must stay as it was."""
        scratch = db.parent.parent / "scratch"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
        for source in db.parent.iterdir():
            if source.name in ("db.sqlite3", "db.sqlite3-wal"):
                shutil.copyfile(source, scratch / source.name)
        db = scratch / "db.sqlite3"
        con = sqlite3.connect(db)
        try:
            papers = con.execute(
                "SELECT item_id, choice, lower_title FROM council_ballot ORDER BY rowid"
            ).fetchall()
            votes = con.execute(
                "SELECT member_id, item_id FROM council_voterecord ORDER BY rowid"
            ).fetchall()
        finally:
            con.close()
        return State(papers, votes)

    def states(self) -> list[State]:
        return [self.read(folder / "db.sqlite3") for folder in self.copies]

    def wal_history(self) -> list[State]:
        """Every committed state the last copy's WAL holds, oldest first: the db file with the
        WAL cut after each commit frame."""
        last = self.copies[-1]
        wal = (last / "db.sqlite3-wal").read_bytes()
        page_size = int.from_bytes(wal[8:12], "big")
        frame = 24 + page_size
        base = self.tmp / "wal-base"  # the file alone: the state before the WAL's first frame
        base.mkdir()
        shutil.copyfile(last / "db.sqlite3", base / "db.sqlite3")
        states = [self.read(base / "db.sqlite3")]
        for index in range((len(wal) - 32) // frame):
            end = 32 + (index + 1) * frame
            if int.from_bytes(wal[end - frame + 4 : end - frame + 8], "big") == 0:
                continue  # not a commit frame
            folder = self.tmp / "wal{}".format(index)
            folder.mkdir()
            shutil.copyfile(last / "db.sqlite3", folder / "db.sqlite3")
            (folder / "db.sqlite3-wal").write_bytes(wal[:end])
            states.append(self.read(folder / "db.sqlite3"))
        return states

    def raw_words(self) -> list[Counter]:
        """The choices' words in the raw bytes of each copy (file and WAL together)."""
        counts = []
        for folder in self.copies:
            data = b"".join(p.read_bytes() for p in sorted(folder.iterdir()))
            counts.append(words(data))
        return counts


def attack_sqlite(board, cast, tmp_path, *, close=True) -> dict:
    """Vote with `cast`, copying the files after each vote (and after closing); return what each
    attack links: {attack: {(member pk, item pk): (choice, lower)}}, and the raw words."""
    with SqliteFiles(tmp_path) as files:
        files.copy()
        for index, papers in VOTES:
            cast(board, index, papers)
            files.copy()
        if close:
            do_close_session(board.session, acting_user=board.session.opened_by)
            files.copy()
        copies, history = files.states(), files.wal_history()
        # The WAL holds every vote's commit: the history is at least as fine as the copies.
        assert len(history) > len(VOTES)
        raw = files.raw_words()
        after = stored(board)
    return after, {
        "difference between copies": link_by_difference(copies),
        "difference between WAL commits": link_by_difference(history),
        "row order (rowid)": link_by_order(copies + history),
    }, raw


# --- PostgreSQL: heap pages with pageinspect, WAL records with pg_walinspect ---------------------


@dataclass(frozen=True)
class Tuple:
    ctid: tuple
    xmin: int
    xmax: int
    values: tuple


class PostgresPages:
    """Reads every tuple of a heap, dead ones included, with pageinspect (as a superuser reading
    the files would), and the WAL records of given transactions from pg_wal."""

    SLOT = "{}_ballot_attack"

    def __init__(self):
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect")
            # A temporary slot keeps the WAL from here on until it is read (a checkpoint in
            # between would recycle it); dropped in release(), or with the connection.
            cursor.execute(
                "SELECT pg_create_physical_replication_slot(%s, true, true)",
                [self.SLOT.format(connection.settings_dict["NAME"])],
            )
            cursor.execute("SELECT pg_current_wal_insert_lsn()")
            self.start_lsn = cursor.fetchone()[0]
        # Every tuple ever seen, by (ctid, xmin): the latest view of it (its xmax once deleted).
        self.tuples = {"council_ballot": {}, "council_voterecord": {}}
        self.snapshots = []

    def release(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                "WHERE slot_name = %s",
                [self.SLOT.format(connection.settings_dict["NAME"])],
            )

    @staticmethod
    def _columns(cursor, table):
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
            "AND NOT attisdropped ORDER BY attnum",
            [table],
        )
        return [name for (name,) in cursor.fetchall()]

    @staticmethod
    def _decode(name, raw):
        raw = bytes(raw)
        if name.endswith("_id"):
            return int.from_bytes(raw, "little")
        if name in ("choice", "lower_title"):
            return (raw[1:] if raw[0] & 1 else raw[4:]).decode()
        return raw

    def heap(self, table, wanted) -> set[Tuple]:
        """Every tuple of `table` on every page: ctid, xmin, xmax and the `wanted` columns."""
        found = set()
        with connection.cursor() as cursor:
            columns = self._columns(cursor, table)
            cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int",
                           [table])  # fmt: skip
            blocks = cursor.fetchone()[0]
            for block in range(blocks):
                cursor.execute(
                    "SELECT lp, t_xmin::text::bigint, t_xmax::text::bigint, t_attrs FROM "
                    "heap_page_item_attrs(get_raw_page(%s, %s), %s::regclass) "
                    "WHERE t_attrs IS NOT NULL",
                    [table, block, table],
                )
                for lp, xmin, xmax, attrs in cursor.fetchall():
                    row = dict(zip(columns, attrs, strict=True))
                    values = tuple(self._decode(name, row[name]) for name in wanted)
                    found.add(Tuple((block, lp), xmin, xmax, values))
        return found

    def copy(self):
        ballots = self.heap("council_ballot", ("item_id", "choice", "lower_title"))
        votes = self.heap("council_voterecord", ("member_id", "item_id"))
        for table, found in (("council_ballot", ballots), ("council_voterecord", votes)):
            for t in found:
                known = self.tuples[table].get((t.ctid, t.xmin))
                if known is None or not known.xmax:
                    self.tuples[table][(t.ctid, t.xmin)] = t
        # A copy as pg_dump or a restored base backup shows it: the live rows, in ctid order.
        with connection.cursor() as cursor:
            cursor.execute("SELECT item_id, choice, lower_title FROM council_ballot ORDER BY ctid")
            papers = cursor.fetchall()
            cursor.execute(
                "SELECT member_id, item_id FROM council_voterecord ORDER BY xmin::text::bigint"
            )
            live_votes = cursor.fetchall()
        self.snapshots.append(State(papers, live_votes))

    def seen(self, table) -> list[Tuple]:
        return list(self.tuples[table].values())

    def link_by_transaction(self) -> dict:
        """The transaction that wrote a who-voted row (its xmin) wrote or rewrote papers too:
        those it inserted (xmin) less those it deleted (xmax) are the member's papers."""
        voters = {}
        for t in self.seen("council_voterecord"):
            voters.setdefault(t.xmin, []).append(t.values)
        claims = {}
        for xid, rows in voters.items():
            added = Counter(t.values for t in self.seen("council_ballot") if t.xmin == xid)
            removed = Counter(t.values for t in self.seen("council_ballot") if t.xmax == xid)
            new = added - removed
            for member, item in rows:
                papers = [(c, lt) for (i, c, lt), n in new.items() if i == item for _ in range(n)]
                if len(papers) == 1:
                    claims[(member, item)] = papers[0]
        return claims

    def link_by_xmin_order(self) -> dict:
        """Who-voted rows and papers (dead ones too) each sorted by xmin, paired per item."""
        votes = sorted(self.seen("council_voterecord"), key=lambda t: (t.xmin, t.ctid))
        papers = sorted(self.seen("council_ballot"), key=lambda t: (t.xmin, t.ctid))
        state = State([t.values for t in papers], [t.values for t in votes])
        return link_by_order([state])

    def vote_wal(self) -> dict[int, Counter]:
        """The choices' words in the raw WAL records of each who-voted row's transaction."""
        xids = sorted({t.xmin for t in self.seen("council_voterecord")})
        found = {}
        with connection.cursor() as cursor:
            for attempt in range(3):  # (the WAL once read short under load: read it again)
                cursor.execute(
                    "SELECT xid::text::bigint, start_lsn, record_length FROM "
                    "pg_get_wal_records_info(%s, pg_current_wal_flush_lsn()) "
                    "WHERE xid::text::bigint = ANY(%s)",
                    [self.start_lsn, xids],
                )
                records = cursor.fetchall()
                if {xid for xid, _, _ in records} == set(xids):
                    break
                time.sleep(1 + attempt)
            for xid, lsn, length in records:
                cursor.execute(
                    "SELECT pg_read_binary_file('pg_wal/' || file_name, file_offset, %s) "
                    "FROM pg_walfile_name_offset(%s)",
                    [length, lsn],
                )
                data = bytes(cursor.fetchone()[0])
                found[xid] = found.get(xid, Counter()) + words(data)
        # Every vote's WAL was read.
        assert {xid for xid, _, _ in records} == set(xids), (xids, records, self.start_lsn)
        return found

    def link_by_wal(self) -> dict:
        """A vote on one item whose WAL records carry exactly one choice's word: that choice."""
        claims = {}
        wal = self.vote_wal()
        by_xid = {}
        for t in self.seen("council_voterecord"):
            by_xid.setdefault(t.xmin, []).append(t.values)
        for xid, rows in by_xid.items():
            found = wal.get(xid, Counter())
            if len(rows) == 1 and sum(found.values()) == 1:
                [(word, _)] = found.items()
                choice = word.decode()
                claims[rows[0]] = (choice, "LDTT" if choice == "lower_title" else "")
        return claims


def attack_postgres(board, cast, *, close=True) -> dict:
    pages = PostgresPages()
    try:
        pages.copy()
        for index, papers in VOTES:
            cast(board, index, papers)
            pages.copy()
        wal_words = pages.vote_wal()
        claims = pages.link_by_wal()
    finally:
        pages.release()
    if close:
        do_close_session(board.session, acting_user=board.session.opened_by)
        pages.copy()
    return stored(board), {
        "xmin/xmax of the who-voted transaction": pages.link_by_transaction(),
        "difference between copies": link_by_difference(pages.snapshots),
        "xmin order": pages.link_by_xmin_order(),
        "row order (ctid)": link_by_order(pages.snapshots),
        "WAL records of the vote": claims,
    }, wal_words


# --- the tests ----------------------------------------------------------------------------------


def stored(board) -> dict:
    """What the database holds once the attack is over (read before SQLite's file goes)."""
    board.session.refresh_from_db()
    return {
        "results": {r["item"]: r for r in board.session.results.get("items", [])},
        "envelopes": BallotEnvelope.objects.count(),
        "ballots": Ballot.objects.count(),
        "choices": choices(),
    }


def attack(board, cast, tmp_path, *, close=True):
    if connection.vendor == "sqlite":
        return attack_sqlite(board, cast, tmp_path, close=close)
    assert connection.vendor == "postgresql"
    return attack_postgres(board, cast, close=close)


def truth(board) -> dict:
    return {
        (board.member(index), board.items[key].pk): (choice, lower)
        for index, papers in VOTES
        for key, choice, lower in papers
    }


# Attacks that pair by stored order: they always answer, so they fail by answering wrong.
ORDER_ATTACKS = ("row order (rowid)", "row order (ctid)", "xmin order")


def test_a_copy_of_the_database_files_links_no_member_to_a_choice(board, tmp_path):
    after, links, raw = attack(board, cast_with_thidua, tmp_path)
    right = truth(board)
    for name, claims in links.items():
        if name in ORDER_ATTACKS:
            # What the order shows after closing is the content order, not the voters'.
            assert {k: v for k, v in claims.items() if right[k] == v} != right, name
            assert len({k for k, v in claims.items() if right[k] == v}) < len(right) // 2, name
        else:
            assert claims == {}, (name, claims)
    if connection.vendor == "sqlite":
        # Not one choice's word is added to the files while the session is open (only closing,
        # in one transaction without any who-voted row, writes the papers).
        assert all(counts == raw[0] for counts in raw[: len(VOTES) + 1]), raw
        assert raw[-1] != raw[0]  # the closing wrote them, so the scan does see papers
    else:
        assert all(not counts for counts in raw.values()), raw
    # Nothing lost: the sealed count read every paper; the box is empty, the papers stored.
    rows = after["results"]
    assert (rows[board.items["a"].pk]["agree"], rows[board.items["a"].pk]["disagree"]) == (3, 2)
    assert rows[board.items["b"].pk]["lower"] == {"LDTT": 2}
    assert (after["envelopes"], after["ballots"]) == (0, 10)


@pytest.mark.parametrize("rewrite", [False, True], ids=["paper-in-clear", "canonical-rewrite"])
def test_the_same_attack_links_every_member_on_a_naive_storage(board, tmp_path, rewrite):
    after, links, raw = attack(board, naive(rewrite), tmp_path, close=False)
    right = truth(board)
    assert links["difference between copies"] == right
    if connection.vendor == "sqlite":
        assert links["difference between WAL commits"] == right
        assert raw[-1] != raw[0]
        if not rewrite:
            assert links["row order (rowid)"] == right
    else:
        assert links["xmin/xmax of the who-voted transaction"] == right
        if not rewrite:
            assert links["xmin order"] == right
            single = {(board.member(i), board.items[p[0][0]].pk) for i, p in VOTES if len(p) == 1}
            # (A vote whose WAL holds a full image of the papers' page gives several words.)
            wal = links["WAL records of the vote"]
            assert wal and set(wal) <= single, wal
            assert all(right[key] == value for key, value in wal.items()), wal
    assert after["choices"] == sorted(c for c, _ in right.values())
