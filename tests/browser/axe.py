"""axe-core (tests/browser/vendor/axe.min.js) run in a page: WCAG 2.1 A and AA and axe's best
practices. The site's CSP allows no injected script, so the page comes from a browser context
made with bypass_csp=True (the axe_page fixture): only the test's own context, never the app."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


def axe_violations(page) -> list[str]:
    """Each violation on the page as it is now: "rule (impact): help: elements"."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: {', '.join(v['nodes'])}"
        for v in page.evaluate(_RUN, TAGS)
    ]
