"""Every page of the administrator and the accountant (issue 21), checked once at 1366×768 and
390×844 by tests/helpers/every_page.py. The demo roles are split over three files of about the same
length (the administrator and the secretary reach the most pages) so that pytest-xdist (--dist
loadfile) can give them to different workers."""

import pytest

from tests.helpers.every_page import assert_every_page_passes

# What a page shows does not depend on the database engine: .ci/run checks it on SQLite only.
pytestmark = pytest.mark.any_engine


@pytest.mark.parametrize("username", ["admin", "ketoan"])
def test_every_page_passes_at_both_sizes(page, demo, live_server, username):
    assert_every_page_passes(page, live_server, username)
