"""Every page of a demo role, checked once (issue 21): axe-core (WCAG 2.1 AA) at 1366×768, then on
the same loaded page at 390×844 no sideways scroll and axe again; help and error ids that exist;
repeated links and buttons named for what they act on.

The pages are found through Django's test client (fast): links and htmx requests from the home
page, same host, GET only, redirects followed, no download and no logout. The browser then loads
one page a URL name, not the twentieth record of the same kind; which of its variants (an
evidence kind, a query) goes round the roles, so that between them they see each.
"""

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

from tests.helpers import axe
from thidua.accounts.models import User

# The demo roles; a role's place is its turn among the variants of a URL name.
PERSONAS = ["admin", "thuky", "uyvien", "hieutruong", "truongkhoa", "canbo", "lanhdao", "ketoan",
            "cumtruong"]  # fmt: skip
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# Pages the crawl must reach at least (it did reach the application): the cluster leader's
# officer, an account of no organisation here, sees the clusters and the public pages only.
FEWEST_PAGES = {"cumtruong": 5}

LINK = re.compile(r'(?:href|hx-get)="([^"#]*)')
SKIPPED = ("/static/", "/media/", "/admin/", "/accounts/logout")
DOWNLOAD = re.compile(r"\.(?:xlsx|docx|pdf|zip)$|/(?:export|download)/$")
# Distinct pages fetched per persona (the secretary reaches about 100), and how many variants of
# one URL name (text arguments, query parameters) are fetched to find links.
MAX_PAGES = 150
VARIANTS = 3


