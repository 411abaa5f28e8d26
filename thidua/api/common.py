"""What every router of the API shares: the error responses, the paging parameters, the ISO
date-time type and the lookup of one visible record."""

from datetime import UTC, datetime
from typing import Annotated

from django.http import Http404
from ninja import Query
from pydantic import AwareDatetime, BeforeValidator
from pydantic_core import PydanticCustomError

from thidua.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from thidua.api.problems import Problem

LIST_ERRORS = {400: Problem, 401: Problem, 422: Problem, 429: Problem}
ONE_ERRORS = {401: Problem, 404: Problem, 422: Problem, 429: Problem}
Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Số bản ghi mỗi trang (1–200).")
Cursor = Query(None, max_length=500, description="«next_cursor» của trang trước.")


def one(queryset, pk):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def iso_datetime(value):
    """Accept only an ISO 8601 text (pydantic alone would read "0.5" as a Unix time)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("datetime_parsing", "not an ISO 8601 date and time")


ChangedSince = Annotated[AwareDatetime, BeforeValidator(iso_datetime)]


def utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC: PostgreSQL refuses an offset beyond ±15:59, which ISO allows;
    past the ends of the calendar, the end itself."""
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        end = datetime.min if moment.year < 2000 else datetime.max
        return end.replace(tzinfo=UTC)
