"""Running actions at the same instant, for the concurrency tests of several apps."""

import threading

from django.db import connection

from thidua.core.actions import ActionRefused


def run_together(calls):
    """Run the calls in threads, each on its own connection: together on PostgreSQL (a barrier
    releases them), one after the other on SQLite (its in-memory test database does not wait
    for locks). Return ("ok"|"refused"|"error", value) per call."""
    concurrent = connection.vendor == "postgresql"
    barrier = threading.Barrier(len(calls)) if concurrent else None
    outcomes = [None] * len(calls)

    def worker(index, call):
        from django.db import connection as own

        try:
            if barrier is not None:
                barrier.wait(timeout=30)
            outcomes[index] = ("ok", call())
        except ActionRefused as exc:
            outcomes[index] = ("refused", str(exc))
        except Exception as exc:  # reported, so the test fails with the cause
            outcomes[index] = ("error", repr(exc))
        finally:
            own.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
        if not concurrent:
            thread.join(timeout=60)
    for thread in threads:
        thread.join(timeout=60)
    assert all(not t.is_alive() for t in threads)
    return outcomes
