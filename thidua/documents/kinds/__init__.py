"""One module per kind of document; importing this package registers them all."""

from thidua.documents.kinds import plan, registrations  # noqa: F401
