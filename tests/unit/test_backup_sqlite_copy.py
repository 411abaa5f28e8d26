"""The SQLite copy of `manage.py backup` (thidua.core.backup) is one consistent snapshot, however
busy the database: SQLite's online backup API, checked with a plain file database and a writer
thread, so it runs the same on either lane of the suite."""

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
