"""Parts of `manage.py backup` and `restore` (thidua.core.backup) that need no Django database, so
they run the same on either lane of the suite: the SQLite copy is one consistent snapshot however
busy the database (a plain file database and a writer thread), and the PostgreSQL restore list
leaves alone the extensions the target already has."""

import os
import sqlite3
import threading
import time

from thidua.core import backup


def test_sqlite_copy_is_consistent_while_a_writer_commits(tmp_path):
    """A writer commits pairs of rows (one transaction each) while copies are taken: every
    copy passes SQLite's integrity check and holds only whole pairs."""
    path = tmp_path / "live.sqlite3"
    setup = sqlite3.connect(path, isolation_level=None)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE pair (batch integer, side integer, filler blob)")
    setup.execute("BEGIN")
    for batch in range(4000):  # a few MB, so a copy takes long enough to overlap commits
        setup.executemany("INSERT INTO pair VALUES (?, ?, ?)",
                          [(batch, 0, os.urandom(400)), (batch, 1, os.urandom(400))])
    setup.execute("COMMIT")
    setup.close()

    stop, commits = threading.Event(), [0]

    def writer():
        db = sqlite3.connect(path, isolation_level=None, timeout=30)
        batch = 10_000
        while not stop.is_set():
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO pair VALUES (?, 0, ?)", (batch, os.urandom(400)))
            db.execute("INSERT INTO pair VALUES (?, 1, ?)", (batch, os.urandom(400)))
            db.execute("COMMIT")
            batch += 1
            commits[0] += 1
        db.close()

    thread = threading.Thread(target=writer)
    thread.start()
    copies = []
    try:
        source = sqlite3.connect(path, timeout=30)
        for index in range(4):
            time.sleep(0.05)
            copies.append(tmp_path / "copy{}.sqlite3".format(index))
            backup.dump_sqlite_connection(source, copies[-1])
        source.close()
    finally:
        stop.set()
        thread.join()
    assert commits[0] > 4  # the writer really wrote while the copies were taken

    counts = set()
    for copy in copies:
        db = sqlite3.connect(copy)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        half = db.execute(
            "SELECT batch FROM pair GROUP BY batch HAVING count(*) != 2"
        ).fetchall()
        assert half == []
        counts.add(db.execute("SELECT count(*) FROM pair").fetchone()[0])
        db.close()
    assert min(counts) >= 8000


def test_extensions_the_database_has_are_left_out_of_the_restore_list():
    """`pg_restore --list` lines as PostgreSQL 15 prints them: an extension the target already
    has (and its comment) is commented out, one it lacks and every other entry stay."""
    listing = (
        ";\n; Archive created at 2026-12-04 17:10:00 UTC\n"
        "2; 3079 151937 EXTENSION - pageinspect \n"
        "4312; 0 0 COMMENT - EXTENSION pageinspect \n"
        "3; 3079 151980 EXTENSION - pg_trgm \n"
        "4313; 0 0 COMMENT - EXTENSION pg_trgm \n"
        "215; 1259 152001 TABLE public organization_organization postgres\n"
        "4100; 0 152001 TABLE DATA public organization_organization postgres\n"
    )

    kept = backup.without_extensions(listing, {"pg_trgm", "plpgsql"}).splitlines()

    assert kept == [
        ";",
        "; Archive created at 2026-12-04 17:10:00 UTC",
        "2; 3079 151937 EXTENSION - pageinspect ",
        "4312; 0 0 COMMENT - EXTENSION pageinspect ",
        ";3; 3079 151980 EXTENSION - pg_trgm ",
        ";4313; 0 0 COMMENT - EXTENSION pg_trgm ",
        "215; 1259 152001 TABLE public organization_organization postgres",
        "4100; 0 152001 TABLE DATA public organization_organization postgres",
    ]
