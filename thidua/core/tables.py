"""Columns every app's tables share."""

import django_tables2 as tables


class YearColumn(tables.Column):
    """A year as written, 2022 (not localised with a thousands separator: "2.022")."""

    def render(self, value):
        return str(value)
