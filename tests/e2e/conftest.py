"""Browser tests: Playwright drives Debian's Chromium headless shell (package
chromium-headless-shell, /usr/bin/chromium-headless-shell; no browser is ever downloaded).

The headless shell is the Chromium build Playwright itself runs for headless tests: the same
Blink and V8 as the `chromium` package without the browser's window layer. A crawl of the
administrator's pages took a fifth less CPU than with /usr/bin/chromium (bench/README.md).
"""

import os

import pytest

# Playwright's sync API runs an event loop; Django refuses ORM calls in one unless told this is
# intended. Only the browser tests need it (microsoft/playwright-pytest#29).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium-headless-shell")
# Without the background-networking flags Chromium keeps calling hosts this closed network lacks.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Reported by the page itself, so a CSP violation fails the test even when Chromium logs nothing.
REPORT_CSP = """
document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI);
});
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            "Không thấy Chromium tại {} — chạy `make test` để cài gói "
            "chromium-headless-shell.".format(CHROMIUM)
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
        "base_url": live_server.url,
    }


@pytest.fixture
def page(transactional_db, page):
    """Yield a page that fails the test on any console error, page error or CSP violation.

    It asks for the database first so that it is closed before the database is emptied: a page
    still polling (the council's tally) while the test's flush ran met «database table is locked».
    """
    problems: list[str] = []
    page.add_init_script(REPORT_CSP)
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "response",
        lambda r: (
            problems.append("HTTP {} {}".format(r.status, r.url)) if r.status >= 400 else None
        ),
    )
    yield page
    page.wait_for_load_state("networkidle")
    assert problems == [], "Lỗi trong trình duyệt: {}".format(problems)


@pytest.fixture
def demo(transactional_db, demo_copy):
    """Put the loaded demo school back into the live server's database; return its password.

    Every test starts from the same rows and the same next ids, whatever the one before wrote.
    """
    from thidua.demo.school import DEMO_PASSWORD

    demo_copy.loaded.restore()
    return DEMO_PASSWORD


@pytest.fixture
def sign_in(page, demo):
    def sign_in_as(username):
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(demo)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/")
        return page

    return sign_in_as
