"""Benchmark of the plan document: DOCX and PDF of the seed's plan against an empty template.

    .venv/bin/python bench/documents.py            # 20 runs each
    .venv/bin/python bench/documents.py --runs 50

Loads the demo into a throwaway in-memory SQLite database, then reports medians of:

* context   — ``build_plan_context``: the plan and its parts read from the database;
* docx      — the plan rendered to DOCX (docxtpl, autoescape) from a built context;
* docx floor — an empty Word document of the same page set-up through the same docxtpl path;
* pdf       — the plan rendered to PDF (Django template + WeasyPrint, vendored fonts);
* pdf floor — the same page style and fonts with an empty body, through the same WeasyPrint path;

each in milliseconds and as a ratio to its floor.
"""

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test.utils import setup_databases  # noqa: E402


def median_ms(function, runs: int) -> float:
    function()  # warm-up: imports, font loading, template compilation
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    setup_databases(verbosity=0, interactive=False)
    call_command("load_demo", stdout=io.StringIO())

    from docxtpl import DocxTemplate
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from thidua.documents.build_templates import new_document
    from thidua.documents.render import FONTS_DIR, local_fonts_fetcher, render_docx, render_pdf
    from thidua.plans.documents import PLAN, build_plan_context, plans_for_documents
    from thidua.plans.models import Plan

    pk = Plan.objects.get(organization__abbreviation="TCTTP", year=2022).pk

    def build_context():
        return build_plan_context(plans_for_documents().get(pk=pk))

    context = build_context()

    with tempfile.TemporaryDirectory() as folder:
        empty_docx = Path(folder) / "empty.docx"
        new_document().save(empty_docx)

        def docx_floor():
            template = DocxTemplate(empty_docx)
            template.render({}, autoescape=True)
            template.save(io.BytesIO())

        empty_html = (
            '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            + render_to_string("documents/page_style.html")
            + "</head><body><p>.</p></body></html>"
        )

        def pdf_floor():
            HTML(
                string=empty_html,
                base_url=FONTS_DIR.as_uri() + "/",
                url_fetcher=local_fonts_fetcher(),
            ).write_pdf(font_config=FontConfiguration())

        rows = [
            ("context", median_ms(build_context, args.runs), None),
            ("docx floor", median_ms(docx_floor, args.runs), None),
            ("docx", median_ms(lambda: render_docx(PLAN, context), args.runs), "docx floor"),
            ("pdf floor", median_ms(pdf_floor, args.runs), None),
            ("pdf", median_ms(lambda: render_pdf(PLAN, context), args.runs), "pdf floor"),
        ]  # fmt: skip
    figures = {name: ms for name, ms, _ in rows}
    print(
        "Python {}, {}, nproc={}, {} runs each".format(
            platform.python_version(), platform.platform(), os.cpu_count(), args.runs
        )
    )
    print("| step | median ms | × floor |")
    print("|---|---|---|")
    for name, ms, floor in rows:
        ratio = (
            "{:.2f}".format(ms / figures[floor]) if floor else "1.00" if "floor" in name else "—"
        )
        print("| {} | {:.1f} | {} |".format(name, ms, ratio))
    print(
        "sizes: docx {:,} bytes, pdf {:,} bytes".format(
            len(render_docx(PLAN, context)), len(render_pdf(PLAN, context))
        )
    )


if __name__ == "__main__":
    main()
