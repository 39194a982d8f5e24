"""The one Chromium + axe-core harness that the dashboard's and the web app's browser tests share
(Tests/ReportTests/Browser/axe_dashboard.py, Tests/WebTests/Browser/axe_pages.py): a headless
Chromium driven by Selenium, and a check of the page on screen at a given width — axe-core finds
no WCAG 2.1 A/AA (or best-practice) violation, the page does not scroll sideways, and a full-page
screenshot goes to the artifacts folder.

scripts/install-deps.sh installs chromium, chromium-driver, selenium and axe-selenium-python.
"""
import json
import os

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "best-practice"]}}
WIDTHS = (1280, 390)


def chromium(*extra_arguments):
    """A headless Chromium at 1280 x 900; extra_arguments such as "--lang=fr" are added."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900") + tuple(extra_arguments):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(120)
    return driver


class PageCheck:
    """Checks pages in one driver and keeps every problem found, each prefixed with `prefix`."""

    def __init__(self, driver, artifacts, prefix=""):
        self.driver, self.artifacts, self.prefix = driver, artifacts, prefix
        self.problems = []
        os.makedirs(artifacts, exist_ok=True)

    def check(self, name, width):
        driver = self.driver
        driver.set_window_size(width, 900)
        Axe(driver).inject()
        # axe.run(document, options), called directly: the wrapper's run() passes options alone,
        # which axe-core reads as a context, and never answers.
        results = driver.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, %s).then(done, function (e) { done({violations: [{id: 'axe-error', impact: 'error', "
            "help: String(e), nodes: []}]}); });" % json.dumps(RULES))
        for violation in results["violations"]:
            targets = [" ".join(node["target"]) for node in violation["nodes"]][:5]
            self.problems.append(f"{self.prefix}{name} at {width}px: {violation['id']} ({violation['impact']}): "
                                 f"{violation['help']} {targets}")
        # The page itself wider than the window (a box that scrolls on its own is fine).
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            self.problems.append(f"{self.prefix}{name} at {width}px: the page scrolls sideways by {overflow}px")
        # Chart text drawn outside its chart's box is cut off (labels are fitted by estimated
        # width: an estimate that errs narrow clips their first letters).
        clipped = driver.execute_script("""
            const out = [];
            for (const svg of document.querySelectorAll('svg')) {
                const box = svg.viewBox && svg.viewBox.baseVal;
                if (!box || !box.width) continue;
                for (const t of svg.querySelectorAll('text')) {
                    const b = t.getBBox();
                    if (b.width && (b.x < box.x - 0.5 || b.x + b.width > box.x + box.width + 0.5)) out.push(t.textContent);
                }
            }
            return out.slice(0, 5);""")
        if clipped:
            self.problems.append(f"{self.prefix}{name} at {width}px: chart text cut off at the chart's edge: {clipped}")
        # The whole page: the window as tall as the document, then back.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(max(height, 900), 12000))
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(os.path.join(self.artifacts, f"{self.prefix}{name}-{width}.png"))
        driver.set_window_size(width, 900)

    def check_widths(self, name):
        for width in WIDTHS:
            self.check(name, width)

    def report(self, script_name):
        """Prints every problem and the count line the Swift tests look for; the exit status."""
        for problem in self.problems:
            print(problem)
        print(f"{script_name}: {len(self.problems)} problem(s)")
        return 1 if self.problems else 0


def while_loaded(condition):
    """The condition, read as "not yet" while the page it reads is being replaced: an element
    found just before a reload may leave the document, which chromedriver reports either as a
    stale element (which the waits ignore) or as a node that "does not belong to the document"."""
    def check(d):
        try:
            return condition(d)
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return False
            raise
    return check
