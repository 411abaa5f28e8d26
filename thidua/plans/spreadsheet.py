"""The plans' part in the spreadsheets: the export's default year, when no kind has yearly
evidence, is the latest plan's. Registered from the app's ready()."""

from django.db.models import Max

from thidua.plans.models import Plan
from thidua.spreadsheets.exports import register_year_fallback


@register_year_fallback
def latest_plan_year(organization) -> int | None:
    return Plan.objects.filter(organization=organization).aggregate(latest=Max("year"))["latest"]
