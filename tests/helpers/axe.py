"""axe-core in the browser tests: WCAG 2.1 AA, one copy of the options and of the assertion.

axe-core is put in a page once and run as often as needed (axe-playwright-python's ``Axe.run``
puts its 570 kB script in again on every run), and only the violations come back with all their
nodes: the passes' nodes are what costs most to serialise, and no test reads them.
"""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
SCRIPT = Axe().axe_script
# The violations, each node as [rule, impact, target, help, failure summary].
VIOLATIONS = """async (options) => {
  if (typeof window.axe === 'undefined') { return null; }
  const results = await axe.run(document, options);
  return results.violations.flatMap((v) => v.nodes.map((node) => [
    v.id, v.impact, node.target.map(String).join(', '), v.help, node.failureSummary || '']));
}"""


def violations(page):
    """Return the page's WCAG 2.1 AA violations, putting axe-core in the page if it is not there."""
    found = page.evaluate(VIOLATIONS, WCAG_21_AA)
    if found is None:
        page.evaluate(SCRIPT)
        found = page.evaluate(VIOLATIONS, WCAG_21_AA)
    assert found is not None, "axe-core is not in the page {}".format(page.url)
    return found


def assert_accessible(page):
    """No WCAG 2.1 AA violation of any impact on the page as it is now."""
    found = violations(page)
    assert found == [], [(rule, target, summary[:160]) for rule, _, target, _, summary in found]
