"""WCAG 2.1 AA on every page of every demo role, and the keyboard journeys of issue 21 (part 1).

axe-core (axe_playwright_python) runs on every page each of the nine demo accounts reaches from
the home page — links and htmx requests, same host, GET only, no downloads, no logout — at 1366×768
and at 390×844, and fails on any serious or critical violation, naming page, rule and node. The
crawl goes through Django's test client (fast); the browser then loads one page per URL name and
per text argument (an evidence kind), not every id of the same page.
"""

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from thidua.accounts.models import User

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SIZES = [(1366, 768), (390, 844)]
PERSONAS = ["admin", "thuky", "uyvien", "hieutruong", "truongkhoa", "canbo", "lanhdao", "ketoan",
            "cumtruong"]  # fmt: skip
# Pages the crawl must reach at least (it did reach the application): the cluster leader's
# officer, an account of no organisation here, sees the clusters and the public pages only.
FEWEST_PAGES = {"cumtruong": 5}

LINK = re.compile(r'(?:href|hx-get)="([^"#]*)')
SKIPPED = ("/static/", "/media/", "/admin/", "/accounts/logout")
DOWNLOAD = re.compile(r"\.(?:xlsx|docx|pdf|zip)$|/(?:export|download)/$")
# Distinct pages fetched per persona (the secretary reaches about 70), and how many text
# arguments of one URL name are tried: three of the 45 parameters, three evidence kinds.
MAX_PAGES = 150
VARIANTS = 3


