"""Benchmark of the award decision with 5,000 names: DOCX (bar 1 s) and PDF (bar 5 s, issue 16).

    .venv/bin/python bench/decision_documents.py            # 5 runs each
    .venv/bin/python bench/decision_documents.py --names 5000 --runs 5

Fills a throwaway in-memory SQLite database with one organisation (Party style) of N people in
20 units and one issued decision listing them all (LĐTT), then reports medians of:

* context    — ``build_decision_context``: the decision, its N lines and the people's units;
* docx floor — an empty Word document of the same page set-up through the same docxtpl path;
* docx       — the decision and its annex rendered to DOCX from a built context;
* pdf floor  — the same page style and fonts with an empty body, through WeasyPrint;
* pdf        — the decision and its annex rendered to PDF (above ``DRAWN_ANNEX_ROWS`` rows: the
               body through WeasyPrint, the annex drawn by documents.annex_pdf, joined by pypdf);
* pdf body   — of which the body alone through WeasyPrint;
* pdf annex  — of which the annex alone drawn (its pages, unjoined);
* pdf, all WeasyPrint (``--weasyprint``) — the same PDF the way it was made before issue 16's
               annex renderer, for a before/after in the same run;

each in wall and CPU seconds (CPU includes finished child processes) and as a ratio to its floor,
in wall and in CPU time; the load average is printed before and after.
"""

import argparse
import io
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django  # noqa: E402

django.setup()

from django.template.loader import render_to_string  # noqa: E402
from django.test.utils import setup_databases  # noqa: E402

GIVEN = (
    "An", "Bình", "Chi", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long",
    "Mai", "Minh", "Nam", "Ngọc", "Phương", "Quang", "Sơn", "Thảo", "Trang", "Tú", "Vân",
)  # fmt: skip
FAMILY = ("Nguyễn Văn", "Trần Thị", "Lê Minh", "Phạm Thị Thu", "Hoàng Đức", "Võ Thị", "Đặng Quốc")


