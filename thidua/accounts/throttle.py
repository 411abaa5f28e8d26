"""Login throttling behind a reverse proxy: the client's address, and one limit per lockout group.

django-axes keys failures on what `client_ip` returns (settings.AXES_CLIENT_IP_CALLABLE) and on
the groups in settings.AXES_LOCKOUT_PARAMETERS: [username, address] and [address]. Axes compares
every group to one AXES_FAILURE_LIMIT; `ThrottleHandler` gives the address-only group its own,
higher limit (LOGIN_ADDRESS_FAILURE_LIMIT), so one address trying many accounts is stopped while
the pair limit stays at five.

Why not django-ipware (axes' AXES_IPWARE_* settings): ipware's proxy count counts the proxies'
own addresses inside X-Forwarded-For and, when the count does not match, falls back to the
left-most entry — the one the client writes. Behind one nginx that appends $remote_addr, the
only trustworthy entry is the right-most one; with N trusted proxies, the N-th from the right.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


def client_ip(request) -> str | None:
    """Return the client's address, read through settings.TRUSTED_PROXY_COUNT proxies.

    Each trusted proxy appends the address it received the connection from to X-Forwarded-For,
    so with N proxies the client is the N-th entry from the right; whatever stands further left
    was written by the client and is ignored. With 0 proxies (the default) the header is not read
    at all. A header shorter than N entries did not come through every proxy: REMOTE_ADDR is used.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [item.strip() for item in header.split(",") if item.strip()]
    if len(entries) < count:
        return remote
    candidate = entries[-count]
    try:
        # Stored in a GenericIPAddressField (inet on PostgreSQL): only a real address will do.
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _group_limit(parameters, pair_limit: int) -> int:
    """Return the failure limit of one lockout group: higher for the address alone."""
    if parameters == ["ip_address"] or parameters == "ip_address":
        return settings.LOGIN_ADDRESS_FAILURE_LIMIT
    return pair_limit


class ThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with one limit per lockout group."""

    def get_failures(self, request, credentials=None) -> int:
        """Return failures scaled to AXES_FAILURE_LIMIT: a group at its own limit reaches it.

        floor(n × pair_limit / group_limit) ≥ pair_limit exactly when n ≥ group_limit, so axes'
        single comparison with AXES_FAILURE_LIMIT applies each group's own limit.
        """
        pair_limit = get_failure_limit(request, credentials)
        groups = get_lockout_parameters(request, credentials)
        attempts_list = self.get_user_attempts(request, credentials)
        worst = 0
        for parameters, attempts in zip(groups, attempts_list, strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            worst = max(worst, failures * pair_limit // _group_limit(parameters, pair_limit))
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        """On a successful login, clear only this account's failures from this address.

        Axes would clear every group, the address-only one too: an attacker holding one valid
        account could then sign in between guesses at other accounts to reset the address limit.
        """
        groups = get_lockout_parameters(request, credentials)
        attempts_list = self.filter_user_attempts(request, credentials)
        count = 0
        for parameters, attempts in zip(groups, attempts_list, strict=True):
            if isinstance(parameters, list) and "username" in parameters:
                deleted, _ = attempts.delete()
                count += deleted
        return count
