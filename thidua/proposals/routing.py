"""Which higher body each title goes to, and whom the tờ trình addresses: the Django face of
thidua.rules.authority (the one source of who decides what), for the proposals' forms and pages.

Authority follows the regime in force on the tờ trình's date (thidua.rules.instruments).
"""

from datetime import date

from django.db import models
from django.utils import timezone

from thidua.rules import authority, instruments
from thidua.rules.citations import CITATIONS

HigherBody = models.TextChoices(
    "HigherBody",
    [(body.upper(), (body, authority.BODY_NAMES[body])) for body in authority.HIGHER_BODIES],
)


def body_for(title: str, day: date | None = None) -> str | None:
    """Return the higher body a title is proposed to on `day` (default: today), or None for
    one the school or the union decides."""
    regime = instruments.regime_on(day or timezone.localdate())
    return authority.higher_body(title, regime)


def route_source(title: str, day: date) -> dict | None:
    """Return the legal source of who decides `title` on `day`, as the proposal page shows it:
    {"text": …, "to_confirm": bool}, or None for a title the school decides itself."""
    regime = instruments.regime_on(day)
    if authority.higher_body(title, regime) is None:
        return None
    found = authority.authority(title, regime)
    return {"text": found.source_text, "to_confirm": CITATIONS[found.source].mark != "V"}


addressee = authority.addressee
default_issuer = authority.issuer
