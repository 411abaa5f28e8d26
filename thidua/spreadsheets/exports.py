"""Spreadsheets that are only written, never imported (a decision's bảng kê tiền thưởng): the apps
register them here, and ``export_xlsx`` finds them beside the import kinds.

A kind that needs more than the organisation and the year to find its record names those
options in ``options`` (``("number",)``, as ``make_document`` does).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class ExportError(Exception):
    """The export cannot be made; the message is Vietnamese and shown as it is."""


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: str
    # (organization, year, **options) -> the XLSX's bytes; raises ExportError
    export: Callable[..., bytes]
    options: tuple[str, ...] = ()


EXPORTS: dict[str, ExportKind] = {}


def register_export(kind: ExportKind) -> ExportKind:
    EXPORTS[kind.name] = kind
    return kind


# The export's default year when no kind has yearly records: (organization) -> a year or None,
# registered by the apps that know one (the latest plan's year, thidua/plans/spreadsheet.py).
YEAR_FALLBACKS: list[Callable[[Any], int | None]] = []


def register_year_fallback(find: Callable[[Any], int | None]) -> Callable[[Any], int | None]:
    YEAR_FALLBACKS.append(find)
    return find
