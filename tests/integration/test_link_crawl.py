"""No link leads to a refusal (issue 14, a stumble): a staff member was shown "Bảng theo dõi chỉ
tiêu" on the plans list, which answers 403 to them. Each constrained persona of the demo school
signs in and follows every link and htmx request of every page they reach; none may answer 403.

The crawl downloads every document a persona may (each view checks the record and renders it in
full); a PDF whose HTML another persona's download already turned into a PDF in this module is
not laid out by WeasyPrint again (the same HTML makes the same PDF): about half the crawl's time.
"""

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from thidua.accounts.models import User
from thidua.core.choices import TitleCode
from thidua.council.models import CouncilSession
from thidua.documents import render

pytestmark = pytest.mark.django_db

LINK = re.compile(r'(?:href|hx-get)="([^"#]*)')
SKIPPED = ("/static/", "/media/", "/admin/", "/accounts/logout")
# Enough for every page a staff member or a leader reaches; a unit head's list pages repeat.
MAX_PAGES = 260


@pytest.fixture(scope="module", autouse=True)
def pdf_once_per_html():
    """WeasyPrint lays out each distinct HTML once in this module; every download still runs its
    view, its permission checks and its HTML template."""
    made, lay_out = {}, render.pdf_from_html

    def pdf_from_html(source):
        if source not in made:
            made[source] = lay_out(source)
        return made[source]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "pdf_from_html", pdf_from_html)
        yield made


def crawl(client, start="/"):
    """Return {url: (status, the page that linked to it)} for the pages reachable from start."""
    found, queue, origin = {}, [start], {start: None}
    while queue and len(found) < MAX_PAGES:
        url = queue.pop(0)
        if url in found:
            continue
        response = client.get(url)
        found[url] = (response.status_code, origin[url])
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            parts = urlsplit(urljoin(url, unescape(href)))
            if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIPPED):
                continue
            if re.search(r"(?:^|&)(?:page|sort)=", parts.query):
                continue  # the same rows in another order or page
            target = parts.path + ("?" + parts.query if parts.query else "")
            if target not in origin:
                origin[target] = url
                queue.append(target)
    return found


@pytest.mark.parametrize("username", ["canbo", "truongkhoa", "lanhdao", "ketoan"])
def test_no_link_a_persona_sees_answers_403(client, demo_school, username):
    client.force_login(User.objects.get(username=username))
    found = crawl(client)
    assert len(found) > 40  # the crawl did reach the application's pages
    # Nor 404: a link to a record the persona may not see (a decision's session, for staff).
    refused = {url: source for url, (status, source) in found.items() if status in (403, 404)}
    assert refused == {}


def test_the_pager_and_the_councils_results_speak_vietnamese(client, demo_school):
    """Two more stumbles of issue 14, on the same demo: the pager said "next »", and the
    council's results showed a title's code ("LDTT") instead of its name."""
    client.force_login(User.objects.get(username="thuky"))
    page = client.get(reverse("organization:person_list")).content.decode()
    assert "Trang sau" in page
    assert not re.search(r"\b(next|previous)\b", strip_tags(page), flags=re.I)
    session = CouncilSession.objects.get(year=2021)
    page = client.get(reverse("council:session", args=[session.pk])).content.decode()
    results = page[page.index('id="results"') :]
    results = strip_tags(results[: results.index("</section>")])
    assert "Lao động tiên tiến" in results
    assert [code for code in TitleCode.values if re.search(r"\b{}\b".format(code), results)] == []