def page_key(path):
    """Return what makes two URLs the same page: the URL name and its text arguments (an
    evidence kind, a parameter's name), not its ids; None for a path no view answers."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name, tuple(sorted(v for v in match.kwargs.values() if isinstance(v, str)))


def crawl(client):
    """Return one URL per distinct page the signed-in client reaches from the home page: links
    and htmx requests, same host, GET only, redirects followed, no download and no logout."""
    pages, queue, seen, keys, variants = [], ["/"], {"/"}, set(), {}
    while queue and len(keys) < MAX_PAGES:
        url = queue.pop(0)
        key = page_key(urlsplit(url).path)
        if key is None or key in keys or variants.get(key[0], 0) >= VARIANTS:
            continue
        keys.add(key)
        variants[key[0]] = variants.get(key[0], 0) + 1
        response = client.get(url, follow=True)
        if response.redirect_chain:
            url = response.redirect_chain[-1][0]
            final = page_key(urlsplit(url).path)
            if final != key and final in keys:
                continue  # the page it leads to is already there
            keys.add(final)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if "<html" in html[:500]:
            pages.append(url)  # an htmx fragment is checked inside the page that loads it
        for href in LINK.findall(html):
            parts = urlsplit(urljoin(url, unescape(href)))
            if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIPPED):
                continue
            if DOWNLOAD.search(parts.path) or re.search(r"(?:^|&)(?:page|sort)=", parts.query):
                continue
            target = parts.path + ("?" + parts.query if parts.query else "")
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return pages


# Two frames: the resize event (static/js/a11y.js re-marks scrolling tables) has run.
SETTLED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


# A help text or message a field points to must be there, or the reader says nothing.
DANGLING = """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(e =>
    e.getAttribute('aria-describedby').split(/\\s+/).filter(i => i && !document.getElementById(i))
     .map(i => (e.id || e.name || e.tagName) + ' → ' + i))"""


def serious_violations(page):
    results = Axe().run(page, options=WCAG_21_AA)
    return [
        "{} {} [{}] {}: {}".format(
            v["id"], v["impact"], ", ".join(map(str, node["target"])), v["help"],
            node.get("failureSummary", "").replace("\n", " ")[:200],
        )
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("username", PERSONAS)
def test_every_page_of_every_role_passes_axe_at_both_sizes(page, demo, live_server, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    urls = crawl(client)
    assert len(urls) > FEWEST_PAGES.get(username, 15), urls
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    failures = []
    for url in urls:
        page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
        page.goto(url)
        failures += ["{}: aria-describedby names no element: {}".format(url, missing)
                     for missing in page.evaluate(DANGLING)]
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            page.evaluate(SETTLED)
            failures += [
                "{} {}×{}: {}".format(url, width, height, v) for v in serious_violations(page)
            ]
    assert failures == [], "\n".join(failures)


def focused(page, script):
    return page.evaluate("() => {{ const e = document.activeElement; return {}; }}".format(script))


def test_sign_in_and_reach_the_content_with_the_keyboard_alone(page, demo):
    page.goto("/accounts/login/")
    # The name box has the focus on arrival; a wrong password is said in the summary, focused.
    assert focused(page, "e.name") == "username"
    page.keyboard.type("thuky")
    page.keyboard.press("Tab")
    assert focused(page, "e.name") == "password"
    page.keyboard.type("sai-mat-khau")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    page.locator("#id_password").focus()
    page.keyboard.type(demo)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    page.wait_for_load_state()

    # First Tab: the skip link, shown when focused; Enter moves the focus to <main>, and the next
    # Tab lands in the content, not in the menu's dozen entries.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua đến nội dung chính")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 20, box
    page.keyboard.press("Enter")
    assert focused(page, "e.id") == "main"
    page.keyboard.press("Tab")
    assert focused(page, "!!e.closest('main')"), focused(page, "e.outerHTML")

    # The menu marks the page shown, visibly too, and its focus ring is white on the red bar.
    menu = page.get_by_role("navigation", name="Menu chính")
    home = menu.get_by_role("link", name="Trang chủ", exact=True)
    expect(home).to_have_attribute("aria-current", "page")
    assert home.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    plans = menu.get_by_role("link", name="Kế hoạch")
    expect(plans).not_to_have_attribute("aria-current", re.compile(".*"))
    plans.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    ring = plans.evaluate(
        "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineColor, "
        "parseFloat(s.outlineWidth)]; }"
    )
    assert ring[0] == "solid" and ring[1] == "rgb(255, 255, 255)" and ring[2] >= 2, ring
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/plans/")
    expect(menu.get_by_role("link", name="Kế hoạch")).to_have_attribute("aria-current", "page")
    page.locator("main a[href^='/plans/']").first.click()
    expect(menu.get_by_role("link", name="Kế hoạch")).to_have_attribute("aria-current", "true")


def test_a_form_with_errors_is_summarised_and_each_error_read_with_its_field(page, sign_in):
    sign_in("thuky")
    page.goto("/people/add/")
    page.locator("main form input[type=text]").first.focus()
    page.keyboard.press("Enter")  # submitted empty with the keyboard
    page.wait_for_load_state()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("heading")).to_have_text("Cần sửa các mục sau:")
    invalid = page.locator("main [aria-invalid=true]")
    assert invalid.count() >= 3
    for field in invalid.all():
        ids = field.get_attribute("aria-describedby").split()
        assert field.get_attribute("id") + "_error" in ids, ids
        for described in ids:
            expect(page.locator("#" + described)).to_have_count(1)
        message = page.locator("#" + field.get_attribute("id") + "_error").inner_text().strip()
        assert message, field.get_attribute("id")
        # The summary links to the field with the same message; the field is marked by a
        # thicker border, not by colour alone.
        link = summary.locator("a[href='#{}']".format(field.get_attribute("id")))
        expect(link).to_contain_text(message)
        assert field.evaluate("e => getComputedStyle(e).borderTopWidth") == "2px"
    # The help text is the element the unit's start date points to.
    since = page.locator("#id_unit_since")
    assert "id_unit_since_helptext" in since.get_attribute("aria-describedby").split()
    expect(page.locator("#id_unit_since_helptext")).to_contain_text("Để trống nếu là hôm nay")
    # Required dropdowns say so, with `required` (an empty first choice) or aria-required.
    for select in page.locator("main select").all():
        label = page.locator("label[for='{}']".format(select.get_attribute("id")))
        if label.locator("text=*").count():
            assert (
                select.get_attribute("required") is not None
                or select.get_attribute("aria-required") == "true"
            ), select.get_attribute("id")

    # From the summary, the keyboard reaches the first field in error.
    page.keyboard.press("Tab")
    first = summary.locator("a").first
    expect(first).to_be_focused()
    target = first.get_attribute("href")[1:]
    page.keyboard.press("Enter")
    assert focused(page, "e.id") == target
