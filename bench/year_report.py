"""Benchmark of the year-end report of a 5,000-person organisation, with its charts: DOCX and
PDF each at most 3 s (issue 17), as ratios to the empty-template floors.

    .venv/bin/python bench/year_report.py            # 5 runs each
    .venv/bin/python bench/year_report.py --people 5000 --runs 3

Fills a throwaway in-memory SQLite database with one organisation (Party style) of N people in
50 units, the seed's 2022 plan (19 targets), an award register for the year (LĐTT for 9 in 10,
CSTĐCS for 1 in 8, Bằng khen of the province for 1 in 12, "Giỏi việc trường, đảm việc nhà" for
the women, TTLĐXS for 5 units), then reports medians of:

* context    — ``year_report_data``: every target measured (plans.measures), the awards, the
               tờ trình (the charts are drawn later, when a format asks for them);
* docx floor — an empty Word document through the same docxtpl path;
* docx       — the whole report to DOCX: context, both charts drawn (PNG), rendering;
* pdf floor  — the page style and fonts with an empty body, through WeasyPrint;
* pdf        — the whole report to PDF: context, both charts drawn (PNG inline), rendering;

each in wall and CPU seconds and as a ratio to its floor.
"""

import argparse
import io
import os
import platform
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from decision_documents import FAMILY, GIVEN, median_s  # noqa: E402  (sets Django up)
from django.template.loader import render_to_string  # noqa: E402
from django.test.utils import setup_databases  # noqa: E402


def fill(people_count: int):
    from thidua.awards.models import Award
    from thidua.organization.models import Assignment, Organization, Person, Unit
    from thidua.plans.demo import load_plan_2022

    org = Organization.objects.create(
        name="Trường Chính trị Trần Phú", parent_body="Tỉnh ủy Hà Tĩnh", abbreviation="TCTTP",
        place_name="Hà Tĩnh", document_style="party",
    )  # fmt: skip
    units = Unit.objects.bulk_create(
        Unit(organization=org, name="Khoa số {}".format(i + 1), position=i,
             kind="faculty" if i % 3 else "office")
        for i in range(50)
    )  # fmt: skip
    people = []
    for i in range(people_count):
        person = Person(organization=org, family_and_middle=FAMILY[i % len(FAMILY)],
                        given=GIVEN[i % len(GIVEN)], gender="F" if i % 2 else "M",
                        category="lecturer" if i % 3 else "staff",
                        hired_on=date(2015, 9, 1), staff_code="{:05d}".format(i))  # fmt: skip
        person.search_text, person.sort_key = person.full_name, "{:06d}".format(i)
        people.append(person)
    people = Person.objects.bulk_create(people)
    Assignment.objects.bulk_create(
        Assignment(person=p, unit=units[i % 50], started_on=date(2015, 9, 1))
        for i, p in enumerate(people)
    )
    plan = load_plan_2022(org)
    awards = []

    def award(code, *, person=None, unit=None, source="own", issued_by="Hiệu trưởng"):
        awards.append(Award(organization=org, person=person, unit=unit, year=2022, code=code,
                            source=source, decision_number="15-QĐ/TCTTP",
                            decided_on=date(2022, 12, 28), issued_by=issued_by))  # fmt: skip

    for i, person in enumerate(people):
        if i % 10:
            award("LDTT", person=person)
        if i % 8 == 0:
            award("CSTD_CS", person=person)
        if i % 12 == 0:
            award("BK_TINH", person=person, source="higher", issued_by="Chủ tịch UBND tỉnh")
        if i % 2:
            award("GVT_DVN", person=person, source="register", issued_by="Công đoàn trường")
    for unit in units[:5]:
        award("TTLDXS", unit=unit, source="higher", issued_by="Chủ tịch UBND tỉnh")
    Award.objects.bulk_create(awards)
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    setup_databases(verbosity=0, interactive=False)
    plan = fill(args.people)

    from docxtpl import DocxTemplate
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from thidua.closing.documents import YEAR_REPORT, YearRecord
    from thidua.closing.report import year_report_data
    from thidua.documents.build_templates import new_document
    from thidua.documents.render import FONTS_DIR, local_fonts_fetcher, render
    from thidua.plans.models import Plan

    def record():
        return YearRecord(Plan.objects.select_related("organization").get(pk=plan.pk))

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
            HTML(string=empty_html, base_url=FONTS_DIR.as_uri() + "/",
                 url_fetcher=local_fonts_fetcher()).write_pdf(
                font_config=FontConfiguration())  # fmt: skip

        rows = [
            ("context", median_s(lambda: year_report_data(record().plan), args.runs), None, None),
            ("docx floor", median_s(docx_floor, args.runs), None, None),
            ("docx", median_s(lambda: render(YEAR_REPORT, record(), "docx"), args.runs),
             "docx floor", 3),
            ("pdf floor", median_s(pdf_floor, args.runs), None, None),
            ("pdf", median_s(lambda: render(YEAR_REPORT, record(), "pdf"), args.runs),
             "pdf floor", 3),
        ]  # fmt: skip
    figures = {name: s[0] for name, s, _, _ in rows}
    print("Python {}, {}, nproc={}, load average {}, {} people, {} runs each".format(
        platform.python_version(), platform.platform(), os.cpu_count(),
        " ".join("{:.2f}".format(x) for x in os.getloadavg()), args.people, args.runs,
    ))  # fmt: skip
    print("| step | median s (wall) | median CPU s | × floor | bar |")
    print("|---|---|---|---|---|")
    for name, (seconds, cpu), floor, bar in rows:
        ratio = "{:.0f}".format(seconds / figures[floor]) if floor else (
            "1.0" if "floor" in name else "—")  # fmt: skip
        verdict = "" if bar is None else (
            "≤ {} s ✓".format(bar) if seconds <= bar else "> {} s ✗".format(bar))  # fmt: skip
        print("| {} | {:.3f} | {:.3f} | {} | {} |".format(name, seconds, cpu, ratio, verdict))
    docx, pdf = render(YEAR_REPORT, record(), "docx"), render(YEAR_REPORT, record(), "pdf")
    from pypdf import PdfReader

    print("sizes: docx {:,} bytes, pdf {:,} bytes, {} PDF pages".format(
        len(docx), len(pdf), len(PdfReader(io.BytesIO(pdf)).pages)))  # fmt: skip


if __name__ == "__main__":
    main()
