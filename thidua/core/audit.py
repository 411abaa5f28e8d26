"""Who an audit entry is for: auditlog's ``set_actor`` and ``set_extra_data``, without their leak.

auditlog (3.4.1) sets its context variable without keeping the token and, on leaving, disconnects
the receiver of whatever context is current. Nested in another context (the middleware's, for
each request, or an action called by another) the outer one's ``pre_save`` receiver is never
disconnected: one more receiver on every audit entry's save for the life of the process
(jazzband/django-auditlog#846, open); the entries saved after the inner block also lose their
actor. In a profile of 880 tests that receiver was the largest single cost (6.7 million calls).

Here each context gets its own id, disconnects its own receiver and puts the variable back as it
found it, so the enclosing context (the request's) is current again. auditlog's receiver does the
rest as before: it fills the entry from the current context only.
"""

import itertools
from contextlib import contextmanager
from functools import partial

from auditlog import get_logentry_model
from auditlog.context import _set_extra_data, auditlog_value
from django.db.models.signals import pre_save

_ids = itertools.count()


@contextmanager
def set_extra_data(context_data):
    """Fill the audit entries saved inside the block from ``context_data`` (actor, additional
    data…)."""
    log_entry = get_logentry_model()
    signal_duid = ("thidua.core.audit", next(_ids))
    token = auditlog_value.set({**context_data, "signal_duid": signal_duid})
    pre_save.connect(
        partial(_set_extra_data, signal_duid=signal_duid),
        sender=log_entry,
        dispatch_uid=signal_duid,
        weak=False,
    )
    try:
        yield
    finally:
        pre_save.disconnect(sender=log_entry, dispatch_uid=signal_duid)
        auditlog_value.reset(token)


def set_actor(actor, remote_addr=None, remote_port=None):
    """Record ``actor`` on the audit entries saved inside the block."""
    return set_extra_data({"actor": actor, "remote_addr": remote_addr, "remote_port": remote_port})