def cpu_s() -> float:
    """Return the CPU seconds used so far by this process and its finished children."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def median_s(function, runs: int) -> tuple[float, float]:
    """Return the medians of wall and CPU seconds of ``function`` over ``runs`` runs."""
    function()  # warm-up: imports, font loading, template compilation
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), cpu_s()
        function()
        walls.append(time.perf_counter() - start)
        cpus.append(cpu_s() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def fill(names: int):
    """Create the organisation, its people and one issued decision listing them all."""
    from thidua.accounts.models import User
    from thidua.decisions.models import Decision, DecisionEntry
    from thidua.organization.models import Assignment, Organization, Person, Unit

    org = Organization.objects.create(
        name="Trường Chính trị Trần Phú", parent_body="Tỉnh ủy Hà Tĩnh", abbreviation="TCTTP",
        place_name="Hà Tĩnh", document_style="party",
    )  # fmt: skip
    units = [Unit.objects.create(organization=org, name="Khoa số {}".format(i + 1),
                                 kind="faculty") for i in range(20)]  # fmt: skip
    people = []
    for i in range(names):
        person = Person(organization=org, family_and_middle=FAMILY[i % len(FAMILY)],
                        given=GIVEN[i % len(GIVEN)], gender="M", category="lecturer",
                        position="Giảng viên", hired_on=date(2015, 9, 1),
                        staff_code="{:05d}".format(i))  # fmt: skip
        person.search_text, person.sort_key = person.full_name, "{:06d}".format(i)
        people.append(person)
    people = Person.objects.bulk_create(people)
    Assignment.objects.bulk_create(
        Assignment(person=p, unit=units[i % 20], started_on=date(2015, 9, 1))
        for i, p in enumerate(people)
    )
    user = User.objects.create(username="hieutruong", organization=org)
    decision = Decision.objects.create(
        organization=org, year=2022, number=15, number_year=2022, symbol="QĐ/TCTTP",
        decided_on=date(2022, 12, 28),
        signer_name="TS Nguyễn Trọng Tứ", legal_bases="Căn cứ Luật Thi đua, khen thưởng;",
        titles=["LDTT"], state="issued", created_by=user, issued_by=user,
    )  # fmt: skip
    DecisionEntry.objects.bulk_create(
        DecisionEntry(decision=decision, person=p, title="LDTT", position=i)
        for i, p in enumerate(people, 1)
    )
    return decision


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--office", action="store_true",
                        help="also open the DOCX in LibreOffice (pages, seconds)")  # fmt: skip
    parser.add_argument("--weasyprint", action="store_true",
                        help="also time the PDF all through WeasyPrint (as before)")  # fmt: skip
    args = parser.parse_args()
    load_before = os.getloadavg()

    setup_databases(verbosity=0, interactive=False)
    decision = fill(args.names)

    from docxtpl import DocxTemplate
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from thidua.decisions import documents as decision_documents
    from thidua.decisions.documents import DECISION, annex_blocks, build_decision_context
    from thidua.decisions.models import Decision
    from thidua.documents import annex_pdf
    from thidua.documents.build_templates import new_document
    from thidua.documents.render import (
        FONTS_DIR,
        local_fonts_fetcher,
        pdf_from_html,
        render_docx,
        render_html,
        render_pdf,
    )

    def build_context():
        return build_decision_context(
            Decision.objects.select_related("organization").get(pk=decision.pk)
        )

    context = build_context()
    assert len(context["rows"]) == args.names

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

        def pdf_body():
            return pdf_from_html(render_html(DECISION, dict(context, annex_drawn=True)))

        def pdf_annex():
            return annex_pdf.annex_pdf(annex_blocks(context), 2)

        def pdf_weasyprint():
            decision_documents.DRAWN_ANNEX_ROWS, kept = 10**9, decision_documents.DRAWN_ANNEX_ROWS
            try:
                return render_pdf(DECISION, context)
            finally:
                decision_documents.DRAWN_ANNEX_ROWS = kept

        rows = [
            ("context", median_s(build_context, args.runs), None, None),
            ("docx floor", median_s(docx_floor, args.runs), None, None),
            ("docx", median_s(lambda: render_docx(DECISION, context), args.runs), "docx floor", 1),
            ("pdf floor", median_s(pdf_floor, args.runs), None, None),
            ("pdf", median_s(lambda: render_pdf(DECISION, context), args.runs), "pdf floor", 5),
            ("pdf body (WeasyPrint)", median_s(pdf_body, args.runs), "pdf floor", None),
            ("pdf annex (drawn)", median_s(pdf_annex, args.runs), "pdf floor", None),
        ]  # fmt: skip
        if args.weasyprint:
            before = median_s(pdf_weasyprint, args.runs)
            rows.append(("pdf, all WeasyPrint", before, "pdf floor", 5))
    figures = {name: s for name, s, _, _ in rows}
    print(
        "Python {}, {}, nproc={}, load average {} → {}, {} names, {} runs each".format(
            platform.python_version(), platform.platform(), os.cpu_count(),
            " ".join("{:.2f}".format(x) for x in load_before),
            " ".join("{:.2f}".format(x) for x in os.getloadavg()), args.names, args.runs,
        )
    )  # fmt: skip
    print("| step | median s (wall) | median CPU s | × floor (wall) | × floor (CPU) | bar |")
    print("|---|---|---|---|---|---|")
    for name, (seconds, cpu), floor, bar in rows:
        if floor:
            ratios = "{:.1f} | {:.1f}".format(seconds / figures[floor][0], cpu / figures[floor][1])
        else:
            ratios = "1.0 | 1.0" if "floor" in name else "— | —"
        verdict = (
            ""
            if bar is None
            else ("≤ {} s ✓".format(bar) if seconds <= bar else "> {} s ✗".format(bar))
        )
        print("| {} | {:.3f} | {:.3f} | {} | {} |".format(name, seconds, cpu, ratios, verdict))
    docx, pdf = render_docx(DECISION, context), render_pdf(DECISION, context)
    from pypdf import PdfReader

    print("sizes: docx {:,} bytes, pdf {:,} bytes, {} PDF pages".format(
        len(docx), len(pdf), len(PdfReader(io.BytesIO(pdf)).pages)
    ))  # fmt: skip
    if args.office:
        print("LibreOffice: {} pages of the DOCX, converted in {:.1f} s (wall)".format(
            *office_pages(docx)))  # fmt: skip


def office_pages(docx: bytes) -> tuple[int, float]:
    """Convert the DOCX with LibreOffice (headless, private profile): its pages and seconds."""
    import shutil
    import subprocess

    from pypdf import PdfReader

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "decision.docx"
        source.write_bytes(docx)
        start = time.perf_counter()
        subprocess.run(
            [shutil.which("soffice"), "-env:UserInstallation=" + (Path(folder) / "p").as_uri(),
             "--headless", "--norestore", "--convert-to", "pdf", "--outdir", folder, str(source)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        seconds = time.perf_counter() - start
        return len(PdfReader(Path(folder) / "decision.pdf").pages), seconds


if __name__ == "__main__":
    main()
