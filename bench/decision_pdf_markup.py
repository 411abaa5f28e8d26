"""What the 5,000-name decision PDF costs in WeasyPrint, stage by stage, for other annex markups.

    .venv/bin/python bench/decision_pdf_markup.py                 # 1,000 names, 2 runs
    .venv/bin/python bench/decision_pdf_markup.py --names 5000 --only table one-text paragraph

Fills the same throwaway database as ``decision_documents.py``, renders the decision's HTML once,
then rewrites its annex into each variant below and reports, per variant, the medians of CPU
seconds spent parsing the HTML, laying it out (cascade included) and drawing/writing the PDF, and
the page count. Only ``table`` is the document as thidua prints it; the others are measuring
sticks, not layouts (they drop the columns, the repeated head row or the exact look), kept so the
figures in bench/README.md can be reproduced.
"""

import argparse
import gc
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import decision_documents  # noqa: E402  (sets Django up on a throwaway in-memory database)

ROW = re.compile(r'<tr><td class="stt">(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>')
STYLE_END = "</style>\n</head>"


def rows_as(pattern: str, css: str = ""):
    """A variant that writes each annex row with ``pattern`` (fields: number, name, where)."""

    def rewrite(html: str) -> str:
        html = ROW.sub(lambda m: pattern.format(*m.groups()), html)
        return html.replace(STYLE_END, css + STYLE_END, 1)

    return rewrite


def without_table(pattern: str, css: str = ""):
    """A variant with no table at all: the rows as blocks, no head row."""
    rows = rows_as(pattern, css)

    def rewrite(html: str) -> str:
        html = rows(html)
        html = re.sub(r"<thead>.*?</thead>", "", html)
        html = html.replace('<table class="annex-list">', '<div class="annex-list">')
        return html.replace("</table>", "</div>").replace("<tbody>", "").replace("</tbody>", "")

    return rewrite


def css_change(old: str, new: str):
    """A variant of the annex's stylesheet."""

    def rewrite(html: str) -> str:
        assert old in html, old
        return html.replace(old, new, 1)

    return rewrite


ONE_CELL = (
    ".r { text-align: left; text-indent: 0; border: 0.25pt solid #000; padding: 2pt 3pt; }"
    " .n { margin-left: 8mm; } .w { margin-left: 20mm; }"
)
VARIANTS = {
    # The annex as printed: a fixed table, STT / name / position and unit, head row repeated.
    "table": lambda html: html,
    # CSS knobs on the same table.
    "no-valign": css_change("vertical-align: middle;", ""),
    "no-borders": css_change(
        ".annex-list th, .annex-list td { border: 0.25pt solid #000;",
        ".annex-list th, .annex-list td {",
    ),
    "nowrap": css_change("hyphens: none; }", "hyphens: none; white-space: nowrap; }"),
    "line-height-normal": css_change("line-height: 1.15;", ""),
    # One cell a row holding the row's three texts as one run: the floor of any table that keeps
    # a repeated head row (the columns are not aligned).
    "one-text": rows_as('<tr><td colspan="3" class="r">{0} {1} {2}</td></tr>', ONE_CELL),
    # One cell a row, name and unit as positioned spans.
    "one-cell-spans": rows_as(
        '<tr><td colspan="3" class="r">{0}<span class="n">{1}</span>'
        '<span class="w">{2}</span></td></tr>',
        ONE_CELL,
    ),
    # The cost of the tab-stop markup README describes (one run a row, `pre-wrap`, a tab-size,
    # a hanging indent, the inner rule as the table's background), with one tab between fields:
    # the stops are not computed here, so the columns are not aligned; it times, it does not print.
    "one-text-tabs": rows_as(
        '<tr><td colspan="3" class="r t">{0}\t{1}\t{2}</td></tr>',
        ONE_CELL + " .t { white-space: pre-wrap; tab-size: 13mm; padding-left: 80mm;"
        " text-indent: -77mm; } .annex-list { background: linear-gradient(to right,"
        " transparent 76.9mm, #000 76.9mm, #000 77.1mm, transparent 77.1mm); }",
    ),
    # One paragraph a row, no table (no head row on the next pages).
    "paragraph": without_table('<p class="r">{0} {1} {2}</p>', ONE_CELL),
    # One block a row with three inline blocks.
    "inline-blocks": without_table(
        '<div class="r"><span class="c0">{0}</span><span class="c1">{1}</span>'
        '<span class="c2">{2}</span></div>',
        ONE_CELL + " .r span { display: inline-block; } .c0 { width: 12mm; }"
        " .c1 { width: 65mm; } .c2 { width: 85mm; }",
    ),
}


def stages(html: str) -> tuple[float, float, float, int]:
    """CPU seconds to parse, lay out and write ``html`` as thidua's renderer does; pages."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from thidua.documents.render import FONTS_DIR, local_fonts_fetcher

    gc.disable()  # as render.pdf_from_html
    try:
        start = time.process_time()
        document = HTML(
            string=html, base_url=FONTS_DIR.as_uri() + "/", url_fetcher=local_fonts_fetcher()
        )
        parsed = time.process_time()
        rendered = document.render(font_config=FontConfiguration())
        laid_out = time.process_time()
        rendered.write_pdf()
        written = time.process_time()
    finally:
        gc.enable()
    return parsed - start, laid_out - parsed, written - laid_out, len(rendered.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--only", nargs="*", choices=sorted(VARIANTS), help="variants to time")
    args = parser.parse_args()

    from django.test.utils import setup_databases

    setup_databases(verbosity=0, interactive=False)
    decision = decision_documents.fill(args.names)

    from thidua.decisions.documents import DECISION, build_decision_context
    from thidua.decisions.models import Decision
    from thidua.documents.render import render_html

    context = build_decision_context(
        Decision.objects.select_related("organization").get(pk=decision.pk)
    )
    source = render_html(DECISION, context)
    assert len(ROW.findall(source)) == args.names, "the annex markup changed: update ROW"
    names = args.only or list(VARIANTS)
    htmls = {name: VARIANTS[name](source) for name in names}
    stages(source)  # warm-up: fonts, imports
    times = {name: [] for name in names}
    for _ in range(args.runs):  # alternate the variants, so each meets the same load
        for name in names:
            times[name].append(stages(htmls[name]))
    print(
        "{} names, {} runs each, nproc={}, load average {}".format(
            args.names, args.runs, os.cpu_count(),
            " ".join("{:.2f}".format(x) for x in os.getloadavg()),
        )
    )  # fmt: skip
    print("| variant | parse | layout | write | total CPU s | pages |")
    print("|---|---|---|---|---|---|")
    for name in names:
        parse, layout, write, pages = (
            statistics.median(run[i] for run in times[name]) for i in range(4)
        )
        print("| {} | {:.2f} | {:.2f} | {:.2f} | **{:.2f}** | {} |".format(
            name, parse, layout, write, parse + layout + write, int(pages)))  # fmt: skip


if __name__ == "__main__":
    main()