def page_key(url):
    """Return what makes two URLs the same page: the URL name, its text arguments (an evidence
    kind, a parameter's name) and the names of its query parameters, not its ids nor the page
    and order of a list; None for a path no view answers."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    texts = tuple(sorted(v for v in match.kwargs.values() if isinstance(v, str)))
    query = tuple(sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair}
                         - {"page", "sort"}))  # fmt: skip
    return match.view_name, texts, query


def crawl(client):
    """Return, by URL name, the pages (up to VARIANTS) the signed-in client reaches from home."""
    pages, queue, seen, keys, variants = {}, ["/"], {"/"}, set(), {}
    while queue and len(keys) < MAX_PAGES:
        url = queue.pop(0)
        key = page_key(url)
        if key is None or key in keys or variants.get(key[0], 0) >= VARIANTS:
            continue
        keys.add(key)
        variants[key[0]] = variants.get(key[0], 0) + 1
        response = client.get(url, follow=True)
        if response.redirect_chain:
            url = response.redirect_chain[-1][0]
            final = page_key(url)
            if final != key and final in keys:
                continue  # the page it leads to is already there
            keys.add(final)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if "<html" in html[:500]:
            # An htmx fragment is checked inside the page that loads it.
            pages.setdefault(page_key(url)[0], []).append(url)
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


def sample(pages, turn):
    """Return one URL a URL name, its `turn`-th variant in turn: each role checks each URL name
    once, and the roles between them check its variants (the evidence kinds' lists and forms)."""
    return [urls[turn % len(urls)] for urls in pages.values()]


# The parts htmx loads with the page are in (no request under way), and two frames have passed:
# the resize event (static/js/a11y.js re-marks scrolling tables) has run.
SETTLED = """() => new Promise((done) => {
  const frames = () => requestAnimationFrame(() => requestAnimationFrame(done));
  const wait = (tries) => (document.querySelector('.htmx-request') && tries > 0)
    ? setTimeout(() => wait(tries - 1), 25) : frames();
  wait(200);
})"""

# A help text or message a field points to must be there, or the reader says nothing.
DANGLING = """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(e =>
    e.getAttribute('aria-describedby').split(/\\s+/).filter(i => i && !document.getElementById(i))
     .map(i => (e.id || e.name || e.tagName) + ' → ' + i))"""

# The document's overflow, and the elements sticking out past the right edge that are not inside
# a box that scrolls on its own (a .table-responsive may be wider than the screen: it scrolls).
OVERFLOW = """() => {
  const root = document.scrollingElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) { return null; }
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') { return true; }
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map((c) => '.' + c).join('')
    + ' «' + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '»';
  const wide = [...document.body.querySelectorAll('*')]
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([el, r]) => r.right > width + 1 && r.width > 0 && !clipped(el))
    .sort((a, b) => b[1].right - a[1].right)
    .slice(0, 3)
    .map(([el, r]) => name(el) + ' right=' + Math.round(r.right));
  return root.scrollWidth + ' px in ' + width + ' px; widest: ' + wide.join('; ');
}"""

# Links and buttons of the content that a screen reader's list of controls would read alike but
# that act on different things (a «Xác nhận» on every row): each must say what or whom it is for.
# A link acts on its address; a button on its form's address, its own value and the hidden
# fields (a row's id). Links named by their record (a person, a title, a year) are left to the
# table's headers: only those named by an action or a file format are checked.
ACTIONS = (
    "sửa|xoá|xóa|xem|tải|bỏ|in|mở|đề nghị|lưu|ghi|thêm|lập|gửi|rút|huỷ|hủy|thu hồi|chấp nhận"
    "|trả lại|tổng kết|bảng|docx|pdf|word|excel"
)
SAME_NAME = """() => {
  const ACTION = /^(?:ACTIONS)(?!\\p{L})/iu;
  const name = (e) => (e.getAttribute('aria-label') || e.textContent || e.value || '')
    .replace(/\\s+/g, ' ').trim();
  const target = (e) => {
    if (e.tagName === 'A') { return e.href; }
    const form = e.form;
    if (!form) { return e.id || name(e); }
    const hidden = [...form.querySelectorAll('input[type=hidden]')]
      .filter((i) => i.name !== 'csrfmiddlewaretoken' && i.name !== 'next')
      .map((i) => i.name + '=' + i.value);
    return [form.getAttribute('action') || '', e.name + '=' + e.value, ...hidden].join('&');
  };
  const targets = new Map();
  for (const e of document.querySelectorAll('main a[href], main button')) {
    if (!e.getClientRects().length) { continue; }
    const key = name(e);
    if (e.tagName === 'A' && !ACTION.test(key)) { continue; }
    if (!targets.has(key)) { targets.set(key, new Set()); }
    targets.get(key).add(target(e));
  }
  return [...targets].filter(([, set]) => set.size > 1).map(([key, set]) => key + ' ×' + set.size);
}""".replace("ACTIONS", ACTIONS)


# One round trip a size: at 1366×768 the page settles, then its help ids, its controls' names and
# axe-core; at 390×844 it settles again, then its width and axe-core again. axe-core is in every
# page the crawl's browser loads (an init script: no 570 kB sent again for each page).
AT_DESKTOP = """async (options) => {
  await (SETTLED)();
  const dangling = (DANGLING)();
  const same = (SAME_NAME)();
  return [dangling, same, await (VIOLATIONS)(options)];
}""".replace("SETTLED", SETTLED).replace("DANGLING", DANGLING).replace("SAME_NAME", SAME_NAME)
AT_PHONE = """async (options) => {
  await (SETTLED)();
  const wide = (OVERFLOW)();
  return [wide, await (VIOLATIONS)(options)];
}""".replace("SETTLED", SETTLED).replace("OVERFLOW", OVERFLOW)
AT_DESKTOP, AT_PHONE = (js.replace("VIOLATIONS", axe.VIOLATIONS) for js in (AT_DESKTOP, AT_PHONE))


def serious(url, size, found):
    """The serious and critical axe-core violations, one line a node."""
    return [
        "{} {}: {} {} [{}] {}: {}".format(url, size, rule, impact, target, help_,
                                          summary.replace("\n", " ")[:200])
        for rule, impact, target, help_, summary in found
        if impact in ("serious", "critical")
    ]  # fmt: skip


def check_every_page(page, live_server, username):
    """Crawl as `username`, check each sampled page at both sizes; return the pages and failures."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    urls = sample(crawl(client), PERSONAS.index(username))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.add_init_script(axe.SCRIPT)
    failures = []
    for url in urls:
        page.set_viewport_size(DESKTOP)
        page.goto(url)
        dangling, same_name, found = page.evaluate(AT_DESKTOP, axe.WCAG_21_AA)
        failures += ["{}: aria-describedby names no element: {}".format(url, missing)
                     for missing in dangling]  # fmt: skip
        failures += ["{}: controls read alike that act on different things: {}".format(url, same)
                     for same in same_name]  # fmt: skip
        if found is None:
            failures.append("{}: axe-core is not in the page".format(url))
        else:
            failures += serious(url, "1366×768", found)
        page.set_viewport_size(PHONE)
        wide, found = page.evaluate(AT_PHONE, axe.WCAG_21_AA)
        if wide:
            failures.append("{} 390×844: scrolls sideways, {}".format(url, wide))
        if found is None:
            failures.append("{}: axe-core is not in the page".format(url))
        else:
            failures += serious(url, "390×844", found)
    return urls, failures


def assert_every_page_passes(page, live_server, username):
    urls, failures = check_every_page(page, live_server, username)
    assert len(urls) > FEWEST_PAGES.get(username, 15), urls
    assert failures == [], "\n".join(failures)
