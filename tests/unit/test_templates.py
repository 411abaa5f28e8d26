"""Template lint: numbers that are identifiers or years must not get a thousands separator.

The Vietnamese formats group digits ("3.140"), so `{{ record.pk }}` in an id, a URL or a hidden
field, or `{{ year }}` in a heading, would come out wrong once it passes 999. Such values take
`|stringformat:"d"` (or go through `{% url %}`), which this test enforces.
"""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "thidua" / "templates"
# A variable whose last part names an identifier or a year, printed without any filter.
BARE_NUMBER = re.compile(r"\{\{\s*([\w.]*(?:\bpk|\bid|_id|\byear|_year))\s*\}\}")


def test_ids_and_years_are_printed_without_a_thousands_separator():
    found = [
        "{}:{}: {}".format(path.relative_to(TEMPLATES), number, match.group(0))
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in BARE_NUMBER.finditer(line)
        # A form's field renders its own widget; a block_id and a field's auto_id are strings.
        if not match.group(1).endswith(("block_id", "auto_id")) and "form." not in match.group(1)
    ]
    assert not found, "thêm |stringformat:\"d\":\n" + "\n".join(found)


def test_the_lint_sees_what_it_should():
    assert BARE_NUMBER.search('<tr id="row-{{ row.record.pk }}">')
    assert BARE_NUMBER.search("Năm {{ plan.year }}")
    assert BARE_NUMBER.search("{{ research.started_year }}")
    assert not BARE_NUMBER.search('{{ plan.year|stringformat:"d" }}')
    assert not BARE_NUMBER.search("{{ person.display_name }}")
    assert BARE_NUMBER.search("{{ form.year }}")  # matched, then let through as a widget
